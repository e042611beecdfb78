"""Citizens file complaints, suggestions and corruption complaints on the site."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils.translation import gettext as _

from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseChannel,
    CaseStatus,
    ChannelSettings,
    new_tracking_code,
    normalise_tracking_code,
)
from ita_wagtail.models.channels.cases import TRACKING_ALPHABET, local_date

from .conftest import complaint_data

pytestmark = pytest.mark.django_db

CODE = re.compile(
    r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
)


def submit(client, page, data=None, **extra):
    return client.post(page.url, data or complaint_data(), **extra)


def test_form_shows_the_privacy_notice_before_the_send_button(client, channels):
    response = client.get(channels.complaint.url)
    content = response.content.decode()
    assert response.status_code == 200
    notice = content.index('id="ita-privacy-title"')
    assert notice < content.index('type="submit"')
    for expected in ["24(4)", "24(6)", "365"]:
        assert expected in content[notice:]
    assert 'name="csrfmiddlewaretoken"' in content
    assert 'enctype="multipart/form-data"' in content


def test_form_shows_steps_unit_and_target_duration(client, channels, site):
    settings_ = ChannelSettings.for_site(site)
    settings_.complaint_target_days = 12
    settings_.save()
    content = client.get(channels.complaint.url).content.decode()
    assert "ตรวจสอบและส่งต่อ" in content  # a default handling step
    assert "สำนักปลัดเทศบาล" in content  # the responsible unit of 5.11
    assert re.search(r"\b12\b", content)


def test_a_complaint_gets_a_tracking_code_shown_once(client, channels):
    response = submit(client, channels.complaint)
    assert response.status_code == 302
    assert response["Location"].endswith("/complaints/received/")

    case = Case.objects.get()
    assert CODE.match(case.tracking_code)
    assert case.status == CaseStatus.RECEIVED
    assert case.category == CaseCategory.COMPLAINT
    assert case.channel == CaseChannel.WEBSITE
    assert case.contact_phone == "0812345678"
    assert case.site == channels.site
    assert case.page_id == channels.complaint.pk
    assert case.due_date == local_date(case.received_at) + timedelta(days=15)

    received = client.get(response["Location"])
    assert case.tracking_code in received.content.decode()
    # Refreshing the page does not show it again (nor anybody else's).
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert case.tracking_code not in again.content.decode()


def test_suggestions_are_filed_as_such(client, channels):
    submit(client, channels.complaint, complaint_data(category="suggestion"))
    assert Case.objects.get().category == CaseCategory.SUGGESTION


def test_general_page_cannot_file_a_corruption_case(client, channels):
    response = submit(client, channels.complaint, complaint_data(category="corruption"))
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_corruption_page_files_corruption_cases_with_their_own_target(client, channels):
    page = channels.corruption
    form = client.get(page.url).content.decode()
    assert 'name="respondent"' in form
    assert 'name="category"' not in form
    response = submit(
        client,
        page,
        complaint_data(category=None, respondent="หัวหน้างานพัสดุ กองคลัง"),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.category == CaseCategory.CORRUPTION
    assert case.respondent == "หัวหน้างานพัสดุ กองคลัง"
    assert case.due_date == local_date(case.received_at) + timedelta(days=30)


def test_anonymous_cases_are_accepted(client, channels):
    data = complaint_data(contact_name="", contact_phone="", contact_email="")
    assert submit(client, channels.complaint, data).status_code == 302
    case = Case.objects.get()
    assert case.is_anonymous
    assert len(mail.outbox) == 0


def test_required_fields_are_explained_and_the_rest_kept(client, channels):
    response = submit(client, channels.complaint, complaint_data(subject=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="ita-error-summary"' in content
    assert "ไฟถนนดับมาสามคืนแล้ว" in content  # details kept
    assert "somying@example.com" in content
    assert not Case.objects.exists()


def test_phone_numbers_are_checked(client, channels):
    response = submit(client, channels.complaint, complaint_data(contact_phone="12"))
    assert response.status_code == 200
    assert not Case.objects.exists()
    submit(client, channels.complaint, complaint_data(contact_phone="+66 81 234 5678"))
    assert Case.objects.get().contact_phone == "0812345678"


def test_confirmation_email_carries_the_code(
    client, channels, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, channels.complaint)
    case = Case.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somying@example.com"]
    assert case.tracking_code in message.subject
    assert case.tracking_code in message.body
    assert "http://testserver/ita/complaints/status/" in message.body
    assert not message.alternatives  # plain text only


def test_staff_are_told_without_personal_data(
    client, channels, site, django_capture_on_commit_callbacks
):
    settings_ = ChannelSettings.for_site(site)
    settings_.notification_email = "saraban@example.go.th"
    settings_.corruption_notification_email = "integrity@example.go.th"
    settings_.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, channels.complaint)
        submit(client, channels.corruption, complaint_data(category=None))
    staff_mail = [m for m in mail.outbox if m.to[0].endswith("example.go.th")]
    assert [m.to for m in staff_mail] == [
        ["saraban@example.go.th"],
        ["integrity@example.go.th"],
    ]
    for message in staff_mail:
        for personal in ["สมหญิง", "0812345678", "081-234-5678", "somying@", "ไฟถนนดับ"]:
            assert personal not in message.body
            assert personal not in message.subject
        assert "http://testserver/admin/ita/cases/edit/" in message.body


def test_html_in_a_submission_stays_text_in_the_email(
    client, channels, django_capture_on_commit_callbacks
):
    script = '<script>alert("x")</script>'
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, channels.complaint, complaint_data(subject=script))
    message = mail.outbox[0]
    assert script in message.body
    assert "&lt;script" not in message.body
    assert "<script" not in message.subject


def test_codes_are_random_not_sequential():
    codes = [new_tracking_code() for _ in range(300)]
    assert len(set(codes)) == len(codes)
    assert all(CODE.match(code) for code in codes)

    def as_number(code):
        value = 0
        for char in code.replace("-", ""):
            value = value * 32 + TRACKING_ALPHABET.index(char)
        return value

    numbers = [as_number(code) for code in codes]
    # Sequential or time-based codes would sit close to each other.
    assert min(abs(a - b) for a, b in zip(numbers, numbers[1:], strict=False)) > 10**6


def test_codes_survive_the_usual_copying_mistakes():
    assert normalise_tracking_code("k7qm 4tzx 9hrp") == "K7QM-4TZX-9HRP"
    assert normalise_tracking_code("K7QM-4TZX-9HRO") == "K7QM-4TZX-9HR0"
    assert normalise_tracking_code("K7QM-4TZX-9HRI") == "K7QM-4TZX-9HR1"
    assert normalise_tracking_code("๑๒๓๔-ABCD-EFGH") == "1234-ABCD-EFGH"
    assert normalise_tracking_code("K7QM-4TZX") is None
    assert normalise_tracking_code("K7QM-4TZX-9HRU") is None  # U is not used
    assert normalise_tracking_code(None) is None


def test_tracking_code_collisions_are_retried(make_case, monkeypatch):
    first = make_case()
    codes = iter([first.tracking_code, "AAAA-BBBB-CCCC"])
    monkeypatch.setattr(
        "ita_wagtail.models.channels.cases.new_tracking_code", lambda: next(codes)
    )
    second = make_case()
    assert second.tracking_code == "AAAA-BBBB-CCCC"


def test_received_page_without_a_submission_goes_back_to_the_form(client, channels):
    response = client.get(channels.complaint.url + "received/")
    assert response.status_code == 302
    assert response["Location"] == channels.complaint.url


def test_the_ita_index_lists_both_complaint_channels(client, channels):
    from ita_wagtail.models import collect_disclosures

    disclosures = {d.code: d for d in collect_disclosures(channels.index)}
    assert [p.pk for p in disclosures["5.10"].pages] == [channels.feedback.pk]
    assert {p.pk for p in disclosures["5.11"].pages} == {
        channels.complaint.pk,
        channels.corruption.pk,
    }
    assert _("Corruption and misconduct complaints") == channels.corruption.title
