"""Formula escaping for spreadsheet cells (CSV and XLSX injection).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is run as a
formula by Excel and LibreOffice when the file is opened; a leading tab or
carriage return can hide such a prefix. Supplier names and item names come
from editors and from imported files, so every exported text cell is passed
through :func:`escape_formula`, which prefixes a single quote (OWASP's
recommendation): the spreadsheet shows the text, the quote marks it as text.
Numbers, dates and empty values are left alone.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Neutralise a text cell that a spreadsheet program would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def escape_row(values):
    return [escape_formula(value) for value in values]


class FormulaEscapingExportMixin:
    """For views using Wagtail's ``SpreadsheetExportMixin``: escape every cell.

    Wagtail stops openpyxl from storing formulas in XLSX, but a CSV cell is
    written as is; both formats go through :func:`escape_formula` here.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)
