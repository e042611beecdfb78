"""The engine's query count does not grow with the size of the site.

The same for a site answering the OIT list of 2569 with structured pages:
``test_scoring_queries_oit.py``.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ita_wagtail import models as ita
from ita_wagtail.scoring import evaluate_site
from tests.bulk_pages import bulk_add_pages

from .builders import T0

pytestmark = pytest.mark.django_db

TODAY = T0.date() + timedelta(days=120)


def add_history(complete, count, current=2568):
    """``count`` more disclosure pages: plans, progress reports, declarations
    and annual reports across fiscal years, a third of them for the
    ``current`` year (those are the ones the engine reads in full)."""
    index = complete[ita.ItaIndexPage]
    per_type = count // 4
    years = [current if i % 3 == 0 else current - 18 + i % 18 for i in range(per_type)]
    plan_ids = bulk_add_pages(
        index,
        ita.AnnualPlanPage,
        [{"title": f"แผน {i}", "fiscal_year": year} for i, year in enumerate(years)],
        published_at=T0,
    )
    ita.AnnualPlanProject.objects.bulk_create(
        ita.AnnualPlanProject(
            page_id=plan_id,
            name=f"โครงการ {n}",
            strategy="ยุทธศาสตร์",
            budget=Decimal("1000"),
            start_month=10,
            end_month=12,
        )
        for plan_id in plan_ids
        for n in range(2)
    )
    current_plan = ita.AnnualPlanPage.objects.get(pk=plan_ids[0])
    bulk_add_pages(
        current_plan,
        ita.PlanProgressPage,
        [
            {"title": f"ความก้าวหน้า {i}", "fiscal_year": current, "quarter": 1 + i % 4}
            for i in range(per_type)
        ],
        published_at=T0,
    )
    bulk_add_pages(
        index,
        ita.IntegrityDeclarationPage,
        [
            {
                "title": f"เจตจำนง {i}",
                "fiscal_year": year,
                "executive_name": "นายก",
                "statement": "<p>สุจริต</p>",
            }
            for i, year in enumerate(years)
        ],
        published_at=T0,
    )
    bulk_add_pages(
        index,
        ita.AnnualReportPage,
        [
            {"title": f"รายงาน {i}", "fiscal_year": year - 1}
            for i, year in enumerate(years)
        ],
        published_at=T0,
    )


def count_queries(site):
    evaluate_site(site, today=TODAY)  # settings row and content types cached
    with CaptureQueriesContext(connection) as queries:
        result = evaluate_site(site, today=TODAY)
    return len(queries), result


def test_same_query_count_at_ten_and_a_thousand_pages(
    site, complete, django_assert_max_num_queries
):
    small, small_result = count_queries(site)
    assert small <= 45, f"{small} queries for one section"

    add_history(complete, 1000)
    disclosure_pages = sum(
        model.objects.live().count()
        for model in (
            ita.AnnualPlanPage,
            ita.PlanProgressPage,
            ita.IntegrityDeclarationPage,
            ita.AnnualReportPage,
        )
    )
    assert disclosure_pages >= 1000
    with django_assert_max_num_queries(small):
        large_result = evaluate_site(site, today=TODAY)
    # The same questions were answered about many more pages.
    assert len(large_result.item("5.4").pages) > 80
    assert len(large_result.stale_pages) > len(small_result.stale_pages)
