"""The admin-only PDF files: the quarterly report to sign and the ITAS answer sheet."""

import io
from datetime import date
from urllib.parse import unquote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ita_wagtail import models as ita
from ita_wagtail.pdf import delivery
from ita_wagtail.pdf.documents import QuarterlyReportPdf
from ita_wagtail.reports.answer_sheet import answer_sheet_table
from ita_wagtail.reports.quarterly import take_snapshot

from ..pdf_engine import needs_pdf_engine

pytestmark = [
    pytest.mark.django_db,
    needs_pdf_engine,
]

JAN_2 = date(2025, 1, 2)


def text_of(data):
    # SARA AM (ำ) reads back as า from the text layer (docs/procurement/pdf.md).
    pages = PdfReader(io.BytesIO(data)).pages
    return ["".join(page.extract_text().replace("ำ", "า").split()) for page in pages]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("clerk", "c@example.go.th", "pw")


@pytest.fixture
def snapshot(site, complete):
    row = ita.ComplianceSettings.for_site(site)
    row.municipality_name = "เทศบาลตำบลทดสอบ"
    row.clerk_name = "นางวันดี ขยันยิ่ง"
    row.executive_name = "นายสมชาย ใจดี"
    row.save()
    return take_snapshot(site, 2568, 1, today=JAN_2)


def test_quarterly_report_pdf_is_made_in_the_background(client, superuser, snapshot):
    client.force_login(superuser)
    url = reverse("ita_quarterly_reports:pdf", args=(snapshot.pk,))
    index = client.get(reverse("ita_quarterly_reports:index")).content.decode()
    assert url in index
    # The test settings hold background tasks: the worker has not run yet.
    response = client.get(url)
    assert response.status_code == 202
    assert 'http-equiv="refresh"' in response.content.decode()
    delivery.make_pdf(QuarterlyReportPdf(snapshot_id=snapshot.pk))  # the worker
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "รายงานITA-ไตรมาส1-2568.pdf" in unquote(response["Content-Disposition"])
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert reader.pages[0].mediabox.height > reader.pages[0].mediabox.width  # portrait
    text = "".join(text_of(data))
    assert "ไตรมาสที่1ปีงบประมาณพ.ศ.2568" in text
    assert "เทศบาลตาบลทดสอบ" in text
    for person in ("นางวันดีขยันยิ่ง", "นายสมชายใจดี"):
        assert person in text
    assert text.count("ลงชื่อ") == 3
    assert "5.11" in text


def test_quarterly_report_pdf_needs_the_dashboard_permission(
    client, django_user_model, snapshot
):
    client.force_login(django_user_model.objects.create_user("u", "u@x.th", "pw"))
    response = client.get(reverse("ita_quarterly_reports:pdf", args=(snapshot.pk,)))
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_answer_sheet_pdf(client, superuser, site, complete):
    client.force_login(superuser)
    url = reverse("ita_compliance:answer_sheet")
    dashboard = client.get(reverse("ita_compliance:index")).content.decode()
    assert "format=pdf" in dashboard
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "แบบตอบ-ITAS-" in unquote(response["Content-Disposition"])
    pages = text_of(b"".join(response.streaming_content))
    headers, _rows = answer_sheet_table([])  # Thai, as in the Excel file
    assert len(headers) == 8
    for header in headers:
        assert "".join(header.replace("ำ", "า").split()) in pages[0], header
    text = "".join(pages)
    assert "5.1" in text and "5.11" in text
    assert "http://" in text
