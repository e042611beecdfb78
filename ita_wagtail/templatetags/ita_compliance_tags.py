"""Template helpers for the compliance screens: status badges, ages, points."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ita_wagtail import thai
from ita_wagtail.scoring.freshness import local_date
from ita_wagtail.scoring.results import (
    STATUS_INCOMPLETE,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_STALE,
    status_label_for,
)

register = template.Library()

STATUS_ICONS = {
    STATUS_OK: "success",
    STATUS_INCOMPLETE: "warning",
    STATUS_STALE: "time",
    STATUS_MISSING: "error",
}


@register.inclusion_tag("ita_wagtail/admin/compliance/includes/status.html")
def ita_status(status, reasons=()):
    """A status badge: icon and words, so colour is never the only signal.

    With the item's ``reasons`` the words name a problem that is not about
    the pages (complaints overdue) instead of a bare "not current".
    """
    return {
        "status": status,
        "label": status_label_for(status, reasons or ()),
        "icon": STATUS_ICONS.get(status, "help"),
    }


@register.filter
def ita_days_ago(value, today=None):
    """ "12 days ago" / "today" for a date or datetime (Bangkok days)."""
    if not isinstance(value, date):
        return ""
    day = local_date(value)
    today = today if isinstance(today, date) else thai.today()
    days = (today - day).days
    if days <= 0:
        return _("today")
    return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}


@register.filter
def ita_thai_date(value, style="long"):
    if isinstance(value, datetime):
        value = local_date(value)
    if not isinstance(value, date):
        return ""
    return thai.format_thai_date(value, style=style)


@register.filter
def ita_score(value):
    """Scores without a needless ".0"."""
    if value is None or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:.1f}"


@register.filter
def ita_text(value):
    """A text stored in a snapshot as {"th": …, "en": …}, in the active language."""
    from ita_wagtail.reports.quarterly import text

    return text(value)


@register.filter
def ita_iso_date(value, style="long"):
    """A date stored as ISO text in a snapshot, as a Thai date."""
    if not value:
        return ""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return ""
    return thai.format_thai_date(day, style=style)


@register.filter
def ita_status_label(status, reasons=None):
    return status_label_for(status, reasons or ())


@register.filter
def ita_entry_status_label(entry):
    """The status words of a stored report entry (a dict with its reasons)."""
    return status_label_for(entry.get("status", ""), entry.get("reasons") or ())


@register.filter
def ita_signed(value):
    """+3 / −2 / 0 for a change in score."""
    if value is None or value == "":
        return "—"
    number = float(value)
    shown = ita_score(abs(number))
    if number > 0:
        return f"+{shown}"
    if number < 0:
        return f"−{shown}"
    return "0"
