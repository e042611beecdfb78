"""Tables as PDF files in Thai official style, with WeasyPrint.

A :class:`PdfDocument` is the same :class:`~ita_wagtail.exporting.spreadsheets.Sheet`
objects the XLSX downloads are written from, plus the page size and, for
reports that are signed, the signature lines. It is rendered from the HTML
template ``ita_wagtail/pdf/document.html`` (so integrators can override it
like any template) to PDF by WeasyPrint:

* Sarabun, shipped with the package under the SIL Open Font License, is
  declared with ``@font-face`` and a ``file:`` URL, so every PDF embeds the
  subset of the font it uses (TrueType, ``FontFile2``) and prints the same
  on any computer;
* the document is ``lang="th"``: Pango breaks Thai lines between words
  (libthai's dictionary), never inside a syllable;
* CSS paged media repeats each table's header on every page and numbers
  the pages "หน้า 1/3";
* dates are B.E., amounts are baht with two decimals, and digits are Thai
  (๑๒๓) or Arabic as ``ITA_PDF_THAI_DIGITS`` says.

WeasyPrint needs Pango (``libpango-1.0-0`` and ``libpangoft2-1.0-0`` on
Debian); it is imported only when a PDF is made, so the app works without
it and :func:`pdf_available` tells whether PDF files can be made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from ita_wagtail import thai

PDF_CONTENT_TYPE = "application/pdf"
FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "ita_wagtail" / "fonts"
FONT_FAMILY = "Sarabun"
FONT_FILES = {"normal": "Sarabun-Regular.ttf", "bold": "Sarabun-Bold.ttf"}

# A token that is an address keeps its digits: a URL in Thai digits no
# longer works when it is typed in.
_ADDRESS = re.compile(r"(\S*(?:://|www\.|@)\S*)")


def thai_digits_setting() -> bool:
    """Whether PDF files write numbers in Thai digits (``ITA_PDF_THAI_DIGITS``)."""
    return bool(getattr(settings, "ITA_PDF_THAI_DIGITS", False))


@lru_cache(maxsize=1)
def _weasyprint():
    import weasyprint  # noqa: PLC0415 - needs Pango: loaded on first use

    return weasyprint


def pdf_available() -> tuple[bool, str]:
    """``(True, "")`` when WeasyPrint and Pango load, else ``(False, why)``."""
    try:
        _weasyprint()
    except (ImportError, OSError) as error:
        return False, str(error)
    return True, ""


def digits(text, thai_digits: bool) -> str:
    """``text`` with Thai digits when asked, addresses left as they are."""
    text = "" if text is None else str(text)
    if not thai_digits:
        return text
    return "".join(
        part if index % 2 else thai.to_thai_digits(part)
        for index, part in enumerate(_ADDRESS.split(text))
    )


@dataclass
class Cell:
    lines: list[str]
    numeric: bool = False


def cell(value, thai_digits: bool = False) -> Cell:
    """A value as the lines of a table cell: B.E. dates, baht, Thai digits."""
    if value is None or value == "":
        return Cell([""])
    if isinstance(value, bool):
        return Cell([digits(value, thai_digits)])
    if isinstance(value, Decimal):
        return Cell(
            [thai.format_baht(value, with_unit=False, thai_digits=thai_digits)], True
        )
    if isinstance(value, int | float):
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
        return Cell([digits(text, thai_digits)], True)
    if isinstance(value, datetime | date):
        # Abbreviated months ("15 พ.ย. 2567") keep date columns narrow.
        return Cell(
            [thai.format_thai_date(value, style="short", thai_digits=thai_digits)]
        )
    return Cell([digits(line, thai_digits) for line in str(value).split("\n")])


@dataclass
class Signature:
    role: str
    name: str = ""
    position: str = ""


@dataclass
class PdfDocument:
    """What a PDF shows: a title, lines under it, tables, signature lines."""

    title: str
    sheets: list
    subtitle_lines: list[str] = field(default_factory=list)
    landscape: bool = True
    signatures: list[Signature] = field(default_factory=list)
    # Whether each sheet's own title is shown above its table (several tables).
    sheet_titles: bool | None = None
    form_label: str = ""
    footnote: str = ""
    # Points; default 10 on landscape pages, 11 on portrait ones.
    font_size: float | None = None

    def row_count(self) -> int:
        return sum(len(_rows(sheet)) for sheet in self.sheets)


def _rows(sheet):
    if not isinstance(sheet.rows, list):
        sheet.rows = list(sheet.rows)
    return sheet.rows


def _table(sheet, thai_digits):
    rows = _rows(sheet)
    widths = sheet.column_widths or [1] * len(sheet.header)
    total = sum(widths[: len(sheet.header)]) or 1
    return {
        "title": digits(sheet.title, thai_digits),
        "preamble": [digits(line, thai_digits) for line in sheet.preamble],
        "columns": [
            {
                "title": digits(title, thai_digits),
                "width": round(
                    100 * (widths[index] if index < len(widths) else 1) / total, 2
                ),
            }
            for index, title in enumerate(sheet.header)
        ],
        "rows": [[cell(value, thai_digits) for value in row] for row in rows],
        "footer": [[cell(value, thai_digits) for value in row] for row in sheet.footer],
    }


def document_html(document: PdfDocument, thai_digits: bool | None = None) -> str:
    if thai_digits is None:
        thai_digits = thai_digits_setting()
    show_titles = (
        document.sheet_titles
        if document.sheet_titles is not None
        else len(document.sheets) > 1
    )
    return render_to_string(
        "ita_wagtail/pdf/document.html",
        {
            "document": document,
            "title": digits(document.title, thai_digits),
            "form_label": digits(document.form_label, thai_digits),
            "subtitle_lines": [
                digits(line, thai_digits) for line in document.subtitle_lines if line
            ],
            "tables": [_table(sheet, thai_digits) for sheet in document.sheets],
            "show_sheet_titles": show_titles,
            "signatures": document.signatures,
            "footnote": digits(document.footnote, thai_digits),
            "landscape": document.landscape,
            "font_size": document.font_size or (10 if document.landscape else 11),
            "thai_digits": thai_digits,
            "fonts": {
                weight: (FONT_DIR / name).as_uri()
                for weight, name in FONT_FILES.items()
            },
            "font_family": FONT_FAMILY,
        },
    )


def render_pdf(document: PdfDocument, thai_digits: bool | None = None) -> bytes:
    """The PDF file of ``document`` (raises ImportError/OSError without Pango)."""
    weasyprint = _weasyprint()
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

    fonts = FontConfiguration()
    html = weasyprint.HTML(
        string=document_html(document, thai_digits), base_url=FONT_DIR.as_uri() + "/"
    )
    stylesheet = weasyprint.CSS(string="", font_config=fonts)
    return html.write_pdf(stylesheets=[stylesheet], font_config=fonts)
