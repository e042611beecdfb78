"""Aggregate figures of the channels: the only numbers ever published.

Definitions (also in docs/channels/integration.md):

* a case counts in the period (fiscal year or quarter) it was *received* in,
  by Bangkok calendar date;
* a case is *handled* when it was answered or, failing that, closed;
  handling time is handled date minus received date, in calendar days;
* a case is *judged* against the target once it is handled or its due date
  has passed (as of ``today``); the share answered within the target is
  handled-on-or-before-the-due-date over judged. Open cases that are not
  yet due are left out: they can still make it.

Each function runs a fixed number of queries, whatever the number of cases.
"""

import statistics as pystats
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, Count, Q

from ita_wagtail import thai

from .cases import Case, CaseCategory, CaseStatus, local_date, local_midnight
from .feedback import Feedback, Rating

# Enum .values builds a new list on every access; rows are many.
STATUSES = tuple(CaseStatus.values)


@dataclass
class CategoryRow:
    category: str
    label: str
    by_status: dict
    total: int


@dataclass
class CaseStatistics:
    """Figures for the cases received in one fiscal year or one quarter."""

    fiscal_year: int
    quarter: int | None
    first_day: date
    last_day: date
    total: int = 0
    by_category: dict = field(default_factory=dict)
    by_status: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    handling_days: list = field(default_factory=list)
    judged: int = 0
    within_target: int = 0
    overdue: int = 0

    @property
    def handled(self):
        return len(self.handling_days)

    @property
    def median_handling_days(self):
        if not self.handling_days:
            return None
        return pystats.median(self.handling_days)

    @property
    def share_within_target(self):
        """0–1, or None while no case can be judged yet."""
        if not self.judged:
            return None
        return self.within_target / self.judged

    @property
    def percent_within_target(self):
        share = self.share_within_target
        return None if share is None else round(share * 100, 1)

    @property
    def finished(self):
        """Cases answered or closed: ดำเนินการแล้วเสร็จ."""
        return self.by_status.get(CaseStatus.ANSWERED, 0) + self.by_status.get(
            CaseStatus.CLOSED, 0
        )

    @property
    def in_progress(self):
        """Cases still open (received or being handled): อยู่ระหว่างดำเนินการ."""
        return self.total - self.finished

    @property
    def label(self):
        if self.quarter:
            return thai.format_quarter(self.fiscal_year, self.quarter)
        return thai.format_fiscal_year(self.fiscal_year)

    @property
    def statuses(self):
        return [(value, label) for value, label in CaseStatus.choices]


def _period(fiscal_year, quarter):
    if quarter:
        return thai.quarter_bounds(fiscal_year, quarter)
    return thai.fiscal_year_bounds(fiscal_year)


def _summarise(rows, fiscal_year, quarter, today):
    """Figures from ``(category, status, received on, handled on, due)`` rows."""
    first_day, last_day = _period(fiscal_year, quarter)
    result = CaseStatistics(fiscal_year, quarter, first_day, last_day)
    categories = dict(CaseCategory.choices)
    counts = {c: dict.fromkeys(STATUSES, 0) for c in categories}
    for category, status, received_on, handled_on, due_date in rows:
        if category not in counts or status not in STATUSES:
            continue
        counts[category][status] += 1
        if handled_on is not None:
            result.handling_days.append((handled_on - received_on).days)
            result.judged += 1
            result.within_target += handled_on <= due_date
        elif due_date < today:
            result.judged += 1
            result.overdue += 1
    result.rows = [
        CategoryRow(c, str(label), counts[c], sum(counts[c].values()))
        for c, label in categories.items()
    ]
    result.by_category = {row.category: row.total for row in result.rows}
    result.by_status = {
        status: sum(counts[c][status] for c in counts) for status in STATUSES
    }
    result.total = sum(result.by_category.values())
    return result


def _case_rows(site, first_day, last_day, categories=None):
    """One query; dates converted to Bangkok calendar days once per case."""
    cases = Case.objects.for_site(site).received_between(first_day, last_day)
    if categories is not None:
        cases = cases.filter(category__in=categories)
    rows = cases.values_list(
        "category", "status", "received_at", "answered_at", "closed_at", "due_date"
    )
    return [
        (category, status, local_date(received), local_date(answered or closed), due)
        for category, status, received, answered, closed, due in rows
    ]


def case_statistics(site, fiscal_year, quarter=None, today=None):
    """:class:`CaseStatistics` of one fiscal year (B.E.) or quarter. One query."""
    today = today or thai.today()
    first_day, last_day = _period(fiscal_year, quarter)
    return _summarise(
        _case_rows(site, first_day, last_day), fiscal_year, quarter, today
    )


def yearly_case_statistics(site, fiscal_year, today=None, categories=None):
    """The fiscal year and its four quarters, from one query: ``(year, [q1…q4])``.

    ``categories`` (case categories) limits the figures to those cases, for
    example ``[CaseCategory.CORRUPTION]`` for the corruption channel.
    """
    today = today or thai.today()
    first_day, last_day = thai.fiscal_year_bounds(fiscal_year)
    rows = _case_rows(site, first_day, last_day, categories)
    by_quarter = {quarter: [] for quarter in range(1, 5)}
    for row in rows:
        by_quarter[thai.fiscal_quarter(row[2])[1]].append(row)
    quarters = [
        _summarise(by_quarter[quarter], fiscal_year, quarter, today)
        for quarter in range(1, 5)
    ]
    return _summarise(rows, fiscal_year, None, today), quarters


def case_counts_by_year(site_years, categories=None):
    """``{(site id, fiscal year): cases received}`` for many pairs, one query.

    ``site_years`` is an iterable of ``(site id or None, fiscal year)``; a
    ``None`` site counts the cases of every site. For the scoring engine,
    which needs the figure of every statistics page at once.
    """
    site_years = set(site_years)
    if not site_years:
        return {}
    years = sorted({year for _site, year in site_years})
    cases = Case.objects.all()
    if categories is not None:
        cases = cases.filter(category__in=categories)
    counts = {}
    for year in years:
        first_day, last_day = thai.fiscal_year_bounds(year)
        counts[f"fy{year}"] = Count(
            "pk",
            filter=Q(
                received_at__gte=local_midnight(first_day),
                received_at__lt=local_midnight(last_day + timedelta(days=1)),
            ),
        )
    rows = list(cases.values("site_id").order_by("site_id").annotate(**counts))
    result = {}
    for site_id, year in site_years:
        result[(site_id, year)] = sum(
            row[f"fy{year}"]
            for row in rows
            if site_id is None or row["site_id"] == site_id
        )
    return result


def overdue_cases(site, today=None):
    """Open cases of the site past their due date, oldest due first. One query.

    For the compliance dashboard: ``overdue_cases(site, today).count()`` or
    iterate (units are selected). Includes corruption complaints; filter
    with ``.visible_to(user)`` before showing them to a person.
    """
    return (
        Case.objects.for_site(site)
        .overdue(today or thai.today())
        .select_related("unit")
        .order_by("due_date", "received_at")
    )


def case_fiscal_years(site):
    """Fiscal years (B.E.) that have cases, newest first. One query."""
    dates = Case.objects.for_site(site).dates("received_at", "month", order="DESC")
    years = []
    for month in dates:
        year = thai.fiscal_year(month)
        if year not in years:
            years.append(year)
    return years


@dataclass
class ServiceRating:
    service_name: str
    count: int
    average: float | None
    distribution: dict  # rating → count, best first

    @property
    def percent_satisfied(self):
        """Share of ratings 4 and 5, the figure Thai satisfaction reports quote."""
        if not self.count:
            return None
        satisfied = self.distribution.get(5, 0) + self.distribution.get(4, 0)
        return round(satisfied * 100 / self.count, 1)


def feedback_summary(site, fiscal_year, quarter=None):
    """``(overall, [per service])`` for feedback submitted in the period. One query."""
    first_day, last_day = _period(fiscal_year, quarter)
    rating_counts = {
        f"r{value}": Count("pk", filter=Q(rating=value)) for value in Rating.values
    }
    rows = (
        _feedback_between(site, first_day, last_day)
        .values("service_name")
        .annotate(count=Count("pk"), average=Avg("rating"), **rating_counts)
        .order_by("service_name")
    )
    services = [
        ServiceRating(
            service_name=row["service_name"],
            count=row["count"],
            average=row["average"],
            distribution={value: row[f"r{value}"] for value in Rating.values},
        )
        for row in rows
    ]
    total = sum(s.count for s in services)
    distribution = {
        value: sum(s.distribution[value] for s in services) for value in Rating.values
    }
    overall = ServiceRating(
        service_name="",
        count=total,
        average=(
            sum(value * n for value, n in distribution.items()) / total
            if total
            else None
        ),
        distribution=distribution,
    )
    return overall, services


def _feedback_between(site, first_day, last_day):
    queryset = Feedback.objects.all()
    if site is not None:
        queryset = queryset.filter(site=site)
    return queryset.filter(
        submitted_at__gte=local_midnight(first_day),
        submitted_at__lt=local_midnight(last_day + timedelta(days=1)),
    )
