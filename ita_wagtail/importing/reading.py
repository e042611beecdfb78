"""Reading an uploaded spreadsheet safely, whatever it really is.

The file's bytes decide what it is, not its name: an XLSX is a zip holding a
workbook, a CSV is text. Before openpyxl sees an XLSX, the zip's central
directory is checked — the total size its members expand to and the
compression ratio — so a zip bomb is refused without being inflated. The
workbook is then opened read-only with cached values (formulas are read as
the value Excel last computed, never evaluated), its declared dimensions are
ignored, and rows and columns are capped while streaming.

Limits are settings (see the integrator documentation):

``ITA_IMPORT_MAX_BYTES`` (10 MB), ``ITA_IMPORT_MAX_ROWS`` (50,000 rows per
sheet), ``ITA_IMPORT_MAX_COLUMNS`` (100), ``ITA_IMPORT_MAX_UNCOMPRESSED_BYTES``
(250 MB in total inside an XLSX), ``ITA_IMPORT_MAX_COMPRESSION_RATIO`` (200).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
DEFAULT_MAX_COLUMNS = 100
DEFAULT_MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
DEFAULT_MAX_COMPRESSION_RATIO = 200
# Rows scanned past the last row with data before the reader gives up: a
# sheet formatted down to row 1,048,576 is still read, a crafted one is not.
_MAX_EMPTY_ROWS_SCANNED = 200_000
_MAX_ZIP_MEMBERS = 5_000

XLSX = "xlsx"
CSV = "csv"


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in Thai."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = str(message)
        self.code = code


@dataclass
class SheetData:
    name: str
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Workbook:
    kind: str
    sheets: list[SheetData]
    encoding: str = ""


def _setting(name, default):
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return _setting("ITA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise SpreadsheetError(
            _(
                "The file is %(size)s, larger than the limit of %(limit)s. "
                "Split it into smaller files, for example one per quarter."
            )
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if size == 0:
        raise SpreadsheetError(_("The file is empty."), code="empty")


def read_spreadsheet(data: bytes) -> Workbook:
    """Every sheet of an XLSX or CSV file as lists of raw cell values."""
    check_size(len(data))
    kind = sniff(data)
    if kind == XLSX:
        return Workbook(kind=XLSX, sheets=_read_xlsx(data))
    sheet, encoding = _read_csv(data)
    return Workbook(kind=CSV, sheets=[sheet], encoding=encoding)


def sniff(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            _(
                "Old Excel files (.xls) cannot be read. Open the file in Excel "
                "and save it as “Excel Workbook (.xlsx)”, then upload that file."
            ),
            code="xls",
        )
    text_start = data[:8192]
    is_utf16 = text_start.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not is_utf16 and b"\x00" in text_start:
        raise not_a_spreadsheet()
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise not_a_spreadsheet()
    return CSV


def not_a_spreadsheet():
    return SpreadsheetError(
        _(
            "This file is not a spreadsheet. Upload an Excel file (.xlsx) or a "
            "CSV file saved from Excel."
        ),
        code="not_a_spreadsheet",
    )


# --------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------


def check_zip(archive: zipfile.ZipFile, compressed_size: int) -> None:
    """Refuse a zip bomb from its central directory, before inflating anything."""
    members = archive.infolist()
    if len(members) > _MAX_ZIP_MEMBERS:
        raise _zip_bomb()
    total = 0
    ratio_limit = _setting(
        "ITA_IMPORT_MAX_COMPRESSION_RATIO", DEFAULT_MAX_COMPRESSION_RATIO
    )
    for member in members:
        total += member.file_size
        if member.file_size > 1024 * 1024 and member.file_size > ratio_limit * max(
            member.compress_size, 1
        ):
            raise _zip_bomb()
    limit = _setting(
        "ITA_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES
    )
    if total > limit or total > ratio_limit * max(compressed_size, 1) + 1024 * 1024:
        raise _zip_bomb()


def _zip_bomb():
    return SpreadsheetError(
        _(
            "The file would expand to far more data than a spreadsheet of this "
            "size holds, so it was refused. Save the sheet again from Excel "
            "and upload the new file."
        ),
        code="zip_bomb",
    )


def _bad_xlsx():
    return SpreadsheetError(
        _(
            "The Excel file is damaged or is not really an Excel workbook. "
            "Open it in Excel, save it again as .xlsx and upload it again."
        ),
        code="bad_xlsx",
    )


def _read_xlsx(data: bytes) -> list[SheetData]:
    from openpyxl import load_workbook

    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            check_zip(archive, len(data))
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise _bad_xlsx() from None
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise not_a_spreadsheet()
        if any(name.endswith(".xlsx") for name in names):
            raise SpreadsheetError(
                _("This is a zip archive. Extract it and upload the spreadsheet."),
                code="zip_archive",
            )
        raise not_a_spreadsheet()

    max_rows = _setting("ITA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    max_columns = _setting("ITA_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)
    buffer.seek(0)
    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise _bad_xlsx() from None
    sheets = []
    try:
        for worksheet in workbook.worksheets:
            if not hasattr(worksheet, "iter_rows"):  # a chart sheet
                continue
            # The <dimension> element is whatever the writing program said;
            # some write "A1" for a full sheet, a crafted file "A1:XFD1048576".
            worksheet.reset_dimensions()
            sheets.append(
                SheetData(
                    name=worksheet.title,
                    rows=_bounded_rows(
                        worksheet.iter_rows(max_col=max_columns, values_only=True),
                        max_rows,
                    ),
                )
            )
    except SpreadsheetError:
        raise
    except Exception:
        raise _bad_xlsx() from None
    finally:
        workbook.close()
    return sheets


def _bounded_rows(rows, max_rows: int) -> list[tuple]:
    """Rows up to the last one with data; too many rows is an error."""
    kept = []
    data_rows = 0
    empty_run = 0
    for row in rows:
        values = _trim(row)
        if values:
            data_rows += 1
            if data_rows > max_rows:
                raise SpreadsheetError(
                    _(
                        "A sheet has more than %(limit)s rows. Split the file, "
                        "for example one file per quarter."
                    )
                    % {"limit": f"{max_rows:,}"},
                    code="too_many_rows",
                )
            if empty_run:
                kept.extend([()] * empty_run)
                empty_run = 0
            kept.append(values)
        else:
            empty_run += 1
            if empty_run > _MAX_EMPTY_ROWS_SCANNED:
                break
    return kept


def _trim(row) -> tuple:
    values = list(row)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return tuple(values)


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------

#: Tried in this order. Windows-874 is a superset of TIS-620, the code page
#: Thai Excel saves "CSV (Comma delimited)" in.
_ENCODINGS = ("utf-8", "cp874")


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" export.
        return data.decode("utf-16"), "utf-16"
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _(
            "The CSV file is in an encoding that cannot be read. Save it from "
            "Excel as “CSV UTF-8 (Comma delimited)”."
        ),
        code="encoding",
    )


def _read_csv(data: bytes) -> tuple[SheetData, str]:
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "The CSV file is in an encoding that cannot be read. Save it "
                "from Excel as “CSV UTF-8 (Comma delimited)”."
            ),
            code="encoding",
        ) from None
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    max_rows = _setting("ITA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    max_columns = _setting("ITA_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _bounded_rows((row[:max_columns] for row in reader), max_rows)
    except csv.Error as error:
        raise SpreadsheetError(
            _("The CSV file could not be read: %(error)s") % {"error": error},
            code="bad_csv",
        ) from None
    return SheetData(name="", rows=rows), encoding
