"""Staff handle cases in the Wagtail admin: list, filter, assign, note, reply."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import ModelLogEntry

from ita_wagtail import thai
from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseChannel,
    CaseNote,
    CaseStatus,
)

pytestmark = pytest.mark.django_db

INDEX = "ita_cases:index"


def edit_url(case):
    return reverse("ita_cases:edit", args=[case.pk])


def edit_data(case, **overrides):
    data = {
        "category": case.category,
        "status": case.status,
        "unit": case.unit_id or "",
        "due_date": case.due_date.isoformat(),
        "public_reply": case.public_reply,
        "new_note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def engineering(db):
    unit = ResponsibleUnit.objects.get(code="engineering")
    unit.email = "kongchang@example.go.th"
    unit.save()
    return unit


@pytest.fixture
def cases(make_case, channels):
    today = thai.today()
    return {
        "road": make_case(subject="ถนนเป็นหลุม", page=channels.complaint),
        "late": make_case(
            subject="น้ำประปาไม่ไหล",
            received_at=timezone.now() - timedelta(days=40),
            contact_email="citizen@example.com",
        ),
        "idea": make_case(
            subject="ขอเพิ่มถังขยะ",
            category=CaseCategory.SUGGESTION,
            status=CaseStatus.IN_PROGRESS,
        ),
        "bribe": make_case(
            subject="เรียกรับเงินใต้โต๊ะ",
            category=CaseCategory.CORRUPTION,
            respondent="นาย ก.",
            due_date=today + timedelta(days=20),
        ),
    }


def listing(client, **params):
    return client.get(reverse(INDEX), params).content.decode()


def test_case_list_shows_open_work_with_thai_dates(client, staff, cases):
    client.force_login(staff.handler)
    content = listing(client)
    for key in ("road", "late", "idea"):
        assert cases[key].tracking_code in content
    assert thai.format_thai_date(cases["road"].received_at, "short") in content
    assert _("Overdue") in content  # the 40-day-old case


def test_corruption_cases_are_hidden_from_ordinary_handlers(client, staff, cases):
    bribe = cases["bribe"]
    client.force_login(staff.handler)
    assert bribe.tracking_code not in listing(client)
    assert bribe.tracking_code not in listing(client, category="corruption")
    for name in ("edit", "inspect", "history", "delete"):
        response = client.get(reverse(f"ita_cases:{name}", args=[bribe.pk]))
        assert response.status_code == 404, name
    response = client.post(reverse("ita_cases:delete", args=[bribe.pk]))
    assert response.status_code == 404
    assert Case.objects.filter(pk=bribe.pk).exists()

    client.force_login(staff.integrity)
    assert bribe.tracking_code in listing(client)
    assert client.get(edit_url(bribe)).status_code == 200


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "in_progress"}, {"idea"}),
        ({"status": ["received", "in_progress"]}, {"road", "late", "idea"}),
        ({"category": "suggestion"}, {"idea"}),
        ({"overdue": "yes"}, {"late"}),
        ({"q": "ประปา"}, {"late"}),
    ],
)
def test_filters(client, staff, cases, params, expected):
    client.force_login(staff.handler)
    content = listing(client, **params)
    shown = {key for key, case in cases.items() if case.tracking_code in content}
    assert shown == expected


def test_filter_by_unit_and_unassigned(client, staff, cases, engineering):
    cases["road"].unit = engineering
    cases["road"].save()
    client.force_login(staff.handler)
    content = listing(client, unit=engineering.pk)
    assert cases["road"].tracking_code in content
    assert cases["late"].tracking_code not in content
    content = listing(client, unit="null")
    assert cases["road"].tracking_code not in content
    assert cases["late"].tracking_code in content


def test_search_by_tracking_code(client, staff, cases):
    client.force_login(staff.handler)
    code = cases["idea"].tracking_code
    content = listing(client, q=code)
    assert code in content
    assert cases["road"].tracking_code not in content


def test_assigning_a_unit_is_logged_and_mailed_to_the_unit(
    client, staff, cases, engineering, django_capture_on_commit_callbacks
):
    case = cases["road"]
    client.force_login(staff.handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(case), edit_data(case, unit=engineering.pk, status="in_progress")
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.unit, case.status) == (engineering, CaseStatus.IN_PROGRESS)
    assert [m.to for m in mail.outbox] == [["kongchang@example.go.th"]]
    assert case.tracking_code in mail.outbox[0].body
    assert case.subject not in mail.outbox[0].body
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(case.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"ita_wagtail.case.assigned", "ita_wagtail.case.status"} <= actions
    history = client.get(reverse("ita_cases:history", args=[case.pk])).content.decode()
    assert engineering.name in history


def test_corruption_assignment_is_not_mailed_to_the_unit(
    client, staff, cases, engineering, django_capture_on_commit_callbacks
):
    case = cases["bribe"]
    client.force_login(staff.integrity)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(case), edit_data(case, unit=engineering.pk))
    case.refresh_from_db()
    assert case.unit == engineering
    assert mail.outbox == []


def test_reply_is_emailed_and_answer_is_recorded(
    client, staff, cases, django_capture_on_commit_callbacks
):
    case = cases["late"]
    client.force_login(staff.handler)
    reply = "การประปาซ่อมท่อเรียบร้อยแล้ว\nขออภัยในความไม่สะดวก"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(case), edit_data(case, public_reply=reply, status="answered")
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ANSWERED
    assert case.public_reply == reply
    assert case.answered_at is not None
    assert case.days_to_answer == 40
    assert case.answered_within_target is False
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["citizen@example.com"]
    assert "การประปาซ่อมท่อเรียบร้อยแล้ว" in message.body
    assert case.tracking_code in message.subject


def test_an_interim_reply_does_not_count_as_the_answer(
    client, staff, cases, django_capture_on_commit_callbacks
):
    case = cases["late"]
    client.force_login(staff.handler)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            edit_url(case),
            edit_data(case, public_reply="ส่งเรื่องให้กองช่างแล้ว", status="in_progress"),
        )
    case.refresh_from_db()
    assert case.public_reply == "ส่งเรื่องให้กองช่างแล้ว"
    assert case.answered_at is None
    assert len(mail.outbox) == 1  # the citizen still hears about it
    # Saving again without changing the reply sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(case), edit_data(case))
    assert len(mail.outbox) == 1


def test_answered_needs_a_reply(client, staff, cases):
    case = cases["road"]
    client.force_login(staff.handler)
    response = client.post(edit_url(case), edit_data(case, status="answered"))
    assert response.status_code == 200
    assert _("Write the reply to the citizen before marking the case answered.") in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_closing_stamps_the_date_and_reopening_clears_it(client, staff, cases):
    case = cases["idea"]
    client.force_login(staff.handler)
    client.post(
        edit_url(case), edit_data(case, status="closed", public_reply="จะติดตั้งเพิ่ม")
    )
    case.refresh_from_db()
    assert case.closed_at is not None and case.answered_at is not None
    client.post(edit_url(case), edit_data(case, status="in_progress"))
    case.refresh_from_db()
    assert case.closed_at is None
    assert case.answered_at is not None  # the first answer still counts


def test_internal_notes_are_appended_with_their_author(client, staff, cases):
    case = cases["road"]
    client.force_login(staff.handler)
    client.post(edit_url(case), edit_data(case, new_note="โทรประสานกองช่างแล้ว"))
    client.post(edit_url(case), edit_data(case, new_note="<b>ช่าง</b>นัดตรวจวันพรุ่งนี้"))
    notes = list(CaseNote.objects.filter(case=case))
    assert [n.text for n in notes] == ["โทรประสานกองช่างแล้ว", "<b>ช่าง</b>นัดตรวจวันพรุ่งนี้"]
    assert {n.author for n in notes} == {staff.handler}
    content = client.get(edit_url(case)).content.decode()
    assert "โทรประสานกองช่างแล้ว" in content
    assert "&lt;b&gt;ช่าง&lt;/b&gt;" in content
    assert "<b>ช่าง</b>" not in content


def test_what_the_citizen_wrote_cannot_be_rewritten(client, staff, cases):
    case = cases["road"]
    client.force_login(staff.handler)
    client.post(
        edit_url(case), edit_data(case, subject="แก้หัวข้อ", details="แก้รายละเอียด")
    )
    case.refresh_from_db()
    assert case.subject == "ถนนเป็นหลุม"


def test_markup_is_text_in_the_admin(client, staff, make_case):
    case = make_case(
        subject="<script>alert('x')</script>", details="<img src=x onerror=alert(1)>"
    )
    client.force_login(staff.handler)
    for url in (
        reverse(INDEX),
        edit_url(case),
        reverse("ita_cases:inspect", args=[case.pk]),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in content, url
        assert "<img src=x onerror" not in content, url


def test_staff_record_a_phone_complaint(
    client, staff, channels, engineering, django_capture_on_commit_callbacks
):
    client.force_login(staff.reception)
    data = {
        "category": "complaint",
        "channel": "phone",
        "received_at": "2026-11-20 09:30",
        "subject": "สุนัขจรจัดในซอย 5",
        "details": "ผู้ร้องแจ้งทางโทรศัพท์ว่ามีสุนัขจรจัดกัดเด็ก",
        "location": "ซอย 5 หมู่ 2",
        "respondent": "",
        "status": "received",
        "unit": engineering.pk,
        "due_date": "",
        "public_reply": "",
        "new_note": "รับสายโดยเจ้าหน้าที่ประชาสัมพันธ์",
        "contact_name": "นายสมปอง",
        "contact_phone": "0899999999",
        "contact_email": "sompong@example.com",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ita_cases:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(subject="สุนัขจรจัดในซอย 5")
    assert case.channel == CaseChannel.PHONE
    assert case.site == channels.site
    assert case.contact_phone == "0899999999"
    assert case.notes.get().author == staff.reception
    assert thai.format_thai_date(case.due_date) == thai.format_thai_date(
        case.received_on + timedelta(days=15)
    )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["kongchang@example.go.th", "sompong@example.com"]
    confirmation = next(m for m in mail.outbox if m.to == ["sompong@example.com"])
    assert case.tracking_code in confirmation.body
    assert channels.complaint.url + "status/" in confirmation.body


def test_readers_can_inspect_but_not_edit(client, staff, cases):
    client.force_login(staff.reader)
    case = cases["road"]
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.get(reverse("ita_cases:inspect", args=[case.pk])).status_code == 200
    # Wagtail answers a permission denial with a redirect and a message.
    assert client.get(edit_url(case)).status_code in (302, 403)
    client.post(edit_url(case), edit_data(case, status="closed"))
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_the_ita_menu_lists_the_channels(client, staff):
    client.force_login(staff.admin)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    for label in (
        _("Complaints and suggestions"),
        _("Service feedback"),
        _("Personal data access log"),
    ):
        # The sidebar is rendered from JSON, where Thai is \u-escaped.
        assert label in content or json.dumps(str(label))[1:-1] in content


def test_site_settings_hold_targets_and_contacts(client, staff, site):
    from ita_wagtail.models.channels import ChannelSettings

    client.force_login(staff.admin)
    url = reverse(
        "wagtailsettings:edit", args=["ita_wagtail", "channelsettings", site.pk]
    )
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "complaint_target_days": "10",
            "corruption_target_days": "45",
            "retention_days": "730",
            "notification_email": "saraban@example.go.th",
            "corruption_notification_email": "",
            "controller_name": "เทศบาลตำบลตัวอย่าง",
            "dpo_contact": "dpo@example.go.th",
        },
    )
    assert response.status_code == 302
    settings_ = ChannelSettings.for_site(site)
    assert (settings_.complaint_target_days, settings_.retention_days) == (10, 730)


def test_dashboard_counts_open_and_overdue_cases(client, staff, cases):
    client.force_login(staff.handler)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    # road, late and idea are open; bribe is hidden from this user.
    expected = ngettext("%(counter)s open case", "%(counter)s open cases", 3) % {
        "counter": 3
    }
    assert expected in content
    assert "?overdue=yes" in content
    assert reverse(INDEX) + "?status=received&amp;status=in_progress" in content
    client.force_login(staff.outsider)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "?overdue=yes" not in content


def test_case_list_queries_do_not_grow_with_cases(
    client, staff, make_case, engineering
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff.handler)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(INDEX)).status_code == 200
        return len(queries)

    for _n in range(3):
        make_case(unit=engineering)
    few = count_queries()
    for _n in range(25):
        make_case(unit=engineering)
    assert count_queries() == few
