"""Procurement (item 5.7) rules that are not a model: compliance figures,
monthly and annual summaries, permissions and the audit log."""
