"""What citizens and assessors see: the register, the plan, the summaries."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext, ngettext
from openpyxl import load_workbook

from ita_wagtail import models as ita
from ita_wagtail.importing.engine import import_procurement
from ita_wagtail.setup import setup_ita_section

from .factories import (
    declare_no_procurement,
    default_site,
    make_plan,
    make_procurement,
    tax_id,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    report = setup_ita_section(default_site())
    pages = {type(step.page): step.page for step in report.steps}
    for model in (
        ita.ItaIndexPage,
        ita.ProcurementIndexPage,
        ita.ProcurementPlanPage,
        ita.ProcurementSummaryPage,
    ):
        pages[model].save_revision().publish()
        pages[model] = model.objects.get(pk=pages[model].pk)
    return pages


def path(page):
    return page.relative_url(default_site())


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_setup_creates_the_section_as_drafts():
    with translation.override("th"):
        report = setup_ita_section(default_site())
    pages = {type(step.page): step.page for step in report.steps}
    register = pages[ita.ProcurementIndexPage]
    assert register.title == "ข้อมูลการจัดซื้อจัดจ้าง"
    assert not register.live
    assert register.url_path.endswith("/ita/procurement/")
    assert pages[ita.ProcurementPlanPage].get_parent().pk == register.pk
    assert pages[ita.ProcurementSummaryPage].slug == "summary"
    assert pages[ita.ProcurementPlanPage].title == "แผนการจัดซื้อจัดจ้างประจำปี"


def test_register_lists_filters_and_paginates(client, section, settings):
    # The OCDS link is offered once the municipality has its ocid prefix.
    settings.ITA_OCDS_PREFIX = "ocds-abc123"
    register = section[ita.ProcurementIndexPage]
    make_procurement(
        name="จ้างก่อสร้างถนนสายหลัก",
        method="e_bidding",
        contract_date=date(2025, 1, 10),
        announcement_date=date(2024, 12, 1),
        selected_supplier="บริษัท ศรีสยามก่อสร้าง จำกัด",
    )
    make_procurement(
        name="จัดซื้อน้ำดื่ม",
        fiscal_year=2567,
        announcement_date=date(2024, 3, 1),
        contract_date=date(2024, 3, 5),
    )
    make_procurement(
        name="งานยกเลิก",
        status="cancelled",
        contract_date=None,
        contract_number="",
        announcement_date=date(2024, 10, 20),
    )
    page = html(client.get(path(register)))
    assert "จ้างก่อสร้างถนนสายหลัก" in page
    assert (
        ngettext("%(counter)s record", "%(counter)s records", 3) % {"counter": 3}
        in page
    )
    assert "ocds/2568/" in page

    def names(**params):
        body = html(client.get(path(register), params))
        return {n for n in ("จ้างก่อสร้างถนนสายหลัก", "จัดซื้อน้ำดื่ม", "งานยกเลิก") if n in body}

    assert names(fiscal_year=2567) == {"จัดซื้อน้ำดื่ม"}
    assert names(month=1) == {"จ้างก่อสร้างถนนสายหลัก"}
    assert names(method="e_bidding") == {"จ้างก่อสร้างถนนสายหลัก"}
    assert names(status="cancelled") == {"งานยกเลิก"}
    assert names(q="ศรีสยาม") == {"จ้างก่อสร้างถนนสายหลัก"}
    assert names(fiscal_year=2560) == {"จ้างก่อสร้างถนนสายหลัก", "จัดซื้อน้ำดื่ม", "งานยกเลิก"}


def test_pagination_keeps_the_filters(client, section):
    register = section[ita.ProcurementIndexPage]
    for number in range(30):
        make_procurement(name=f"รายการ {number:02d}", method="specific")
    page = html(client.get(path(register), {"method": "specific"}))
    assert "?method=specific&amp;page=2" in page or "?method=specific&page=2" in page
    second = html(client.get(path(register), {"method": "specific", "page": 2}))
    assert second.count('<th scope="row" class="ita-table__text"') == 5
    # A page number past the end shows the last page rather than an error.
    assert client.get(path(register), {"page": 99}).status_code == 200


def test_record_page_shows_bidders_and_prices(client, section):
    register = section[ita.ProcurementIndexPage]
    record = make_procurement(
        name="จ้างก่อสร้างรางระบายน้ำ คสล.",
        bids=[
            ("บริษัท ศรีสยามก่อสร้าง จำกัด", "1250000.00", tax_id(5)),
            ("หจก. ทรัพย์ทวีการโยธา", "1310000.00"),
        ],
        selected_supplier="บริษัท ศรีสยามก่อสร้าง จำกัด",
        agreed_price=Decimal("1250000.00"),
        contract_number="12/2568",
        contract_date=date(2024, 11, 20),
        announcement_date=date(2024, 11, 1),
    )
    page = html(client.get(f"{path(register)}{record.pk}/"))
    assert "จ้างก่อสร้างรางระบายน้ำ คสล." in page
    assert "หจก. ทรัพย์ทวีการโยธา" in page
    assert "1,310,000.00 บาท" in page
    assert tax_id(5) in page
    assert "20 พฤศจิกายน 2567" in page
    assert "12/2568" in page


def test_records_of_other_sites_are_not_shown(client, section):
    from wagtail.models import Page, Site

    other = Site.objects.create(
        hostname="other.example", root_page=Page.objects.get(depth=1)
    )
    record = make_procurement(site=other, name="ของเว็บไซต์อื่น")
    register = section[ita.ProcurementIndexPage]
    assert "ของเว็บไซต์อื่น" not in html(client.get(path(register)))
    assert client.get(f"{path(register)}{record.pk}/").status_code == 404


def test_register_queries_do_not_grow_with_records(
    client, section, django_assert_max_num_queries
):
    register = section[ita.ProcurementIndexPage]
    site = default_site()

    def add(count, start):
        ita.Procurement.objects.bulk_create(
            ita.Procurement(
                site=site,
                fiscal_year=2568,
                name=f"รายการ {start + n}",
                reference_number=f"{start + n}/2568",
                status="contracted",
                method="specific",
                budget=Decimal("1000.00"),
                contract_date=date(2024, 10, 1 + n % 28),
            )
            for n in range(count)
        )

    add(200, 0)
    client.get(path(register))
    with django_assert_max_num_queries(50) as few:
        client.get(path(register), {"fiscal_year": 2568, "q": "รายการ"})
    add(2000, 1000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(path(register), {"fiscal_year": 2568, "q": "รายการ"})


@time_machine.travel(date(2025, 2, 15))
def test_plan_page(client, section):
    plan_page = section[ita.ProcurementPlanPage]
    plan = make_plan(items=2, fiscal_year=2568)
    make_plan(
        items=1, fiscal_year=2567, approved_on=date(2023, 10, 10), published_on=None
    )
    item = plan.items.first()
    make_procurement(plan_item=item, name="ดำเนินการตามแผน")
    page = html(client.get(path(plan_page)))
    assert "ปีงบประมาณ พ.ศ. 2568" in page
    assert item.name in page
    assert "ธันวาคม 2567" in page  # expected month
    assert "15 ตุลาคม 2567" in page  # approval date
    assert "900,000.00 บาท" in page
    assert f"{path(plan_page)}2567/" in page
    older = html(client.get(f"{path(plan_page)}2567/"))
    assert "ปีงบประมาณ พ.ศ. 2567" in older
    assert client.get(f"{path(plan_page)}2550/").status_code == 404
    response = client.get(f"{path(plan_page)}2568/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert item.name in values


def test_plan_page_without_a_plan(client, section):
    page = html(client.get(path(section[ita.ProcurementPlanPage])))
    assert gettext("The annual procurement plan has not been published yet.") in page


@time_machine.travel(date(2025, 2, 15))
def test_summary_overview_and_months(client, section):
    summary_page = section[ita.ProcurementSummaryPage]
    make_procurement(
        name="งานตุลาคม",
        announcement_date=date(2024, 10, 1),
        contract_date=date(2024, 10, 9),
    )
    declare_no_procurement(month=11, note="รับรองโดยผู้อำนวยการกองคลัง")
    page = html(client.get(path(summary_page)))
    assert "ตุลาคม 2567" in page
    assert f"{path(summary_page)}2568/10/" in page
    assert f"{path(summary_page)}2567/" in page  # the previous year's annual summary
    october = html(client.get(f"{path(summary_page)}2568/10/"))
    assert "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2567" in october
    assert "งานตุลาคม" in october
    assert "window.print()" in october
    november = html(client.get(f"{path(summary_page)}2568/11/"))
    assert "ไม่มีการจัดซื้อจัดจ้างในเดือนพฤศจิกายน 2567" in november
    assert "รับรองโดยผู้อำนวยการกองคลัง" in november
    assert client.get(f"{path(summary_page)}2568/13/").status_code == 404


def test_monthly_skr1_downloads_import_back(client, section):
    summary_page = section[ita.ProcurementSummaryPage]
    make_procurement(
        name="=จัดซื้อวัสดุ",  # an editor's typo that must not become a formula
        bids=[("ร้านรุ่งเรือง", "4800.00"), ("ร้านเจริญ", "4900.00")],
        agreed_price=Decimal("4800.00"),
        selected_supplier="ร้านรุ่งเรือง",
        contract_number="1/2568",
        contract_type="purchase_order",
        contract_date=date(2024, 10, 3),
        announcement_date=date(2024, 10, 1),
    )
    response = client.get(f"{path(summary_page)}2568/10/xlsx/")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(
        load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "แบบ สขร.1"
    assert rows[1][0] == "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2567"
    assert rows[3][1] == "งานที่จัดซื้อหรือจัดจ้าง"
    data = rows[4]
    assert data[1] == "'=จัดซื้อวัสดุ"
    assert data[2] == 50000
    assert data[5] == "1. ร้านรุ่งเรือง 4,800.00 บาท\n2. ร้านเจริญ 4,900.00 บาท"
    assert data[6] == "ร้านรุ่งเรือง ราคา 4,800.00 บาท"
    assert data[8] == "ใบสั่งซื้อ/ใบสั่งจ้างเลขที่ 1/2568 ลงวันที่ 3 ตุลาคม 2567"

    csv_response = client.get(f"{path(summary_page)}2568/10/csv/")
    text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[4][1] == "'=จัดซื้อวัสดุ"

    # The downloaded form imports back onto the same record.
    report = import_procurement(
        response.content, "skr1.xlsx", default_site(), write=True
    )
    assert report.sheets[0].layout == "sor_kor_ror_1"
    assert report.counts["new"] == 0, list(report.errors())


@time_machine.travel(date(2025, 12, 1))
def test_annual_summary_of_the_previous_fiscal_year(client, section):
    summary_page = section[ita.ProcurementSummaryPage]
    make_procurement(
        method="e_bidding",
        budget=Decimal("1000000"),
        agreed_price=Decimal("900000"),
        announcement_date=date(2024, 10, 1),
        contract_date=date(2024, 10, 20),
    )
    make_procurement(
        method="specific",
        budget=Decimal("50000"),
        agreed_price=Decimal("48000"),
        announcement_date=date(2025, 9, 1),
        contract_date=date(2025, 9, 10),
    )
    make_procurement(
        method="specific",
        status="cancelled",
        budget=Decimal("70000"),
        announcement_date=date(2025, 3, 1),
        contract_date=None,
        contract_number="",
    )
    page = html(client.get(f"{path(summary_page)}2568/"))
    assert "ตุลาคม 2567" in page and "กันยายน 2568" in page
    assert page.index("ตุลาคม 2567") < page.index("กันยายน 2568")
    assert "วิธีประกาศเชิญชวนทั่วไป (ประกวดราคาอิเล็กทรอนิกส์ e-bidding)" in page
    assert "1,050,000.00 บาท" in page  # cancelled items are not added up
    assert "948,000.00 บาท" in page
    response = client.get(f"{path(summary_page)}2568/xlsx/")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["รายเดือน", "ตามวิธี"]
    months = list(workbook["รายเดือน"].iter_rows(values_only=True))
    assert [row[0] for row in months[3:15]][0] == "ตุลาคม 2567"
    assert months[-1][0] == "รวม"
    assert months[-1][1] == 3


def test_register_download_imports_back_unchanged(client, section):
    register = section[ita.ProcurementIndexPage]
    make_procurement(egp_number="67109000123", bids=[("ร้าน ก", "100.00", tax_id(3))])
    make_procurement(
        egp_number="",
        reference_number="จ.9/2568",
        status="planned",
        contract_number="",
        contract_date=None,
        selected_supplier="",
        agreed_price=None,
        selection_reason="",
        bids=(),
    )
    response = client.get(f"{path(register)}download/2568/xlsx/")
    report = import_procurement(
        response.content, "export.xlsx", default_site(), write=True
    )
    assert report.counts == {"new": 0, "updated": 0, "unchanged": 2, "invalid": 0}, (
        list(report.errors())
    )
    text = b"".join(client.get(f"{path(register)}download/2568/csv/").streaming_content)
    report = import_procurement(text, "export.csv", default_site(), write=True)
    assert report.counts["unchanged"] == 2


def test_ita_index_links_the_three_parts(client, section):
    page = html(client.get(path(section[ita.ItaIndexPage])))
    assert path(section[ita.ProcurementIndexPage]) in page
    assert path(section[ita.ProcurementPlanPage]) in page
    assert path(section[ita.ProcurementSummaryPage]) in page


def test_last_updated_follows_the_records(section):
    register = section[ita.ProcurementIndexPage]
    record = make_procurement()
    assert register.ita_last_updated >= record.updated_at


def test_citizen_ids_of_natural_persons_are_not_published(client, section):
    """A sole trader's 13-digit id is a citizen id (PDPA): admin only."""
    register = section[ita.ProcurementIndexPage]
    citizen_id = "3101400039545"
    record = make_procurement(
        egp_number="67109000555",
        bids=[
            ("นายสมชาย ช่างดี", "9000.00", citizen_id),
            ("ร้าน ข", "9500.00", tax_id(8)),
        ],
        selected_supplier="นายสมชาย ช่างดี",
        selected_supplier_tax_id=citizen_id,
    )
    page = html(client.get(f"{path(register)}{record.pk}/"))
    assert citizen_id not in page
    assert tax_id(8) in page
    download = client.get(f"{path(register)}download/2568/xlsx/").content
    rows = list(load_workbook(io.BytesIO(download)).active.iter_rows(values_only=True))
    assert citizen_id not in str(rows)
    # Importing the public file back keeps the ids the admin holds.
    report = import_procurement(download, "public.xlsx", default_site(), write=True)
    assert report.counts["unchanged"] == 1, [o.changes for o in report.outcomes]
    record.refresh_from_db()
    assert record.selected_supplier_tax_id == citizen_id
    assert record.bids.get(bidder_name="นายสมชาย ช่างดี").tax_id == citizen_id


def test_page_window_links_a_few_pages_of_many():
    from django.core.paginator import Paginator

    from ita_wagtail.procurement.public import page_window

    paginator = Paginator(range(20_000), 25)
    assert page_window(paginator.page(1)) == [1, 2, 3, None, 800]
    assert page_window(paginator.page(400)) == [
        1,
        None,
        398,
        399,
        400,
        401,
        402,
        None,
        800,
    ]
    assert page_window(Paginator(range(30), 25).page(2)) == [1, 2]
