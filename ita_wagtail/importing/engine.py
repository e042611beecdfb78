"""The import engine: file in, report out, records written only if all is well.

One engine serves the admin (inline and as a background task), the
``ita_import_procurement`` command and the tests::

    report = import_procurement(data, "สขร1-ตค67.xlsx", site, user=user, write=True)
    report.counts   # {"new": 12, "updated": 3, "unchanged": 40, "invalid": 0}

Rows are read and checked first, outside any transaction, so that progress
can be reported; then, only if no row is invalid, everything is written in
one transaction (:meth:`ProcurementResource.write`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ita_wagtail.thai import format_thai_date

from . import values
from .layouts import COLUMNS_BY_KEY, HeaderMatch, closest_layout, find_header
from .reading import SpreadsheetError, read_spreadsheet
from .resources import ABSENT, ROW, SHEET, ProcurementResource, RowOutcome, SheetContext
from .template import EXAMPLE_PREFIX

KEYS = tuple(ProcurementResource.fields)
#: How much of a large import the stored report keeps for the admin pages.
REPORT_LIMITS = {"errors": 2000, "warnings": 500, "rejected": 5000, "sample": 200}

_SIGNATURE = re.compile(
    r"ลงชื่อ|ลงนาม|ผู้รายงาน|ผู้จัดทำ|ผู้ตรวจ|ผู้อำนวยการ|หัวหน้า|ตำแหน่ง|^\(.*\)$|^\.{3,}"
)
_TOTAL = ("รวม", "ยอดรวม", "total", "รวมทั้งสิ้น")


@dataclass
class SheetReport:
    index: int
    name: str
    layout: str
    layout_name: str
    header_row: int
    data_rows: int = 0
    ignored_columns: list = field(default_factory=list)
    fiscal_year: int | None = None
    month: list | None = None
    header: list = field(default_factory=list)


@dataclass
class ImportReport:
    file_name: str = ""
    sheets: list[SheetReport] = field(default_factory=list)
    skipped_sheets: list[dict] = field(default_factory=list)
    file_errors: list[dict] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    rejected: dict = field(default_factory=dict)  # sheet index -> [(row, values)]
    summary_rows: int = 0
    example_rows: int = 0
    written: bool = False

    @property
    def counts(self):
        counter = Counter(outcome.kind for outcome in self.outcomes)
        return {
            "new": counter["new"],
            "updated": counter["updated"],
            "unchanged": counter["unchanged"],
            "invalid": counter["invalid"],
        }

    @property
    def total_rows(self):
        return len(self.outcomes)

    @property
    def is_valid(self):
        return not self.file_errors and not self.counts["invalid"]

    def sheet_name(self, index):
        for sheet in self.sheets:
            if sheet.index == index:
                return sheet.name
        return ""

    def errors(self):
        """Every row error as (sheet, row, column, message), in file order."""
        for outcome in self.outcomes:
            for column, message in outcome.errors:
                yield self.sheet_name(outcome.sheet), outcome.row, column, message

    def warnings(self):
        for outcome in self.outcomes:
            for message in outcome.warnings:
                yield self.sheet_name(outcome.sheet), outcome.row, message

    def to_json(self):
        """The report as stored on an import job (large parts capped)."""
        limits = REPORT_LIMITS
        errors = list(self.errors())
        warnings = list(self.warnings())
        samples = {"new": [], "updated": [], "unchanged": [], "invalid": []}
        for outcome in self.outcomes:
            bucket = samples[outcome.kind]
            if len(bucket) < limits["sample"]:
                bucket.append(_outcome_json(outcome, self.sheet_name(outcome.sheet)))
        rejected = []
        stored = 0
        for sheet in self.sheets:
            rows = self.rejected.get(sheet.index, [])
            if not rows:
                continue
            keep = rows[: max(0, limits["rejected"] - stored)]
            stored += len(keep)
            rejected.append({"name": sheet.name, "header": sheet.header, "rows": keep})
        return {
            "file": self.file_name,
            "sheets": [asdict(sheet) for sheet in self.sheets],
            "skipped_sheets": self.skipped_sheets,
            "file_errors": self.file_errors,
            "counts": self.counts,
            "total_rows": self.total_rows,
            "summary_rows": self.summary_rows,
            "example_rows": self.example_rows,
            "errors": [
                {"sheet": s, "row": r, "column": c, "message": m}
                for s, r, c, m in errors[: limits["errors"]]
            ],
            "error_count": len(errors),
            "warnings": [
                {"sheet": s, "row": r, "message": m}
                for s, r, m in warnings[: limits["warnings"]]
            ],
            "warning_count": len(warnings),
            "samples": samples,
            "rejected": rejected,
            "written": self.written,
        }


def _outcome_json(outcome, sheet_name):
    return {
        "sheet": sheet_name,
        "row": outcome.row,
        "name": outcome.name,
        "key": outcome.key,
        "budget": str(outcome.budget) if outcome.budget is not None else None,
        "changes": outcome.changes,
        "diff": [
            [name, _json_value(old), _json_value(new)]
            for name, old, new in outcome.diff
        ],
        "values": {name: _json_value(value) for name, value in outcome.values.items()},
        "errors": [list(error) for error in outcome.errors],
        "warnings": outcome.warnings,
    }


def _json_value(value):
    """A record's value for the stored report; the admin formats it for reading."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _json_cell(value):
    if value is None or value is ABSENT:
        return ""
    if isinstance(value, datetime | date):
        return format_thai_date(value, style="numeric")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | int | float):
        return str(value)
    return str(value)


# --------------------------------------------------------------------------
# From sheets to rows
# --------------------------------------------------------------------------


@dataclass
class _Extracted:
    dataset: tablib.Dataset
    contexts: dict
    raw: dict  # (sheet index, row number) -> raw cells


def _is_blank_cell(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _first_text(cells):
    for value in cells:
        if not _is_blank_cell(value):
            return str(value).strip()
    return ""


def _header_cells(rows, match: HeaderMatch):
    width = max(match.columns) + 1 if match.columns else 0
    top = match.header_end
    cells = []
    for index in range(max(width, len(rows[top]) if top < len(rows) else 0)):
        cells.append(
            match.headers.get(index)
            or _json_cell(rows[top][index] if index < len(rows[top]) else None)
        )
    return cells


def _extract(workbook, report: ImportReport) -> _Extracted:
    data_rows = []
    contexts = {}
    raw = {}
    for index, sheet in enumerate(workbook.sheets):
        rows = sheet.rows
        if not any(rows):
            continue
        match = find_header(rows)
        if match is None:
            layout, missing = closest_layout(rows)
            report.skipped_sheets.append(
                {
                    "name": sheet.name,
                    "layout": str(layout.name) if layout else "",
                    "missing": [COLUMNS_BY_KEY[key].header for key in missing],
                }
            )
            continue
        preamble = [
            " ".join(str(value) for value in row if not _is_blank_cell(value))
            for row in rows[: match.header_end]
        ]
        title = values.title_context(preamble)
        context = SheetContext(
            name=sheet.name,
            fiscal_year=title.get("fiscal_year"),
            month=title.get("month"),
            headers={key: match.headers[i] for i, key in match.columns.items()},
        )
        contexts[index] = context
        sheet_report = SheetReport(
            index=index,
            name=sheet.name,
            layout=match.layout.key,
            layout_name=str(match.layout.name),
            header_row=match.header_end + 1,
            ignored_columns=match.ignored,
            fiscal_year=context.fiscal_year,
            month=list(context.month) if context.month else None,
            header=_header_cells(rows, match),
        )
        report.sheets.append(sheet_report)
        present = set(match.columns.values())
        previous = None
        for offset, cells in enumerate(rows[match.header_end + 1 :]):
            number = match.header_end + 2 + offset
            mapped = {
                key: (cells[i] if i < len(cells) else None)
                for i, key in match.columns.items()
            }
            filled = {k: v for k, v in mapped.items() if not _is_blank_cell(v)}
            if not filled:
                continue
            keyed = filled.keys() & {
                "egp_number",
                "reference_number",
                "contract",
                "contract_number",
            }
            if not keyed and _first_text(cells).lower().startswith(_TOTAL):
                report.summary_rows += 1
                continue
            if "name" not in filled:
                if (
                    previous is not None
                    and set(filled) <= {"bids", "sequence"}
                    and ("bids" in filled)
                ):
                    # A bidder on its own row under its item (cells of the
                    # item merged vertically).
                    earlier = previous[KEYS.index("bids")]
                    earlier = "" if earlier in (ABSENT, None) else str(earlier)
                    previous[KEYS.index("bids")] = "\n".join(
                        part for part in (earlier, str(filled["bids"])) if part
                    )
                    continue
                if set(filled) <= {"sequence"}:
                    continue
            if len(filled) == 1:
                (only,) = filled.values()
                if _SIGNATURE.search(str(only).strip()):
                    continue
            if _repeats_header(filled, context.headers):
                continue
            if str(filled.get("reference_number", "")).startswith(EXAMPLE_PREFIX):
                report.example_rows += 1
                continue
            row = [mapped[key] if key in present else ABSENT for key in KEYS] + [
                index,
                number,
            ]
            data_rows.append(row)
            previous = row
            raw[(index, number)] = [_json_cell(value) for value in cells]
            sheet_report.data_rows += 1
    dataset = tablib.Dataset(*data_rows, headers=[*KEYS, SHEET, ROW])
    return _Extracted(dataset=dataset, contexts=contexts, raw=raw)


def _repeats_header(filled, headers):
    """A header printed again on every page of a long form."""
    hits = 0
    for key, value in filled.items():
        if isinstance(value, str) and " ".join(value.split()) == headers.get(key):
            hits += 1
    return hits >= 3


# --------------------------------------------------------------------------
# Running an import
# --------------------------------------------------------------------------


def import_procurement(
    data: bytes,
    file_name: str,
    site,
    user=None,
    write: bool = False,
    progress=None,
    on_total=None,
) -> ImportReport:
    """Check a spreadsheet and, with ``write=True`` and no invalid row, store it.

    ``progress(rows_checked)`` is called every few hundred rows and
    ``on_total(rows)`` once the file has been read.
    """
    report = ImportReport(file_name=file_name)
    try:
        workbook = read_spreadsheet(data)
    except SpreadsheetError as error:
        report.file_errors.append({"code": error.code, "message": error.message})
        return report
    extracted = _extract(workbook, report)
    if not report.sheets:
        report.file_errors.append(_no_header_error(report))
        return report
    if on_total:
        on_total(len(extracted.dataset))
    resource = ProcurementResource(
        site=site, contexts=extracted.contexts, progress=progress
    )
    resource.import_data_inner(
        extracted.dataset,
        dry_run=True,
        raise_errors=False,
        using_transactions=False,
        collect_failed_rows=False,
    )
    report.outcomes = resource.outcomes
    for outcome in report.outcomes:
        if outcome.kind == "invalid":
            cells = extracted.raw.get((outcome.sheet, outcome.row), [])
            message = "; ".join(
                f"{column}: {text}" if column else text
                for column, text in outcome.errors
            )
            report.rejected.setdefault(outcome.sheet, []).append(
                [outcome.row, cells, message]
            )
    if write and report.is_valid:
        try:
            with transaction.atomic():
                resource.write(user=user, file_name=file_name)
        except IntegrityError:
            report.file_errors.append(
                {
                    "code": "conflict",
                    "message": _(
                        "Records were changed by someone else while the file was "
                        "being imported, so nothing was written. Import the file "
                        "again."
                    ),
                }
            )
        else:
            report.written = True
    return report


def _no_header_error(report):
    if report.skipped_sheets:
        closest = max(report.skipped_sheets, key=lambda sheet: -len(sheet["missing"]))
        if closest["missing"] and not closest["name"]:
            # A CSV file has one sheet and no sheet name to quote.
            return {
                "code": "missing_columns",
                "message": _(
                    "The file does not have the columns of a procurement list. "
                    "The closest form (%(layout)s) lacks: %(columns)s. Use the "
                    "template from the import page, or a สขร.1 or e-GP ITA sheet."
                )
                % {
                    "layout": closest["layout"],
                    "columns": ", ".join(closest["missing"]),
                },
            }
        if closest["missing"]:
            return {
                "code": "missing_columns",
                "message": _(
                    "No sheet has the columns of a procurement list. The closest "
                    "(%(layout)s, sheet “%(sheet)s”) lacks: %(columns)s. Use the "
                    "template from the import page, or a สขร.1 or e-GP ITA sheet."
                )
                % {
                    "layout": closest["layout"],
                    "sheet": closest["name"],
                    "columns": ", ".join(closest["missing"]),
                },
            }
    return {
        "code": "no_rows",
        "message": _("The file has no procurement rows to import."),
    }
