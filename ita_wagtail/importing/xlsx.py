"""Streaming the cells of an XLSX workbook in bounded memory.

openpyxl opens the workbook (sheet list, styles, date formats) but the
shared strings and the sheets are read here, with a pull parser that drops
every element as soon as it has been read:

* rows that are not in the file cost nothing (openpyxl's read-only sheets
  yield an empty row for every missing row number, so rows 199,000 apart
  cost seconds each), and empty rows are never kept;
* elements that are not cells (merged ranges, formatting, anything a
  crafted file puts there) are thrown away as they end, instead of
  accumulating in the parser's tree;
* the text each cell contributes is counted, a shared string once per cell
  that refers to it, against the decompressed-size limit, so a small file
  whose cells all point at one very long string is refused;
* a cell's text is held up to :data:`MAX_CELL_CHARS` (Excel's own limit); a
  longer value is kept as a :class:`LongText` of its first characters, which
  the importer reports as too long;
* formula cells without a saved value are counted, so that the importer can
  say the file must be saved in Excel rather than report empty cells.

The XML goes through defusedxml: a DTD or entity declaration is refused.
"""

from __future__ import annotations

import re

from defusedxml.ElementTree import iterparse
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

#: The longest text an Excel cell holds; a longer value never came from Excel.
MAX_CELL_CHARS = 32_767

_ROW = f"{{{SHEET_MAIN_NS}}}row"
_CELL = f"{{{SHEET_MAIN_NS}}}c"
_VALUE = f"{{{SHEET_MAIN_NS}}}v"
_FORMULA = f"{{{SHEET_MAIN_NS}}}f"
_INLINE = f"{{{SHEET_MAIN_NS}}}is"
_SHARED_ITEM = f"{{{SHEET_MAIN_NS}}}si"
_TEXT = f"{{{SHEET_MAIN_NS}}}t"
_COORDINATE = re.compile(r"^([A-Z]{1,3})(\d{1,9})$")
_MAX_EXCEL_COLUMN = 16_384


class LongText(str):
    """The first :data:`MAX_CELL_CHARS` characters of a longer cell value."""

    full_length: int = 0


def estimated_bytes(text: str) -> int:
    """UTF-8 size of ``text``, estimated without encoding it (an upper bound)."""
    return len(text) if text.isascii() else 3 * len(text)


class TextBudget:
    """The cell text read so far, against a limit; ``over()`` once exceeded."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def add(self, text: str) -> bool:
        self.used += estimated_bytes(text)
        return self.used > self.limit


class BudgetExceeded(Exception):
    pass


class MalformedSheet(Exception):
    pass


def bounded_text(value: str, memo: dict) -> str:
    """``value`` without NUL characters, cut to :data:`MAX_CELL_CHARS`."""
    if len(value) > MAX_CELL_CHARS:
        key = id(value)
        kept = memo.get(key)
        if kept is not None and kept[0] is value:
            return kept[1]
        held = LongText(value[:MAX_CELL_CHARS].replace("\x00", ""))
        held.full_length = len(value)
        memo[key] = (value, held)
        return held
    if "\x00" in value:
        return value.replace("\x00", "")
    return value


class _Reader(ExcelReader):
    """openpyxl's reader, with the shared strings read in bounded memory and
    the sheets only listed (they are streamed by :func:`sheet_rows`)."""

    def read_strings(self):
        from openpyxl.xml.constants import SHARED_STRINGS

        self.shared_strings = []
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = read_shared_strings(source)

    def read_worksheets(self):
        self.sheet_parts = []
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            self.sheet_parts.append((sheet.name, rel.target))


def open_workbook(buffer):
    """(reader, [(sheet name, part name)]); the reader's archive stays open."""
    reader = _Reader(buffer, read_only=True, data_only=True, keep_links=False)
    reader.read()
    return reader, reader.sheet_parts


def read_shared_strings(source) -> list[str]:
    strings = []
    stack = []
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            continue
        stack.pop()
        if element.tag == _SHARED_ITEM:
            strings.append(_plain_text(element))
        if len(stack) == 1:
            # A child of <sst> (an item, or anything else): read, dropped.
            del stack[0][-1]
    return strings


def _plain_text(element) -> str:
    """The text of an ``<si>`` or ``<is>`` element (rich text runs joined)."""
    only = element[0] if len(element) == 1 else None
    if only is not None and only.tag == _TEXT and not len(only):
        text = only.text or ""  # the common case: one plain <t>
    else:
        text = Text.from_tree(element).content
    return text.replace("x005F_", "") if "x005F_" in text else text


def _cell_position(coordinate, previous_column):
    if not coordinate:
        return previous_column + 1
    match = _COORDINATE.match(coordinate)
    if not match:
        raise MalformedSheet(coordinate)
    column = 0
    for letter in match.group(1):
        column = column * 26 + (ord(letter) - 64)
    if column > _MAX_EXCEL_COLUMN:
        raise MalformedSheet(coordinate)
    return column


def _number(text):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class SheetStats:
    def __init__(self):
        self.formula_cells = 0
        self.first_formula = ""
        #: (row number, column number) of the first value past the column cap.
        self.beyond_columns = None


def sheet_rows(reader, part, max_columns, budget: TextBudget, stats: SheetStats):
    """Yield (row number, values) for every row of a sheet that has a value.

    ``values`` holds at most ``max_columns`` cells, trailing empty ones
    dropped. Raises :class:`BudgetExceeded` once the cells' text passes the
    budget and :class:`MalformedSheet` for impossible coordinates.
    """
    workbook = reader.wb
    strings = reader.shared_strings
    date_formats = workbook._date_formats
    timedelta_formats = workbook._timedelta_formats
    epoch = workbook.epoch
    memo = {}
    stack = []
    row_number = 0
    values = None
    column = 0
    with reader.archive.open(part) as source:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == _ROW:
                    number = element.get("r")
                    if number is None:
                        row_number += 1
                    else:
                        try:
                            row_number = int(number)
                        except ValueError:
                            raise MalformedSheet(number) from None
                        if row_number < 1:
                            raise MalformedSheet(number)
                    values = []
                    column = 0
                continue
            stack.pop()
            tag = element.tag
            if tag == _CELL and values is not None:
                column = _cell_position(element.get("r"), column)
                value = _cell_value(
                    element, strings, date_formats, timedelta_formats, epoch, stats
                )
                if isinstance(value, str):
                    if budget.add(value):
                        raise BudgetExceeded
                    value = bounded_text(value, memo)
                if value is not None and value != "":
                    if column > max_columns:
                        if stats.beyond_columns is None:
                            stats.beyond_columns = (row_number, column)
                    else:
                        if len(values) < column:
                            values.extend([None] * (column - len(values)))
                        values[column - 1] = value
                # The cell is read: drop it (it is the row's last child).
                del stack[-1][-1]
                continue
            if tag == _ROW:
                if values:
                    yield row_number, tuple(values)
                values = None
            if stack and (tag == _ROW or values is None):
                # Anything outside a row is dropped as soon as it ends.
                del stack[-1][-1]


def _cell_value(element, strings, date_formats, timedelta_formats, epoch, stats):
    kind = element.get("t", "n")
    if kind == "inlineStr":
        child = element.find(_INLINE)
        if child is None:
            return None
        return _plain_text(child)
    text = element.findtext(_VALUE)
    if text is None or text == "":
        if element.find(_FORMULA) is not None:
            stats.formula_cells += 1
            if not stats.first_formula:
                stats.first_formula = element.get("r") or ""
        return None
    try:
        if kind == "s":
            index = int(text)
            if not 0 <= index < len(strings):
                raise MalformedSheet(text)
            return strings[index]
        if kind == "n":
            number = _number(text)
            style = element.get("s")
            if style and int(style) in date_formats:
                try:
                    return from_excel(
                        number, epoch, timedelta=int(style) in timedelta_formats
                    )
                except (OverflowError, ValueError):
                    return number
            return number
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        if kind == "e":
            return None
        return text  # "str": a formula's text result
    except (ValueError, OverflowError):
        raise MalformedSheet(text) from None
