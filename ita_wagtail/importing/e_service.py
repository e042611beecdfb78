"""Monthly request figures of the online services, from XLSX or CSV.

The file is read by :func:`.reading.read_spreadsheet` (bytes decide the
format; limits and zip checks included). One row a service and a month:

    บริการ | ปีงบประมาณ | เดือน | จำนวนคำขอ | ดำเนินการแล้ว (optional)

Months are Thai names (full or abbreviated) or numbers 1–12; years B.E. (or
C.E., converted); digits Thai or Arabic. Any bad row and nothing is saved:
the errors name the row, the column and the reason, in Thai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ita_wagtail.thai import _MONTH_LOOKUP, _month_key, to_arabic_digits

from .reading import SpreadsheetError, _column_name, read_spreadsheet
from .values import ImportValueError, clean_text, is_blank, parse_fiscal_year

#: Header aliases (compared without spaces, lower case) → field.
HEADERS = {
    "service": ("บริการ", "ชื่อบริการ", "บริการออนไลน์", "service"),
    "fiscal_year": ("ปีงบประมาณ", "ปีงบ", "fiscalyear", "year"),
    "month": ("เดือน", "month"),
    "requests": ("จำนวนคำขอ", "คำขอ", "จำนวนผู้ขอรับบริการ", "requests"),
    "completed": ("ดำเนินการแล้ว", "ดำเนินการเสร็จ", "เสร็จสิ้น", "completed"),
}
REQUIRED = ("service", "fiscal_year", "month", "requests")


class FigureImportError(Exception):
    """The file was refused; ``errors`` are Thai messages, nothing was saved."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def _key(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).lower()


def _alias_lookup():
    return {
        _key(alias): field for field, aliases in HEADERS.items() for alias in aliases
    }


def parse_month(value) -> int:
    text = to_arabic_digits(clean_text(value))
    if re.fullmatch(r"\d{1,2}(\.0+)?", text):
        number = int(float(text))
        if 1 <= number <= 12:
            return number
    month = _MONTH_LOOKUP.get(_month_key(text))
    if month:
        return month
    raise ImportValueError(
        _("“%(value)s” is not a month. Write a Thai month name or a number 1–12.")
        % {"value": text}
    )


def parse_count(value) -> int | None:
    if value is None or is_blank(value):
        return None
    if isinstance(value, bool):
        raise ImportValueError(_("A count is a whole number of 0 or more."))
    if isinstance(value, int | float) and float(value).is_integer() and value >= 0:
        return int(value)
    text = to_arabic_digits(clean_text(value)).replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise ImportValueError(
        _("“%(value)s” is not a count. Write a whole number of 0 or more.")
        % {"value": text}
    )


def _find_header(rows):
    aliases = _alias_lookup()
    for index, row in enumerate(rows[:10]):
        columns = {}
        for position, cell in enumerate(row):
            field = aliases.get(_key(cell))
            if field and field not in columns:
                columns[field] = position
        if all(field in columns for field in REQUIRED):
            return index, columns
    return None, None


def read_figures(page, data: bytes):
    """The rows of the file as ``(service, year, month, requests, completed)``.

    Raises :class:`FigureImportError` listing every bad row.
    """
    try:
        workbook = read_spreadsheet(data)
    except SpreadsheetError as error:
        raise FigureImportError([error.message]) from None
    sheet = next((s for s in workbook.sheets if s.rows), None)
    if sheet is None:
        raise FigureImportError([_("The file has no rows.")])
    header_index, columns = _find_header(sheet.rows)
    if header_index is None:
        raise FigureImportError(
            [
                _(
                    "No header row found. The first row must name the columns "
                    "“บริการ”, “ปีงบประมาณ”, “เดือน” and “จำนวนคำขอ”."
                )
            ]
        )
    services = {_key(s.name): s for s in page.services.all()}
    labels = {
        "service": "บริการ",
        "fiscal_year": "ปีงบประมาณ",
        "month": "เดือน",
        "requests": "จำนวนคำขอ",
        "completed": "ดำเนินการแล้ว",
    }
    errors, figures, seen = [], [], {}
    for row, number in zip(
        sheet.rows[header_index + 1 :],
        sheet.numbers[header_index + 1 :],
        strict=True,
    ):

        def cell(field, row=row):
            position = columns.get(field)
            if position is None or position >= len(row):
                return None
            return row[position]

        def fail(field, message, number=number):
            errors.append(
                _("Row %(row)s, column %(column)s (%(name)s): %(reason)s")
                % {
                    "row": number,
                    "column": _column_name(columns[field] + 1),
                    "name": labels[field],
                    "reason": message,
                }
            )

        if all(is_blank(cell(field)) for field in columns):
            continue
        values = {}
        name = clean_text(cell("service"))
        service = services.get(_key(name))
        if not name:
            fail("service", _("the service is missing."))
        elif service is None:
            fail(
                "service",
                _("“%(name)s” is not one of the services of “%(page)s”.")
                % {"name": name, "page": page.title},
            )
        for field, parser in (
            ("fiscal_year", parse_fiscal_year),
            ("month", parse_month),
            ("requests", parse_count),
            ("completed", parse_count),
        ):
            if field not in columns:
                values[field] = None
                continue
            try:
                values[field] = parser(cell(field))
            except ImportValueError as error:
                fail(field, str(error))
                values[field] = False
        for field in ("fiscal_year", "requests"):
            if values[field] is None:
                fail(field, _("this column is required."))
        if (
            isinstance(values["requests"], int)
            and isinstance(values["completed"], int)
            and values["completed"] > values["requests"]
        ):
            fail("completed", _("completed cannot exceed the requests received."))
        if service is None or any(
            values[f] in (None, False) for f in ("fiscal_year", "month", "requests")
        ):
            continue
        key = (service.pk, values["fiscal_year"], values["month"])
        if key in seen:
            fail(
                "month",
                _("the same service and month are already on row %(row)s.")
                % {"row": seen[key]},
            )
            continue
        seen[key] = number
        figures.append(
            (
                service,
                values["fiscal_year"],
                values["month"],
                values["requests"],
                values["completed"] if values["completed"] is not False else None,
            )
        )
    if errors:
        raise FigureImportError(errors)
    if not figures:
        raise FigureImportError([_("The file has no figures under its header.")])
    return figures


def import_figures(page, data: bytes) -> ImportResult:
    """Save the figures of the file for the services of ``page``, all or none."""
    from ita_wagtail.models import EServiceMonthlyFigure

    figures = read_figures(page, data)
    result = ImportResult()
    with transaction.atomic():
        for service, year, month, requests, completed in figures:
            _figure, created = EServiceMonthlyFigure.objects.update_or_create(
                service=service,
                fiscal_year=year,
                month=month,
                defaults={"requests": requests, "completed": completed},
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
    return result
