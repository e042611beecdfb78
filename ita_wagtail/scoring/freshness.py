"""When content is current: the freshness rule of an item, applied to a page.

"Older than three months" means neither published nor confirmed as reviewed
for the rule's number of days (90 by default, and never more than the site's
``freshness_days`` setting). Items with a period also need content for the
right period: the current fiscal year (plus the rule's offset) or the last
quarter that has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from ita_wagtail.thai import (
    BANGKOK,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_fiscal_year,
    format_quarter,
    last_ended_quarter,
    quarter_bounds,
)

from .results import PageFacts


def effective_days(rule, site_days: int | None) -> int:
    """The rule's days, capped by the site's setting (the stricter wins)."""
    if site_days:
        return min(rule.days, int(site_days))
    return rule.days


def local_date(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            return value.date()
        return value.astimezone(BANGKOK).date()
    return value


@dataclass(frozen=True)
class Target:
    """The period content must be for, on a given day.

    ``required_since`` is the day content for this period became due: the
    start of the current fiscal year, or the day after the last quarter ended.
    """

    period: str | None = None
    fiscal_year: int | None = None
    quarter: int | None = None
    required_since: date | None = None
    #: The rule asks for a report on a fiscal year that has ended (a negative
    #: ``fiscal_year_offset``), so a report on a later ended year also counts.
    looks_back: bool = False

    @property
    def label(self) -> str:
        if self.period == "quarter":
            return format_quarter(self.fiscal_year, self.quarter)
        if self.fiscal_year is not None:
            return format_fiscal_year(self.fiscal_year)
        return ""

    def matches(self, page_fiscal_year, page_quarter=None) -> bool:
        """Is content for (fiscal year, quarter) good enough for this target?

        A later period also counts: a cumulative progress report for the
        second quarter covers the first, and a report on a later fiscal year
        than the one asked for (the report for the year that has just ended,
        when the rule still asks for the year before) is newer, not wrong.
        Content *for* a fiscal year (a plan, a declaration) must be for that
        very year: next year's plan does not say what is done this year.
        """
        if self.period not in ("fiscal_year", "quarter", "month"):
            return True
        if page_fiscal_year is None:
            return False
        if self.period == "quarter":
            if page_quarter is None:
                return False
            return (page_fiscal_year, page_quarter) >= (self.fiscal_year, self.quarter)
        if self.period == "fiscal_year" and self.looks_back:
            return page_fiscal_year >= self.fiscal_year
        return page_fiscal_year == self.fiscal_year


def target_for(rule, today: date) -> Target:
    current_fy = fiscal_year(today)
    if rule.period in ("fiscal_year", "month"):
        return Target(
            period=rule.period,
            fiscal_year=current_fy + rule.fiscal_year_offset,
            required_since=fiscal_year_bounds(current_fy)[0],
            looks_back=rule.fiscal_year_offset < 0,
        )
    if rule.period == "quarter":
        fy, quarter = last_ended_quarter(today)
        return Target(
            period="quarter",
            fiscal_year=fy,
            quarter=quarter,
            required_since=quarter_bounds(*fiscal_quarter(today))[0],
        )
    return Target()


def next_target(rule, today: date) -> Target | None:
    """The period that becomes due next (for reminders), or ``None``."""
    if rule.period in ("fiscal_year", "month"):
        next_fy = fiscal_year(today) + 1
        return Target(
            period=rule.period,
            fiscal_year=next_fy + rule.fiscal_year_offset,
            required_since=fiscal_year_bounds(next_fy)[0],
            looks_back=rule.fiscal_year_offset < 0,
        )
    if rule.period == "quarter":
        fy, quarter = fiscal_quarter(today)
        return Target(
            period="quarter",
            fiscal_year=fy,
            quarter=quarter,
            required_since=quarter_bounds(fy, quarter)[1] + timedelta(days=1),
        )
    return None


def page_facts(
    page,
    *,
    kind: str,
    days: int,
    target: Target,
    today: date,
    last_reviewed: datetime | None = None,
    checks=(),
    unit_id=None,
    restricted=False,
) -> PageFacts:
    """Freshness of one live page: due date, days since update, days overdue."""
    last_updated = (
        page.ita_last_updated
        or getattr(page, "first_published_at", None)
        or getattr(page, "latest_revision_created_at", None)
    )
    touched = [d for d in (last_updated, last_reviewed) if d]
    touched_on = local_date(max(touched)) if touched else None

    if touched_on is None:
        # Live without any date: treat as due since the day it became due.
        due = target.required_since or today
        days_since = None
        stale_by_days = True
    else:
        due = touched_on + timedelta(days=days)
        days_since = (today - touched_on).days
        stale_by_days = today > due
    overdue = (today - due).days if stale_by_days else 0

    period_fy, period_quarter = page.ita_period()
    period_ok = target.matches(period_fy, period_quarter)
    if target.period in ("fiscal_year", "quarter", "month") and not period_ok:
        # Content for the wrong period has been due since the period began.
        overdue = max(overdue, (today - target.required_since).days)
        if not stale_by_days:
            due = target.required_since

    period_label = ""
    if period_fy is not None and target.period == "quarter" and period_quarter:
        period_label = format_quarter(period_fy, period_quarter)
    elif period_fy is not None and target.period in ("fiscal_year", "month"):
        period_label = format_fiscal_year(period_fy)

    return PageFacts(
        page=page,
        kind=kind,
        last_updated=last_updated,
        last_reviewed=last_reviewed,
        freshness_days=days,
        due_date=due,
        days_since_update=days_since,
        days_overdue=overdue,
        stale_by_days=stale_by_days,
        period_ok=period_ok,
        period_label=period_label,
        checks=list(checks),
        unit_id=unit_id,
        restricted=restricted,
    )
