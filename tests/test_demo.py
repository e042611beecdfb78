"""The demo municipality loader: ``manage.py ita_load_demo``.

Loading the demo takes a few seconds, so one test loads it and checks the
whole result; the fiscal-year logic is tested on its own at fixed dates.
"""

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, Site

from example_site.home import demo, demo_facts, demo_procurement
from example_site.home.models import HomePage
from ita_wagtail.blocks import WING_PERMANENT, WING_POLITICAL
from ita_wagtail.models import (
    AnnualPlanPage,
    AnnualPlanProject,
    AnnualReportPage,
    AuthorityDutiesPage,
    ComplaintPage,
    ComplianceSettings,
    ComplianceSnapshot,
    ContactPage,
    DevelopmentPlanPage,
    DisclosurePageMixin,
    ExecutivesPage,
    IntegrityDeclarationPage,
    ItaIndexPage,
    NewsPage,
    OperatingManualsPage,
    OrganisationStructurePage,
    PlanProgressEntry,
    PlanProgressPage,
    Procurement,
    ProcurementBid,
    ProcurementPlanItem,
    RelatedLawsPage,
    ResponsibleUnit,
    ServiceManualsPage,
    collect_disclosures,
)
from ita_wagtail.models.plans import ProgressStatus
from ita_wagtail.setup import setup_ita_section
from ita_wagtail.thai import BANGKOK, fiscal_year, last_ended_quarter, today

REQUIRED_ITEMS = [
    "5.1",
    "5.2",
    "5.3",
    "5.4",
    "5.5",
    "5.6",
    "5.8",
    "5.9",
    "5.10",
    "5.11",
]
#: The compliance demo backdates these pages so that the dashboard has
#: something out of date to show; every other page is fresh.
STALE_IN_DEMO = (OperatingManualsPage, RelatedLawsPage)


def load_demo(*args):
    out = io.StringIO()
    call_command("ita_load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    """Rows the demo creates; a second run must leave every one unchanged."""
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "users": get_user_model().objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "projects": AnnualPlanProject.objects.count(),
        "progress entries": PlanProgressEntry.objects.count(),
        "units": ResponsibleUnit.objects.count(),
        "revisions": Revision.objects.count(),
    }


def live(model):
    return model.objects.live().order_by("path")


def stream_fields(page):
    return [f for f in page._meta.get_fields() if isinstance(f, StreamField)]


@pytest.mark.django_db
def test_demo_loads_a_complete_published_municipality():
    output = load_demo()
    assert "http://127.0.0.1:8000/" in output
    assert "http://127.0.0.1:8000/admin/" in output
    assert "admin-ita-demo" in output

    # The welcome page is replaced by the demo home page, the default site.
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "127.0.0.1",
        8000,
        "เทศบาลตำบลตัวอย่าง",
    )
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live
    assert home.welcome and 'linktype="page"' in home.body
    assert Page.objects.filter(depth=2).count() == 1

    index = ItaIndexPage.objects.live().descendant_of(home).get()
    assert index.title == "การเปิดเผยข้อมูลสาธารณะ (ITA)"
    assert not Page.objects.descendant_of(index).not_live().exists()

    # Every item the demo covers is published with a responsible unit, and
    # fresh but for the pages the compliance demo deliberately left stale:
    # 5.8 (operating manuals) entirely, 5.1 only in its related laws part.
    now = timezone.now()
    disclosures = {d.code: d for d in collect_disclosures(index)}
    for code in REQUIRED_ITEMS:
        disclosure = disclosures[code]
        assert disclosure.is_published, code
        fresh = now - disclosure.last_updated < timedelta(days=90)
        assert fresh == (code != "5.8"), code
        for part in disclosure.parts:
            assert part.is_published, (code, part.title)
            assert part.unit is not None
    disclosure_pages = [
        page
        for page in Page.objects.descendant_of(index).specific()
        if isinstance(page, DisclosurePageMixin)
    ]
    for page in disclosure_pages:
        assert page.responsible_unit is not None, page.title
    stale = {
        type(page)
        for page in disclosure_pages
        if now - page.last_published_at >= timedelta(days=90)
    }
    assert stale == set(STALE_IN_DEMO)
    assert len({p.last_published_at.date() for p in disclosure_pages}) >= 8
    assert live(RelatedLawsPage).get().responsible_unit.code == "legal"

    check_basic_information()
    check_news()
    check_plans_and_reports()
    check_manuals()

    # Structured content is valid as the admin's forms would require it.
    for page in Page.objects.descendant_of(home, inclusive=True).specific():
        for field in stream_fields(page):
            field.stream_block.clean(getattr(page, field.name))

    # Media are real files: PDFs and images with titles.
    for document in get_document_model().objects.all():
        assert document.title
        with document.open_file() as handle:
            assert handle.read(5) == b"%PDF-", document.title
    for image in get_image_model().objects.all():
        with image.open_file() as handle, Image.open(handle) as picture:
            assert picture.size == (image.width, image.height)

    # Running it again changes nothing.
    before = counts()
    assert "already loaded" in load_demo()
    assert counts() == before

    client = Client()
    assert client.login(username="admin", password="admin-ita-demo")
    assert client.get("/admin/").status_code == 200
    client.logout()
    # One page of each type is enough to show the demo content renders.
    one_of_each = {}
    for page in Page.objects.live().descendant_of(home, inclusive=True):
        one_of_each.setdefault(page.content_type_id, page)
    for page in one_of_each.values():
        assert client.get(page.url).status_code == 200, page.url


def check_basic_information():
    structure = live(OrganisationStructurePage).get()
    assert structure.chart_image and structure.chart_document
    wings = structure.units_by_wing()
    assert wings[WING_POLITICAL] and wings[WING_PERMANENT]
    names = {unit.value["name"] for unit in structure.units}
    for unit in ("สภาเทศบาลตำบลตัวอย่าง", "นายกเทศมนตรี", "ปลัดเทศบาล", "กองคลัง"):
        assert unit in names

    executives = [e.value for e in live(ExecutivesPage).get().executives]
    assert len(executives) >= 8
    assert {e["wing"] for e in executives} == {WING_POLITICAL, WING_PERMANENT}
    for executive in executives:
        assert executive["photo"] and executive["phone"] and executive["email"]

    duties = [d.value for d in live(AuthorityDutiesPage).get().duties]
    assert len(duties) >= 8
    bases = " ".join(d["legal_basis"] for d in duties)
    for cited in ("มาตรา 50", "มาตรา 51", "มาตรา 16"):
        assert cited in bases

    plan = live(DevelopmentPlanPage).get()
    assert (plan.start_year, plan.end_year) == demo.plan_cycle(fiscal_year(today()))
    assert plan.vision and plan.plan_document and 5 <= len(plan.strategies) <= 6

    contact = live(ContactPage).get()
    for value in (contact.address, contact.fax, contact.email, contact.office_hours):
        assert value
    assert contact.phones and contact.social_channels and contact.map_link

    laws = [law.value for law in live(RelatedLawsPage).get().laws]
    assert len(laws) >= 6
    assert all(law["document"] or law["link"] for law in laws)


def check_news():
    news = list(live(NewsPage))
    assert len(news) >= 8
    assert all(item.image and item.intro and item.body for item in news)
    ages = [(today() - item.date).days for item in news]
    assert min(ages) >= 0 and max(ages) <= 122
    assert len({(item.date.year, item.date.month) for item in news}) >= 4


def check_plans_and_reports():
    fy = fiscal_year(today())
    plans = {plan.fiscal_year: plan for plan in live(AnnualPlanPage)}
    current = plans[fy]
    projects = list(current.projects.all())
    assert len(projects) >= 12
    assert all(isinstance(p.budget, Decimal) and p.budget > 0 for p in projects)
    assert len({p.strategy for p in projects}) >= 5
    assert len({p.budget_source for p in projects}) >= 3
    assert len({p.responsible_unit_id for p in projects}) >= 4
    assert len({(p.start_month, p.end_month) for p in projects}) >= 6
    assert current.plan_document

    # Reports sit under the plan of their year and cover each of its projects.
    for report in live(PlanProgressPage):
        plan = report.get_parent().specific
        assert report.fiscal_year == plan.fiscal_year
        reported = [entry.project for entry in report.entries.all()]
        assert sorted(p.pk for p in reported) == sorted(
            p.pk for p in plan.projects.all()
        )
        assert report.report_document and report.summary
    report_fy, quarter = last_ended_quarter(today())
    assert live(PlanProgressPage).filter(fiscal_year=report_fy, quarter=quarter)

    report = live(AnnualReportPage).get()
    assert report.fiscal_year == fy - 1
    assert report.results and report.assessment_findings and report.report_document
    assert len(report.recommendations) >= 3

    declaration = live(IntegrityDeclarationPage).get()
    assert declaration.fiscal_year == fy
    assert declaration.executive_name and declaration.statement
    assert declaration.declaration_date <= today() and declaration.signed_document


def check_manuals():
    manuals = [m.value for m in live(OperatingManualsPage).get().manuals]
    assert len(manuals) >= 5 and all(m["document"] for m in manuals)

    services = {
        s.value["name"]: s.value for s in live(ServiceManualsPage).get().services
    }
    for name in (
        "ขออนุญาตก่อสร้างอาคาร",
        "ชำระภาษีที่ดินและสิ่งปลูกสร้าง",
        "ลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ",
        "ขอรับการสนับสนุนน้ำอุปโภคบริโภค",
        "แจ้งเหตุเรื่องร้องทุกข์",
        "ขอใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
    ):
        service = services[name]
        assert service["steps"] and service["duration"] and service["channels"]
        assert service["required_documents"] and service["manual"]
        assert service["no_fee"] != (service["fee"] is not None)


# --------------------------------------------------------------------------
# 5.4 and 5.5 at fixed dates: which plans and which progress reports
# --------------------------------------------------------------------------


def build_plans_on(moment):
    with time_machine.travel(moment, tick=False):
        loader = demo.DemoLoader()
        loader.admin, _ = loader.ensure_admin()
        site, home = loader.ensure_site_and_home()
        loader.media = demo.DemoMedia(loader.admin)
        loader.units = loader.update_units()
        drafts = {type(s.page): s.page for s in setup_ita_section(site, home).steps}
        loader.build_plans(
            drafts[ItaIndexPage], drafts[AnnualPlanPage], drafts[PlanProgressPage]
        )
    return {
        (report.get_parent().specific.fiscal_year, report.fiscal_year, report.quarter)
        for report in live(PlanProgressPage)
    }


@pytest.mark.django_db
def test_first_quarter_reports_on_the_previous_years_plan():
    # 25 November 2569 B.E. is in Q1 of FY 2570: the last ended quarter is
    # FY 2569's fourth, which must sit under a FY 2569 plan.
    reports = build_plans_on(datetime(2026, 11, 25, 10, tzinfo=BANGKOK))
    assert reports == {(2569, 2569, 4), (2570, 2570, 1)}
    assert set(live(AnnualPlanPage).values_list("fiscal_year", flat=True)) == {
        2569,
        2570,
    }
    interim = live(PlanProgressPage).get(fiscal_year=2570)
    assert "ข้อมูล ณ วันที่" in interim.title


@pytest.mark.django_db
def test_later_quarters_report_on_the_current_plan():
    reports = build_plans_on(datetime(2027, 5, 20, 10, tzinfo=BANGKOK))
    assert reports == {(2570, 2570, 2)}
    assert list(live(AnnualPlanPage).values_list("fiscal_year", flat=True)) == [2570]


# --------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------


def spec(**overrides):
    values = {
        "name": "โครงการทดสอบ",
        "strategy_key": "infrastructure",
        "budget": Decimal("120000.00"),
        "source": "municipal",
        "start_month": 11,
        "end_month": 4,
        "unit_code": "engineering",
        "saving": Decimal("0.05"),
    }
    return demo.ProjectSpec(**{**values, **overrides})


def test_progress_follows_the_project_months():
    project = spec()
    before = demo.project_progress(project, 2570, date(2026, 10, 31))
    assert (before.percent, before.status) == (0, ProgressStatus.NOT_STARTED)
    during = demo.project_progress(project, 2570, date(2027, 1, 31))
    assert during.status == ProgressStatus.IN_PROGRESS
    assert 0 < during.percent < 100 and 0 < during.disbursed < project.budget
    done = demo.project_progress(project, 2570, date(2027, 4, 30))
    assert (done.percent, done.status) == (100, ProgressStatus.COMPLETED)
    assert done.disbursed == Decimal("114000.00")


def test_progress_of_special_projects():
    monthly = spec(pattern="monthly", start_month=10, end_month=9, saving=Decimal(0))
    # End of December: three of twelve monthly payments made.
    paid = demo.project_progress(monthly, 2570, date(2026, 12, 31))
    assert paid.disbursed == Decimal("30000.00")
    late = demo.project_progress(spec(overrun=True), 2570, date(2027, 9, 30))
    assert late.status == ProgressStatus.IN_PROGRESS and late.percent < 100
    postponed = demo.project_progress(spec(postponed="เลื่อน"), 2570, date(2027, 2, 1))
    assert (postponed.status, postponed.disbursed) == (ProgressStatus.POSTPONED, 0)


def test_previous_years_plan_is_a_little_smaller():
    content = demo.load_content(2570, date(2026, 11, 25))
    current = demo.project_specs(content, 2570, 2570)
    previous = demo.project_specs(content, 2569, 2570)
    assert len(current) == len(previous) >= 12
    assert all(p.budget < c.budget for p, c in zip(previous, current, strict=True))
    assert all(p.budget % 1000 == 0 for p in previous)


@pytest.mark.parametrize(
    ("fy", "cycle"), [(2566, (2566, 2570)), (2570, (2566, 2570)), (2571, (2571, 2575))]
)
def test_development_plan_cycle(fy, cycle):
    assert demo.plan_cycle(fy) == cycle


def test_wrapping_keeps_thai_marks_with_their_letters():
    font = demo.font(18)
    text = "ระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำแผนพัฒนาขององค์กรปกครองส่วนท้องถิ่น"
    lines = demo.wrap(text, font, 120)
    assert len(lines) > 1 and "".join(lines) == text
    for line in lines:
        assert line[0] not in demo._THAI_MARKS
        assert font.getlength(line) <= 120


def test_documents_are_pdfs_and_survive_without_a_thai_font(monkeypatch):
    sheet = demo.Sheet("เทศบาลตำบลตัวอย่าง", "ทดสอบ")
    for _ in range(40):
        sheet.paragraph("ย่อหน้าทดสอบ " * 20)
    assert len(sheet.pages) > 1
    assert sheet.pdf().startswith(b"%PDF-")

    monkeypatch.setattr(demo, "font_path", lambda bold=False: None)
    demo.font.cache_clear()
    try:
        with Image.open(io.BytesIO(demo.draw_avatar("นายทดสอบ ระบบ", "#336699"))) as im:
            assert im.size == (240, 300)
    finally:
        demo.font.cache_clear()


@pytest.mark.django_db
def test_ita_pages_already_under_the_welcome_page_are_kept(default_site):
    # A developer database where ita_setup ran before the demo was loaded.
    setup_ita_section(default_site)
    loader = demo.DemoLoader()
    loader.admin, _ = loader.ensure_admin()
    site, home = loader.ensure_site_and_home()
    assert site.pk == default_site.pk and site.root_page_id == home.pk
    assert ItaIndexPage.objects.child_of(home).count() == 1
    assert ItaIndexPage.objects.count() == 1
    assert Page.objects.filter(depth=2).get().pk == home.pk


@pytest.mark.django_db
def test_reset_removes_the_demo_pages_and_media_first():
    build_plans_on(datetime(2027, 5, 20, 10, tzinfo=BANGKOK))
    home = HomePage.objects.get()
    assert get_document_model().objects.exists()
    loader = demo.DemoLoader()
    loader.media = demo.DemoMedia(get_user_model().objects.get(username="admin"))
    loader.clear(home)
    assert not Page.objects.descendant_of(home).exists()
    assert not AnnualPlanProject.objects.exists()
    assert not get_document_model().objects.exists()
    assert not get_image_model().objects.exists()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk


# --------------------------------------------------------------------------
# One municipality everywhere: the facts of demo_facts, on every page
# --------------------------------------------------------------------------

#: Statuses of a procurement that come before the bidding closes: no bids yet.
BEFORE_BIDDING = ("planned", "announced")


def _footer(html):
    return html[html.index('<footer class="site-footer"') :]


def _without_tags(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_demo_is_one_consistent_municipality():
    output = load_demo("--port", "8106")
    # The port the server will use, and the workbook as a file to pick.
    assert "http://127.0.0.1:8106/" in output and ":8000" not in output
    workbook = re.search(r"Sample สขร\.1 workbook to import: (\S+)", output)
    assert workbook, output
    assert workbook[1].endswith(".xlsx") and "://" not in workbook[1]
    assert "/media/" not in workbook[1] or Path(workbook[1]).is_absolute()
    assert default_storage.exists(demo_procurement.SAMPLE_PATH)
    site = Site.objects.get(is_default_site=True)
    assert site.port == 8106

    # The mayor of the executives page signs the quarterly report and the
    # integrity declaration; the head of the clerk's office signs for it.
    people = {
        e.value["position"]: e.value for e in live(ExecutivesPage).get().executives
    }
    mayor = people[demo_facts.MAYOR["position"]]["name"]
    head_of_clerk_office = people["หัวหน้าสำนักปลัดเทศบาล"]["name"]
    settings_row = ComplianceSettings.for_site(site)
    assert settings_row.executive_name == mayor
    assert settings_row.clerk_name == head_of_clerk_office
    snapshots = list(ComplianceSnapshot.objects.filter(site=site))
    assert snapshots
    for snapshot in snapshots:
        signed = {s["position"]: s["name"] for s in snapshot.data["signatures"]}
        assert signed[demo_facts.MAYOR["position"]] == mayor
        assert head_of_clerk_office in signed.values()
    assert live(IntegrityDeclarationPage).get().executive_name == mayor
    names = [settings_row.reporting_officer_name, *[p["name"] for p in people.values()]]
    for joke in ("ตรงไปตรงมา", "ขยันยิ่ง", "ตั้งใจ", "ขยันดี"):
        assert not any(joke in name for name in names), joke

    # The channel pages give the phone and postcode of the site's footer.
    client = Client()
    complaint = live(ComplaintPage).get()
    html = client.get(complaint.url).content.decode()
    footer = _without_tags(_footer(html))
    footer_postcodes = set(re.findall(r"\b\d{5}\b", footer))
    assert demo_facts.MAIN_PHONE in footer and footer_postcodes == {demo_facts.POSTCODE}
    details = {
        block.value["kind"]: block.value["detail"] for block in complaint.other_channels
    }
    assert details["phone"].startswith(f"โทร {demo_facts.MAIN_PHONE} ต่อ ")
    assert set(re.findall(r"\b\d{5}\b", details["letter"])) == footer_postcodes
    assert not re.search(r"0 4400|042-", " ".join(details.values()))
    contact = live(ContactPage).get()
    assert contact.address == demo_facts.ADDRESS
    assert demo_facts.MAIN_PHONE in [p.value["number"] for p in contact.phones]

    # Bids are listed once the bidding has closed, never before.
    early = Procurement.objects.filter(status__in=BEFORE_BIDDING)
    assert not ProcurementBid.objects.filter(procurement__in=early).exists()
    assert ProcurementBid.objects.exists()
    # A garbage truck is bought from vehicle dealers, not a garage or a shop.
    trucks = ProcurementBid.objects.filter(procurement__name__contains="รถบรรทุกขยะ")
    truck_bidders = set(
        trucks.filter(procurement__method="e_bidding").values_list(
            "bidder_name", flat=True
        )
    )
    assert truck_bidders  # last year's truck has been bought
    for bidder in truck_bidders:
        assert bidder.startswith("บริษัท") and "อู่" not in bidder, bidder
        assert "อะไหล่" not in bidder, bidder

    # The works in the procurement plan are the annual plan's projects.
    plans = {plan.fiscal_year: plan for plan in live(AnnualPlanPage)}
    checked = 0
    for item in ProcurementPlanItem.objects.filter(category="construction"):
        plan = plans.get(item.plan.fiscal_year)
        if plan is None:
            continue
        projects = {p.name: p.budget for p in plan.projects.all()}
        project = "โครงการ" + item.name.removeprefix("จ้าง")
        assert project in projects, (item.name, sorted(projects))
        assert projects[project] == item.budget
        checked += 1
    assert checked >= 3


def test_demo_images_have_thai_letters_without_system_fonts(monkeypatch):
    # No system font directory at all: the demo's own Sarabun is used.
    monkeypatch.setattr(demo, "_FONT_DIRS", [])
    monkeypatch.delenv("ITA_DEMO_FONT", raising=False)
    demo.font_path.cache_clear()
    demo.font.cache_clear()
    try:
        path = demo.font_path()
        assert path and Path(path).name == "Sarabun-Regular.ttf"
        assert Path(demo.font_path(bold=True)).name == "Sarabun-Bold.ttf"
        licence = Path(path).with_name("OFL.txt").read_text(encoding="utf-8")
        assert "SIL Open Font License" in licence
        fnt = demo.font(40)
        # Distinct letters draw distinct glyphs: no "missing glyph" boxes.
        masks = {bytes(fnt.getmask(letter)) for letter in "กขคงจ"}
        assert len(masks) == 5
    finally:
        demo.font_path.cache_clear()
        demo.font.cache_clear()
