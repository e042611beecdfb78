"""Spreadsheet exports that cannot run code when a clerk opens them.

A page title or a note that starts with ``=``, ``+``, ``-``, ``@`` or a tab
is read as a formula by Excel and LibreOffice (CSV/formula injection, OWASP).
Every export of this package goes through :func:`escape_formula`: the cell
is prefixed with an apostrophe, which spreadsheets show as plain text.

Wagtail's own listing exports (``SpreadsheetExportMixin``) get the same
treatment through :class:`FormulaEscapingExportMixin`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

#: Characters that make a spreadsheet cell a formula (or a DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_formula(value):
    """``value`` made safe for a spreadsheet cell; non-strings pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell_value(value):
    """A Python value as a spreadsheet cell: dates kept, text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, date | int | float):
        return value
    if isinstance(value, list | tuple):
        value = "\n".join(force_str(v) for v in value)
    return escape_formula(force_str(value))


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: list[Sequence] = field(default_factory=list)
    widths: Sequence[int] = ()


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        # Excel allows 31 characters and none of []:*?/\ in sheet names.
        title = "".join(c for c in str(sheet.title) if c not in "[]:*?/\\")[:31]
        worksheet = workbook.create_sheet(title=title or "Sheet")
        worksheet.append([cell_value(str(h)) for h in sheet.headers])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append([cell_value(v) for v in row])
        for row in worksheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":
                    # Belt and braces: never let openpyxl store a formula.
                    cell.data_type = "s"
                if isinstance(cell.value, datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
                elif isinstance(cell.value, str) and "\n" in cell.value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for index, width in enumerate(sheet.widths, start=1):
            worksheet.column_dimensions[_column_letter(index)].width = width
        worksheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def csv_text(headers: Sequence[str], rows: Iterable[Sequence]) -> str:
    """CSV with a UTF-8 byte-order mark, so Excel opens Thai text correctly."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow([cell_value(str(h)) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return output.getvalue()


def _csv_cell(value):
    value = cell_value(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> HttpResponse:
    return _attachment(
        HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE), filename
    )


def csv_response(filename: str, headers, rows) -> HttpResponse:
    return _attachment(
        HttpResponse(csv_text(headers, rows), content_type="text/csv; charset=utf-8"),
        filename,
    )


class FormulaEscapingExportMixin:
    """For views using Wagtail's ``SpreadsheetExportMixin``: escape every cell.

    Wagtail stops openpyxl from storing formulas in XLSX, but a CSV cell is
    written as is; both formats go through :func:`escape_formula` here.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)
