"""How far a site's procurement disclosure (item 5.7) is along, for scoring.

:func:`procurement_compliance` is what the scoring engine calls. It runs a
fixed number of queries (four) whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth

from ita_wagtail.models.procurement import (
    NoProcurementDeclaration,
    Procurement,
    ProcurementPlan,
    calendar_month,
)
from ita_wagtail.thai import fiscal_months, fiscal_year_bounds


@dataclass(frozen=True)
class ProcurementCompliance:
    """5.7 figures for one site and fiscal year (B.E.), as of ``today``.

    Months are ``(C.E. year, month)`` pairs, in fiscal order (October first).
    """

    fiscal_year: int
    today: date
    total_records: int
    complete_records: int
    #: Months of the fiscal year that have ended by ``today``.
    months_due: tuple[tuple[int, int], ...] = ()
    #: Due months with a record announced or contracted in them.
    months_with_records: tuple[tuple[int, int], ...] = ()
    #: Due months declared as "no procurement this month".
    months_declared: tuple[tuple[int, int], ...] = ()
    #: Due months with neither: each one is a gap in the disclosure.
    uncovered_months: tuple[tuple[int, int], ...] = ()
    plan_exists: bool = False
    plan_approved: bool = False
    plan_published: bool = False
    plan_item_count: int = 0
    #: The latest change to the year's records or plan (the dashboard's
    #: "last update" of item 5.7).
    last_updated: datetime | None = None

    @property
    def incomplete_records(self) -> int:
        return self.total_records - self.complete_records

    @property
    def share_complete(self) -> float | None:
        """Complete records / all records, or None when there are no records."""
        if not self.total_records:
            return None
        return self.complete_records / self.total_records

    @property
    def months_covered(self) -> int:
        return len(self.months_due) - len(self.uncovered_months)

    @property
    def plan_approved_and_published(self) -> bool:
        return self.plan_approved and self.plan_published

    # The names the scoring engine's procurement adapter reads
    # (``ita_wagtail.scoring.plugins.procurement_evaluators``).

    @property
    def has_plan(self) -> bool:
        """The fiscal year's plan has been announced (5.7 asks for it published)."""
        return self.plan_published

    @property
    def months_missing(self) -> tuple[tuple[int, int], ...]:
        """Ended months with neither a record nor a declaration."""
        return self.uncovered_months

    @property
    def records_url(self) -> str:
        """The admin's procurement list for this fiscal year (incomplete
        records first to fix when there are any)."""
        query = {"fiscal_year": self.fiscal_year}
        if self.incomplete_records:
            query["incomplete"] = "true"
        return _admin_url("wagtailsnippets_ita_wagtail_procurement:list", query)

    @property
    def plan_url(self) -> str:
        return _admin_url("wagtailsnippets_ita_wagtail_procurementplan:list", {})


def _admin_url(name: str, query: dict) -> str:
    from django.urls import NoReverseMatch, reverse
    from django.utils.http import urlencode

    try:
        url = reverse(name)
    except NoReverseMatch:  # the admin views are not installed
        return ""
    return f"{url}?{urlencode(query)}" if query else url


def months_due(fiscal_year_be: int, today: date) -> list[tuple[int, int]]:
    """Months of the fiscal year that have ended before ``today``."""
    return [
        (year, month)
        for year, month in fiscal_months(fiscal_year_be)
        if (year, month) < (today.year, today.month)
    ]


def procurement_compliance(
    site, fiscal_year: int, today: date
) -> ProcurementCompliance:
    start, end = fiscal_year_bounds(fiscal_year)
    records = Procurement.objects.filter(site=site, fiscal_year=fiscal_year)

    # 1. Totals, with completeness decided by the one set of rules.
    counts = records.with_completeness().aggregate(
        total=Count("pk"),
        complete=Count("pk", filter=Q(ita_missing_count=0)),
        last=Max("updated_at"),
    )

    # 2. Months with an announcement or a contract, whatever the record's
    #    fiscal year field says: the month is what the assessor checks.
    dated = Procurement.objects.filter(site=site)
    announced = (
        dated.filter(announcement_date__range=(start, end))
        .annotate(month=TruncMonth("announcement_date"))
        .values_list("month", flat=True)
        .order_by()
    )
    contracted = (
        dated.filter(contract_date__range=(start, end))
        .annotate(month=TruncMonth("contract_date"))
        .values_list("month", flat=True)
        .order_by()
    )
    with_records = {
        (value.year, value.month)
        for value in announced.union(contracted).order_by()
        if value
    }

    # 3. Declared months.
    declared = {
        calendar_month(fiscal_year, month)
        for month in NoProcurementDeclaration.objects.filter(
            site=site, fiscal_year=fiscal_year
        ).values_list("month", flat=True)
    }

    # 4. The plan.
    plan = (
        ProcurementPlan.objects.filter(site=site, fiscal_year=fiscal_year)
        .annotate(item_count=Count("items"))
        .values("approved_on", "published_on", "item_count", "updated_at")
        .first()
    )

    due = months_due(fiscal_year, today)
    return ProcurementCompliance(
        fiscal_year=fiscal_year,
        today=today,
        total_records=counts["total"],
        complete_records=counts["complete"],
        months_due=tuple(due),
        months_with_records=tuple(m for m in due if m in with_records),
        months_declared=tuple(m for m in due if m in declared),
        uncovered_months=tuple(
            m for m in due if m not in with_records and m not in declared
        ),
        plan_exists=plan is not None,
        plan_approved=bool(plan and plan["approved_on"]),
        plan_published=bool(plan and plan["published_on"]),
        plan_item_count=plan["item_count"] if plan else 0,
        last_updated=max(
            (
                moment
                for moment in (counts["last"], plan and plan["updated_at"])
                if moment
            ),
            default=None,
        ),
    )
