"""The status page: code (+ contact) shows status and public reply, nothing else."""

import re

import pytest
from django.utils.html import escape
from django.utils.translation import gettext as _

from ita_wagtail.models.channels import CaseNote, CaseStatus

from .conftest import without_csrf

pytestmark = pytest.mark.django_db


def look_up(client, page, code, contact="", **extra):
    return client.post(
        page.url + "status/", {"code": code, "contact": contact}, **extra
    )


@pytest.fixture
def answered_case(make_case, channels):
    case = make_case(
        contact_name="สมชาย รักถิ่น",
        contact_phone="0812345678",
        contact_email="somchai@example.com",
        page=channels.complaint,
    )
    case.record_reply("กองช่างเปลี่ยนหลอดไฟแล้วเมื่อวันที่ 3")
    case.save()
    CaseNote.objects.create(case=case, author_name="เจ้าหน้าที่", text="โทรคุยกับผู้ร้องแล้ว ลับ")
    return case


def test_code_and_phone_show_status_and_reply(client, channels, answered_case):
    response = look_up(
        client, channels.complaint, answered_case.tracking_code, "081-234-5678"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "กองช่างเปลี่ยนหลอดไฟแล้ว" in content
    assert answered_case.get_status_display() in content
    assert answered_case.subject in content
    # Never the internal notes, never the complainant's details.
    assert "ลับ" not in content
    assert "สมชาย" not in content
    assert "0812345678" not in content
    assert "somchai@example.com" not in content


def test_email_works_as_contact_and_code_is_forgiving(client, channels, answered_case):
    sloppy = answered_case.tracking_code.lower().replace("-", " ")
    content = look_up(
        client, channels.complaint, sloppy, " SOMCHAI@example.com "
    ).content
    assert "กองช่างเปลี่ยนหลอดไฟแล้ว" in content.decode()


def test_anonymous_cases_need_only_the_code(client, channels, make_case):
    case = make_case()
    content = look_up(client, channels.complaint, case.tracking_code).content.decode()
    assert case.subject in content
    assert _("No reply yet. We will answer by the date above.") in content


def test_unknown_wrong_and_malformed_codes_get_the_same_answer(
    client, channels, answered_case
):
    page = channels.complaint
    wrong_contact = look_up(client, page, answered_case.tracking_code, "0899999999")
    no_contact = look_up(client, page, answered_case.tracking_code, "")
    unknown = look_up(client, page, "ZZZZ-ZZZZ-ZZZZ", "0899999999")
    malformed = look_up(client, page, "hello", "0899999999")

    def answer(response):
        # The form echoes what was typed; the answer is everything else.
        return re.sub(r' value="[^"]*"', "", without_csrf(response.content))

    assert {r.status_code for r in [wrong_contact, no_contact, unknown, malformed]} == {
        200
    }
    assert answer(wrong_contact) == answer(unknown) == answer(malformed)
    assert _("No case found") in answer(unknown)
    assert "กองช่าง" not in answer(wrong_contact)
    # Leaving the optional contact empty is not a wrong contact.
    assert _("No case found") not in answer(no_contact)


def test_the_code_alone_shows_status_and_reply_but_not_the_subject(
    client, channels, answered_case
):
    response = look_up(client, channels.complaint, answered_case.tracking_code, "")
    content = response.content.decode()
    assert response.status_code == 200
    assert _("No case found") not in content
    assert answered_case.tracking_code in content
    assert 'aria-current="step">' + str(answered_case.get_status_display()) in content
    assert "กองช่างเปลี่ยนหลอดไฟแล้ว" in content
    # The citizen's own words need the contact given with the case.
    assert answered_case.subject not in content
    assert (
        _(
            "To see the subject of your case as well, look it up again with the "
            "phone number or e-mail you gave."
        )
        in content
    )
    for private in ("สมชาย", "0812345678", "somchai@example.com", "ลับ"):
        assert private not in content
    # The field says it is optional and what it adds.
    page = client.get(channels.complaint.url + "status/").content.decode()
    assert (
        escape(
            _(
                "The code alone shows the status and the municipality's "
                "reply; add the phone number or e-mail you gave with your case to "
                "see its subject too."
            )
        )
        in page
    )


def test_a_code_alone_counts_against_the_rate_limit(
    client, channels, answered_case, settings
):
    settings.ITA_CHANNELS_STATUS_RATE_LIMIT = 2
    for _attempt in range(2):
        look_up(client, channels.complaint, answered_case.tracking_code)
    blocked = look_up(client, channels.complaint, answered_case.tracking_code)
    assert blocked.status_code == 429
    assert "กองช่างเปลี่ยนหลอดไฟแล้ว" not in blocked.content.decode()


def test_cases_of_another_site_are_not_found(client, channels, make_case):
    from wagtail.models import Page, Site

    other_root = Page.get_first_root_node().add_child(title="อีกเว็บ", slug="other")
    other_site = Site.objects.create(hostname="other.example", root_page=other_root)
    case = make_case(site=other_site)
    content = look_up(client, channels.complaint, case.tracking_code).content.decode()
    assert _("No case found") in content


def test_html_in_the_case_is_shown_as_text(client, channels, make_case):
    case = make_case(subject="<b>ตัวหนา</b><script>alert(1)</script>")
    case.record_reply("<img src=x onerror=alert(1)>ตอบแล้ว")
    case.save()
    content = look_up(client, channels.complaint, case.tracking_code).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content


def test_status_reflects_staff_changes(client, channels, make_case):
    case = make_case()
    case.status = CaseStatus.IN_PROGRESS
    case.save()
    content = look_up(client, channels.complaint, case.tracking_code).content.decode()
    assert 'aria-current="step">' + str(CaseStatus.IN_PROGRESS.label) in content


def test_look_ups_are_rate_limited(client, channels, make_case, settings):
    settings.ITA_CHANNELS_STATUS_RATE_LIMIT = 3
    case = make_case()
    for _attempt in range(3):
        assert look_up(client, channels.complaint, "ZZZZ-ZZZZ-ZZZZ").status_code == 200
    blocked = look_up(client, channels.complaint, case.tracking_code)
    assert blocked.status_code == 429
    assert case.subject not in blocked.content.decode()
    assert _("Please wait a little before sending again") in blocked.content.decode()
    # Someone else is not affected.
    other = look_up(
        client, channels.complaint, case.tracking_code, REMOTE_ADDR="10.1.2.3"
    )
    assert case.subject in other.content.decode()


def test_status_page_without_a_code_asks_for_one(client, channels):
    response = client.get(channels.complaint.url + "status/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    response = look_up(client, channels.complaint, "")
    assert response.status_code == 200
    assert _("No case found") not in response.content.decode()
