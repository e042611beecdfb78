"""PDF files of the procurement summaries: what an assessor downloads and reads."""

import io
from datetime import date
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from pypdf import PdfReader

from ita_wagtail import models as ita
from ita_wagtail.exporting.procurement_sheets import SKR1_HEADER
from ita_wagtail.pdf import delivery
from ita_wagtail.pdf.documents import AnnualSummaryPdf, PlanPdf, Skr1MonthPdf
from ita_wagtail.setup import setup_ita_section

from ..pdf_engine import needs_pdf_engine
from .factories import default_site, make_plan, make_procurement

pytestmark = [
    pytest.mark.django_db,
    needs_pdf_engine,
]


def text_of(page_text):
    # HarfBuzz draws SARA AM (ำ) as NIKHAHIT + SARA AA; the PDF's text layer
    # maps the SARA AA glyph back to "า" (a WeasyPrint limitation, see
    # docs/procurement/pdf.md). Compare words with that one letter folded,
    # and line breaks inside cells ignored.
    return "".join(page_text.replace("ำ", "า").split())


def folded(value):
    return "".join(value.replace("ำ", "า").split())


def pages_text(data):
    return [text_of(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


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


def url(page):
    return page.relative_url(default_site())


def known_record():
    return make_procurement(
        name="จ้างซ่อมแซมถนนลูกรัง หมู่ที่ 4 บ้านหนองบัว",
        budget=Decimal("120000.00"),
        reference_price=Decimal("118500.00"),
        selected_supplier="หจก.ทองดีก่อสร้าง",
        agreed_price=Decimal("117000.00"),
        bids=[("หจก.ทองดีก่อสร้าง", "117000.00"), ("ร้านสมศรีวัสดุ", "118000.00")],
        contract_number="12/2568",
        contract_date=date(2024, 10, 15),
    )


def test_skr1_has_every_column_a_known_row_and_an_embedded_sarabun(section):
    known_record()
    response = delivery.pdf_response(
        None, Skr1MonthPdf(site_id=default_site().pk, fiscal_year=2568, month=10)
    )
    data = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    text = text_of(reader.pages[0].extract_text())
    for header in SKR1_HEADER:
        assert folded(header) in text, header
    for value in (
        "จ้างซ่อมแซมถนนลูกรังหมู่ที่4บ้านหนองบัว",
        "120,000.00",
        "118,500.00",
        "1.หจก.ทองดีก่อสร้าง117,000.00บาท",
        "2.ร้านสมศรีวัสดุ118,000.00บาท",
        "12/2568",
        "หน้า1/1",
    ):
        assert folded(value) in text, value
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for font in fonts.values():
        font = font.get_object()
        for descendant in font.get("/DescendantFonts", []):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            if "/FontFile2" in descriptor:
                embedded.append(str(font["/BaseFont"]))
    assert any(name.endswith("+Sarabun") for name in embedded), embedded
    assert any(name.endswith("+Sarabun-Bold") for name in embedded), embedded


def test_skr1_in_thai_digits_when_the_site_says_so(section, settings):
    settings.ITA_PDF_THAI_DIGITS = True
    known_record()
    source = Skr1MonthPdf(site_id=default_site().pk, fiscal_year=2568, month=10)
    text = pages_text(delivery.pdf_bytes(source))[0]
    assert "๑๒๐,๐๐๐.๐๐" in text
    assert "หน้า๑/๑" in text
    assert "ตุลาคม๒๕๖๗" in text


def test_a_300_row_month_repeats_the_header_on_every_page(section, settings):
    settings.ITA_PDF_INLINE_MAX_ROWS = 1000
    for number in range(300):
        make_procurement(
            name=f"จัดซื้อวัสดุงานบ้านงานครัว รายการที่ {number + 1}",
            bids=[("ร้านรุ่งเรืองพาณิชย์", "48000.00"), ("ร้านมั่นคงค้าส่ง", "49000.00")],
        )
    source = Skr1MonthPdf(site_id=default_site().pk, fiscal_year=2568, month=10)
    pages = pages_text(delivery.pdf_bytes(source))
    assert len(pages) > 3
    for number, text in enumerate(pages, start=1):
        for header in SKR1_HEADER:
            assert folded(header) in text, (number, header)
        assert f"หน้า{number}/{len(pages)}" in text
    assert "รายการที่300" in pages[-1]


def test_public_urls_answer_pdf_with_a_thai_file_name(client, section):
    known_record()
    make_plan(fiscal_year=2568)
    summary = url(section[ita.ProcurementSummaryPage])
    plan = url(section[ita.ProcurementPlanPage])
    for path, name in (
        (f"{summary}2568/10/pdf/", "สขร1-ตุลาคม-2567.pdf"),
        (f"{summary}2568/pdf/", "สรุปผลการจัดซื้อจัดจ้าง-ปีงบประมาณ-2568.pdf"),
        (f"{plan}2568/pdf/", "แผนการจัดซื้อจัดจ้าง-ปีงบประมาณ-2568.pdf"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/pdf"
        assert name in unquote(response["Content-Disposition"]), response[
            "Content-Disposition"
        ]
        data = b"".join(response.streaming_content)
        assert data.startswith(b"%PDF")


def test_annual_summary_and_plan_show_their_headers_and_rows(section):
    known_record()
    plan = make_plan(fiscal_year=2568)
    site = default_site().pk
    annual = "".join(
        pages_text(delivery.pdf_bytes(AnnualSummaryPdf(site_id=site, fiscal_year=2568)))
    )
    for value in (
        "เดือน",
        "จำนวนรายการ",
        "ราคาที่ตกลงซื้อหรือจ้าง(บาท)",
        "วิธีการจัดซื้อจัดจ้าง",
        "ตุลาคม2567",
        "120,000.00",
        "รวม",
    ):
        assert folded(value) in annual, value
    plan_text = "".join(
        pages_text(delivery.pdf_bytes(PlanPdf(site_id=site, fiscal_year=2568)))
    )
    for value in (
        "รหัสแผนจัดซื้อจัดจ้าง",
        "ชื่อโครงการ",
        "งบประมาณโครงการ(บาท)",
        plan.items.first().name,
    ):
        assert folded(value) in plan_text, value


def test_month_page_links_the_pdf_and_the_scoring_counts_it(client, section):
    known_record()
    summary = section[ita.ProcurementSummaryPage]
    response = client.get(f"{url(summary)}2568/10/")
    assert 'href="pdf/"' in response.content.decode()
    assert "pdf" in summary.ita_published_formats(2568)


def test_cached_pdf_is_reused_until_a_record_changes(section, monkeypatch):
    record = known_record()
    source = Skr1MonthPdf(site_id=default_site().pk, fiscal_year=2568, month=10)
    calls = []
    real = delivery.render_pdf
    monkeypatch.setattr(
        delivery, "render_pdf", lambda doc: calls.append(1) or real(doc)
    )
    first = delivery.make_pdf(source)
    assert delivery.make_pdf(Skr1MonthPdf(**source.params)) == first
    assert len(calls) == 1
    record.name = "จ้างซ่อมแซมถนนลูกรัง หมู่ที่ 5"
    record.save()
    second = delivery.make_pdf(Skr1MonthPdf(**source.params))
    assert second != first
    assert len(calls) == 2
    assert not default_storage.exists(first)
    assert "หมู่ที่5" in pages_text(delivery.pdf_bytes(Skr1MonthPdf(**source.params)))[0]


def test_a_slow_pdf_not_ready_answers_a_thai_page_that_reloads(
    client, section, settings, monkeypatch
):
    settings.ITA_PDF_INLINE_MAX_ROWS = 0
    known_record()
    from ita_wagtail.pdf import tasks

    queued = []

    class Worker:  # a queue whose worker has not run yet
        @staticmethod
        def enqueue(*args):
            queued.append(args)

    monkeypatch.setattr(tasks, "make_pdf_task", Worker)
    response = client.get(f"{url(section[ita.ProcurementSummaryPage])}2568/10/pdf/")
    assert response.status_code == 202
    page = response.content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'lang="th"' in page
    assert queued == [
        ("skr1", {"site_id": default_site().pk, "fiscal_year": 2568, "month": 10})
    ]
    # The worker makes it; the next reload downloads it.
    delivery.make_pdf(Skr1MonthPdf(**queued[0][1]))
    response = client.get(f"{url(section[ita.ProcurementSummaryPage])}2568/10/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_slow_pdf_with_the_immediate_backend_is_served_at_once(
    client, section, settings
):
    settings.ITA_PDF_INLINE_MAX_ROWS = 0
    known_record()
    response = client.get(f"{url(section[ita.ProcurementSummaryPage])}2568/10/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_without_weasyprint_the_download_says_so_and_pdf_is_not_counted(
    client, section, monkeypatch
):
    known_record()
    monkeypatch.setattr(delivery, "pdf_available", lambda: (False, "no Pango"))
    from ita_wagtail.pdf import rendering

    monkeypatch.setattr(rendering, "pdf_available", lambda: (False, "no Pango"))
    response = client.get(f"{url(section[ita.ProcurementSummaryPage])}2568/10/pdf/")
    assert response.status_code == 503
    assert "pdf" not in section[ita.ProcurementSummaryPage].ita_published_formats(2568)
    from ita_wagtail.checks import check_pdf_engine

    assert [w.id for w in check_pdf_engine(None)] == ["ita_wagtail.W420"]


def test_cli_writes_the_year_of_monthly_summaries_as_one_pdf(section, tmp_path):
    known_record()
    make_procurement(
        name="จัดซื้อหนังสือพิมพ์รายวันสำหรับห้องอ่านหนังสือ",
        announcement_date=date(2025, 1, 5),
        contract_date=date(2025, 1, 12),
    )
    output = tmp_path / "skr1-2568.pdf"
    call_command(
        "ita_export_procurement",
        "--fiscal-year",
        "2568",
        "--format",
        "pdf",
        "--output",
        str(output),
    )
    text = "".join(pages_text(output.read_bytes()))
    assert folded("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนตุลาคม2567") in text
    assert folded("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนมกราคม2568") in text
    assert folded("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนกันยายน2568") in text
    assert folded("จ้างซ่อมแซมถนนลูกรัง") in text
    assert folded("จัดซื้อหนังสือพิมพ์รายวันสำหรับห้องอ่านหนังสือ") in text


def test_the_itas_evidence_names_the_pdf_addresses(section):
    class Item:  # an OIT item answered by the summary page, in one view
        def __init__(self, view):
            self.view = view

        def view_for(self, part):
            return self.view

    summary = section[ita.ProcurementSummaryPage]
    url, text = summary.ita_evidence(Item("monthly"), None, 2569)
    assert url.endswith("/ita/procurement/summary/2569/")
    assert f"{url}10/pdf/" in str(text) and "PDF" in str(text)
    url, text = summary.ita_evidence(Item("annual"), None, 2568)
    assert f"{url}pdf/" in str(text)


def test_a_pdf_that_fails_to_render_answers_a_thai_page_not_an_error(
    client, section, monkeypatch
):
    known_record()

    def broken(document):
        raise ValueError("layout failed")

    monkeypatch.setattr(delivery, "render_pdf", broken)
    response = client.get(f"{url(section[ita.ProcurementSummaryPage])}2568/10/pdf/")
    assert response.status_code == 503
    assert 'lang="th"' in response.content.decode()
