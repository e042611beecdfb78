"""A complaint from start to finish in a real browser.

A citizen files a complaint with a photo and gets a tracking code; a clerk
assigns it, writes an internal note and the reply; the citizen looks the
code up and reads the reply (and got it by e-mail). Screenshots of each step
land in ``test-artifacts/screenshots/complaint-*.png``.

The browser is Debian's ``/usr/bin/chromium`` driven by Playwright (never
``playwright install``); without either, the test is skipped.
"""

import io
import re
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def new_page(browser):
    context = browser.new_context(
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def municipality(live_server):
    """The ITA index and the channel pages, live on the live server's host."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Site

    from ita_wagtail import models as ita

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()

    def add(parent, model):
        page = model(
            title=str(model.ita_default_title()),
            slug=model.ita_slug,
            **model.ita_initial_values(parent)
            if hasattr(model, "ita_initial_values")
            else {},
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        return model.objects.get(pk=page.pk)

    index = add(site.root_page, ita.ItaIndexPage)
    complaint = add(index, ita.ComplaintPage)
    unit = ita.ResponsibleUnit.objects.get(code="engineering")
    unit.email = "kongchang@example.go.th"
    unit.save()

    group = Group.objects.create(name="Case reception")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["ita_wagtail", "wagtailadmin"],
            codename__in=[
                "view_case",
                "change_case",
                "view_case_personal_data",
                "access_admin",
            ],
        )
    )
    clerk = get_user_model().objects.create_user(
        "clerk", "clerk@example.go.th", "รหัสผ่าน-ทดสอบ", first_name="มานี"
    )
    clerk.groups.add(group)
    return {"page": complaint, "unit": unit, "site": site}


def photo_file(tmp_path):
    from PIL import Image

    path = tmp_path / "ไฟดับ.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (30, 30, 60)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_citizen_submits_staff_replies_citizen_reads(
    browser, live_server, municipality, tmp_path, mailoutbox
):
    from ita_wagtail.models.channels import Case, CaseStatus

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    form_url = live_server.url + municipality["page"].url

    # 1. The citizen files a complaint with a photo.
    citizen = new_page(browser)
    citizen.goto(form_url)
    assert citizen.locator("#ita-privacy-title").is_visible()
    citizen.check("input[name=category][value=complaint]")
    citizen.fill("#id_subject", "ไฟถนนดับหน้าโรงเรียนบ้านหนองบัว")
    citizen.fill("#id_details", "ไฟถนนดับสามต้นติดกัน ตั้งแต่วันจันทร์")
    citizen.fill("#id_location", "หมู่ 1 ถนนเทศบาล 3")
    citizen.set_input_files("#id_attachments", str(photo_file(tmp_path)))
    citizen.fill("#id_contact_name", "สมหญิง ใจดี")
    citizen.fill("#id_contact_phone", "081 234 5678")
    citizen.fill("#id_contact_email", "somying@example.com")
    citizen.screenshot(path=SCREENSHOTS / "complaint-1-form.png", full_page=True)
    citizen.click("button[type=submit]")

    # 2. … and gets a tracking code, on screen and by e-mail.
    code = citizen.locator("#ita-tracking-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    citizen.screenshot(path=SCREENSHOTS / "complaint-2-received.png", full_page=True)
    case = Case.objects.get(tracking_code=code)
    assert case.attachments.count() == 1
    assert any(code in message.body for message in mailoutbox)

    # 3. The clerk finds it, assigns it, notes and replies.
    clerk = new_page(browser)
    clerk.goto(live_server.url + "/admin/login/")
    clerk.fill("#id_username", "clerk")
    clerk.fill("#id_password", "รหัสผ่าน-ทดสอบ")
    clerk.click("button[type=submit]")
    clerk.wait_for_url("**/admin/")
    clerk.goto(live_server.url + "/admin/ita/cases/")
    clerk.click(f"text={code}")
    assert clerk.input_value("#id_contact_name") == "สมหญิง ใจดี", clerk.content()[-6000:]
    clerk.select_option("#id_unit", str(municipality["unit"].pk))
    clerk.fill("#id_new_note", "ประสานช่างไฟฟ้าแล้ว นัดเข้าซ่อมพรุ่งนี้")
    clerk.fill("#id_public_reply", "กองช่างเปลี่ยนหลอดไฟทั้งสามต้นเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่อง")
    clerk.select_option("#id_status", CaseStatus.ANSWERED.value)
    clerk.screenshot(path=SCREENSHOTS / "complaint-3-staff-reply.png", full_page=True)
    clerk.locator("#w-editor-form button[type=submit]").first.click()
    clerk.wait_for_url("**/admin/ita/cases/")
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED
    assert case.unit == municipality["unit"]
    reply_mail = [
        m
        for m in mailoutbox
        if m.to == ["somying@example.com"] and "กองช่างเปลี่ยนหลอดไฟ" in m.body
    ]
    assert reply_mail, [m.subject for m in mailoutbox]
    assert any(m.to == ["kongchang@example.go.th"] for m in mailoutbox)

    # 4. The citizen looks the code up and reads the reply, not the note.
    citizen.goto(form_url + "status/")
    citizen.fill("#id_code", code.lower())
    citizen.fill("#id_contact", "0812345678")
    citizen.click("button[type=submit]")
    reply = citizen.locator(".ita-reply__text")
    assert "กองช่างเปลี่ยนหลอดไฟทั้งสามต้นเรียบร้อยแล้ว" in reply.inner_text()
    assert citizen.locator("[aria-current=step]").inner_text().strip() == str(
        CaseStatus.ANSWERED.label
    )
    assert "ประสานช่างไฟฟ้าแล้ว" not in citizen.content()
    assert "สมหญิง" not in citizen.content()
    citizen.screenshot(path=SCREENSHOTS / "complaint-4-status.png", full_page=True)
