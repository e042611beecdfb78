"""The corruption-complaint procedure page (OIT 2568 O17, 2569 O16)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation
from wagtail.documents import get_document_model

from ita_wagtail import models as ita
from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.channels import ComplaintProcedureDocument

pytestmark = pytest.mark.django_db

STEPS = [
    (
        "step",
        {
            "title": "รับเรื่องและลงทะเบียน",
            "who": "นิติกร สำนักปลัดเทศบาล",
            "duration": "ภายใน 1 วันทำการ",
            "description": "",
        },
    ),
    (
        "step",
        {
            "title": "สอบข้อเท็จจริง",
            "who": "คณะกรรมการสอบข้อเท็จจริง",
            "duration": "ภายใน 30 วัน",
            "description": "แต่งตั้งคณะกรรมการตามคำสั่งนายกเทศมนตรี",
        },
    ),
]
NACC = (
    "channel",
    {
        "kind": "external",
        "name": "สำนักงาน ป.ป.ช.",
        "detail": "สายด่วน 1205",
        "link": "https://www.nacc.go.th",
    },
)


def add_procedure(parent, **fields):
    values = {
        "title": "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "slug": ita.ComplaintProcedurePage.ita_slug,
        **ita.ComplaintProcedurePage.ita_initial_values(parent),
    }
    values.update(fields)
    page = ita.ComplaintProcedurePage(**values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ita.ComplaintProcedurePage.objects.get(pk=page.pk)


@pytest.fixture
def legal_unit(db):
    return ResponsibleUnit.objects.create(
        code="legal_affairs", name="งานนิติการ สำนักปลัดเทศบาล", phone="042-123456"
    )


def test_one_procedure_page_only_under_the_corruption_channel(channels):
    model = ita.ComplaintProcedurePage
    assert model.ita_slug == "procedure"
    assert model.can_create_at(channels.corruption)
    assert not model.can_create_at(channels.index)
    assert not model.can_create_at(channels.complaint)
    add_procedure(channels.corruption)
    assert not model.can_create_at(channels.corruption)  # one per channel
    twin = model(title="ซ้ำ", slug="procedure-2", steps=STEPS)
    twin._ita_parent = channels.corruption
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert "ช่องทางนี้มีหน้าแนวปฏิบัติอยู่แล้ว" in str(error.value)


def test_starts_with_steps_and_the_national_channels(channels):
    values = ita.ComplaintProcedurePage.ita_initial_values(channels.corruption)
    assert all(block[1]["duration"] for block in values["steps"])
    links = [block[1]["link"] for block in values["other_channels"]]
    assert "https://www.nacc.go.th" in links and "https://www.pacc.go.th" in links


def test_page_shows_steps_unit_and_channels_in_thai(client, channels, legal_unit):
    page = add_procedure(
        channels.corruption,
        steps=STEPS,
        responsible_unit=legal_unit,
        other_channels=[NACC],
        contact="ศาลาว่าการเทศบาล ชั้น 2",
    )
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ขั้นตอนการดำเนินการ" in html
    assert "สอบข้อเท็จจริง" in html and "คณะกรรมการสอบข้อเท็จจริง" in html
    assert "ภายใน 30 วัน" in html
    assert "งานนิติการ สำนักปลัดเทศบาล" in html and "042-123456" in html
    assert "ศาลาว่าการเทศบาล ชั้น 2" in html
    assert 'href="https://www.nacc.go.th"' in html
    # The channel it belongs to is linked back, as a channel of its own.
    assert f'href="{channels.corruption.url}"' in html
    # Each step row names its columns for the phone layout.
    assert 'data-label="ระยะเวลาดำเนินการ"' in html


def test_the_corruption_channel_links_to_its_procedure(client, channels):
    page = add_procedure(channels.corruption)
    html = client.get(channels.corruption.url).content.decode()
    assert f'href="{page.url}"' in html
    assert "แนวปฏิบัติและสถิติ" in html
    # The general complaints channel does not list it.
    assert page.url not in client.get(channels.complaint.url).content.decode()


def test_flowchart_and_documents(client, channels):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(title="แผนผัง", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="คู่มือ", file=ContentFile(b"%PDF-1.4 " * 100, name="manual.pdf")
    )
    page = add_procedure(channels.corruption, flowchart=image)
    ComplaintProcedureDocument.objects.create(
        page=page, title="คู่มือการจัดการเรื่องร้องเรียนการทุจริต", document=document
    )
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<figure" in html and 'alt="แผนผังขั้นตอน:' in html
    assert "คู่มือการจัดการเรื่องร้องเรียนการทุจริต" in html
    assert "(PDF, " in html
    page = ita.ComplaintProcedurePage.objects.get(pk=page.pk)
    assert page.ita_published_formats() == {"pdf"}


def test_completeness_checks(channels, legal_unit):
    page = add_procedure(
        channels.corruption,
        steps=[*STEPS, ("step", {"title": "แจ้งผล", "who": "", "duration": ""})],
        other_channels=[],
    )
    with translation.override("en"):
        missing = [str(problem) for problem in page.ita_missing_fields()]
    assert missing == [
        "the time frame of every step (แจ้งผล)",
        "the responsible unit or its contact details",
        "the channels for complaints besides this page",
    ]
    page.steps = STEPS
    page.responsible_unit = legal_unit
    page.other_channels = [NACC]
    assert page.ita_missing_fields() == []
    page.steps = []
    with translation.override("en"):
        missing = [str(problem) for problem in page.ita_missing_fields()]
    assert missing[:2] == ["at least one handling step", "the time frame of every step"]


def test_evidence_points_to_the_page(channels):
    page = add_procedure(channels.corruption)
    url, text = page.ita_evidence(None, None, 2569)
    assert url == page.full_url
    assert page.title in text and "ขั้นตอน" in text
