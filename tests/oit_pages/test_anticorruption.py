"""The anti-corruption plan (OIT 2568 O25, 2569 O23) and its report (O26, O24)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from ita_wagtail import criteria, thai
from ita_wagtail import models as ita
from ita_wagtail.models.anticorruption import (
    AntiCorruptionPlanPageForm,
    ReportStatus,
    dates_outside_year,
)
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.setup import setup_ita_section

from ..factories import add_child, default_site

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569; 2568 has ended


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


@pytest.fixture
def index():
    home = default_site().root_page.specific
    return add_child(home, ita.ItaIndexPage(title="ITA", slug="ita"))


def project(name, budget, start, end, **extra):
    return ita.AntiCorruptionProject(
        name=name,
        dimension="สร้างสังคมที่ไม่ทนต่อการทุจริต",
        budget=None if budget is None else Decimal(budget),
        start_date=start,
        end_date=end,
        **extra,
    )


def add_plan(index, year, projects, **fields):
    ce = year - 543
    values = {
        "title": f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {year}",
        "slug": f"anticorruption-plan-{year}",
        "fiscal_year": year,
        "period_start": date(ce - 1, 10, 1),
        "period_end": date(ce, 9, 30),
        "approved_on": date(ce - 1, 9, 20),
        "approved_by": "นายสมชาย ใจดี นายกเทศมนตรี",
        "projects": projects,
    }
    values.update(fields)
    page = ita.AntiCorruptionPlanPage(**values)
    return add_child(index, page)


def plan_2568(index):
    """Three projects of fiscal year 2568: 50,000 + 0 + 120,000 = 170,000 baht."""
    return add_plan(
        index,
        2568,
        [
            project(
                "อบรมคุณธรรมจริยธรรมพนักงาน",
                "50000",
                date(2024, 11, 1),
                date(2024, 12, 31),
            ),
            project(
                "ประกาศเจตนารมณ์ต่อต้านการทุจริต",
                "0",
                date(2024, 10, 15),
                date(2024, 10, 15),
            ),
            project("ตลาดนัดโปร่งใส", "120000", date(2025, 3, 1), date(2025, 8, 31)),
        ],
    )


def add_report(index, plan, rows, year=2568):
    # In the order the plan listed them (rows added in code have no sort order).
    projects = list(plan.projects.order_by("pk"))
    page = ita.AntiCorruptionReportPage(
        title=f"รายงานผลการดำเนินการป้องกันการทุจริต ปีงบประมาณ พ.ศ. {year}",
        slug=f"anticorruption-report-{year}",
        fiscal_year=year,
        entries=[
            ita.AntiCorruptionProgress(project=projects[i], **values)
            for i, values in rows
        ],
    )
    return add_child(index, page)


FULL_REPORT = [
    (
        0,
        {
            "status": ReportStatus.DONE,
            "spent": Decimal("48500"),
            "percent": 100,
            "result": "ผู้เข้าร่วม 120 คน",
        },
    ),
    (1, {"status": ReportStatus.DONE, "spent": Decimal("0"), "percent": 100}),
    (
        2,
        {
            "status": ReportStatus.IN_PROGRESS,
            "spent": Decimal("60000"),
            "percent": 50,
            "problems": "ฝนตก",
        },
    ),
]


def item(result, code):
    return next(i for i in result.items if i.code == code)


# -- rules ----------------------------------------------------------------------


def test_pages_only_under_the_ita_index(index):
    home = default_site().root_page.specific
    for model in (ita.AntiCorruptionPlanPage, ita.AntiCorruptionReportPage):
        assert model.can_create_at(index)
        assert not model.can_create_at(home)


def test_initial_year_plan_current_report_previous(index):
    assert ita.AntiCorruptionPlanPage.ita_initial_values(index) == {"fiscal_year": 2569}
    assert ita.AntiCorruptionReportPage.ita_initial_values(index) == {
        "fiscal_year": 2568
    }


def test_one_plan_per_fiscal_year_with_a_thai_error(index):
    plan_2568(index)
    twin = ita.AntiCorruptionPlanPage(title="ซ้ำ", slug="twin", fiscal_year=2568)
    twin._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert "ปีงบประมาณ พ.ศ. 2568" in str(error.value.message_dict["fiscal_year"])
    twin.fiscal_year = 2569
    twin.clean()


def test_one_report_per_fiscal_year(index):
    plan = plan_2568(index)
    add_report(index, plan, FULL_REPORT)
    twin = ita.AntiCorruptionReportPage(title="ซ้ำ", slug="twin", fiscal_year=2568)
    twin._ita_parent = index
    with pytest.raises(ValidationError):
        twin.clean()


def test_project_dates_must_lie_in_the_fiscal_year():
    assert dates_outside_year(2569, date(2025, 10, 1), date(2026, 9, 30)) == []
    assert dates_outside_year(2569, date(2025, 9, 30), date(2026, 10, 1)) == [
        "start_date",
        "end_date",
    ]
    wrong_order = project("x", "1", date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        wrong_order.clean()
    assert "end_date" in error.value.message_dict


def test_admin_form_refuses_a_project_outside_the_year_in_thai(index, admin_user):
    form_class = ita.AntiCorruptionPlanPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, AntiCorruptionPlanPageForm)
    data = {
        "title": "แผน 2569",
        "slug": "plan-2569",
        "fiscal_year": "2569",
        "projects-TOTAL_FORMS": "1",
        "projects-INITIAL_FORMS": "0",
        "projects-MIN_NUM_FORMS": "0",
        "projects-MAX_NUM_FORMS": "1000",
        "projects-0-name": "อบรม",
        "projects-0-budget": "1000",
        "projects-0-start_date": "2026-11-01",
        "projects-0-end_date": "2026-11-02",
        "projects-0-ORDER": "1",
    }
    with translation.override("th"):
        form = form_class(
            data,
            instance=ita.AntiCorruptionPlanPage(),
            parent_page=index,
            for_user=admin_user,
        )
        assert not form.is_valid()
        errors = form.formsets["projects"].forms[0].errors
    assert "นอกปีงบประมาณ" in str(errors["start_date"])
    assert not ita.AntiCorruptionPlanPage.objects.exists()


# -- figures --------------------------------------------------------------------


def test_plan_total_and_report_summary_hand_worked(index):
    plan = plan_2568(index)
    assert plan.total_budget == Decimal("170000.00")
    report = add_report(index, plan, FULL_REPORT)
    figures = report.summary_figures()
    # 48,500 + 0 + 60,000 spent of 170,000 planned = 63.82 %; 2 of 3 done.
    assert figures["spent"] == Decimal("108500.00")
    assert figures["planned"] == Decimal("170000.00")
    assert figures["spent_percent"] == Decimal("63.82")
    assert (figures["done"], figures["total"]) == (2, 3)


def test_summary_in_a_fixed_number_of_queries(index):
    plan = plan_2568(index)
    report = add_report(index, plan, FULL_REPORT)
    report = ita.AntiCorruptionReportPage.objects.get(pk=report.pk)
    with CaptureQueriesContext(connection) as queries:
        report.summary_figures()
    assert len(queries) == 1


# -- rendering ------------------------------------------------------------------


def test_plan_page_in_thai_with_be_dates_and_baht(index, client):
    plan = plan_2568(index)
    html = client.get(plan.url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "อบรมคุณธรรมจริยธรรมพนักงาน" in html
    assert "50,000.00" in html and "170,000.00" in html
    assert "2567" in html  # 1 Nov 2024 is B.E. 2567
    assert "ไม่มีงบประมาณ" in html
    assert 'data-label="งบประมาณ"' in html


def test_report_page_shows_progress_and_totals(index, client):
    plan = plan_2568(index)
    report = add_report(index, plan, FULL_REPORT)
    html = client.get(report.url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
    assert "108,500.00" in html and "63.82" in html
    assert "ผู้เข้าร่วม 120 คน" in html and "ฝนตก" in html
    assert "2 จาก 3" in html


# -- completeness and scoring ---------------------------------------------------


def test_plan_completeness(index):
    plan = add_plan(index, 2569, [project("ไม่มีงบ", None, None, None)], period_end=None)
    checks = plan.ita_completeness_checks()
    assert [c.ok for c in checks] == [True, False, False, False]
    empty = add_plan(index, 2570, [])
    assert not empty.ita_completeness_checks()[0].ok


def test_report_names_the_unreported_project(index):
    plan = plan_2568(index)
    report = add_report(index, plan, FULL_REPORT[:2])
    checks = report.ita_completeness_checks()
    assert not checks[1].ok
    assert "ตลาดนัดโปร่งใส" in checks[1].detail


@pytest.mark.parametrize(
    "key,plan_code,report_code",
    [("oit-2569", "O23", "O24"), ("oit-2568", "O25", "O26")],
)
def test_scoring_per_year_rule(index, key, plan_code, report_code):
    criteria_set = criteria.get_criteria_set(key)
    plan = plan_2568(index)
    add_report(index, plan, FULL_REPORT)
    # Only a 2568 plan: the plan item asks for the current year (2569).
    result = evaluate_site(default_site(), criteria_set=criteria_set, today=TODAY)
    assert item(result, plan_code).score < 100
    assert item(result, report_code).score == 100
    add_plan(
        index,
        2569,
        [project("อบรม", "30000", date(2025, 12, 1), date(2026, 1, 31))],
    )
    result = evaluate_site(default_site(), criteria_set=criteria_set, today=TODAY)
    assert item(result, plan_code).score == 100


def test_a_report_of_an_older_year_does_not_pass(index):
    criteria_set = criteria.get_criteria_set("oit-2569")
    plan = add_plan(
        index, 2567, [project("อบรม", "30000", date(2023, 12, 1), date(2024, 1, 31))]
    )
    add_report(index, plan, [(0, {"spent": Decimal("1000")})], year=2567)
    result = evaluate_site(default_site(), criteria_set=criteria_set, today=TODAY)
    assert item(result, "O24").score < 100


def test_an_incomplete_report_does_not_pass(index):
    criteria_set = criteria.get_criteria_set("oit-2569")
    plan = plan_2568(index)
    add_report(index, plan, FULL_REPORT[:2])
    result = evaluate_site(default_site(), criteria_set=criteria_set, today=TODAY)
    assert not item(result, "O24").complete


def test_scoring_queries_do_not_grow_with_reports(index):

    pages = []
    plan = plan_2568(index)
    pages.append(add_report(index, plan, FULL_REPORT))
    queryset = ita.AntiCorruptionReportPage.ita_scoring_queryset(
        ita.AntiCorruptionReportPage.objects.all()
    )
    with CaptureQueriesContext(connection) as queries:
        loaded = list(queryset)
        ita.AntiCorruptionReportPage.ita_prepare_scoring(loaded)
        for page in loaded:
            page.ita_completeness_checks()
    assert len(queries) <= 4


# -- take-over ------------------------------------------------------------------


def test_setup_makes_drafts_that_take_over_the_generic_pages_url(index, publish):
    oit = criteria.get_criteria_set("oit-2569")
    generic = add_child(
        index,
        ita.DisclosureDocumentsPage(
            title="แผนป้องกันการทุจริต",
            slug="anticorruption-plan",
            kind="anticorruption_plan",
            fiscal_year=2569,
        ),
    )
    url = generic.url
    report = setup_ita_section(default_site(), criteria_set=oit)
    plan = next(
        step.page
        for step in report.steps
        if isinstance(step.page, ita.AntiCorruptionPlanPage)
    )
    assert not plan.live and plan.slug == "anticorruption-plan-new"
    assert plan.fiscal_year == 2569
    # The report has no generic page to replace: its own slug, previous year.
    new_report = ita.AntiCorruptionReportPage.objects.get()
    assert new_report.fiscal_year == 2568 and new_report.slug == "anticorruption-report"
    plan.projects = [project("อบรม", "1000", date(2025, 12, 1), date(2025, 12, 2))]
    publish(plan)
    plan = ita.AntiCorruptionPlanPage.objects.get(pk=plan.pk)
    assert plan.url == url
