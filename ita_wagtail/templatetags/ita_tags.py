"""Template filters for Thai dates, amounts and document links.

Filters follow Django's convention of failing quietly: a value that cannot
be formatted renders as "" instead of breaking a public page.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import InvalidOperation

from django import template
from django.template.defaultfilters import filesizeformat

from ita_wagtail import thai

register = template.Library()

_EMPTY = (None, "")


@register.filter
def thai_date(value, style="long"):
    if value in _EMPTY or not isinstance(value, date):
        return ""
    return thai.format_thai_date(value, style=style)


@register.filter
def thai_datetime(value):
    if value in _EMPTY or not isinstance(value, date):
        return ""
    return thai.format_thai_datetime(value)


@register.filter
def baht(value):
    if value in _EMPTY:
        return ""
    try:
        return thai.format_baht(value)
    except (TypeError, ValueError, InvalidOperation):
        return ""


@register.filter
def be_year(value):
    if value in _EMPTY or isinstance(value, bool):
        return ""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        value = value.astimezone(thai.BANGKOK)
    if isinstance(value, date):
        return thai.to_be_year(value.year)
    try:
        return thai.to_be_year(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def fiscal_year_label(value):
    if value in _EMPTY or isinstance(value, bool):
        return ""
    try:
        return thai.format_fiscal_year(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def thai_digits(value):
    return thai.to_thai_digits(value)


@register.filter
def document_meta(doc):
    """ "PDF, 1.2 MB" for a Wagtail Document, to show beside its download link."""
    if doc is None:
        return ""
    try:
        kind = (doc.file_extension or "").upper()
    except (AttributeError, TypeError, ValueError):
        # A document row whose file field is empty has no name to split.
        kind = ""
    try:
        size = doc.get_file_size()
    except (OSError, AttributeError):
        # Storage can lose a file that the database still lists; the link
        # text must still render so editors notice the broken download.
        size = None
    parts = [kind] if kind else []
    if size is not None:
        parts.append(filesizeformat(size))
    return ", ".join(parts)
