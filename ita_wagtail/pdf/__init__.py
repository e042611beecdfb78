"""PDF files of the published tables: สขร.1, summaries, plan, statistics, reports.

:mod:`.rendering` turns tables into a PDF with WeasyPrint, :mod:`.documents`
says what each document shows, :mod:`.delivery` stores and serves them and
:mod:`.tasks` makes the slow ones in the background.
"""
