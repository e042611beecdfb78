"""Reading an uploaded spreadsheet safely, whatever it really is.

The file's bytes decide what it is, not its name: an XLSX is a zip holding a
workbook, a CSV is text, and an HTML page holding a table — what e-GP and
many government systems export as ".xls" — is read as the table it holds.
Other formats (old binary .xls, .ods, Excel 2003 XML, password-protected
files) are refused with the steps to convert them.

Before an XLSX is opened, the zip's central directory is checked — the total
size its members expand to and the compression ratio — so a zip bomb is
refused without being inflated. Its sheets are then streamed in bounded
memory (:mod:`.xlsx`): formulas are read as the value Excel last computed,
never evaluated; declared dimensions are ignored; rows and columns are
capped; empty rows are skipped without being kept, however far apart the
rows with data are; and the text the cells expand to counts against the
decompressed-size limit.

Limits are settings (see the integrator documentation):

``ITA_IMPORT_MAX_BYTES`` (10 MB), ``ITA_IMPORT_MAX_ROWS`` (50,000 rows per
sheet), ``ITA_IMPORT_MAX_COLUMNS`` (100), ``ITA_IMPORT_MAX_UNCOMPRESSED_BYTES``
(250 MB in total inside an XLSX, and of cell text), ``ITA_IMPORT_MAX_COMPRESSION_RATIO`` (200).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .xlsx import MAX_CELL_CHARS, bounded_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000
DEFAULT_MAX_COLUMNS = 100
DEFAULT_MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
DEFAULT_MAX_COMPRESSION_RATIO = 200
_MAX_ZIP_MEMBERS = 5_000
#: Sheets of one workbook (a file per month has 1, a year's workbook 12).
MAX_SHEETS = 400
#: A workbook part other than a sheet or the shared strings (styles, theme,
#: drawings) larger than this once expanded is not a real spreadsheet's.
_MAX_OTHER_PART_BYTES = 32 * 1024 * 1024

XLSX = "xlsx"
CSV = "csv"
HTML = "html"


class SpreadsheetError(Exception):
    """The file as a whole cannot be imported; ``message`` says why, in Thai."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = str(message)
        self.code = code


@dataclass
class SheetData:
    name: str
    #: The rows that have a value, trailing empty cells dropped.
    rows: list[tuple] = field(default_factory=list)
    #: The row number (1-based, as in the file) of each of ``rows``.
    numbers: list[int] = field(default_factory=list)
    #: (row number, message): data the reader left out, and says so.
    notices: list[tuple] = field(default_factory=list)
    formula_cells: int = 0
    first_formula: str = ""


@dataclass
class Workbook:
    kind: str
    sheets: list[SheetData]
    encoding: str = ""


def _setting(name, default):
    return int(getattr(settings, name, default))


def max_bytes() -> int:
    return _setting("ITA_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_uncompressed_bytes() -> int:
    return _setting("ITA_IMPORT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)


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
    """Every sheet of an XLSX, CSV or HTML-table file as rows of raw cell values."""
    check_size(len(data))
    kind = sniff(data)
    if kind == XLSX:
        return Workbook(kind=XLSX, sheets=_read_xlsx(data))
    if kind == HTML:
        from .html_tables import read_html

        sheets, encoding = read_html(data)
        return Workbook(kind=HTML, sheets=sheets, encoding=encoding)
    sheet, encoding = _read_csv(data)
    return Workbook(kind=CSV, sheets=[sheet], encoding=encoding)


_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table|head|body|meta)\b",
    re.I | re.S,
)


def sniff(data: bytes) -> str:
    """What the file is, from its bytes; refuses what cannot be imported."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        # A compound file: an old .xls, or an Office file with a password
        # (Excel keeps an encrypted .xlsx in one).
        if _ENCRYPTED_STREAM in data or _ENCRYPTION_INFO in data:
            raise SpreadsheetError(
                _(
                    "The file is protected with a password, so it cannot be "
                    "read. Open it in Excel, remove the password (File → Info → "
                    "Protect Workbook → Encrypt with Password, then clear the "
                    "password), save it and upload it again."
                ),
                code="encrypted",
            )
        raise _convert_error("xls")
    text_start = data[:8192]
    is_utf16 = text_start.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not is_utf16 and b"\x00" in text_start:
        raise not_a_spreadsheet()
    if head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise not_a_spreadsheet()
    start = text_start.lstrip(b"\xef\xbb\xbf")
    if is_utf16:
        try:
            start = data[:16384].decode("utf-16", errors="ignore").encode()
        except UnicodeError:
            start = b""
    lowered = start[:4096].lower()
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered and (
        b"<workbook" in lowered or b"<?mso-application" in lowered
    ):
        raise _convert_error("xml_spreadsheet")
    if _HTML_START.match(start[:4096]):
        return HTML
    return CSV


_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def _convert_error(code):
    messages = {
        "xls": _(
            "Old Excel files (.xls, Excel 97–2003) cannot be read. Open the file "
            "in Excel, choose File → Save As, pick “Excel Workbook (*.xlsx)” as "
            "the file type, and upload the new .xlsx file. (LibreOffice Calc: "
            "File → Save As → “Excel 2007-365 (.xlsx)”.)"
        ),
        "ods": _(
            "OpenDocument spreadsheets (.ods) cannot be read. Open the file in "
            "LibreOffice Calc, choose File → Save As, pick “Excel 2007-365 "
            "(.xlsx)” as the file type, choose “Use Excel 2007-365!”, and upload "
            "the new .xlsx file."
        ),
        "xml_spreadsheet": _(
            "This is an “XML Spreadsheet 2003” file, which cannot be read. Open "
            "it in Excel, choose File → Save As, pick “Excel Workbook (*.xlsx)” "
            "as the file type, and upload the new .xlsx file."
        ),
    }
    return SpreadsheetError(messages[code], code=code)


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
        if member.file_size > _MAX_OTHER_PART_BYTES and not (
            member.filename.startswith("xl/worksheets/")
            or member.filename == "xl/sharedStrings.xml"
        ):
            raise _zip_bomb()
    limit = max_uncompressed_bytes()
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
    from . import xlsx

    buffer = io.BytesIO(data)
    try:
        with zipfile.ZipFile(buffer) as archive:
            check_zip(archive, len(data))
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except zipfile.BadZipFile:
        raise _bad_xlsx() from None
    if "xl/workbook.xml" not in names:
        if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
            raise _convert_error("ods")
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
    budget = xlsx.TextBudget(max_uncompressed_bytes())
    buffer.seek(0)
    try:
        reader, parts = xlsx.open_workbook(buffer)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        raise _bad_xlsx() from None
    if len(parts) > MAX_SHEETS:
        reader.archive.close()
        raise SpreadsheetError(
            _(
                "The workbook has %(count)s sheets; at most %(limit)s are read. "
                "Split it into several files."
            )
            % {"count": f"{len(parts):,}", "limit": MAX_SHEETS},
            code="too_many_sheets",
        )
    sheets = []
    try:
        for title, part in parts:
            stats = xlsx.SheetStats()
            sheet = SheetData(name=_clean_name(title))
            _keep_rows(
                sheet,
                xlsx.sheet_rows(reader, part, max_columns, budget, stats),
                max_rows,
            )
            sheet.formula_cells = stats.formula_cells
            sheet.first_formula = stats.first_formula
            if stats.beyond_columns:
                row, column = stats.beyond_columns
                sheet.notices.append(
                    (
                        row,
                        _(
                            "Only the first %(limit)s columns are read; the data "
                            "from column %(column)s onwards is ignored."
                        )
                        % {"limit": max_columns, "column": _column_name(column)},
                    )
                )
            sheets.append(sheet)
    except SpreadsheetError:
        raise
    except xlsx.BudgetExceeded:
        raise _zip_bomb() from None
    except Exception:
        raise _bad_xlsx() from None
    finally:
        reader.archive.close()
    return sheets


def _column_name(number: int) -> str:
    name = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        name = chr(65 + remainder) + name
    return name


def _clean_name(text) -> str:
    return str(text or "").replace("\x00", "")[:100]


def _keep_rows(sheet: SheetData, numbered_rows, max_rows: int) -> None:
    """Keep the rows that have a value, with their numbers; never the empty ones."""
    for number, values in numbered_rows:
        values = _trim(values)
        if not values:
            continue
        if len(sheet.rows) >= max_rows:
            raise SpreadsheetError(
                _(
                    "A sheet has more than %(limit)s rows. Split the file, "
                    "for example one file per quarter."
                )
                % {"limit": f"{max_rows:,}"},
                code="too_many_rows",
            )
        sheet.rows.append(values)
        sheet.numbers.append(number)


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

# Windows-874 reads every byte of a Latin-1 or Windows-1252 file: "é" (E9)
# becomes the tone mark "้", "è" (E8) "่". Real Thai text never puts a Thai
# vowel or tone mark straight after a Latin letter, or a Thai letter between
# two Latin letters.
_IMPLAUSIBLE_THAI = re.compile(
    r"[A-Za-z][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
    r"|[A-Za-z][\u0e01-\u0e5b][A-Za-z]"
)


def _encoding_error():
    return SpreadsheetError(
        _(
            "The CSV file is in an encoding that cannot be read. Save it from "
            "Excel as “CSV UTF-8 (Comma delimited)”."
        ),
        code="encoding",
    )


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode Text" export.
        return data.decode("utf-16"), "utf-16"
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp874":
            _check_thai_is_plausible(text)
        return text, encoding
    raise _encoding_error()


def _check_thai_is_plausible(text: str) -> None:
    found = _IMPLAUSIBLE_THAI.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    raise SpreadsheetError(
        _(
            "The file does not look like Thai text: line %(line)s reads "
            "“%(sample)s”. It was probably saved in a Western (Latin-1 or "
            "Windows-1252) encoding. Open it in Excel and save it as “CSV UTF-8 "
            "(Comma delimited)”, then upload that file."
        )
        % {"line": line, "sample": _excerpt(text, found.start())},
        code="encoding_latin",
    )


def _excerpt(text: str, position: int, width: int = 30) -> str:
    start = max(0, position - width // 2)
    return " ".join(text[start : start + width].split())


def _check_nul(text: str) -> None:
    position = text.find("\x00")
    if position < 0:
        return
    raise SpreadsheetError(
        _(
            "Line %(line)s of the file holds a NUL character (binary data), so it "
            "is not a text CSV file. Open the original in Excel and save it as "
            "“CSV UTF-8 (Comma delimited)” or as .xlsx, then upload that file."
        )
        % {"line": text.count("\n", 0, position) + 1},
        code="nul",
    )


def _broken_quote(line):
    return SpreadsheetError(
        _(
            'The quotation mark (") at the start of a cell on line %(line)s is '
            "never closed, so the lines after it were read as one cell. Remove "
            "the stray quotation mark, or close it, and save the file again."
        )
        % {"line": line},
        code="quote",
    )


def _read_csv(data: bytes) -> tuple[SheetData, str]:
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError:
        raise _encoding_error() from None
    # The whole text, not its start: PostgreSQL refuses NUL in text.
    _check_nul(text)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    max_rows = _setting("ITA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    max_columns = _setting("ITA_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    sheet = SheetData(name="")
    memo = {}
    # A quote right after or before a delimiter inside a cell that spans
    # lines: rows swallowed between two stray quotation marks.
    swallowed = (f'"{delimiter}', f'{delimiter}"')

    def numbered():
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "end of data" in str(error) or "expected after" in str(error):
                    raise _broken_quote(start) from None
                if "field larger" in str(error):
                    raise SpreadsheetError(
                        _(
                            "A cell on line %(line)s is longer than the "
                            "%(limit)s characters a spreadsheet cell holds."
                        )
                        % {"line": start, "limit": f"{MAX_CELL_CHARS:,}"},
                        code="bad_csv",
                    ) from None
                raise SpreadsheetError(
                    _("Line %(line)s of the CSV file could not be read: %(error)s")
                    % {"line": start, "error": error},
                    code="bad_csv",
                ) from None
            if reader.line_num > start:
                for value in row:
                    if "\n" in value and any(mark in value for mark in swallowed):
                        raise _broken_quote(start)
            if len(row) > max_columns:
                extra = row[max_columns:]
                if any(value.strip() for value in extra) and not sheet.notices:
                    sheet.notices.append(
                        (
                            start,
                            _(
                                "Only the first %(limit)s columns are read; the "
                                "data from column %(column)s onwards is ignored."
                            )
                            % {
                                "limit": max_columns,
                                "column": _column_name(max_columns + 1),
                            },
                        )
                    )
                row = row[:max_columns]
            yield start, [bounded_text(value, memo) for value in row]

    _keep_rows(sheet, numbered(), max_rows)
    return sheet, encoding
