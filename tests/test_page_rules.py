"""Editors can only put ITA pages where they make sense."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from example_site.home.models import HomePage
from ita_wagtail import models as ita
from ita_wagtail.models.plans import BudgetSource, PlanProgressPageForm

from .factories import add_child, default_site, ita_section, plan_project

pytestmark = pytest.mark.django_db

PART_PAGES = [
    ita.OrganisationStructurePage,
    ita.ExecutivesPage,
    ita.AuthorityDutiesPage,
    ita.DevelopmentPlanPage,
    ita.ContactPage,
    ita.RelatedLawsPage,
]


@pytest.fixture
def section():
    return ita_section()


def test_index_goes_under_an_ordinary_page_once():
    home = default_site().root_page.specific
    assert ita.ItaIndexPage.can_create_at(home)
    add_child(home, ita.ItaIndexPage(title="ITA", slug="ita"))
    assert not ita.ItaIndexPage.can_create_at(home)


def test_disclosure_pages_only_under_the_index():
    home = default_site().root_page.specific
    index = add_child(home, ita.ItaIndexPage(title="ITA", slug="ita"))
    for model in [
        ita.BasicInformationPage,
        ita.OperatingManualsPage,
        ita.ServiceManualsPage,
        ita.NewsIndexPage,
        ita.IntegrityDeclarationPage,
        ita.AnnualPlanPage,
        ita.AnnualReportPage,
    ]:
        assert model.can_create_at(index), model
        assert not model.can_create_at(home), model


@pytest.mark.parametrize("model", PART_PAGES)
def test_basic_information_parts_only_under_basic_information(section, model):
    index = section[ita.ItaIndexPage]
    basic = section[ita.BasicInformationPage]
    assert not model.can_create_at(index)
    # ita_setup already made one of each part: a second is refused.
    assert not model.can_create_at(basic)
    model.objects.child_of(basic).delete()
    assert model.can_create_at(basic)


def test_one_page_per_singleton_item(section):
    index = section[ita.ItaIndexPage]
    for model in [
        ita.BasicInformationPage,
        ita.NewsIndexPage,
        ita.OperatingManualsPage,
        ita.ServiceManualsPage,
    ]:
        assert not model.can_create_at(index), model
    # One plan and one report per fiscal year: several are allowed.
    assert ita.AnnualPlanPage.can_create_at(index)
    assert ita.AnnualReportPage.can_create_at(index)


def test_news_and_progress_have_fixed_parents(section):
    index = section[ita.ItaIndexPage]
    assert ita.NewsPage.can_create_at(section[ita.NewsIndexPage])
    assert not ita.NewsPage.can_create_at(index)
    assert ita.PlanProgressPage.can_create_at(section[ita.AnnualPlanPage])
    assert not ita.PlanProgressPage.can_create_at(index)


def test_leaf_pages_take_no_children(section):
    for model in [*PART_PAGES, ita.IntegrityDeclarationPage, ita.ServiceManualsPage]:
        assert model.allowed_subpage_models() == [], model
    assert HomePage in ita.ItaIndexPage.allowed_parent_page_models()


def test_plan_totals_are_computed(section):
    plan = section[ita.AnnualPlanPage]
    plan.projects = [
        plan_project("ซ่อมถนน", "1500000.00", budget_source="municipal"),
        plan_project("อบรมอาสาสมัคร", "250000.50", budget_source="general_subsidy"),
        plan_project("ขุดลอกคลอง", "400000.25", budget_source="municipal"),
    ]
    assert plan.total_budget == Decimal("2150000.75")
    by_source = plan.budget_by_source()
    assert by_source[BudgetSource.MUNICIPAL.label] == Decimal("1900000.25")
    assert by_source[BudgetSource.GENERAL_SUBSIDY.label] == Decimal("250000.50")


def test_plan_project_months_follow_the_fiscal_year():
    project = plan_project("ก่อสร้างรางระบายน้ำ", "100", start_month=12, end_month=2)
    project.clean()  # December to February is in order within one fiscal year.
    project = plan_project("ก่อสร้างรางระบายน้ำ", "100", start_month=3, end_month=11)
    with pytest.raises(ValidationError) as error:
        project.clean()
    assert "end_month" in error.value.message_dict


def test_progress_form_offers_only_the_parent_plans_projects(section):
    plan = section[ita.AnnualPlanPage]
    plan.projects = [plan_project("ซ่อมถนน", "100"), plan_project("ขุดลอกคลอง", "200")]
    plan.save_revision().publish()
    other_plan = add_child(
        section[ita.ItaIndexPage],
        ita.AnnualPlanPage(
            title="แผนปีก่อน", slug="plan-old", fiscal_year=plan.fiscal_year - 1
        ),
    )
    other_plan.projects = [plan_project("โครงการของปีก่อน", "300")]
    other_plan.save_revision().publish()

    form_class = ita.PlanProgressPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, PlanProgressPageForm)
    form = form_class(instance=ita.PlanProgressPage(), parent_page=plan, for_user=None)
    offered = set(form.formsets["entries"].empty_form.fields["project"].queryset)
    assert {p.name for p in offered} == {"ซ่อมถนน", "ขุดลอกคลอง"}


def test_progress_report_must_match_its_plans_year(section):
    progress = section[ita.PlanProgressPage]
    progress.quarter = 1
    progress.fiscal_year = section[ita.AnnualPlanPage].fiscal_year + 1
    with pytest.raises(ValidationError) as error:
        progress.full_clean()
    assert "fiscal_year" in error.value.message_dict


def test_development_plan_period_must_be_in_order(section):
    page = section[ita.DevelopmentPlanPage]
    page.start_year, page.end_year = 2570, 2566
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_year" in error.value.message_dict
