"""The engine's query count does not grow with the size of the site."""

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


# --- The same with the site answering the OIT list of 2569 ----------------------

#: 20 November 2568 (B.E.): fiscal year 2569, which the site answers with oit-2569.
TODAY_2569 = TODAY.replace(year=2025, month=11, day=20)


def answer_oit_2569(site, complete):
    """The site's choice for 2569 set to oit-2569, ``ita_setup --criteria-set
    oit-2569`` run, and every draft it created published, the generic pages
    with a statement, the fiscal year and a PDF each. Returns the generic pages."""
    from io import StringIO

    from django.core.management import call_command
    from wagtail.models import Page

    from ita_wagtail.criteria import get_criteria_set
    from ita_wagtail.models.disclosure_documents import (
        DisclosureDocument,
        initial_fiscal_year,
    )

    from .builders import document

    ita.CriteriaSetChoice.objects.create(
        settings=ita.ComplianceSettings.for_site(site),
        fiscal_year=2569,
        criteria_set="oit-2569",
    )
    call_command("ita_setup", "--criteria-set", "oit-2569", stdout=StringIO())
    index = complete[ita.ItaIndexPage]
    pdf = document("เอกสารประกอบ")
    for draft in Page.objects.descendant_of(index).filter(live=False).specific():
        if isinstance(draft, ita.DisclosureDocumentsPage):
            draft.statement = "<p>หน่วยงานได้ดำเนินการแล้ว</p>"
            # The year the item's rule asks for, as of 20 November 2568.
            draft.fiscal_year = initial_fiscal_year(
                get_criteria_set("oit-2569"), draft.kind, today=TODAY_2569
            )
            draft.documents = [DisclosureDocument(document=pdf)]
        draft.save_revision(clean=False).publish()
    return list(ita.DisclosureDocumentsPage.objects.live())


def generic_history(complete, generic, count):
    """``count`` more generic pages: earlier years' pages of the same items
    (a municipality keeps one per item and year), the oldest ten years back."""
    from tests.bulk_pages import bulk_add_pages

    kinds = sorted(page.kind for page in generic)
    bulk_add_pages(
        complete[ita.ItaIndexPage],
        ita.DisclosureDocumentsPage,
        [
            {
                "title": f"เอกสาร {i}",
                "kind": kinds[i % len(kinds)],
                "fiscal_year": 2568 - i % 10,
                "statement": "<p>ข้อมูลปีก่อน</p>",
            }
            for i in range(count)
        ],
        published_at=T0,
    )


def count_queries_2569(site):
    evaluate_site(site, today=TODAY_2569)  # settings row and content types cached
    with CaptureQueriesContext(connection) as queries:
        result = evaluate_site(site, today=TODAY_2569)
    return len(queries), result


def test_same_query_count_at_ten_and_a_thousand_pages_answering_oit_2569(
    site, complete, django_assert_max_num_queries
):
    from ita_wagtail.models.disclosure_documents import unserved_kinds

    generic = answer_oit_2569(site, complete)
    oit = ita.site_criteria_set(site, 2569)
    assert oit.key == "oit-2569"
    assert {page.kind for page in generic} == set(unserved_kinds(oit))

    small, small_result = count_queries_2569(site)
    assert small_result.criteria_set.key == "oit-2569"
    assert len(small_result.items) == 26
    # A generic page answers its item in full: 100, as the NACC scores it.
    assert small_result.item("O23").score == 100
    # 61 on SQLite: the 2562 measure's 38 plus one per further kind; the 16
    # generic items share one query and are prepared once (two queries).
    # The corruption-risk pages add three: the register's risks, the
    # report's rows and the risks of the registers the reports follow.
    assert small <= 68, f"{small} queries for one section answering oit-2569"

    add_history(complete, 1000, current=2569)
    with django_assert_max_num_queries(small):
        large_result = evaluate_site(site, today=TODAY_2569)
    # The same 26 questions were answered about many more pages: O6's plans
    # and progress reports of 2569 are read in full.
    assert len(large_result.items) == 26
    plan, progress = large_result.item("O6").parts
    assert len(plan.pages) > 80 and len(progress.pages) > 200
    assert len(large_result.stale_pages) > len(small_result.stale_pages)


def test_earlier_years_generic_pages_add_no_query(
    site, complete, django_assert_max_num_queries
):
    generic = answer_oit_2569(site, complete)
    small, _result = count_queries_2569(site)
    generic_history(complete, generic, 200)
    with django_assert_max_num_queries(small):
        evaluate_site(site, today=TODAY_2569)
