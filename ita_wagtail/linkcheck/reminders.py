"""Broken links in the reminders to the responsible units."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .store import items_for_kind, problem_results, status_label


def add_broken_link_entries(by_unit, site, criteria_set) -> None:
    """Add an overdue entry per broken link of the latest check to
    ``by_unit`` ({unit id: [ReminderEntry]}), under the unit of its page."""
    from ita_wagtail.reminders import OVERDUE, ReminderEntry, _absolute

    cache = {}
    for result in problem_results(site):
        items = items_for_kind(criteria_set, result.page_kind, cache)
        where = result.field_label or result.field
        detail = format_lazy(
            _("Broken link {url} ({status}) in “{where}”: {message}"),
            url=result.url,
            status=status_label(result),
            where=where or result.page.title,
            message=result.message or "—",
        )
        by_unit[result.unit_id].append(
            ReminderEntry(
                OVERDUE,
                items[0][0].code if items else "",
                result.page.title,
                detail,
                url=_absolute(
                    reverse("wagtailadmin_pages:edit", args=(result.page_id,))
                ),
                page_id=result.page_id,
            )
        )
