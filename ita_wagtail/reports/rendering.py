"""Everything the report templates and the XLSX file show, read from a snapshot."""

from __future__ import annotations

from datetime import date

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ita_wagtail.exporting.spreadsheets import Sheet
from ita_wagtail.models import ComplianceSnapshot
from ita_wagtail.scoring.results import status_label_for
from ita_wagtail.thai import format_quarter, format_thai_date

from .chart import score_history_svg
from .quarterly import changes, stale_by_unit, text


def _date(value):
    if not value:
        return None
    return date.fromisoformat(value)


def _short_quarter(snapshot):
    return _("Q%(quarter)s/%(year)s") % {
        "quarter": snapshot.quarter,
        "year": snapshot.fiscal_year,
    }


def pass_mark(snapshot):
    """The pass mark of the set the snapshot was taken with, if it has one."""
    return (snapshot.data.get("criteria_set") or {}).get("pass_mark")


def all_or_nothing(snapshot) -> bool:
    return (snapshot.data.get("criteria_set") or {}).get("scoring") == (
        "all_or_nothing"
    )


def history_chart(snapshot, history=None):
    history = (
        history if history is not None else ComplianceSnapshot.objects.history(snapshot)
    )
    points = [(_short_quarter(s), float(s.score)) for s in history]
    mark = pass_mark(snapshot)
    description = "; ".join(f"{label}: {score:g}" for label, score in points)
    return mark_safe(  # noqa: S308 - built from numbers and escaped labels
        score_history_svg(
            points,
            title=_("Site score, quarter by quarter"),
            description=description,
            pass_mark=mark,
            pass_label=_("Pass mark %(mark)s") % {"mark": mark} if mark else "",
        )
    )


def report_context(snapshot) -> dict:
    data = snapshot.data
    previous = ComplianceSnapshot.objects.previous(snapshot)
    history = ComplianceSnapshot.objects.history(snapshot)
    if snapshot.pk is None:
        # A preview: the stored quarters before it, then the preview itself.
        quarter = (snapshot.fiscal_year, snapshot.quarter)
        history = [s for s in history if (s.fiscal_year, s.quarter) != quarter]
        history = [*history[-7:], snapshot]
    start, end = snapshot.period
    return {
        "snapshot": snapshot,
        "data": data,
        "period_label": format_quarter(snapshot.fiscal_year, snapshot.quarter),
        "period_start": start,
        "period_end": end,
        "as_of": _date(data.get("as_of")),
        "changes": changes(snapshot, previous),
        "history": history,
        "chart": history_chart(snapshot, history),
        "stale_by_unit": stale_by_unit(snapshot),
        "pass_mark": pass_mark(snapshot),
        "all_or_nothing": all_or_nothing(snapshot),
    }


def report_sheets(snapshot) -> list[Sheet]:
    """The report as spreadsheet sheets: summary, items, out-of-date pages,
    recommendations (Thai headers in a Thai admin)."""
    data = snapshot.data
    context = report_context(snapshot)
    summary = Sheet(
        pgettext("key points", "Summary"),
        [_("Topic"), _("Value")],
        [
            [_("Municipality"), data.get("municipality", "")],
            [_("Period"), context["period_label"]],
            [
                _("Quarter"),
                f"{format_thai_date(context['period_start'])} – "
                f"{format_thai_date(context['period_end'])}",
            ],
            [
                _("As of"),
                format_thai_date(context["as_of"]) if context["as_of"] else "",
            ],
            [_("Criteria"), text(data.get("criteria_set", {}).get("title"))],
            [_("Site score"), float(snapshot.score)],
            [_("Items in order"), f"{snapshot.ok_count}/{snapshot.item_count}"],
            [_("Out-of-date pages"), snapshot.stale_count],
            [
                _("Change since the last quarter"),
                context["changes"]["score_delta"]
                if context["changes"]["score_delta"] is not None
                else "—",
            ],
        ],
        column_widths=[32, 90],
    )
    item_rows = []
    for entry in data.get("items", []):
        for row, prefix in [(entry, "")] + [
            (part, "  ") for part in entry.get("parts", [])
        ]:
            item_rows.append(
                [
                    row["code"],
                    prefix + text(row["title"]),
                    str(status_label_for(row["status"], row.get("reasons", []))),
                    row["score"],
                    "\n".join(
                        f"{text(r['text'])} (−{r['points']})"
                        if r["points"]
                        else text(r["text"])
                        for r in row.get("reasons", [])
                    ),
                    row.get("unit", ""),
                    _date(row.get("last_updated")),
                    "\n".join(
                        page["url"] for page in row.get("pages", []) if page["url"]
                    ),
                ]
            )
    items = Sheet(
        _("Items"),
        [
            _("Item"),
            _("Title"),
            _("Status"),
            _("Score"),
            _("What is wrong"),
            _("Responsible unit"),
            _("Last update"),
            _("Public address"),
        ],
        item_rows,
        column_widths=[10, 50, 16, 8, 70, 26, 14, 50],
    )
    stale = Sheet(
        _("Out-of-date pages"),
        [
            _("Responsible unit"),
            _("Item"),
            _("Page"),
            _("Problem"),
            _("Days overdue"),
            _("Due"),
            _("Last update"),
            _("Last review"),
            _("Public address"),
        ],
        [
            [
                row.get("unit", ""),
                row.get("item", ""),
                row.get("title", ""),
                text(row.get("problem")),
                row.get("days_overdue"),
                _date(row.get("due_date")),
                _date(row.get("last_updated")),
                _date(row.get("last_reviewed")),
                row.get("url", ""),
            ]
            for unit, rows in context["stale_by_unit"]
            for row in rows
        ],
        column_widths=[26, 8, 40, 50, 12, 12, 12, 12, 50],
    )
    advice = Sheet(
        _("Recommendations"),
        [_("Responsible unit"), _("Items"), _("Recommendation")],
        [
            [
                row.get("unit", ""),
                ", ".join(row.get("items", [])),
                text(row.get("text")),
            ]
            for row in data.get("recommendations", [])
        ],
        column_widths=[26, 16, 100],
    )
    return [summary, items, stale, advice]
