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

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

import tablib
from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from ita_wagtail.thai import format_thai_date

from . import locking, values
from .layouts import COLUMNS_BY_KEY, HeaderMatch, closest_layout, find_header
from .reading import SpreadsheetError, read_spreadsheet
from .resources import ABSENT, ROW, SHEET, ProcurementResource, RowOutcome, SheetContext
from .template import EXAMPLE_PREFIX
from .xlsx import MAX_CELL_CHARS

KEYS = tuple(ProcurementResource.fields)
#: How much of a large import the stored report keeps for the admin pages.
REPORT_LIMITS = {"errors": 2000, "warnings": 500, "rejected": 5000, "sample": 200}
#: A cell of a rejected row is kept whole up to what a spreadsheet cell
#: holds (the rejected rows are corrected and imported again: a cut cell
#: would be imported cut); only a longer value, already an error, is cut.
REPORT_CELL_CHARS = MAX_CELL_CHARS
#: The stored report stops taking rejected rows, errors and warnings once
#: it is about this large (characters of JSON), whatever the file.
REPORT_MAX_CHARS = 4_000_000
#: Rows scanned for a header at the top of each sheet (rows with a value).
HEADER_SCAN_ROWS = 60

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
    #: {"code", "message"}: what the user should know although nothing is
    #: wrong (a header without rows, data the reader left out).
    file_warnings: list[dict] = field(default_factory=list)
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
        """The report as stored on an import job, bounded in size.

        Errors, warnings, sample rows and rejected rows are capped in number
        (:data:`REPORT_LIMITS`) and, together, in size
        (:data:`REPORT_MAX_CHARS`); cells of rejected rows are cut to
        :data:`REPORT_CELL_CHARS`. The counts always tell the full story.
        """
        limits = REPORT_LIMITS
        room = [REPORT_MAX_CHARS]

        def fits(entry):
            size = len(json.dumps(entry, ensure_ascii=False, default=str))
            if size > room[0]:
                room[0] = 0
                return False
            room[0] -= size
            return True

        errors = []
        error_count = 0
        for sheet, row, column, message in self.errors():
            error_count += 1
            if len(errors) < limits["errors"]:
                entry = {
                    "sheet": sheet,
                    "row": row,
                    "column": column,
                    "message": message,
                }
                if fits(entry):
                    errors.append(entry)
        warnings = []
        warning_count = 0
        for sheet, row, message in self.warnings():
            warning_count += 1
            if len(warnings) < limits["warnings"]:
                entry = {"sheet": sheet, "row": row, "message": message}
                if fits(entry):
                    warnings.append(entry)
        samples = {"new": [], "updated": [], "unchanged": [], "invalid": []}
        for outcome in self.outcomes:
            bucket = samples[outcome.kind]
            if len(bucket) < limits["sample"]:
                entry = _outcome_json(outcome, self.sheet_name(outcome.sheet))
                if fits(entry):
                    bucket.append(entry)
        rejected = []
        stored = 0
        for sheet in self.sheets:
            rows = self.rejected.get(sheet.index, [])
            if not rows:
                continue
            keep = []
            for number, cells, message in rows:
                if stored >= limits["rejected"]:
                    break
                entry = [
                    number,
                    [_shortened(cell, REPORT_CELL_CHARS) for cell in cells],
                    _shortened(message, REPORT_CELL_CHARS),
                ]
                if not fits(entry):
                    break
                keep.append(entry)
                stored += 1
            if keep:
                rejected.append(
                    {"name": sheet.name, "header": sheet.header, "rows": keep}
                )
        return _without_nul(
            {
                "file": self.file_name,
                "sheets": [asdict(sheet) for sheet in self.sheets],
                "skipped_sheets": self.skipped_sheets,
                "file_errors": self.file_errors,
                "file_warnings": self.file_warnings,
                "counts": self.counts,
                "total_rows": self.total_rows,
                "summary_rows": self.summary_rows,
                "example_rows": self.example_rows,
                "errors": errors,
                "error_count": error_count,
                "warnings": warnings,
                "warning_count": warning_count,
                "samples": samples,
                "rejected": rejected,
                "rejected_count": sum(len(rows) for rows in self.rejected.values()),
                "written": self.written,
            }
        )


def _shortened(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def _without_nul(value):
    """PostgreSQL's JSON refuses U+0000 in text; nothing here needs it."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_without_nul(item) for item in value]
    return value


def _outcome_json(outcome, sheet_name):
    return {
        "sheet": sheet_name,
        "row": outcome.row,
        "name": _shortened(outcome.name, 200),
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
            or _shortened(
                _json_cell(rows[top][index] if index < len(rows[top]) else None), 200
            )
        )
    return cells


def _extract(workbook, report: ImportReport) -> _Extracted:
    data_rows = []
    contexts = {}
    raw = {}
    for index, sheet in enumerate(workbook.sheets):
        rows = sheet.rows
        numbers = sheet.numbers or list(range(1, len(rows) + 1))
        for row_number, message in sheet.notices:
            report.file_warnings.append(
                {
                    "code": "ignored_data",
                    "message": _where_in(sheet.name, row_number) + message,
                }
            )
        if not any(rows):
            continue
        match = find_header(rows, scan=HEADER_SCAN_ROWS)
        if match is None:
            layout, missing = closest_layout(rows, scan=HEADER_SCAN_ROWS)
            report.skipped_sheets.append(
                {
                    "name": sheet.name,
                    "layout": str(layout.name) if layout else "",
                    "missing": [COLUMNS_BY_KEY[key].header for key in missing],
                    "found": bool(layout) and len(missing) < len(layout.required),
                    "rows": len(rows),
                }
            )
            continue
        if sheet.formula_cells:
            report.file_errors.append(_formula_error(sheet))
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
            header_row=numbers[match.header_end],
            ignored_columns=match.ignored,
            fiscal_year=context.fiscal_year,
            month=list(context.month) if context.month else None,
            header=_header_cells(rows, match),
        )
        report.sheets.append(sheet_report)
        present = set(match.columns.values())
        previous = None
        for offset, cells in enumerate(rows[match.header_end + 1 :]):
            number = numbers[match.header_end + 1 + offset]
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


def _where_in(sheet_name, row):
    if sheet_name:
        return _("Sheet “%(sheet)s”, row %(row)s: ") % {"sheet": sheet_name, "row": row}
    return _("Row %(row)s: ") % {"row": row}


def _formula_error(sheet):
    return {
        "code": "formulas",
        "message": _(
            "The file has %(count)s formula cells without a saved value (the "
            "first is %(cell)s%(sheet)s): it was written by a program that does "
            "not calculate formulas. Open it in Excel, save it, and upload the "
            "saved file."
        )
        % {
            "count": f"{sheet.formula_cells:,}",
            "cell": sheet.first_formula or "?",
            "sheet": (_(" on sheet “%(sheet)s”") % {"sheet": sheet.name})
            if sheet.name
            else "",
        },
    }


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

    Imports into one site are serialised (:mod:`.locking`): the write takes
    the site's import lock and, if another import wrote to the site since
    this file was checked, checks the rows again under the lock, so two
    imports of the same file at the same moment never store a row twice.
    """
    file_name = safe_file_name(file_name)
    report = ImportReport(file_name=file_name)
    try:
        workbook = read_spreadsheet(data)
    except SpreadsheetError as error:
        report.file_errors.append({"code": error.code, "message": error.message})
        return report
    del data
    extracted = _extract(workbook, report)
    del workbook
    if not report.sheets:
        report.file_errors.append(_no_header_error(report))
        return report
    if report.file_errors:
        return report
    if not len(extracted.dataset):
        report.file_warnings.append(_header_only_warning(report))
        return report
    if on_total:
        on_total(len(extracted.dataset))
    try:
        version = locking.version(site) if write else None
    except OperationalError:
        report.file_errors.append(_busy_error())
        return report
    resource = _check(report, extracted, site, progress)
    if not (write and report.is_valid):
        return report
    _checked(report)
    try:
        with transaction.atomic():
            if locking.acquire(site) != version + 1:
                # Another import wrote to this site after the check: check
                # again, now that no other import can write.
                resource = _check(report, extracted, site, None)
                if not report.is_valid:
                    return report
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
    except OperationalError:
        # SQLite: the database stayed locked by another import's write
        # longer than the connection waits.
        report.file_errors.append(_busy_error())
    else:
        report.written = True
    return report


def _busy_error():
    return {
        "code": "busy",
        "message": _(
            "Another import into this site was being written at the same "
            "moment, so nothing was written. Import the file again in a "
            "minute."
        ),
    }


def _check(report, extracted, site, progress):
    """Check every row against the records as they are now (no writing)."""
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
    report.rejected = {}
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
    return resource


def _checked(report):
    """Called between the check and the write of a write import (a test hook)."""


def safe_file_name(name) -> str:
    """The file name as shown and stored: no control characters, 255 at most."""
    text = "".join(ch for ch in str(name or "") if ch >= " " and ch != "\x7f")
    return text[:255]


def _header_only_warning(report):
    sheets = ", ".join(
        f"“{sheet.name}”" if sheet.name else str(sheet.header_row)
        for sheet in report.sheets[:5]
    )
    return {
        "code": "no_rows",
        "message": _(
            "The file has the header of a procurement list (%(sheets)s) but no "
            "rows under it, so there is nothing to import. Check that you chose "
            "the right file and that the rows are on the same sheet as the header."
        )
        % {"sheets": sheets},
    }


def _missing_columns_error(closest):
    if not closest["name"]:
        # A CSV file has one sheet and no sheet name to quote.
        message = _(
            "The file does not have the columns of a procurement list. "
            "The closest form (%(layout)s) lacks: %(columns)s. Use the "
            "template from the import page, or a สขร.1 or e-GP ITA sheet."
        )
    else:
        message = _(
            "No sheet has the columns of a procurement list. The closest "
            "(%(layout)s, sheet “%(sheet)s”) lacks: %(columns)s. Use the "
            "template from the import page, or a สขร.1 or e-GP ITA sheet."
        )
    return {
        "code": "missing_columns",
        "message": message
        % {
            "layout": closest["layout"],
            "sheet": closest["name"],
            "columns": ", ".join(closest["missing"]),
        },
    }


def _no_header_error(report):
    if report.skipped_sheets:
        closest = max(report.skipped_sheets, key=lambda sheet: -len(sheet["missing"]))
        if closest.get("found", True) and closest["missing"]:
            return _missing_columns_error(closest)
        if any(
            sheet.get("rows", 0) > HEADER_SCAN_ROWS for sheet in report.skipped_sheets
        ):
            return {
                "code": "header_not_found",
                "message": _(
                    "The header of a procurement list was not found in the first "
                    "%(rows)s rows of any sheet. Move the header row (ปีงบประมาณ, "
                    "ชื่อรายการที่จัดซื้อจัดจ้าง, …) to the top of the sheet, or "
                    "use the template from the import page."
                )
                % {"rows": HEADER_SCAN_ROWS},
            }
        closest = report.skipped_sheets[0]
        if closest["missing"]:
            return _missing_columns_error(closest)
    return {
        "code": "no_rows",
        "message": _("The file has no procurement rows to import."),
    }
