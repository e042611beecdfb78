"""Item 5.10: service recipients rate a service from the manuals, anonymously."""

import pytest
from django.utils.translation import gettext as _

from ita_wagtail.models.channels import Feedback

pytestmark = pytest.mark.django_db


def service(name):
    return (
        "service",
        {
            "name": name,
            "unit": "สำนักปลัดเทศบาล",
            "steps": [{"description": "ยื่นคำขอ", "duration": "15 นาที"}],
            "duration": "1 วัน",
            "channels": ["office"],
            "no_fee": True,
            "fee": None,
            "required_documents": ["สำเนาบัตรประชาชน"],
        },
    )


@pytest.fixture
def manuals(channels):
    page = channels.manuals
    page.services = [service("จดทะเบียนพาณิชย์"), service("ขออนุญาตก่อสร้างอาคาร")]
    page.save_revision().publish()
    return page


def test_services_come_from_the_service_manuals(client, channels, manuals):
    content = client.get(channels.feedback.url).content.decode()
    assert '<option value="จดทะเบียนพาณิชย์">' in content
    assert '<option value="ขออนุญาตก่อสร้างอาคาร">' in content
    assert _("Services of the municipality in general") in content


def test_a_rating_with_comment_is_recorded_anonymously(client, channels, manuals):
    response = client.post(
        channels.feedback.url,
        {"service": "จดทะเบียนพาณิชย์", "rating": "5", "comment": "เจ้าหน้าที่บริการดีมาก"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/feedback/thanks/")
    feedback = Feedback.objects.get()
    assert (feedback.service_name, feedback.rating) == ("จดทะเบียนพาณิชย์", 5)
    assert feedback.site == channels.site
    thanks = client.get(response["Location"])
    assert _("Thank you for your opinion") in thanks.content.decode()
    assert client.get(response["Location"]).status_code == 302  # once


def test_a_service_link_preselects_the_service(client, channels, manuals):
    content = client.get(channels.feedback.url + "?service=ขออนุญาตก่อสร้างอาคาร").content
    assert '<option value="ขออนุญาตก่อสร้างอาคาร" selected>' in content.decode()


def test_rating_is_required_and_bounded(client, channels, manuals):
    for data in [{"comment": "ไม่ได้ให้คะแนน"}, {"rating": "6"}, {"rating": "0"}]:
        response = client.post(channels.feedback.url, data)
        assert response.status_code == 200
    assert (
        _("Choose how satisfied you are.")
        in client.post(channels.feedback.url, {"comment": "x"}).content.decode()
    )
    assert not Feedback.objects.exists()


def test_unknown_services_are_refused(client, channels, manuals):
    response = client.post(
        channels.feedback.url, {"service": "บริการปลอม", "rating": "1"}
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_general_feedback_without_manuals(client, channels):
    assert client.post(channels.feedback.url, {"rating": "3"}).status_code == 302
    assert Feedback.objects.get().service_name == ""


def test_feedback_honeypot(client, channels):
    response = client.post(channels.feedback.url, {"rating": "5", "website": "x"})
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_feedback_page_explains_how_complaints_are_handled(client, channels):
    content = client.get(channels.feedback.url).content.decode()
    # Its own steps, the complaint channel's steps, unit and target.
    assert "รวบรวมและวิเคราะห์" in content
    assert "ตรวจสอบและส่งต่อ" in content
    assert channels.complaint.url in content
    assert "สำนักปลัดเทศบาล" in content
    assert "15" in content


def test_results_show_averages_per_service_and_never_comments(
    client, channels, manuals
):
    for service_name, rating in [
        ("จดทะเบียนพาณิชย์", 5),
        ("จดทะเบียนพาณิชย์", 4),
        ("จดทะเบียนพาณิชย์", 2),
        ("", 3),
    ]:
        Feedback.objects.create(
            site=channels.site,
            service_name=service_name,
            rating=rating,
            comment="ลับมาก",
        )
    content = client.get(channels.feedback.url + "results/").content.decode()
    assert "จดทะเบียนพาณิชย์" in content
    assert "3.67" in content  # (5 + 4 + 2) / 3
    assert "66.7%" in content  # two of three satisfied
    assert "3.50" in content  # overall (5 + 4 + 2 + 3) / 4
    assert "ลับมาก" not in content
