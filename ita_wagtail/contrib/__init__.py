"""Optional integrations with other Wagtail add-ons."""
