"""Formula escaping for spreadsheet cells (CSV and XLSX injection).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is run as a
formula by Excel and LibreOffice when the file is opened; a leading tab or
carriage return can hide such a prefix. Supplier names and item names come
from editors and from imported files, so every exported cell is passed
through :func:`safe_cell` at the point where it is written, whatever the
value's type: a related object (a responsible unit), a lazy translation or
a number stored as text is turned into text first and escaped like any other
text. :func:`escape_formula` prefixes a single quote (OWASP's
recommendation): the spreadsheet shows the text, the quote marks it as text.
Numbers, dates and empty values are left alone.
"""

import datetime
from decimal import Decimal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: Values a spreadsheet stores as what they are, never as a formula.
NATIVE_TYPES = (
    bool,
    int,
    float,
    Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)


def escape_formula(value):
    """Neutralise a text cell that a spreadsheet program would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_cell(value):
    """Any value as a spreadsheet cell: numbers and dates kept, the rest escaped text.

    Everything that is not ``None``, a number or a date (strings, model
    instances, lazy translations, lists) becomes ``str(value)`` and goes
    through :func:`escape_formula`, so no column can slip past the escaping
    because of its type.
    """
    if value is None or isinstance(value, NATIVE_TYPES):
        return value
    return escape_formula(str(value))


def escape_row(values):
    return [safe_cell(value) for value in values]


class FormulaEscapingExportMixin:
    """For views using Wagtail's ``SpreadsheetExportMixin``: escape every cell.

    Wagtail stops openpyxl from storing formulas in XLSX, but a CSV cell is
    written as is. Every value Wagtail writes (CSV and XLSX rows and the
    headings) passes through :func:`safe_cell` after the view's own
    preprocessing, so a column the preprocessing does not know (a foreign
    key, a method returning an object) is escaped all the same.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return safe_cell(value)

    def get_heading(self, queryset, field):
        return safe_cell(super().get_heading(queryset, field))
