"""Writing rows to XLSX and CSV, the same way for every download.

CSV is written in UTF-8 with a byte-order mark, which Excel needs to show
Thai text; XLSX is written with openpyxl in write-only mode (constant memory
whatever the number of rows). Every cell, header and preamble line
included, goes through :func:`~ita_wagtail.exporting.escaping.safe_cell`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

from ita_wagtail.thai import format_thai_date

from .escaping import safe_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
MONEY_FORMAT = "#,##0.00"
BOM = "\ufeff"


def cell_text(value) -> str:
    """A value as a CSV cell: B.E. dates, plain decimals, escaped text."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return format_thai_date(value, style="numeric")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    value = safe_cell(value)
    return value if isinstance(value, str) else str(value)


def _xlsx_value(value):
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return format_thai_date(value, style="numeric")
    return safe_cell(value)


class Sheet:
    """One worksheet: a title, optional lines above the table, a header, rows."""

    def __init__(
        self,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence],
        preamble: Sequence[str] = (),
        column_widths: Sequence[int] = (),
        footer: Sequence[Sequence] = (),
    ):
        self.title = title
        self.header = list(header)
        self.rows = rows
        self.preamble = list(preamble)
        self.column_widths = list(column_widths)
        self.footer = list(footer)


def write_xlsx(sheets: Sequence[Sheet], output) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        for index, width in enumerate(sheet.column_widths, start=1):
            worksheet.column_dimensions[_column_letter(index)].width = width
        for line in sheet.preamble:
            cell = WriteOnlyCell(worksheet, _xlsx_value(line))
            cell.font = bold
            worksheet.append([cell])
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(worksheet, _xlsx_value(title))
            cell.font = bold
            cell.alignment = wrap
            header.append(cell)
        worksheet.append(header)
        for row in [*sheet.rows, *sheet.footer]:
            cells = []
            for value in row:
                cell = WriteOnlyCell(worksheet, _xlsx_value(value))
                if cell.data_type == "f":
                    cell.data_type = "s"
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                if isinstance(value, str) and "\n" in value:
                    cell.alignment = wrap
                cells.append(cell)
            worksheet.append(cells)
    workbook.save(output)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    output = io.BytesIO()
    write_xlsx(sheets, output)
    return output.getvalue()


class _Echo:
    def write(self, value):
        return value


def iter_csv(sheet: Sheet):
    """CSV lines of one sheet (preamble lines first, as one-cell rows)."""
    writer = csv.writer(_Echo())
    yield BOM
    for line in sheet.preamble:
        yield writer.writerow([cell_text(line)])
    yield writer.writerow([cell_text(title) for title in sheet.header])
    for row in [*sheet.rows, *sheet.footer]:
        yield writer.writerow([cell_text(value) for value in row])


def csv_text(sheet: Sheet) -> str:
    return "".join(iter_csv(sheet))


def xlsx_response(sheets: Sequence[Sheet], filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def csv_response(sheet: Sheet, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(iter_csv(sheet), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = _attachment(filename)
    return response


def _attachment(filename: str) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(as_attachment=True, filename=filename)


def _sheet_title(title: str) -> str:
    # Excel forbids these characters in sheet names and caps them at 31.
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet1"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
