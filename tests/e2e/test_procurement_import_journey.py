"""A finance officer's journey: upload a สขร.1 → preview → confirm → public page.

Screenshots land in ``test-artifacts/screenshots/``: ``procurement-1-upload``,
``-2-preview``, ``-3-imported``, ``-4-register``, ``-5-skr1``.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from openpyxl import Workbook

from ita_wagtail.models import Procurement, ProcurementIndexPage, ProcurementSummaryPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NEW_ITEMS = [
    "จัดซื้อวัสดุงานบ้านงานครัว สำหรับศูนย์พัฒนาเด็กเล็ก",
    "จ้างเหมาตัดหญ้าริมทางสาธารณะ หมู่ที่ 1-5",
]


def skr1_workbook(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ต.ค. 67"
    sheet.append(["แบบ สขร.1"])
    sheet.append(["สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2567"])
    sheet.append(["เทศบาลตำบลตัวอย่าง"])
    sheet.append(
        [
            "ลำดับที่",
            "งานที่จัดซื้อหรือจัดจ้าง",
            "วงเงินที่จะซื้อหรือจ้าง\n(บาท)",
            "ราคากลาง\n(บาท)",
            "วิธีซื้อหรือจ้าง",
            "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
            "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
            "เหตุผลที่คัดเลือกโดยสรุป",
            "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
        ]
    )
    sheet.append(
        [
            1,
            NEW_ITEMS[0],
            "12,500.00",
            "12,500.00",
            "เฉพาะเจาะจง",
            "1. ร้านรุ่งเรืองพาณิชย์ 12,300.- บาท\n2. ร้านมิตรภาพการค้า 12,450.- บาท",
            "ร้านรุ่งเรืองพาณิชย์ ราคา 12,300.00 บาท",
            "เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วน",
            "ใบสั่งซื้อเลขที่ 901/2568 ลว. 8 ต.ค. 67",
        ]
    )
    sheet.append(
        [
            2,
            NEW_ITEMS[1],
            36000,
            36000,
            "วิธีเฉพาะเจาะจง",
            "หจก. สะอาดบริการ 35,500 / นายประสิทธิ์ ขยันดี 35,900",
            "หจก. สะอาดบริการ 35,500 บาท",
            "เสนอราคาต่ำสุด",
            "ใบสั่งจ้างเลขที่ 902/2568 ลงวันที่ 10 ตุลาคม 2567",
        ]
    )
    workbook.save(path)


@pytest.fixture
def pages(demo_site):
    register = ProcurementIndexPage.objects.live().get()
    summary = ProcurementSummaryPage.objects.live().get()
    return urlsplit(register.get_url()).path, urlsplit(summary.get_url()).path


def test_upload_preview_confirm_publish(
    pages, live_server, page, screenshots, tmp_path
):
    register_path, summary_path = pages
    before = Procurement.objects.count()
    upload = tmp_path / "สขร1-ตุลาคม2567.xlsx"
    skr1_workbook(upload)

    page.goto(urljoin(live_server.url, "/admin/login/"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "admin-ita-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    page.goto(urljoin(live_server.url, "/admin/ita/procurement-import/"))
    page.set_input_files("input[type=file]", str(upload))
    page.screenshot(path=screenshots / "procurement-1-upload.png", full_page=True)
    page.click("form[enctype='multipart/form-data'] button[type=submit]")

    # The preview: two new rows, nothing saved yet.
    page.wait_for_selector(".ita-import-counts")
    counts = page.locator(".ita-import-counts li strong").all_inner_texts()
    assert counts == ["2", "0", "0", "0"], counts
    assert Procurement.objects.count() == before
    # The rows to be created are a table, visible without opening anything.
    new_rows = page.locator(".ita-import-new tbody tr")
    assert new_rows.count() == 2
    assert page.get_by_role("rowheader", name=NEW_ITEMS[0]).is_visible()
    first = new_rows.first.locator("td, th").all_inner_texts()
    assert "12,500.00 บาท" in first, first
    assert "ร้านรุ่งเรืองพาณิชย์" in first, first
    assert any("8 ต.ค. 2567" in cell for cell in first), first
    page.screenshot(path=screenshots / "procurement-2-preview.png", full_page=True)

    page.locator("form[action$='confirm/'] button[type=submit]").click()
    page.wait_for_selector(".help-block.help-info")
    page.screenshot(path=screenshots / "procurement-3-imported.png", full_page=True)
    assert Procurement.objects.count() == before + 2

    page.goto(urljoin(live_server.url, register_path) + "?q=ตัดหญ้า")
    assert page.get_by_role("link", name=NEW_ITEMS[1]).is_visible()
    page.get_by_role("link", name=NEW_ITEMS[1]).click()
    assert page.locator("h1").inner_text() == NEW_ITEMS[1]
    assert page.get_by_text("นายประสิทธิ์ ขยันดี").is_visible()
    assert page.get_by_text("35,900.00 บาท").is_visible()
    page.screenshot(path=screenshots / "procurement-4-register.png", full_page=True)

    page.goto(urljoin(live_server.url, summary_path) + "2568/10/")
    assert "ตุลาคม 2567" in page.locator("h1").inner_text()
    assert page.get_by_text(NEW_ITEMS[0]).first.is_visible()
    page.screenshot(path=screenshots / "procurement-5-skr1.png", full_page=True)
