"""Monthly (สขร.1) and annual procurement summaries.

A record belongs to the month of its contract date, or of its announcement
date before a contract is signed (:meth:`ProcurementQuerySet.with_record_date`).
Every summary is a fixed number of queries whatever the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from ita_wagtail.models.procurement import (
    METHOD_GROUP,
    METHOD_THAI,
    MethodGroup,
    NoProcurementDeclaration,
    Procurement,
    ProcurementMethod,
    ProcurementStatus,
    calendar_month,
    fiscal_month_label,
)
from ita_wagtail.thai import fiscal_months, fiscal_year, fiscal_year_bounds, today

ZERO = Decimal("0")
_LIVE = ~Q(status=ProcurementStatus.CANCELLED)


@dataclass
class Totals:
    count: int = 0
    cancelled: int = 0
    budget: Decimal = ZERO
    reference_price: Decimal = ZERO
    agreed_price: Decimal = ZERO

    def add(self, other: Totals):
        self.count += other.count
        self.cancelled += other.cancelled
        self.budget += other.budget
        self.reference_price += other.reference_price
        self.agreed_price += other.agreed_price

    @property
    def savings(self) -> Decimal:
        """Budget minus agreed price: what competition saved, as reported by ITA."""
        return self.budget - self.agreed_price if self.agreed_price else ZERO


@dataclass
class MonthSummary:
    fiscal_year: int
    year: int
    month: int
    totals: Totals = field(default_factory=Totals)
    declaration: NoProcurementDeclaration | None = None

    @property
    def label(self):
        return fiscal_month_label(self.fiscal_year, self.month)

    @property
    def has_records(self):
        return self.totals.count > 0

    @property
    def has_started(self):
        now = today()
        return (self.year, self.month) <= (now.year, now.month)

    @property
    def is_current(self):
        now = today()
        return (self.year, self.month) == (now.year, now.month)


@dataclass
class MethodSummary:
    method: str
    label: str
    group: str
    totals: Totals = field(default_factory=Totals)


@dataclass
class AnnualSummary:
    fiscal_year: int
    months: list[MonthSummary]
    methods: list[MethodSummary]
    totals: Totals

    @property
    def groups(self):
        """Totals per method group (open invitation, selective, specific, contest)."""
        by_group = {}
        for method in self.methods:
            by_group.setdefault(method.group, Totals()).add(method.totals)
        return [
            (MethodGroup(group).label, totals)
            for group, totals in by_group.items()
            if group
        ]


def _totals(row) -> Totals:
    return Totals(
        count=row["count"],
        cancelled=row["cancelled"],
        budget=row["budget"] or ZERO,
        reference_price=row["reference_price"] or ZERO,
        agreed_price=row["agreed_price"] or ZERO,
    )


_AGGREGATES = {
    "count": Count("pk"),
    "cancelled": Count("pk", filter=Q(status=ProcurementStatus.CANCELLED)),
    "budget": Sum("budget", filter=_LIVE),
    "reference_price": Sum("reference_price", filter=_LIVE),
    "agreed_price": Sum("agreed_price", filter=_LIVE),
}


def records_of_year(site, fiscal_year_be: int):
    start, end = fiscal_year_bounds(fiscal_year_be)
    return (
        Procurement.objects.for_site(site)
        .with_record_date()
        .filter(ita_record_date__range=(start, end))
    )


def month_records(site, fiscal_year_be: int, month: int):
    """The records of one month of a fiscal year, in the order of the form."""
    year, month = calendar_month(fiscal_year_be, month)
    return (
        Procurement.objects.for_site(site)
        .in_month(year, month)
        .select_related("responsible_unit")
        .prefetch_related("bids")
        .order_by("ita_record_date", "pk")
    )


def month_declaration(site, fiscal_year_be: int, month: int):
    return (
        NoProcurementDeclaration.objects.filter(
            site=site, fiscal_year=fiscal_year_be, month=month
        )
        .select_related("document")
        .first()
    )


def annual_summary(site, fiscal_year_be: int) -> AnnualSummary:
    records = records_of_year(site, fiscal_year_be)
    by_month = {
        (row["month"].year, row["month"].month): _totals(row)
        for row in records.annotate(month=TruncMonth("ita_record_date"))
        .values("month")
        .annotate(**_AGGREGATES)
        .order_by()
    }
    declarations = {
        declaration.month: declaration
        for declaration in NoProcurementDeclaration.objects.filter(
            site=site, fiscal_year=fiscal_year_be
        ).select_related("document")
    }
    months = []
    for year, month in fiscal_months(fiscal_year_be):
        months.append(
            MonthSummary(
                fiscal_year=fiscal_year_be,
                year=year,
                month=month,
                totals=by_month.get((year, month), Totals()),
                declaration=declarations.get(month),
            )
        )
    by_method = {
        row["method"]: _totals(row)
        for row in records.values("method").annotate(**_AGGREGATES).order_by()
    }
    methods = []
    for method in [*ProcurementMethod.values, ""]:
        if method not in by_method:
            continue
        methods.append(
            MethodSummary(
                method=method,
                label=METHOD_THAI.get(method, "ไม่ระบุวิธี"),
                group=METHOD_GROUP.get(method, ""),
                totals=by_method[method],
            )
        )
    totals = Totals()
    for month in months:
        totals.add(month.totals)
    return AnnualSummary(
        fiscal_year=fiscal_year_be, months=months, methods=methods, totals=totals
    )


def previous_fiscal_year(today) -> int:
    return fiscal_year(today) - 1
