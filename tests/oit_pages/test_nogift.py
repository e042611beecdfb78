"""No Gift Policy: the declaration page, the gift register and its report
(OIT 2568 O21/O22, 2569 O20)."""

import io
import json
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.documents import get_document_model
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail import thai
from ita_wagtail.criteria import get_criteria_set
from ita_wagtail.models.no_gift import GiftOutcome, GiverType, gift_report
from ita_wagtail.scoring import evaluate_site

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569; 2568 (1 Oct 2024 – 30 Sep 2025) has ended


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


def publish(page):
    page = page.specific
    page.save_revision(clean=False).publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def index(default_site):
    home = default_site.root_page
    page = ita.ItaIndexPage(title="ITA", slug="ita")
    home.add_child(instance=page)
    return publish(page)


def add_policy(index, fiscal_year=2569, **fields):
    values = {
        "title": f"No Gift Policy {fiscal_year}",
        "slug": f"no-gift-{fiscal_year}",
        "fiscal_year": fiscal_year,
        "executive_name": "นายสมชาย ใจดี",
        "declaration_date": date(2025, 10, 1),
        "statement": "<p>ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่</p>",
        "rules_summary": "<p>รับได้จากบุคคลอื่นไม่เกิน 3,000 บาท ต่อคนต่อโอกาส</p>",
    }
    values.update(fields)
    page = ita.NoGiftPolicyPage(**values)
    index.add_child(instance=page)
    return page


def add_activity(page, **fields):
    values = {
        "date": date(2025, 11, 20),
        "title": "อบรมให้ความรู้เรื่องการรับของขวัญตามมาตรา 128",
        "participants": "พนักงานเทศบาล 45 คน",
    }
    values.update(fields)
    return ita.NoGiftActivity.objects.create(page=page, **values)


def add_report(index, fiscal_year=2568, **fields):
    page = ita.GiftReportPage(
        title=f"รายงานการรับของขวัญ {fiscal_year}",
        slug=f"gift-report-{fiscal_year}",
        fiscal_year=fiscal_year,
        **fields,
    )
    index.add_child(instance=page)
    return publish(page)


def entry(site, day, value, outcome, **fields):
    values = {
        "site": site,
        "date": day,
        "official_name": "นางสาวมาลี ดีงาม",
        "official_position": "นักวิชาการพัสดุ",
        "official_unit": "กองคลัง",
        "giver_type": GiverType.ORGANISATION,
        "giver": "บริษัท ก่อสร้างดี จำกัด",
        "relationship": "ผู้รับจ้าง",
        "description": "กระเช้าของขวัญปีใหม่",
        "value": Decimal(value),
        "outcome": outcome,
    }
    values.update(fields)
    return ita.GiftRegisterEntry.objects.create(**values)


@pytest.fixture
def known(default_site):
    """Fiscal year 2568 has five entries; one on each side of it is not counted.

    accepted: 1,500.00 (1 Oct 2024, the first day) and 2,500.00
    returned: 5,000.00 (over 3,000)
    handed over: 12,000.00 (30 Sep 2025, the last day; over 3,000)
    refused: 0.00
    => 5 entries, 21,000.00 baht, two over 3,000 baht.
    Not counted: 30 Sep 2024 (FY 2567) and 1 Oct 2025 (FY 2569).
    """
    site = default_site
    entry(site, date(2024, 9, 30), "800", GiftOutcome.ACCEPTED, description="ก่อนปี")
    entry(site, date(2024, 10, 1), "1500", GiftOutcome.ACCEPTED)
    entry(site, date(2025, 1, 2), "2500", GiftOutcome.ACCEPTED)
    entry(
        site,
        date(2025, 3, 3),
        "5000",
        GiftOutcome.RETURNED,
        action="ส่งคืนพร้อมหนังสือขอบคุณ",
        description="บัตรกำนัลห้างสรรพสินค้า",
    )
    entry(
        site,
        date(2025, 5, 5),
        "0",
        GiftOutcome.REFUSED,
        giver_type=GiverType.PERSON,
        giver="นายเอกชน ลับมาก",
        relationship="ผู้ขออนุญาตก่อสร้าง",
        description="เลี้ยงอาหาร",
    )
    entry(
        site,
        date(2025, 9, 30),
        "12000",
        GiftOutcome.HANDED_OVER,
        description="นาฬิกาข้อมือ",
        note="บันทึกภายใน ห้ามเผยแพร่",
    )
    entry(site, date(2025, 10, 1), "900", GiftOutcome.ACCEPTED, description="หลังปี")


# -- creation rules ----------------------------------------------------------


def test_pages_live_under_the_ita_index_only(index, default_site):
    for model in (ita.NoGiftPolicyPage, ita.GiftReportPage):
        assert model.can_create_at(index)
        assert not model.can_create_at(default_site.root_page)
        assert model.allowed_subpage_models() == []


def test_one_page_per_fiscal_year_with_a_thai_error(index):
    add_policy(index, 2569)
    twin = ita.NoGiftPolicyPage(
        title="ซ้ำ", slug="twin", fiscal_year=2569, executive_name="x"
    )
    twin._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "มีหน้า No Gift Policy ของปีงบประมาณ 2569 อยู่แล้ว" in str(error.value)
    add_report(index, 2568)
    report_twin = ita.GiftReportPage(title="ซ้ำ", slug="twin2", fiscal_year=2568)
    report_twin._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        report_twin.full_clean()
    assert "มีรายงานการรับของขวัญของปีงบประมาณ 2568 อยู่แล้ว" in str(error.value)
    # Another year is fine.
    add_report(index, 2567)


def test_the_admin_refuses_a_second_report_for_the_same_year(index, admin_client):
    add_report(index, 2568)
    response = admin_client.post(
        f"/admin/pages/add/ita_wagtail/giftreportpage/{index.pk}/",
        {
            "title": "ซ้ำ",
            "slug": "dup",
            "fiscal_year": "2568",
            "statement": json.dumps({"blocks": [], "entityMap": {}}),
        },
    )
    assert response.status_code == 200
    assert "มีรายงานการรับของขวัญของปีงบประมาณ 2568 อยู่แล้ว" in response.content.decode()
    assert ita.GiftReportPage.objects.count() == 1


def test_setup_values_follow_the_year_rule(index):
    assert ita.NoGiftPolicyPage.ita_initial_values(index) == {"fiscal_year": 2569}
    assert ita.GiftReportPage.ita_initial_values(index) == {"fiscal_year": 2568}


# -- the register -------------------------------------------------------------


def test_entry_fiscal_year_follows_its_date(default_site):
    last = entry(default_site, date(2025, 9, 30), "100", GiftOutcome.ACCEPTED)
    first = entry(default_site, date(2025, 10, 1), "100", GiftOutcome.ACCEPTED)
    assert (last.fiscal_year, first.fiscal_year) == (2568, 2569)


def test_an_accepted_gift_over_3000_baht_is_refused_in_thai(default_site):
    bad = ita.GiftRegisterEntry(
        site=default_site,
        date=date(2025, 5, 1),
        official_name="ก",
        official_position="ข",
        giver="ค",
        description="ง",
        value=Decimal("3000.01"),
        outcome=GiftOutcome.ACCEPTED,
    )
    with translation.override("th"), pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "3,000 บาท" in str(error.value)
    bad.value = Decimal("3000")
    bad.full_clean()  # the limit itself is allowed
    bad.date = date(2026, 2, 1)  # the future
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_admin_register_records_logs_and_filters(default_site, admin_client):
    viewset = ita.GiftRegisterEntry.snippet_viewset
    url = reverse(viewset.get_url_name("list"))
    response = admin_client.post(
        reverse(viewset.get_url_name("add")),
        {
            "site": default_site.pk,
            "date": "15/01/2569",
            "official_name": "นายทดสอบ ระบบ",
            "official_position": "ปลัดเทศบาล",
            "official_unit": "",
            "giver_type": "organisation",
            "giver": "ห้างหุ้นส่วนจำกัด ทดสอบ",
            "relationship": "",
            "description": "ชุดเครื่องเขียน",
            "value": "1,250.50",
            "outcome": "accepted",
            "action": "",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = ita.GiftRegisterEntry.objects.get()
    assert created.date == date(2026, 1, 15)
    assert created.value == Decimal("1250.50")
    assert created.fiscal_year == 2569
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(object_id=str(created.pk)).exists()
    entry(default_site, date(2025, 2, 1), "500", GiftOutcome.REFUSED, description="เก่า")
    html = admin_client.get(url, {"fiscal_year": "2569"}).content.decode()
    assert "ชุดเครื่องเขียน" in html and "เก่า" not in html
    html = admin_client.get(url, {"outcome": "refused"}).content.decode()
    assert "ชุดเครื่องเขียน" not in html and "เก่า" in html


def test_the_register_needs_its_permissions(default_site, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    viewset = ita.GiftRegisterEntry.snippet_viewset
    url = reverse(viewset.get_url_name("list"))
    assert client.get(url).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_giftregisterentry"))
    user = django_user_model.objects.get(pk=user.pk)
    client.force_login(user)
    assert client.get(url).status_code == 200
    assert client.get(reverse(viewset.get_url_name("add"))).status_code in (302, 403)


# -- the report: hand-worked figures -------------------------------------------


def test_report_figures_of_the_year(index, known):
    page = add_report(index, 2568)
    report = page.report()
    assert report.count == 5
    assert report.total == Decimal("21000.00")
    rows = {row.outcome: (row.count, row.total) for row in report.rows}
    assert rows == {
        "accepted": (2, Decimal("4000")),
        "refused": (1, Decimal("0")),
        "returned": (1, Decimal("5000")),
        "handed_over": (1, Decimal("12000")),
        "other": (0, Decimal("0")),
    }
    assert [e.description for e in report.over_limit] == [
        "บัตรกำนัลห้างสรรพสินค้า",
        "นาฬิกาข้อมือ",
    ]
    assert report.entries[0].date == date(2024, 10, 1)
    assert report.entries[-1].date == date(2025, 9, 30)


def test_gift_report_is_pure():
    assert gift_report(2568, []).count == 0
    assert gift_report(2568, []).first_day == date(2024, 10, 1)


def test_page_shows_the_figures_in_thai_without_private_data(client, index, known):
    page = add_report(index, 2568)
    html = client.get(page.url).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568" in html
    assert "21,000.00 บาท" in html
    assert "12,000.00 บาท" in html
    assert "4,000.00 บาท" in html
    assert "30 ก.ย. 68" in html or "30 ก.ย. 2568" in html
    assert "1 ต.ค. 67" in html or "1 ต.ค. 2567" in html
    assert "นางสาวมาลี ดีงาม" in html and "นักวิชาการพัสดุ" in html
    assert "บริษัท ก่อสร้างดี จำกัด" in html  # an organisation is named
    assert "นายเอกชน ลับมาก" not in html  # a private person is not
    assert "ผู้ขออนุญาตก่อสร้าง" in html  # only the relationship
    assert "บันทึกภายใน" not in html  # the internal note stays in the admin
    assert "ก่อนปี" not in html and "หลังปี" not in html
    assert "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด" not in html


def test_a_year_without_entries_says_so(client, index, known):
    page = add_report(index, 2566)
    html = client.get(page.url).content.decode()
    assert "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด ในปีงบประมาณ พ.ศ. 2566" in html
    assert page.ita_declares_none()
    assert page.ita_missing_fields(TODAY) == []


def test_a_running_year_is_not_final(client, index, known):
    page = add_report(index, 2569)
    html = client.get(page.url).content.decode()
    assert "ยังไม่สิ้นสุด" in html
    assert not page.ita_declares_none()
    assert page.ita_missing_fields(TODAY)


def test_xlsx_has_the_same_figures(client, index, known):
    page = add_report(index, 2568)
    response = client.get(page.url + "xlsx/")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    summary, entries = book.worksheets
    values = [row for row in summary.iter_rows(values_only=True) if any(row)]
    assert values[-1][1:] == (5, 21000)
    texts = " ".join(
        str(cell) for row in entries.iter_rows(values_only=True) for cell in row
    )
    assert "นาฬิกาข้อมือ" in texts
    assert "นายเอกชน ลับมาก" not in texts and "บันทึกภายใน" not in texts


def test_scoring_reads_the_reports_in_one_query(
    index, known, django_assert_num_queries
):
    for year in (2566, 2567, 2568, 2569):
        add_report(index, year)
    model = ita.GiftReportPage
    index.get_url_parts()
    with django_assert_num_queries(1):
        pages = list(model.ita_scoring_queryset(model.objects.all()))
    with django_assert_num_queries(0):
        model.ita_prepare_scoring(pages)
        none = {page.fiscal_year: page.ita_declares_none() for page in pages}
        missing = {page.fiscal_year: page.ita_missing_fields(TODAY) for page in pages}
        for page in pages:
            page.ita_published_formats()
    assert none == {2566: True, 2567: False, 2568: False, 2569: False}
    assert missing[2568] == [] and missing[2566] == [] and missing[2569]
    # Another site's entries of the same year do not count.
    with django_assert_num_queries(1):
        model.load_entries(pages)
    with django_assert_num_queries(0):
        counts = {page.fiscal_year: page.report().count for page in pages}
    assert counts == {2566: 0, 2567: 1, 2568: 5, 2569: 1}


def test_another_sites_entries_do_not_count(index, default_site):
    other_root = ita.ItaIndexPage(title="อื่น", slug="other-root")
    default_site.root_page.get_parent().add_child(instance=other_root)
    other = Site.objects.create(hostname="other.example", root_page=other_root)
    entry(other, date(2024, 12, 1), "100", GiftOutcome.ACCEPTED)
    page = add_report(index, 2568)
    model = ita.GiftReportPage
    [scored] = model.ita_scoring_queryset(model.objects.filter(pk=page.pk))
    assert scored.ita_declares_none()
    assert page.report().count == 0
    entry(default_site, date(2024, 12, 1), "100", GiftOutcome.ACCEPTED)
    [scored] = model.ita_scoring_queryset(model.objects.filter(pk=page.pk))
    assert not scored.ita_declares_none()


def test_policy_scoring_counts_activities_in_the_pages_query(
    index, django_assert_num_queries
):
    page = publish(add_policy(index))
    add_activity(page)
    add_activity(page, title="ประชาสัมพันธ์")
    model = ita.NoGiftPolicyPage
    with django_assert_num_queries(1):
        [scored] = model.ita_scoring_queryset(model.objects.all())
    with django_assert_num_queries(0):
        assert scored.activity_count() == 2
        assert scored.ita_missing_fields(TODAY) == []


# -- the declaration page -----------------------------------------------------


def test_policy_page_renders_in_thai(client, index):
    document = get_document_model().objects.create(
        title="ประกาศ No Gift", file=ContentFile(b"%PDF-1.4 test", name="nogift.pdf")
    )
    page = add_policy(index, signed_document=document, statement_en="<p>No gifts.</p>")
    add_activity(page)
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert "นายสมชาย ใจดี" in html
    assert "1 ตุลาคม 2568" in html
    assert "อบรมให้ความรู้เรื่องการรับของขวัญตามมาตรา 128" in html
    assert "20 พ.ย. 68" in html or "20 พ.ย. 2568" in html
    assert "พนักงานเทศบาล 45 คน" in html
    assert "รับได้จากบุคคลอื่นไม่เกิน 3,000 บาท" in html
    assert re.search(r"PDF", html)
    assert 'lang="en"' in html
    assert page.ita_published_formats() == {"pdf"}


def test_policy_completeness(index):
    page = publish(add_policy(index, rules_summary=""))
    with translation.override("en"):
        missing = [str(problem) for problem in page.ita_missing_fields(TODAY)]
    assert missing == [
        "at least one culture-building activity",
        "the rules on customary gifts (summary or document)",
    ]
    add_activity(page)
    page.rules_summary = "<p>สรุป</p>"
    assert page.ita_missing_fields(TODAY) == []


# -- scoring per set ----------------------------------------------------------


def _item(site, key, code):
    result = evaluate_site(site, get_criteria_set(key), today=TODAY)
    return {item.code: item for item in result.items}[code]


def test_oit_2569_o20_needs_this_years_policy_and_last_years_report(
    index, known, default_site
):
    policy = add_policy(index, 2569)
    add_activity(policy)
    publish(policy)
    add_report(index, 2568)
    item = _item(default_site, "oit-2569", "O20")
    parts = {part.part.code: part for part in item.parts}
    assert parts["declaration"].present and parts["declaration"].complete
    assert parts["declaration"].current
    assert parts["report"].present and parts["report"].complete
    assert parts["report"].current


def test_a_page_of_the_wrong_year_does_not_pass(index, known, default_site):
    old_policy = add_policy(index, 2568)
    add_activity(old_policy)
    publish(old_policy)
    add_report(index, 2569)  # the running year: not the report asked for
    item = _item(default_site, "oit-2569", "O20")
    parts = {part.part.code: part for part in item.parts}
    assert not parts["declaration"].is_ok
    assert not parts["report"].is_ok
    assert not item.is_ok
    o22 = _item(default_site, "oit-2568", "O22")
    assert not o22.is_ok


def test_oit_2568_o21_and_o22(index, known, default_site):
    policy = add_policy(index, 2569)
    add_activity(policy)
    publish(policy)
    add_report(index, 2568)
    assert _item(default_site, "oit-2568", "O21").present
    assert _item(default_site, "oit-2568", "O21").complete
    o22 = _item(default_site, "oit-2568", "O22")
    assert o22.present and o22.complete and o22.current


# -- take-over of the generic page -------------------------------------------


def test_takes_over_the_generic_page_keeping_its_url(settings, default_site, client):
    from django.core.management import call_command

    settings.ITA_CRITERIA_SET = "oit-2568"
    generic = ita.DisclosureDocumentsPage(
        title="รายงานการรับของขวัญ", slug="gift-report", kind="gift_report"
    )
    index = ita.ItaIndexPage(title="ITA", slug="ita")
    default_site.root_page.add_child(instance=index)
    index = publish(index)
    index.add_child(instance=generic)
    generic = publish(generic)
    url = generic.url
    call_command("ita_setup", stdout=io.StringIO())
    new = ita.GiftReportPage.objects.get()
    assert new.slug == "gift-report-new"
    assert not new.live
    new = publish(new)
    assert new.url == url
    generic.refresh_from_db()
    assert not generic.live
    assert client.get(url).context["page"].pk == new.pk
    assert Site.objects.count() == 1
