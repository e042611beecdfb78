"""Pages with complete content, published at a chosen moment, for scoring tests."""

from datetime import date, datetime
from decimal import Decimal

import time_machine
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from ita_wagtail import models as ita
from ita_wagtail.thai import BANGKOK, fiscal_months
from tests.factories import executive, plan_project, service
from tests.procurement.factories import make_plan, make_procurement

#: 15 November 2567 (B.E.) at 10:00 in Bangkok: fiscal year 2568, quarter 1.
T0 = datetime(2024, 11, 15, 10, 0, tzinfo=BANGKOK)


def at(moment):
    """Freeze time (Bangkok wall clock) while publishing or reviewing."""
    return time_machine.travel(moment, tick=False)


def image(title="photo"):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=f"{title}.png")
    )


def document(title="document"):
    doc = get_document_model()(title=title)
    doc.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc


def publish(page, **fields):
    page = type(page.specific).objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(clean=False).publish()
    return type(page).objects.get(pk=page.pk)


def complete_content(section, fiscal_year=2568, quarter=1):
    """Field values that make every page ita_setup created complete.

    Returns {page model: {field: value}}; child rows (plan projects, progress
    entries) are added by :func:`publish_complete`.
    """
    photo = image("mayor")
    chart = image("chart")
    manual = document("manual")
    return {
        ita.OrganisationStructurePage: {
            "chart_image": chart,
            "units": [
                ("unit", {"name": "สภาเทศบาล", "wing": "political"}),
                ("unit", {"name": "สำนักปลัดเทศบาล", "wing": "permanent"}),
            ],
        },
        ita.ExecutivesPage: {
            "executives": [
                executive(
                    "นายสมชาย ใจดี",
                    "นายกเทศมนตรี",
                    "political",
                    photo=photo,
                    phone="042-000-001",
                ),
                executive(
                    "นางสมศรี รักงาน",
                    "ปลัดเทศบาล",
                    "permanent",
                    photo=photo,
                    email="clerk@example.go.th",
                ),
            ]
        },
        ita.AuthorityDutiesPage: {
            "duties": [
                ("duty", {"duty": "รักษาความสงบเรียบร้อย", "legal_basis": "มาตรา 50"})
            ]
        },
        ita.DevelopmentPlanPage: {
            "plan_title": "แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)",
            "start_year": 2566,
            "end_year": 2570,
            "strategies": [("strategy", {"title": "โครงสร้างพื้นฐาน"})],
        },
        ita.ContactPage: {
            "address": "99 หมู่ 1 ตำบลตัวอย่าง",
            "phones": [("phone", {"label": "สำนักปลัด", "number": "042-000-000"})],
            "email": "saraban@example.go.th",
            "office_hours": "วันจันทร์ – วันศุกร์ 08.30 – 16.30 น.",
        },
        ita.RelatedLawsPage: {
            "laws": [
                (
                    "law",
                    {
                        "title": "พระราชบัญญัติเทศบาล พ.ศ. 2496",
                        "link": "https://www.krisdika.go.th/",
                        "category": "act",
                    },
                )
            ]
        },
        ita.IntegrityDeclarationPage: {
            "fiscal_year": fiscal_year,
            "executive_name": "นายสมชาย ใจดี",
            "executive_position": "นายกเทศมนตรี",
            "declaration_date": T0.date(),
            "statement": "<p>ข้าพเจ้าจะบริหารงานด้วยความซื่อสัตย์สุจริต</p>",
        },
        ita.AnnualPlanPage: {"fiscal_year": fiscal_year},
        ita.PlanProgressPage: {"fiscal_year": fiscal_year, "quarter": quarter},
        ita.AnnualReportPage: {
            "fiscal_year": fiscal_year - 1,
            "results": [
                ("result", {"topic": "โครงสร้างพื้นฐาน", "result": "ก่อสร้างถนน 3 สาย"})
            ],
            "assessment_findings": "<p>บรรลุเป้าหมายร้อยละ 85</p>",
            "recommendations": [
                ("recommendation", {"recommendation": "เร่งรัดการเบิกจ่าย"})
            ],
        },
        ita.OperatingManualsPage: {
            "manuals": [
                ("manual", {"title": "คู่มือการปฏิบัติงานสารบรรณ", "document": manual})
            ]
        },
        ita.ServiceManualsPage: {"services": [service()]},
    }


def publish_complete(section, when=T0, fiscal_year=2568, quarter=1):
    """Publish every page of ``section`` (ita_setup's {model: page}) complete."""
    content = complete_content(section, fiscal_year, quarter)
    published = {}
    with at(when):
        for model, page in section.items():
            fields = content.get(model, {})
            if model is ita.AnnualPlanPage:
                page = type(page).objects.get(pk=page.pk)
                page.fiscal_year = fiscal_year
                page.projects = [
                    plan_project("ถนนคอนกรีตหมู่ 1", "500000"),
                    plan_project("ฝึกอบรมอาสาสมัคร", "80000", start_month=1, end_month=3),
                ]
                page.save_revision(clean=False).publish()
                published[model] = type(page).objects.get(pk=page.pk)
                continue
            published[model] = publish(page, **fields)
        progress = published.get(ita.PlanProgressPage)
        if progress is not None:
            plan = published[ita.AnnualPlanPage]
            progress.entries = [
                ita.PlanProgressEntry(
                    project=project,
                    progress_percent=50,
                    budget_disbursed=Decimal("1000"),
                )
                for project in plan.projects.all()
            ]
            progress.save_revision(clean=False).publish()
            published[ita.PlanProgressPage] = type(progress).objects.get(pk=progress.pk)
        news_index = published.get(ita.NewsIndexPage)
        if news_index is not None:
            article = ita.NewsPage(
                title="ประชุมประชาคม", slug="meeting", date=when.date()
            )
            news_index.add_child(instance=article)
            article.save_revision(clean=False).publish()
    return published


def publish_procurement(site, fiscal_year=2568, until=None):
    """The procurement register of a site disclosing item 5.7, as of ``until`` (T0).

    The fiscal year's plan, approved and announced in October, and one
    complete record (bidders, supplier, contract) in every month of the year
    up to ``until``: October and November 2567 for T0. Written at ``until``
    (10:00); months after it are gaps once they end, like a page nobody
    updates. Returns the plan.
    """
    until = until or T0.date()
    with at(datetime.combine(until, T0.timetz())):
        plan = make_plan(site, fiscal_year)
        for year, month in fiscal_months(fiscal_year):
            if (year, month) > (until.year, until.month):
                break
            make_procurement(
                site,
                fiscal_year=fiscal_year,
                announcement_date=date(year, month, 3),
                contract_date=date(year, month, 10),
            )
    return plan
