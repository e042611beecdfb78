"""Making exported text safe to open in a spreadsheet program.

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return, which some programs skip) is read as a formula by Excel and
LibreOffice when a CSV file is opened, so a citizen could plant
``=HYPERLINK(...)`` in a complaint and have it run on a clerk's computer.
Prefixing an apostrophe makes the program show the text as typed (OWASP's
CSV injection advice). XLSX cells written as strings are not evaluated.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """``"=1+1"`` → ``"'=1+1"``; anything that is not text is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class FormulaEscapingExportMixin:
    """For Wagtail's ``SpreadsheetExportMixin`` views: escape every CSV cell."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return escape_formula(value)
        return value
