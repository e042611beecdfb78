"""Abuse and bad input: CSRF, honeypot, rate limits, oversized or odd input."""

import pytest
from django.test import Client
from django.utils.translation import gettext as _

from ita_wagtail.models.channels import Case, Feedback

from .conftest import complaint_data

pytestmark = pytest.mark.django_db


def test_a_post_without_csrf_token_is_refused_with_a_friendly_page(channels, settings):
    settings.CSRF_FAILURE_VIEW = "ita_wagtail.views.csrf.csrf_failure"
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        channels.complaint.url,
        complaint_data(),
        HTTP_REFERER="http://testserver" + channels.complaint.url,
    )
    assert response.status_code == 403
    content = response.content.decode()
    assert _("Your form could not be sent") in content
    assert f'href="http://testserver{channels.complaint.url}"' in content
    assert not Case.objects.exists()


def test_csrf_page_never_links_to_another_site(channels, settings):
    settings.CSRF_FAILURE_VIEW = "ita_wagtail.views.csrf.csrf_failure"
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        channels.feedback.url, {"rating": "5"}, HTTP_REFERER="https://evil.example/x"
    )
    assert 'href="/"' in response.content.decode()
    assert "evil.example" not in response.content.decode()


def test_honeypot_filled_in_files_nothing_and_keeps_the_form(client, channels):
    response = client.post(
        channels.complaint.url, complaint_data(website="http://spam.example")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert not Case.objects.exists()
    assert "ไฟถนนดับมาสามคืนแล้ว" in content
    assert _("Leave this field empty") in content


def test_honeypot_is_hidden_from_people(client, channels):
    content = client.get(channels.complaint.url).content.decode()
    honeypot = content[content.index('class="ita-honeypot"') - 5 :][:400]
    assert 'aria-hidden="true"' in honeypot
    assert 'tabindex="-1"' in honeypot


def test_sixth_complaint_within_the_hour_gets_a_friendly_message(client, channels):
    for number in range(5):
        response = client.post(
            channels.complaint.url, complaint_data(subject=f"เรื่องที่ {number}")
        )
        assert response.status_code == 302
    response = client.post(channels.complaint.url, complaint_data(subject="เรื่องที่หก"))
    assert response.status_code == 429
    content = response.content.decode()
    assert _("Please wait a little before sending again") in content
    assert 'value="เรื่องที่หก"' in content  # what was typed is kept
    assert "ไฟถนนดับมาสามคืนแล้ว" in content
    assert (
        "<title>" in content and 'name="subject"' in content
    )  # the page, not an error page
    assert Case.objects.count() == 5


def test_rate_limit_is_per_client_address(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    assert client.post(channels.complaint.url, complaint_data()).status_code == 302
    assert client.post(channels.complaint.url, complaint_data()).status_code == 429
    other = client.post(
        channels.complaint.url, complaint_data(), REMOTE_ADDR="10.9.8.7"
    )
    assert other.status_code == 302


def test_rate_limit_follows_the_proxy_header_when_configured(
    client, channels, settings
):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    settings.ITA_CLIENT_ADDRESS_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.ITA_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address
    post = client.post
    assert (
        post(
            channels.complaint.url,
            complaint_data(),
            HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5",
        ).status_code
        == 302
    )
    # A client cannot escape by prepending addresses of its own choosing.
    assert (
        post(
            channels.complaint.url,
            complaint_data(),
            HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5",
        ).status_code
        == 429
    )
    assert (
        post(
            channels.complaint.url, complaint_data(), HTTP_X_FORWARDED_FOR="203.0.113.6"
        ).status_code
        == 302
    )


def test_honeypot_hits_count_towards_the_limit(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 2
    for _attempt in range(2):
        client.post(channels.complaint.url, complaint_data(website="spam"))
    assert client.post(channels.complaint.url, complaint_data()).status_code == 429


def test_rate_limit_can_be_switched_off(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 0
    for _attempt in range(7):
        assert client.post(channels.complaint.url, complaint_data()).status_code == 302


def test_feedback_is_rate_limited_apart_from_complaints(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    assert client.post(channels.feedback.url, {"rating": "4"}).status_code == 302
    blocked = client.post(channels.feedback.url, {"rating": "2", "comment": "ช้ามาก"})
    assert blocked.status_code == 429
    assert "ช้ามาก" in blocked.content.decode()
    assert Feedback.objects.count() == 1
    assert client.post(channels.complaint.url, complaint_data()).status_code == 302


def test_null_characters_and_overlong_text_are_errors_not_crashes(client, channels):
    response = client.post(channels.complaint.url, complaint_data(subject="ไฟ\x00ดับ"))
    assert response.status_code == 200
    response = client.post(channels.complaint.url, complaint_data(details="ก" * 5001))
    assert response.status_code == 200
    assert 'id="ita-error-summary"' in response.content.decode()
    assert not Case.objects.exists()


def test_markup_in_every_public_field_is_shown_as_text(client, channels):
    script = "<script>alert(1)</script>"
    response = client.post(
        channels.complaint.url,
        complaint_data(
            subject=script, details="", location=script, contact_name=script
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert script not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_unknown_routes_are_not_found(client, channels):
    assert client.get(channels.complaint.url + "nothing/").status_code == 404
    assert client.get(channels.complaint.url + "statistics/3000/").status_code == 404
    assert client.get(channels.complaint.url + "statistics/2568/q5/").status_code == 404
    assert client.get(channels.corruption.url + "statistics/").status_code == 404


def test_posts_arriving_while_others_are_validated_cannot_pass_the_limit(
    client, channels, monkeypatch
):
    """20 posts from one address, each arriving while the previous is still
    being validated (as when every post carries a large photo): the limit of
    5 holds, because the slot is taken before the work."""
    from ita_wagtail.channels.forms import CaseForm

    validate = CaseForm.is_valid
    pending = {"posts": 19}
    responses = []

    def slow_is_valid(self):
        while pending["posts"]:
            pending["posts"] -= 1
            responses.append(client.post(channels.complaint.url, complaint_data()))
        return validate(self)

    monkeypatch.setattr(CaseForm, "is_valid", slow_is_valid)
    responses.append(client.post(channels.complaint.url, complaint_data()))
    codes = sorted(response.status_code for response in responses)
    assert codes == [302] * 5 + [429] * 15
    assert Case.objects.count() == 5


def test_parallel_threads_take_at_most_the_limit():
    import threading

    from django.test import RequestFactory

    from ita_wagtail.channels.ratelimit import RateLimit

    limit = RateLimit(scope="case", limit=5, window=3600)
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.20")
    start = threading.Barrier(20)
    won = []

    def post():
        start.wait()
        if limit.reserve(request) is not None:
            won.append(1)

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 5
    assert limit.blocked(request)
    assert limit.retry_at(request) is not None


def test_an_invalid_form_gives_its_slot_back(client, channels, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    url = channels.complaint.url
    assert client.post(url, complaint_data(subject="")).status_code == 200
    assert client.post(url, complaint_data()).status_code == 302
    assert client.post(url, complaint_data()).status_code == 429


def test_bidirectional_controls_are_removed_from_every_text_field(client, channels):
    rlo, lri, pdi = "\u202e", "\u2066", "\u2069"
    response = client.post(
        channels.corruption.url,
        complaint_data(
            category=None,
            subject=f"ใบเสร็จ{rlo}fdp.exe",
            details=f"รายละเอียด{lri}ซ่อน{pdi}\nบรรทัดสอง\x1b[31m",
            location=f"{rlo}หมู่ 3",
            respondent=f"นาย{rlo}ก",
            contact_name=f"สมหญิง{rlo} ใจดี",
            contact_phone=f"081{rlo}2345678",
            contact_email=f"{rlo}somying@example.com",
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.subject == "ใบเสร็จfdp.exe"
    assert case.details == "รายละเอียดซ่อน\nบรรทัดสอง[31m"
    assert (case.location, case.respondent) == ("หมู่ 3", "นายก")
    assert (case.contact_name, case.contact_phone) == ("สมหญิง ใจดี", "0812345678")
    assert case.contact_email == "somying@example.com"

    client.post(channels.feedback.url, {"rating": "3", "comment": f"ช้า{rlo}มาก"})
    assert Feedback.objects.get().comment == "ช้ามาก"


def test_a_subject_of_controls_only_is_empty(client, channels):
    response = client.post(
        channels.complaint.url, complaint_data(subject="\u202e\u202e")
    )
    assert response.status_code == 200
    assert not Case.objects.exists()
