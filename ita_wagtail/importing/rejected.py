"""The rejected rows of an import, as a spreadsheet of the user's own.

Each sheet that had invalid rows comes back with its header, the rejected
rows as they were read, and an error column; after correcting the rows the
file can be imported as it is. A sheet whose title named the report month
or fiscal year gets that line back above the header, so the corrected file
is read the same way.
"""

from __future__ import annotations

from ita_wagtail.exporting.spreadsheets import Sheet, xlsx_bytes
from ita_wagtail.thai import THAI_MONTHS, to_be_year

ERROR_HEADER = "ข้อผิดพลาด"


def _preamble(sheet) -> list[str]:
    lines = []
    month = sheet.get("month")
    if month:
        year, number = month
        lines.append(
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน "
            f"{THAI_MONTHS[number - 1]} {to_be_year(year)}"
        )
    elif sheet.get("fiscal_year"):
        lines.append(f"ปีงบประมาณ {sheet['fiscal_year']}")
    return lines


def rejected_rows_bytes(report: dict) -> bytes:
    """XLSX of the rejected rows stored in an import job's report."""
    contexts = {sheet["name"]: sheet for sheet in report.get("sheets", [])}
    sheets = []
    for position, rejected in enumerate(report.get("rejected", []), start=1):
        header = list(rejected["header"])
        width = max(
            [len(header), *(len(cells) for _row, cells, _message in rejected["rows"])]
        )
        header += [""] * (width - len(header))
        rows = [
            [*cells, *([""] * (width - len(cells))), message]
            for _row, cells, message in rejected["rows"]
        ]
        sheets.append(
            Sheet(
                title=rejected["name"] or f"Sheet{position}",
                header=[*header, ERROR_HEADER],
                rows=rows,
                preamble=_preamble(contexts.get(rejected["name"], {})),
            )
        )
    if not sheets:
        sheets.append(Sheet(title="Sheet1", header=[ERROR_HEADER], rows=[]))
    return xlsx_bytes(sheets)
