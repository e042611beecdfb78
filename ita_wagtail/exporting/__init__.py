"""Everything that leaves the site as a file: spreadsheets and OCDS.

Every spreadsheet cell written by ita-wagtail goes through
:func:`ita_wagtail.exporting.escaping.escape_formula`, so text typed by an
editor or read from an imported file can never run as a formula in the
spreadsheet program of whoever downloads it.
"""
