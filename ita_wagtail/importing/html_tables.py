"""Reading the tables of an HTML page saved as ".xls".

e-GP and many Thai government systems export their lists as an HTML page
with a ``.xls`` name, which Excel opens as a sheet. Each ``<table>`` of the
page is read as one sheet: its ``<tr>`` rows, its ``<td>``/``<th>`` cells
(``colspan``/``rowspan`` leave the covered cells empty, as merged cells do
in a workbook), ``<br>`` as a line break inside a cell.

The text is decoded with the encoding the file declares (a byte-order mark,
or ``<meta charset>`` / ``http-equiv="Content-Type"``), else UTF-8, else
Windows-874. The page is read with Python's own streaming HTML parser
(:class:`html.parser.HTMLParser`): nothing but the cells is kept, so memory
follows the table's size, not the page's markup.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from .reading import (
    DEFAULT_MAX_COLUMNS,
    DEFAULT_MAX_ROWS,
    SheetData,
    SpreadsheetError,
    _check_thai_is_plausible,
    _keep_rows,
    _setting,
)
from .xlsx import MAX_CELL_CHARS, LongText

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_THAI_ALIASES = {"tis-620", "tis620", "windows-874", "iso-8859-11", "x-windows-874"}
_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
_MAX_SPAN = 1_000


def declared_encoding(data: bytes) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "ignore").lower()
    if name in _THAI_ALIASES:
        return "cp874"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes) -> tuple[str, str]:
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp874", errors="replace")
    _check_thai_is_plausible(text)
    return text, "cp874"


class _TableParser(HTMLParser):
    def __init__(self, max_columns):
        super().__init__(convert_charrefs=True)
        self.max_columns = max_columns
        self.tables = []  # list of lists of (row number, values)
        self.depth = 0  # nesting of <table>
        self.skip = 0  # inside <script>/<style>
        self.rows = None
        self.row = None
        self.cell = None
        self.cell_length = 0
        self.cell_full = 0
        self.spans = {}  # column index -> rows still covered
        self.row_number = 0

    # -- structure --------------------------------------------------------

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
            return
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.rows = []
                self.spans = {}
                self.row_number = 0
            return
        if self.depth != 1:
            if tag == "br" and self.cell is not None:
                self._text("\n")
            return
        if tag == "tr":
            self._end_row()
            self.row = []
            self.row_number += 1
            self._fill_spans()
        elif tag in ("td", "th"):
            if self.row is None:
                self.row = []
                self.row_number += 1
                self._fill_spans()
            self._end_cell()
            attributes = dict(attrs)
            self.cell = []
            self.cell_length = 0
            self.cell_full = 0
            self.colspan = _span(attributes.get("colspan"))
            self.rowspan = _span(attributes.get("rowspan"))
        elif tag == "br" and self.cell is not None:
            self._text("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
            return
        if tag == "table":
            if self.depth == 1:
                self._end_row()
                self.tables.append(self.rows)
                self.rows = None
            self.depth = max(0, self.depth - 1)
            return
        if self.depth != 1:
            return
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()

    def handle_data(self, data):
        if self.skip or self.cell is None:
            return
        self._text(_SPACE.sub(" ", data))

    # -- cells ------------------------------------------------------------

    def _text(self, text):
        self.cell_full += len(text)
        room = MAX_CELL_CHARS - self.cell_length
        if room > 0:
            piece = text[:room]
            self.cell.append(piece)
            self.cell_length += len(piece)

    def _fill_spans(self):
        while len(self.row) in self.spans:
            self._place(None, len(self.row))

    def _place(self, value, column):
        remaining = self.spans.get(column)
        if remaining:
            if remaining > 1:
                self.spans[column] = remaining - 1
            else:
                del self.spans[column]
        if len(self.row) < self.max_columns + 1:
            self.row.append(value)

    def _end_cell(self):
        if self.cell is None or self.row is None:
            self.cell = None
            return
        text = "".join(self.cell)
        lines = [" ".join(line.split()) for line in text.split("\n")]
        value = "\n".join(line for line in lines if line)
        if self.cell_full > MAX_CELL_CHARS:
            value = LongText(value)
            value.full_length = self.cell_full
        self.cell = None
        for offset in range(self.colspan):
            column = len(self.row)
            if self.rowspan > 1:
                self.spans[column] = self.rowspan - 1
            self.row.append(value if offset == 0 else None)
            self._fill_spans()
            if len(self.row) > self.max_columns:
                break

    def _end_row(self):
        self._end_cell()
        if self.row is not None and self.rows is not None:
            self.rows.append((self.row_number, tuple(self.row[: self.max_columns])))
        self.row = None


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), _MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def read_html(data: bytes) -> tuple[list[SheetData], str]:
    text, encoding = decode_html(data)
    max_rows = _setting("ITA_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)
    max_columns = _setting("ITA_IMPORT_MAX_COLUMNS", DEFAULT_MAX_COLUMNS)
    parser = _TableParser(max_columns)
    parser.feed(text.replace("\x00", ""))
    parser.close()
    if parser.rows is not None:  # a table never closed
        parser._end_row()
        parser.tables.append(parser.rows)
    sheets = []
    for position, rows in enumerate(parser.tables, start=1):
        sheet = SheetData(name=_("Table %(number)s") % {"number": position})
        _keep_rows(sheet, rows, max_rows)
        if sheet.rows:
            sheets.append(sheet)
    if not sheets:
        raise SpreadsheetError(
            _(
                "The file is a web page without a table, not a spreadsheet. If it "
                "was downloaded from a website, download the list again (the "
                "session may have expired), or open it in Excel and save it as "
                ".xlsx."
            ),
            code="no_table",
        )
    return sheets, encoding
