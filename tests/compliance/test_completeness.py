"""What "complete" means for each page type (the rules live on the models)."""

from datetime import date
from decimal import Decimal

import pytest
from wagtail.images import get_image_model

from ita_wagtail import models as ita
from tests.factories import executive, plan_project, service

pytestmark = pytest.mark.django_db

TODAY = date(2025, 1, 10)


def missing(page):
    return [str(problem) for problem in page.ita_missing_fields(TODAY)]


def photo():
    return get_image_model()(pk=7, title="photo")


def test_executives_need_both_wings_and_photo_and_contact():
    page = ita.ExecutivesPage(
        title="ผู้บริหาร",
        executives=[
            executive("นายก", "นายกเทศมนตรี", "political", photo=photo(), phone="1"),
        ],
    )
    assert missing(page) == ["executives of the permanent staff"]
    page.executives = [
        executive("นายก", "นายกเทศมนตรี", "political", phone="1"),
        executive("ปลัด", "ปลัดเทศบาล", "permanent", photo=photo()),
    ]
    assert missing(page) == [
        "a photo of every executive (นายก)",
        "a phone number or email for every executive (ปลัด)",
    ]
    assert ita.ExecutivesPage(title="x").ita_completeness_checks()[0].ok is False


def test_organisation_structure_needs_a_chart_and_both_wings():
    page = ita.OrganisationStructurePage(
        title="โครงสร้าง", units=[("unit", {"name": "สภา", "wing": "political"})]
    )
    assert missing(page) == [
        "organisation chart (image or document)",
        "units of the permanent staff",
    ]


def test_contact_needs_address_phone_email_and_hours():
    page = ita.ContactPage(title="ติดต่อ", address="99 หมู่ 1")
    assert missing(page) == ["at least one phone number", "email", "office hours"]
    page.phones = [("phone", {"label": "กลาง", "number": "042"})]
    page.email = "a@b.th"
    page.office_hours = "08.30"
    assert missing(page) == []


def test_development_plan_must_cover_this_year():
    page = ita.DevelopmentPlanPage(
        title="แผน",
        plan_title="แผนพัฒนา",
        start_year=2561,
        end_year=2565,
        strategies=[("strategy", {"title": "ถนน"})],
    )
    # 10 January 2025 is in B.E. 2568.
    assert missing(page) == ["a plan period that includes the current year (2568)"]
    page.end_year = 2570
    assert missing(page) == []


def test_service_manual_needs_every_field_of_every_service():
    page = ita.ServiceManualsPage(
        title="คู่มือบริการ",
        services=[
            service(),
            service(name="ขอใบอนุญาตจำหน่ายสินค้า", no_fee=False, fee=None),
            service(name="รับชำระภาษี", duration="", required_documents=[]),
        ],
    )
    assert missing(page) == [
        "the duration of every service (รับชำระภาษี)",
        "the fee of every service, or “no fee” (ขอใบอนุญาตจำหน่ายสินค้า)",
        "the required documents of every service (รับชำระภาษี)",
    ]
    page.services = [service(no_fee=True, fee=None)]
    assert missing(page) == []
    assert missing(ita.ServiceManualsPage(title="ว่าง")) == [
        "at least one service",
        "a name for every service",
        "the responsible unit of every service",
        "the steps of every service",
        "the duration of every service",
        "the channels of every service",
        "the fee of every service, or “no fee”",
        "the required documents of every service",
    ]


def test_annual_plan_needs_projects_with_budget():
    page = ita.AnnualPlanPage(title="แผน", fiscal_year=2568)
    assert missing(page)[0] == "at least one project or activity"
    page.projects = [plan_project("ถนน", "100000"), plan_project("อบรม", "0")]
    assert missing(page) == ["a budget for every project (อบรม)"]


def test_plan_progress_needs_every_project_of_its_plan():
    project_a = plan_project("ถนน", "100000")
    project_a.pk = 1
    page = ita.PlanProgressPage(title="ไตรมาส 1", fiscal_year=2568, quarter=1)
    page.entries = [
        ita.PlanProgressEntry(
            project=project_a, progress_percent=10, budget_disbursed=Decimal(0)
        )
    ]
    page._ita_plan_projects = [(1, "ถนน"), (2, "อบรม")]
    assert missing(page) == ["progress for every project of the plan (อบรม)"]


def test_annual_report_needs_results_findings_and_recommendations():
    page = ita.AnnualReportPage(title="รายงาน", fiscal_year=2567, summary="<p> </p>")
    assert missing(page) == [
        "the year's results (entries or report document)",
        "assessment findings",
        "at least one recommendation for improvement",
    ]


def test_integrity_declaration_needs_a_statement_with_text():
    page = ita.IntegrityDeclarationPage(
        title="เจตจำนง",
        fiscal_year=2568,
        executive_name="นายก",
        declaration_date=TODAY,
        statement="<p></p>",
    )
    assert missing(page) == ["statement"]


def test_manuals_and_laws_need_a_document_or_link():
    manuals = ita.OperatingManualsPage(title="คู่มือ")
    assert missing(manuals) == [
        "at least one operating manual",
        "a document for every manual",
    ]
    laws = ita.RelatedLawsPage(
        title="กฎหมาย",
        laws=[("law", {"title": "พ.ร.บ.", "link": "", "category": "act"})],
    )
    assert missing(laws) == ["a link or document for every law (พ.ร.บ.)"]


def test_news_index_needs_a_published_article():
    page = ita.NewsIndexPage(title="ข่าว")
    page.ita_live_news_count = 0
    assert missing(page) == ["at least one published news article"]
    page.ita_live_news_count = 3
    assert missing(page) == []


def test_names_are_shortened_after_five():
    from ita_wagtail.models.completeness import names_list

    assert names_list(["a", "b"]) == "a, b"
    assert names_list([str(i) for i in range(8)]) == "0, 1, 2, 3, 4 and 3 more"
