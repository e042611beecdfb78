"""HR rules, plan and report, and the ethics page (OIT 2569 O13–O15, 2568 O14–O16)."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model

from ita_wagtail import models as ita
from ita_wagtail import thai
from ita_wagtail.criteria import get_criteria_set
from ita_wagtail.models.hr import HrProjectCategory, HrResultStatus, HrRuleKind
from ita_wagtail.scoring.engine import evaluate_site
from tests.factories import ita_section

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569; 2568 has ended


@pytest.fixture(autouse=True)
def _oit_2569(settings):
    settings.ITA_CRITERIA_SET = "oit-2569"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


def document(title, name="file.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4 test file", name=name)
    )


def publish(page):
    page = page.specific
    page.save_revision(clean=False).publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def section():
    pages = ita_section()
    publish(pages[ita.ItaIndexPage])
    return pages


def index():
    return ita.ItaIndexPage.objects.get()


def plan_projects():
    """Two projects: 150,000.00 + 48,500.50 = 198,500.50 baht."""
    return [
        ita.HrPlanProject(
            name="อบรมทักษะดิจิทัลสำหรับพนักงาน",
            category=HrProjectCategory.DEVELOPMENT,
            objective="ใช้ระบบสารบรรณอิเล็กทรอนิกส์ได้",
            target_group="พนักงานเทศบาล 60 คน",
            period="มกราคม – มีนาคม 2569",
            budget=Decimal("150000.00"),
        ),
        ita.HrPlanProject(
            name="สรรหาและบรรจุพนักงานจ้างทดแทนตำแหน่งว่าง",
            category=HrProjectCategory.MANAGEMENT,
            objective="บรรจุตำแหน่งว่างให้ครบ",
            target_group="ผู้สมัครทั่วไป",
            period="ตลอดปีงบประมาณ",
            budget=Decimal("48500.50"),
        ),
    ]


def fill_plan(page, year=2569):
    page.fiscal_year = year
    page.goals = "<p>พัฒนาบุคลากรให้มีสมรรถนะสูง</p>"
    page.plan_document = document(f"แผนพัฒนาบุคลากร {year}")
    page.projects = plan_projects()
    return publish(page)


def fill_criteria(page):
    page.rules = [
        ita.HrRule(
            kind=kind,
            title=f"หลักเกณฑ์{label}",
            summary="สรุป",
            legal_basis="ประกาศ ก.ท.",
            document=document(str(label)),
        )
        for kind, label in HrRuleKind.choices
    ]
    return publish(page)


def fill_ethics(page, year=2569, activity_date=date(2025, 12, 5)):
    page.fiscal_year = year
    page.code_summary = "<p>ยึดมั่นในความซื่อสัตย์สุจริต</p>"
    page.code_document = document("ประมวลจริยธรรม")
    page.group_order_document = document("คำสั่งแต่งตั้งคณะทำงาน")
    page.group_order_date = date(2025, 10, 20)
    page.dos = "รับฟังประชาชนอย่างเท่าเทียม\nแจ้งผลประโยชน์ทับซ้อน"
    page.donts = "ไม่รับของขวัญ\nไม่ใช้รถราชการไปธุระส่วนตัว"
    page.members = [
        ita.EthicsGroupMember(
            name="นางสาวกมลา ใจดี", position="ปลัดเทศบาล", role="ประธาน"
        ),
        ita.EthicsGroupMember(name="นายวิทยา ตรงไป", position="นิติกร", role="เลขานุการ"),
    ]
    page.activities = [
        ita.EthicsActivity(
            date=activity_date,
            title="อบรมจริยธรรมประจำปี",
            participants=85,
            content="ประมวลจริยธรรมและ Do's & Don'ts",
        )
    ]
    return publish(page)


def item(result, code):
    return next(i for i in result.items if i.code == code)


# --- creation rules -----------------------------------------------------------


def test_pages_live_under_the_index_and_take_no_children(section, site_root):
    for model in (ita.HrPlanPage, ita.HrReportPage, ita.EthicsPage):
        assert model.can_create_at(index())
    for model in (ita.HrCriteriaPage, ita.HrPlanPage, ita.HrReportPage, ita.EthicsPage):
        assert not model.can_create_at(site_root)
        assert model.allowed_subpage_models() == []
    # ita_setup started each one as a draft with the right year.
    assert section[ita.HrPlanPage].fiscal_year == 2569
    assert section[ita.EthicsPage].fiscal_year == 2569
    assert section[ita.HrReportPage].fiscal_year == 2568
    # The rules are kept current: one page per index.
    assert not ita.HrCriteriaPage.can_create_at(index())


@pytest.mark.parametrize(
    "model,message",
    [
        (ita.HrPlanPage, "มีแผนการบริหารและพัฒนาทรัพยากรบุคคลของปีงบประมาณ 2569 แล้ว"),
        (ita.EthicsPage, "มีหน้าจริยธรรมของปีงบประมาณ 2569 แล้ว"),
    ],
)
def test_one_page_per_fiscal_year_with_a_thai_error(section, model, message):
    twin = model(title="ซ้ำ", slug="twin", fiscal_year=2569)
    twin._ita_parent = index()
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert message in str(error.value.message_dict["fiscal_year"])
    twin.fiscal_year = 2570
    twin.clean()  # another year is fine


def test_report_year_must_match_its_plan(section):
    plan = fill_plan(section[ita.HrPlanPage], year=2568)
    report = section[ita.HrReportPage].specific
    report.fiscal_year = 2567
    report.plan = plan
    with translation.override("th"), pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "2568" in str(error.value.message_dict["plan"])


def test_admin_refuses_a_second_plan_of_the_year(section, admin_client):
    fill_plan(section[ita.HrPlanPage])
    url = reverse(
        "wagtailadmin_pages:add", args=["ita_wagtail", "hrplanpage", index().pk]
    )
    data = {
        "title": "แผนซ้ำ",
        "slug": "hr-plan-twin",
        "fiscal_year": "2569",
        "projects-TOTAL_FORMS": "0",
        "projects-INITIAL_FORMS": "0",
        "projects-MIN_NUM_FORMS": "0",
        "projects-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert ita.HrPlanPage.objects.count() == 1
    assert "2569" in response.content.decode()


def test_report_form_offers_only_the_chosen_plans_projects(section, admin_client):
    plan = fill_plan(section[ita.HrPlanPage], year=2568)
    other = ita.HrPlanPage(title="อื่น", slug="other", fiscal_year=2569)
    other.projects = [ita.HrPlanProject(name="โครงการอื่น", budget=Decimal(1))]
    index().add_child(instance=other)
    report = section[ita.HrReportPage]
    report.plan = plan
    report.save_revision(clean=False)
    report.plan_id = plan.pk
    ita.HrReportPage.objects.filter(pk=report.pk).update(plan=plan)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    form = response.context["form"]
    choices = set(form.formsets["results"].empty_form.fields["project"].queryset)
    assert choices == set(plan.projects.all())


# --- computed figures ----------------------------------------------------------


def test_plan_and_report_totals_are_worked_out(section):
    plan = fill_plan(section[ita.HrPlanPage], year=2568)
    assert plan.total_budget == Decimal("198500.50")
    training, hiring = plan.projects.all()
    report = section[ita.HrReportPage].specific
    report.plan = plan
    report.results = [
        ita.HrReportResult(
            project=training,
            status=HrResultStatus.COMPLETED,
            spent=Decimal("142350.00"),
            participants=58,
        ),
        ita.HrReportResult(
            project=hiring,
            status=HrResultStatus.PARTLY,
            spent=Decimal("12125.25"),
            participants=3,
        ),
    ]
    report.problems = "งบประมาณไม่เพียงพอ"
    report.recommendations = "จัดอบรมออนไลน์"
    report = publish(report)
    # 142,350.00 + 12,125.25 = 154,475.25 of 198,500.50 → 77.82 %
    assert report.total_budget == Decimal("198500.50")
    assert report.total_spent == Decimal("154475.25")
    assert report.spent_percent == Decimal("77.82")
    assert report.total_participants == 61
    assert report.ita_missing_fields(TODAY) == []


def test_report_lists_the_plans_unreported_projects(section):
    plan = fill_plan(section[ita.HrPlanPage], year=2568)
    training, _hiring = plan.projects.all()
    report = section[ita.HrReportPage].specific
    report.plan = plan
    report.results = [ita.HrReportResult(project=training, spent=Decimal("1"))]
    report.problems = report.recommendations = "มี"
    report = publish(report)
    with translation.override("en"):
        missing = [str(m) for m in report.ita_missing_fields(TODAY)]
    assert missing == [
        "a result for every project of the plan (สรรหาและบรรจุพนักงานจ้างทดแทนตำแหน่งว่าง)"
    ]


def test_completeness_of_the_criteria_follows_the_three_kinds(section):
    page = section[ita.HrCriteriaPage].specific
    page.rules = [ita.HrRule(kind=HrRuleKind.RECRUITMENT, title="สรรหา")]
    page = publish(page)
    with translation.override("en"):
        assert [str(m) for m in page.ita_missing_fields(TODAY)] == [
            "Promotion and transfer",
            "Performance appraisal",
        ]
    page = fill_criteria(page)
    assert page.ita_missing_fields(TODAY) == []


def test_ethics_completeness_follows_the_four_elements(section):
    page = fill_ethics(section[ita.EthicsPage])
    assert page.ita_missing_fields(TODAY) == []
    # An activity of the year before does not count; empty Don'ts neither.
    page.activities = [ita.EthicsActivity(date=date(2025, 9, 1), title="อบรมปีก่อน")]
    page.donts = "  \n"
    with translation.override("en"):
        assert [str(m) for m in page.ita_missing_fields(TODAY)] == [
            "Do's and Don'ts",
            "an ethics activity within the fiscal year",
        ]


# --- rendering -----------------------------------------------------------------


def test_plan_page_renders_thai_baht_and_be(section, client):
    page = fill_plan(section[ita.HrPlanPage])
    page.approved_on = date(2025, 10, 1)
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert "อบรมทักษะดิจิทัลสำหรับพนักงาน" in html
    assert "150,000.00" in html and "198,500.50" in html
    assert "1 ต.ค. 2568" in html or "1 ตุลาคม 2568" in html
    assert "ปีงบประมาณ" in html
    assert 'data-label="งบประมาณ"' in html
    assert "PDF" in html


def test_report_and_ethics_pages_render(section, client):
    plan = fill_plan(section[ita.HrPlanPage], year=2568)
    training, hiring = plan.projects.all()
    report = section[ita.HrReportPage].specific
    report.plan = plan
    report.results = [
        ita.HrReportResult(
            project=training,
            spent=Decimal("142350.00"),
            participants=58,
            result="ผ่านการประเมิน 95%",
        ),
    ]
    report.problems = "งบประมาณไม่เพียงพอ"
    report = publish(report)
    html = client.get(report.url).content.decode()
    assert "142,350.00" in html and "ผ่านการประเมิน 95%" in html
    assert "งบประมาณไม่เพียงพอ" in html

    ethics = fill_ethics(section[ita.EthicsPage])
    html = client.get(ethics.url).content.decode()
    assert "ไม่รับของขวัญ" in html and "นางสาวกมลา ใจดี" in html
    assert "5 ธ.ค. 2568" in html or "5 ธันวาคม 2568" in html
    assert "อบรมจริยธรรมประจำปี" in html

    criteria = fill_criteria(section[ita.HrCriteriaPage])
    html = client.get(criteria.url).content.decode()
    assert "ประกาศ ก.ท." in html and "การประเมินผลการปฏิบัติงาน" in html


# --- scoring -------------------------------------------------------------------


def test_scoring_under_oit_2569(section, default_site):
    oit = get_criteria_set("oit-2569")
    before = evaluate_site(default_site, oit, TODAY)
    assert not item(before, "O13").is_ok and not item(before, "O15").is_ok

    fill_criteria(section[ita.HrCriteriaPage])
    fill_plan(section[ita.HrPlanPage])
    fill_ethics(section[ita.EthicsPage])
    last_year_plan = ita.HrPlanPage(
        title="แผน 2568", slug="hr-plan-2568", fiscal_year=2568
    )
    last_year_plan.projects = plan_projects()
    index().add_child(instance=last_year_plan)
    report = section[ita.HrReportPage].specific
    report.plan = last_year_plan
    report.results = [
        ita.HrReportResult(project=p, spent=Decimal("100"))
        for p in last_year_plan.projects.all()
    ]
    report.problems = report.recommendations = "มี"
    publish(report)

    result = evaluate_site(default_site, oit, TODAY)
    for code in ("O13", "O14", "O15"):
        assert item(result, code).is_ok, (code, item(result, code).reasons)


def test_a_page_of_the_wrong_year_does_not_pass(section, default_site):
    oit = get_criteria_set("oit-2569")
    fill_ethics(section[ita.EthicsPage], year=2568, activity_date=date(2025, 1, 10))
    report = section[ita.HrReportPage].specific
    report.fiscal_year = 2569  # a report must be of the previous year
    report.results = []
    publish(report)
    result = evaluate_site(default_site, oit, TODAY)
    assert not item(result, "O15").is_ok
    assert not item(result, "O14").is_ok


def test_scoring_under_oit_2568(default_site, settings):
    settings.ITA_CRITERIA_SET = "oit-2568"
    with time_machine.travel(
        datetime(2025, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        oit = get_criteria_set("oit-2568")
        pages = ita_section()
        publish(pages[ita.ItaIndexPage])
        fill_plan(pages[ita.HrPlanPage], year=2568)
        fill_ethics(pages[ita.EthicsPage], year=2568, activity_date=date(2024, 12, 5))
        result = evaluate_site(default_site, oit, date(2025, 1, 15))
        assert item(result, "O14").is_ok, item(result, "O14").reasons
        assert item(result, "O16").is_ok, item(result, "O16").reasons
        # A 2567 plan would not do.
        ita.HrPlanPage.objects.update(fiscal_year=2567)
        result = evaluate_site(default_site, oit, date(2025, 1, 15))
        assert not item(result, "O14").is_ok


# --- take-over of a generic page ------------------------------------------------


def test_the_plan_page_takes_over_a_generic_page_keeping_its_url(section, client):
    section[ita.HrPlanPage].delete()
    old = ita.DisclosureDocumentsPage(
        title="แผนบุคลากร",
        slug="hr-plan",
        kind="hr_plan",
        fiscal_year=2569,
        statement="<p>เดิม</p>",
    )
    index().add_child(instance=old)
    old = publish(old)
    url = old.url
    call_command("ita_setup", stdout=StringIO())
    new = ita.HrPlanPage.objects.get()
    assert new.slug == "hr-plan-new" and not new.live
    new = fill_plan(new)
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.url == url and not old.live
    assert client.get(url).context["page"].pk == new.pk


# --- the demo municipality -------------------------------------------------------


def test_the_demo_answers_the_hr_and_ethics_items(client):
    from wagtail.models import Site

    from ita_wagtail.thai import today

    call_command("ita_load_demo", stdout=StringIO())  # on 15 January 2026 (FY 2569)
    site = Site.objects.get(is_default_site=True)
    result = evaluate_site(site)
    assert result.criteria_set.key == "oit-2569"
    fy = thai.fiscal_year(today())
    assert not ita.DisclosureDocumentsPage.objects.filter(
        kind__in=["hr_criteria", "hr_plan", "hr_report", "ethics"]
    ).exists()
    for kind in ("hr_criteria", "hr_plan", "hr_report", "ethics"):
        found, _part = result.criteria_set.item_for_kind(kind)
        answer = item(result, found.code)
        assert answer.is_ok, (kind, answer.status, answer.reasons)
    assert set(ita.HrPlanPage.objects.live().values_list("fiscal_year", flat=True)) == {
        fy - 2,
        fy - 1,
        fy,
    }
    report = ita.HrReportPage.objects.get(fiscal_year=fy - 1)
    # 35,000 × 0.80 + 8,500 + 45,000 × 0.95 + 30,000 × 0.90 + 120,000 × 0.70
    # = 28,000 + 8,500 + 42,750 + 27,000 + 84,000 = 190,250.00 of 238,500.00
    assert report.total_budget == Decimal("238500.00")
    assert report.total_spent == Decimal("190250.00")
    assert report.spent_percent == Decimal("79.77")
    for page in (report, ita.EthicsPage.objects.get(fiscal_year=fy)):
        assert client.get(page.url).status_code == 200


@pytest.mark.parametrize(
    "model,heading",
    [
        ("hrcriteriapage", "หลักเกณฑ์การบริหารทรัพยากรบุคคล"),
        ("hrplanpage", "โครงการและกิจกรรม"),
        ("hrreportpage", "ผลการดำเนินงานรายโครงการ"),
        ("ethicspage", "คณะทำงานขับเคลื่อนจริยธรรม"),
    ],
)
def test_thai_admin_forms_open_for_each_page(section, admin_client, model, heading):
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(username="admin"))
    profile.preferred_language = "th"
    profile.save()
    ita.HrCriteriaPage.objects.all().delete()
    url = reverse("wagtailadmin_pages:add", args=["ita_wagtail", model, index().pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_report_form_with_a_missing_plan_answers_the_form_again(section, admin_client):
    report = section[ita.HrReportPage]
    url = reverse("wagtailadmin_pages:edit", args=[report.pk])
    data = {
        "title": report.title,
        "slug": report.slug,
        "fiscal_year": "2568",
        "plan": "999999",  # a plan deleted meanwhile
        "results-TOTAL_FORMS": "0",
        "results-INITIAL_FORMS": "0",
        "results-MIN_NUM_FORMS": "0",
        "results-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert ita.HrReportPage.objects.get(pk=report.pk).plan_id is None
