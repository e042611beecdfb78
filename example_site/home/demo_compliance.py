"""The compliance part of the demo municipality: a dashboard worth looking at.

``load_compliance_demo(site, stdout)`` is called by ``manage.py ita_load_demo``
after the demo content is in place. It leaves the site the way a clerk would
find a real one:

* most items published, complete and current;
* two pages not updated or reviewed for four months (out of date);
* one item missing: the annual performance report waits as a draft;
* a review record ("still correct") on the executives page;
* settings with the signatories, units with e-mail addresses for reminders,
  a "clerk's office" group for the unit's staff;
* quarterly reports for the two quarters that have ended, and one for the
  last quarter of the fiscal year before them; each keeps the list (criteria
  set) the site answered in its fiscal year (see ``demo_oit``).

It is idempotent and only fills pages that have never been published, so it
works on top of whatever content the demo command has already loaded.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from example_site.home import demo_facts as facts
from ita_wagtail import models as ita
from ita_wagtail.setup import setup_ita_section
from ita_wagtail.thai import fiscal_quarter, fiscal_year, last_ended_quarter, today

STALE_AGE = timedelta(days=125)

UNIT_EMAILS = {code: contact["email"] for code, contact in facts.UNIT_CONTACTS.items()}
UNIT_EMAILS["clerk_office"] = facts.MUNICIPALITY["email"]


def _image(title, colour):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image

    model = get_image_model()
    found = model.objects.filter(title=title).first()
    if found:
        return found
    buffer = BytesIO()
    Image.new("RGB", (320, 400), colour).save(buffer, "PNG")
    name = f"demo-{len(title)}-{colour.strip('#')}.png"
    image = model(title=title, file=ImageFile(buffer, name=name))
    image.save()
    return image


def _document(title):
    model = get_document_model()
    found = model.objects.filter(title=title).first()
    if found:
        return found
    document = model(title=title)
    document.file.save(
        f"demo-{len(title)}.pdf",
        ContentFile(b"%PDF-1.4\n% demo document\n"),
        save=False,
    )
    document.save()
    return document


def _content(fy):
    """Field values for each page type, for fiscal year ``fy``."""
    mayor_facts, clerk_facts = facts.MAYOR, facts.person("clerk")
    deputy_facts = facts.person("deputy_mayor_1")
    mayor = _image(f"{mayor_facts['name']} {mayor_facts['position']}", "#d9c7a3")
    clerk = _image(f"{clerk_facts['name']} {clerk_facts['position']}", "#a3c0d9")
    chart = _image("แผนภูมิโครงสร้างเทศบาลตำบลตัวอย่าง", "#e8e8e8")
    return {
        ita.OrganisationStructurePage: {
            "chart_image": chart,
            "units": [
                (
                    "unit",
                    {
                        "name": "สภาเทศบาล",
                        "wing": "political",
                        "head_position": "ประธานสภาเทศบาล",
                    },
                ),
                (
                    "unit",
                    {
                        "name": "คณะผู้บริหาร",
                        "wing": "political",
                        "head_position": "นายกเทศมนตรี",
                    },
                ),
                (
                    "unit",
                    {
                        "name": "สำนักปลัดเทศบาล",
                        "wing": "permanent",
                        "head_position": "หัวหน้าสำนักปลัดเทศบาล",
                    },
                ),
                (
                    "unit",
                    {
                        "name": "กองคลัง",
                        "wing": "permanent",
                        "head_position": "ผู้อำนวยการกองคลัง",
                    },
                ),
                (
                    "unit",
                    {
                        "name": "กองช่าง",
                        "wing": "permanent",
                        "head_position": "ผู้อำนวยการกองช่าง",
                    },
                ),
            ],
        },
        ita.ExecutivesPage: {
            "executives": [
                (
                    "executive",
                    {
                        "name": mayor_facts["name"],
                        "position": mayor_facts["position"],
                        "wing": "political",
                        "photo": mayor,
                        "phone": mayor_facts["phone"],
                        "email": mayor_facts["email"],
                    },
                ),
                (
                    "executive",
                    {
                        "name": deputy_facts["name"],
                        "position": deputy_facts["position"],
                        "wing": "political",
                        "photo": mayor,
                        "phone": deputy_facts["phone"],
                    },
                ),
                (
                    "executive",
                    {
                        "name": clerk_facts["name"],
                        "position": clerk_facts["position"],
                        "wing": "permanent",
                        "photo": clerk,
                        "phone": clerk_facts["phone"],
                        "email": clerk_facts["email"],
                    },
                ),
            ]
        },
        ita.AuthorityDutiesPage: {
            "duties": [
                (
                    "duty",
                    {
                        "duty": "รักษาความสงบเรียบร้อยของประชาชน",
                        "legal_basis": "พ.ร.บ.เทศบาล พ.ศ. 2496 มาตรา 50 (1)",
                    },
                ),
                (
                    "duty",
                    {
                        "duty": "ให้มีและบำรุงทางบกและทางน้ำ",
                        "legal_basis": "พ.ร.บ.เทศบาล พ.ศ. 2496 มาตรา 50 (2)",
                    },
                ),
                (
                    "duty",
                    {
                        "duty": "รักษาความสะอาดของถนน ทางเดิน และที่สาธารณะ รวมทั้งการกำจัดมูลฝอย",
                        "legal_basis": "พ.ร.บ.เทศบาล พ.ศ. 2496 มาตรา 50 (3)",
                    },
                ),
            ]
        },
        ita.DevelopmentPlanPage: {
            "plan_title": f"แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570) {facts.NAME}",
            "start_year": 2566,
            "end_year": 2570,
            "vision": "ตำบลน่าอยู่ เศรษฐกิจมั่นคง ประชาชนมีคุณภาพชีวิตที่ดี",
            "strategies": [
                ("strategy", {"title": "การพัฒนาโครงสร้างพื้นฐาน"}),
                ("strategy", {"title": "การพัฒนาคุณภาพชีวิตและสังคม"}),
                ("strategy", {"title": "การบริหารจัดการบ้านเมืองที่ดี"}),
            ],
        },
        ita.ContactPage: {
            "office_name": f"สำนักงาน{facts.NAME}",
            "address": facts.ADDRESS,
            "phones": [
                (
                    "phone",
                    {"label": "สำนักงานเทศบาล (โทรศัพท์กลาง)", "number": facts.MAIN_PHONE},
                ),
                (
                    "phone",
                    {
                        "label": "สำนักปลัดเทศบาล",
                        "number": facts.UNIT_CONTACTS["clerk_office"]["phone"],
                    },
                ),
                (
                    "phone",
                    {
                        "label": "กองคลัง",
                        "number": facts.UNIT_CONTACTS["finance"]["phone"],
                    },
                ),
            ],
            "email": facts.MUNICIPALITY["email"],
            "office_hours": "วันจันทร์ – วันศุกร์ 08.30 – 16.30 น. (เว้นวันหยุดราชการ)",
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
                ),
                (
                    "law",
                    {
                        "title": "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540",
                        "link": "https://www.oic.go.th/",
                        "category": "act",
                    },
                ),
            ]
        },
        ita.IntegrityDeclarationPage: {
            "fiscal_year": fy,
            "executive_name": mayor_facts["name"],
            "executive_position": mayor_facts["position"],
            "executive_photo": mayor,
            "declaration_date": today() - timedelta(days=30),
            "statement": "<p>ข้าพเจ้าขอประกาศเจตจำนงว่าจะบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้</p>",
        },
        ita.AnnualPlanPage: {"fiscal_year": fy},
        ita.PlanProgressPage: {},
        ita.AnnualReportPage: {
            "fiscal_year": fy - 1,
            "results": [
                (
                    "result",
                    {
                        "topic": "โครงสร้างพื้นฐาน",
                        "result": "ก่อสร้างถนนคอนกรีต 4 สาย ระยะทางรวม 2.3 กิโลเมตร",
                    },
                )
            ],
        },
        ita.OperatingManualsPage: {
            "manuals": [
                (
                    "manual",
                    {
                        "title": "คู่มือการปฏิบัติงานสารบรรณ",
                        "unit": "สำนักปลัดเทศบาล",
                        "document": _document("คู่มือการปฏิบัติงานสารบรรณ"),
                    },
                ),
                (
                    "manual",
                    {
                        "title": "คู่มือการจัดซื้อจัดจ้าง",
                        "unit": "กองคลัง",
                        "document": _document("คู่มือการจัดซื้อจัดจ้าง"),
                    },
                ),
            ]
        },
        ita.ServiceManualsPage: {
            "services": [
                (
                    "service",
                    {
                        "name": "การขออนุญาตก่อสร้างอาคาร",
                        "unit": "กองช่าง",
                        "steps": [
                            {"description": "ยื่นคำขอพร้อมเอกสาร", "duration": "15 นาที"},
                            {"description": "ตรวจสอบสถานที่", "duration": "7 วัน"},
                            {"description": "ออกใบอนุญาต", "duration": "1 วัน"},
                        ],
                        "duration": "45 วัน",
                        "channels": ["office", "online"],
                        "no_fee": False,
                        "fee": Decimal("20.00"),
                        "required_documents": [
                            "สำเนาบัตรประจำตัวประชาชน",
                            "แบบแปลนอาคาร",
                        ],
                    },
                ),
                (
                    "service",
                    {
                        "name": "การรับชำระภาษีป้าย",
                        "unit": "กองคลัง",
                        "steps": [{"description": "ยื่นแบบ ภ.ป.1", "duration": "10 นาที"}],
                        "duration": "1 วันทำการ",
                        "channels": ["office", "one_stop"],
                        "no_fee": True,
                        "fee": None,
                        "required_documents": ["แบบ ภ.ป.1"],
                    },
                ),
            ]
        },
    }


def _never_published(page):
    return not page.live and page.first_published_at is None


def _fill(section, fy, stdout):
    """Publish demo content on pages that have never been published."""
    content = _content(fy)
    filled = []
    for model, page in section.items():
        page = type(page).objects.get(pk=page.pk)
        if model is ita.AnnualReportPage or not _never_published(page):
            continue
        if model not in content and model not in (
            ita.ItaIndexPage,
            ita.BasicInformationPage,
            ita.NewsIndexPage,
        ):
            continue
        for name, value in content.get(model, {}).items():
            setattr(page, name, value)
        if model is ita.AnnualPlanPage:
            page.projects = [
                ita.AnnualPlanProject(
                    name="ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3",
                    strategy="การพัฒนาโครงสร้างพื้นฐาน",
                    budget=Decimal("1250000.00"),
                    start_month=11,
                    end_month=3,
                ),
                ita.AnnualPlanProject(
                    name="ฝึกอบรมอาสาสมัครป้องกันภัยฝ่ายพลเรือน",
                    strategy="การพัฒนาคุณภาพชีวิตและสังคม",
                    budget=Decimal("85000.00"),
                    start_month=1,
                    end_month=2,
                ),
                ita.AnnualPlanProject(
                    name="จัดทำแผนที่ภาษีและทะเบียนทรัพย์สิน",
                    strategy="การบริหารจัดการบ้านเมืองที่ดี",
                    budget=Decimal("300000.00"),
                    start_month=10,
                    end_month=9,
                ),
            ]
        if model is ita.PlanProgressPage:
            continue  # needs the plan's projects: published below
        page.save_revision(clean=False).publish()
        filled.append(page)
    plan = (
        ita.AnnualPlanPage.objects.descendant_of(section[ita.ItaIndexPage])
        .filter(fiscal_year=fy)
        .first()
    )
    progress = section.get(ita.PlanProgressPage)
    if plan and progress is not None:
        progress = type(progress).objects.get(pk=progress.pk)
        if _never_published(progress):
            ended_fy, ended_q = last_ended_quarter(today())
            progress.fiscal_year = fy
            progress.quarter = ended_q if ended_fy == fy else 1
            progress.summary = "<p>ดำเนินการตามแผนแล้วร้อยละ 40 เบิกจ่ายงบประมาณร้อยละ 35</p>"
            progress.entries = [
                ita.PlanProgressEntry(
                    project=project,
                    progress_percent=40 + 20 * n,
                    budget_disbursed=project.budget * Decimal("0.3"),
                    status="in_progress",
                )
                for n, project in enumerate(plan.projects.all())
            ]
            progress.save_revision(clean=False).publish()
            filled.append(progress)
    news = section.get(ita.NewsIndexPage)
    if news is not None and not ita.NewsPage.objects.child_of(news).exists():
        article = ita.NewsPage(
            title="เทศบาลจัดประชุมประชาคมเพื่อจัดทำแผนพัฒนาท้องถิ่น",
            slug="community-meeting",
            intro="เชิญชวนประชาชนร่วมเสนอความคิดเห็นต่อแผนพัฒนาท้องถิ่น",
            date=today() - timedelta(days=5),
        )
        news.add_child(instance=article)
        article.save_revision(clean=False).publish()
        filled.append(article)
    if filled:
        stdout.write(
            f"  compliance demo: published {len(filled)} pages with demo content"
        )
    return filled


def _make_stale(pages, stdout):
    """Backdate pages as if nobody had touched them for four months."""
    moment = timezone.now() - STALE_AGE
    for page in pages:
        ita.PageReview.objects.filter(page_id=page.pk).delete()
        type(page).objects.filter(pk=page.pk).update(
            last_published_at=moment, latest_revision_created_at=moment
        )
        stdout.write(
            f"  compliance demo: “{page.title}” last updated {STALE_AGE.days} days ago"
        )


def _settings(site):
    """The quarterly report's signatories: the people of the executives page."""
    signatories = facts.SIGNATORIES
    settings = ita.ComplianceSettings.for_site(site)
    settings.municipality_name = settings.municipality_name or facts.NAME
    for role in ("reporting_officer", "clerk", "executive"):
        person = signatories[role]
        if not getattr(settings, f"{role}_name"):
            setattr(settings, f"{role}_name", person["name"])
            setattr(settings, f"{role}_position", person["position"])
    settings.reminder_cc = settings.reminder_cc or UNIT_EMAILS["clerk_office"]
    settings.save()
    return settings


def _units():
    group, _created = Group.objects.get_or_create(name="สำนักปลัดเทศบาล (ITA)")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="ita_wagtail", codename="view_compliance_dashboard"
        ),
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
    )
    for code, email in UNIT_EMAILS.items():
        ita.ResponsibleUnit.objects.filter(code=code, email="").update(email=email)
    ita.ResponsibleUnit.objects.filter(code="clerk_office", group__isnull=True).update(
        group=group
    )
    return group


def _review(page, stdout):
    if ita.PageReview.objects.filter(page_id=page.pk).exists():
        return
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    ita.record_review(
        page,
        user=reviewer,
        note="ตรวจสอบรายชื่อและช่องทางติดต่อผู้บริหารแล้ว ข้อมูลยังถูกต้อง",
        when=timezone.now() - timedelta(days=12),
    )
    stdout.write(f"  compliance demo: “{page.title}” marked as reviewed")


def _as_if_missing(site, models, fiscal_year, quarter):
    """The report of a past quarter, scored as if ``models`` were not yet published.

    The demo has no past: it unpublishes those pages inside a savepoint, takes
    the report, rolls the pages back and keeps only the report, so the
    history chart shows a municipality that improved.
    """
    from ita_wagtail.reports.quarterly import take_snapshot

    with transaction.atomic():
        savepoint = transaction.savepoint()
        for model in models:
            for page in model.objects.live().descendant_of(site.root_page):
                page.unpublish(log_action=None)
        taken = take_snapshot(site, fiscal_year, quarter, as_of_quarter_end=True)
        fields = {
            field.attname: getattr(taken, field.attname)
            for field in ita.ComplianceSnapshot._meta.concrete_fields
            if not field.primary_key
        }
        transaction.savepoint_rollback(savepoint)
        return ita.ComplianceSnapshot.objects.create(**fields)


def _snapshots(site, stdout):
    from ita_wagtail.reports.quarterly import QuarterlyReportError

    ended_fy, ended_q = last_ended_quarter(today())
    before = (ended_fy, ended_q - 1) if ended_q > 1 else (ended_fy - 1, 4)
    plans = [
        # The last quarter of the year before, under that year's list (the
        # demo records oit-2568 for 2568): the history starts one year back.
        (
            (before[0] - 1, 4),
            [
                ita.ServiceManualsPage,
                ita.IntegrityDeclarationPage,
                ita.NewsIndexPage,
                ita.ContactPage,
            ],
        ),
        (
            before,
            [ita.ServiceManualsPage, ita.IntegrityDeclarationPage, ita.NewsIndexPage],
        ),
        ((ended_fy, ended_q), [ita.IntegrityDeclarationPage]),
    ]
    for (fy, quarter), missing in plans:
        if ita.ComplianceSnapshot.objects.filter(
            site=site, fiscal_year=fy, quarter=quarter
        ).exists():
            continue
        try:
            snapshot = _as_if_missing(site, missing, fy, quarter)
        except QuarterlyReportError as error:
            stdout.write(f"  compliance demo: no report for Q{quarter}/{fy}: {error}")
            continue
        stdout.write(
            f"  compliance demo: quarterly report {snapshot.label}: {snapshot.score}"
        )


def load_compliance_demo(site, stdout):
    """See the module docstring. ``stdout`` is the command's output stream."""
    fy = fiscal_year(today())
    with transaction.atomic():
        setup_ita_section(site)
        section = {}
        for step in setup_ita_section(site).steps:
            section.setdefault(type(step.page), step.page)
        _fill(section, fy, stdout)
        _settings(site)
        _units()
        stale = [
            page
            for model in (ita.OperatingManualsPage, ita.RelatedLawsPage)
            for page in model.objects.live().descendant_of(site.root_page)[:1]
        ]
        _make_stale(stale, stdout)
        executives = (
            ita.ExecutivesPage.objects.live().descendant_of(site.root_page).first()
        )
        if executives is not None:
            _review(executives, stdout)
    _snapshots(site, stdout)
    return fiscal_quarter(today())
