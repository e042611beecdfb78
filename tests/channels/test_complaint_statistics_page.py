"""The yearly corruption-complaint statistics page (OIT 2568 O19, 2569 O18)."""

import io
import json
import re
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from openpyxl import load_workbook
from wagtail.documents import get_document_model

from ita_wagtail import models as ita
from ita_wagtail import thai
from ita_wagtail.models.channels import (
    CaseCategory,
    CaseStatus,
    ComplaintStatisticsDocument,
)
from ita_wagtail.pdf.rendering import pdf_available

from ..pdf_engine import needs_pdf_engine

pytestmark = pytest.mark.django_db

#: The files the page makes itself: the XLSX, and the PDF where WeasyPrint loads.
GENERATED = {"xlsx", "pdf"} if pdf_available()[0] else {"xlsx"}

TODAY = date(2026, 1, 15)  # fiscal year 2569: 2568 has ended
EMPTY_RICH_TEXT = json.dumps({"blocks": [], "entityMap": {}})


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


def bangkok(y, m, d, hour=9):
    return timezone.make_aware(datetime(y, m, d, hour), thai.BANGKOK)


def add_statistics(parent, fiscal_year, **fields):
    page = ita.ComplaintStatisticsPage(
        title=f"สถิติเรื่องร้องเรียนการทุจริต ปีงบประมาณ พ.ศ. {fiscal_year}",
        slug=f"statistics-{fiscal_year}",
        fiscal_year=fiscal_year,
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ita.ComplaintStatisticsPage.objects.get(pk=page.pk)


@pytest.fixture
def known(make_case):
    """Fiscal year 2568 (1 Oct 2024 – 30 Sep 2025) of the corruption channel.

    Counted: four corruption cases. Q1: one answered, one in progress; Q2:
    one closed; Q3: one just received; Q4: none. So 4 received, 2 finished,
    2 in progress. Not counted: a general complaint in Q1 and a corruption
    case of 2569.
    """
    corruption = {"category": CaseCategory.CORRUPTION}
    make_case(
        **corruption,
        received_at=bangkok(2024, 10, 3),
        public_reply="ตรวจสอบแล้ว",
        status=CaseStatus.ANSWERED,
        answered_at=bangkok(2024, 10, 20),
    )
    make_case(
        **corruption, received_at=bangkok(2024, 12, 1), status=CaseStatus.IN_PROGRESS
    )
    make_case(
        **corruption,
        received_at=bangkok(2025, 2, 14),
        status=CaseStatus.CLOSED,
        closed_at=bangkok(2025, 3, 1),
    )
    make_case(**corruption, received_at=bangkok(2025, 5, 5))
    make_case(received_at=bangkok(2024, 11, 1))  # general complaint
    make_case(**corruption, received_at=bangkok(2025, 10, 2))  # 2569


def cells(html, caption_text):
    """The text of each row's cells of the table whose caption has the text."""
    start = html.index(caption_text)
    table = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    result = []
    for row in rows:
        texts = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        result.append([re.sub(r"<[^>]+>|\s+", " ", t).strip() for t in texts])
    return result


# -- where it may be created ----------------------------------------------------


def test_only_under_the_corruption_channel(channels):
    model = ita.ComplaintStatisticsPage
    assert model.can_create_at(channels.corruption)
    assert not model.can_create_at(channels.index)
    assert not model.can_create_at(channels.complaint)
    assert model.allowed_parent_page_models() == [ita.CorruptionComplaintPage]
    assert model.allowed_subpage_models() == []


def test_one_page_per_fiscal_year_under_a_channel_in_thai(channels):
    add_statistics(channels.corruption, 2568)
    twin = ita.ComplaintStatisticsPage(
        title="สถิติซ้ำ", slug="statistics-2568-copy", fiscal_year=2568
    )
    twin._ita_parent = channels.corruption  # as the admin form sets it
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert error.value.message_dict["fiscal_year"] == [
        "ช่องทางนี้มีหน้าสถิติของปีงบประมาณ พ.ศ. 2568 อยู่แล้ว"
    ]
    # Another year is fine.
    other = ita.ComplaintStatisticsPage(title="สถิติ 2567", slug="s", fiscal_year=2567)
    other._ita_parent = channels.corruption
    other.clean()


def test_the_admin_refuses_a_second_page_for_the_same_year(channels, admin_client):
    add_statistics(channels.corruption, 2568)
    url = f"/admin/pages/add/ita_wagtail/complaintstatisticspage/{channels.corruption.pk}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    # The year the statistics are due for is offered by default.
    assert form.context["form"]["fiscal_year"].value() == 2568
    data = {
        "title": "สถิติซ้ำ",
        # What the admin's script fills in from a Thai title.
        "slug": "รายงาน",
        "fiscal_year": "2568",
        "statement": EMPTY_RICH_TEXT,
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "ช่องทางนี้มีหน้าสถิติของปีงบประมาณ พ.ศ. 2568 อยู่แล้ว" in (response.content.decode())
    assert ita.ComplaintStatisticsPage.objects.count() == 1
    data["fiscal_year"] = "2567"
    data["title"] = "สถิติเรื่องร้องเรียนการทุจริต ปีงบประมาณ พ.ศ. 2567"
    data["slug"] = "รายงาน-2567"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    created = ita.ComplaintStatisticsPage.objects.get(fiscal_year=2567)
    # The Thai title would make a Thai slug: the year makes an ASCII one.
    assert created.slug == "statistics-2567"


def test_setup_values_are_for_the_previous_fiscal_year(channels):
    model = ita.ComplaintStatisticsPage
    assert model.ita_slug == "statistics-2568"
    assert model.ita_initial_values(channels.corruption) == {"fiscal_year": 2568}


# -- what it shows --------------------------------------------------------------


def test_page_shows_the_figures_of_the_year_in_thai(client, channels, known):
    page = add_statistics(channels.corruption, 2568)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    rows = cells(html, "เรื่องร้องเรียนการทุจริตและประพฤติมิชอบรายไตรมาส")
    header, *body = rows
    assert header == ["ไตรมาส", "เรื่องที่ได้รับ", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"]
    assert [row[1:] for row in body] == [
        ["2", "1", "1"],
        ["1", "1", "0"],
        ["1", "0", "1"],
        ["0", "0", "0"],
        ["4", "2", "2"],  # the footer: the year
    ]
    assert body[0][0].startswith("ไตรมาสที่ 1")
    assert "1 ต.ค. 2567" in body[0][0]  # B.E. dates
    assert "ไม่มีเรื่องร้องเรียนการทุจริต" not in html
    # The statuses of the year's corruption cases.
    status_rows = cells(html, "จำนวนเรื่องจำแนกตามประเภทและสถานะ")
    assert status_rows[1][0] == "การทุจริตและประพฤติมิชอบ"
    assert status_rows[1][1:] == ["1", "1", "1", "1", "4"]
    # The download, at a URL under the page.
    assert f'href="{page.url}xlsx/"' in html


def test_a_year_without_cases_says_so(client, channels, make_case):
    make_case(received_at=bangkok(2024, 11, 1))  # a general complaint only
    page = add_statistics(channels.corruption, 2568)
    html = client.get(page.url).content.decode()
    assert "ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบในปีงบประมาณ พ.ศ. 2568" in html
    assert page.ita_declares_none()


def test_a_running_year_is_marked_not_final_and_declares_nothing(client, channels):
    page = add_statistics(channels.corruption, 2569)
    html = client.get(page.url).content.decode()
    assert "ยังไม่สิ้นสุด" in html
    assert "ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบในปีงบประมาณ" not in html
    assert not page.ita_declares_none()


def test_statement_and_documents_are_listed_with_type_and_size(client, channels):
    document = get_document_model().objects.create(
        title="รายงานสถิติ", file=ContentFile(b"%PDF-1.4 " * 200, name="stats.pdf")
    )
    page = add_statistics(
        channels.corruption, 2568, statement="<p>รับรองโดยปลัดเทศบาล</p>"
    )
    ComplaintStatisticsDocument.objects.create(
        page=page, title="รายงานสถิติฉบับลงนาม", document=document, sort_order=0
    )
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "รับรองโดยปลัดเทศบาล" in html
    assert "รายงานสถิติฉบับลงนาม" in html
    assert "(PDF, 1.8" in html  # type and size beside the link


def test_the_corruption_channel_links_to_its_statistics(client, channels):
    page = add_statistics(channels.corruption, 2568)
    html = client.get(channels.corruption.url).content.decode()
    assert f'href="{page.url}"' in html
    assert page.title in html
    statistics_html = client.get(page.url).content.decode()
    assert f'href="{channels.corruption.url}"' in statistics_html


def test_render_queries_do_not_grow_with_the_cases(
    client, channels, make_case, django_assert_max_num_queries
):
    page = add_statistics(channels.corruption, 2568)
    client.get(page.url)  # warm caches (site root paths, content types)

    def add_cases(count):
        for number in range(count):
            make_case(
                category=CaseCategory.CORRUPTION,
                received_at=bangkok(2024, 10 + number % 3, 1 + number % 28),
            )

    add_cases(10)
    with django_assert_max_num_queries(20) as few:
        html = client.get(page.url).content.decode()
    assert cells(html, "รายไตรมาส")[-1][1] == "10"
    add_cases(190)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(page.url).content.decode()
    assert cells(html, "รายไตรมาส")[-1][1] == "200"


# -- the XLSX download ----------------------------------------------------------


def test_xlsx_has_the_same_figures(client, channels, known):
    page = add_statistics(channels.corruption, 2568)
    response = client.get(f"{page.url}xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "complaint-statistics-2568.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    texts = [row[0] for row in values]
    assert page.title in texts
    header_at = texts.index("ไตรมาส")
    assert values[header_at] == [
        "ไตรมาส",
        "เรื่องที่ได้รับ",
        "ดำเนินการแล้วเสร็จ",
        "อยู่ระหว่างดำเนินการ",
    ]
    figures = [row[1:] for row in values[header_at + 1 :]]
    assert figures == [[2, 1, 1], [1, 1, 0], [1, 0, 1], [0, 0, 0], [4, 2, 2]]
    assert values[-1][0] == "ปีงบประมาณ พ.ศ. 2568"


def test_xlsx_of_a_year_without_cases_states_it(client, channels):
    page = add_statistics(channels.corruption, 2568)
    response = client.get(f"{page.url}xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบในปีงบประมาณ พ.ศ. 2568" in texts


def test_xlsx_of_a_running_year_says_it_is_not_final(client, channels):
    page = add_statistics(channels.corruption, 2569)
    response = client.get(f"{page.url}xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    texts = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert "ปีงบประมาณยังไม่สิ้นสุด ตัวเลขนี้ยังไม่ใช่ตัวเลขสุดท้าย" in texts
    assert not any("ไม่มีเรื่องร้องเรียน" in str(text) for text in texts)


# -- what the compliance engine reads ---------------------------------------------


def test_published_formats_are_the_xlsx_and_the_uploaded_files(channels):
    page = add_statistics(channels.corruption, 2568)
    assert page.ita_published_formats() == GENERATED
    document = get_document_model().objects.create(
        title="รายงาน", file=ContentFile(b"%PDF-1.4", name="report.PDF")
    )
    ComplaintStatisticsDocument.objects.create(
        page=page, title="รายงานฉบับลงนาม", document=document, sort_order=0
    )
    page = ita.ComplaintStatisticsPage.objects.get(pk=page.pk)
    assert page.ita_published_formats() == {"xlsx", "pdf"}
    assert page.ita_period() == (2568, None)


def test_evidence_names_the_table_and_the_files(channels):
    page = add_statistics(channels.corruption, 2568)
    url, text = page.ita_evidence(None, None, 2568)
    assert url == page.full_url
    files = "Excel/PDF" if "pdf" in GENERATED else "Excel"
    assert text == (
        f"ตารางสถิติเรื่องร้องเรียนการทุจริตฯ ปีงบประมาณ พ.ศ. 2568 และไฟล์ {files} ท้ายหน้า"
    )
    document = get_document_model().objects.create(
        title="รายงาน", file=ContentFile(b"%PDF-1.4", name="report.pdf")
    )
    ComplaintStatisticsDocument.objects.create(
        page=page, title="รายงาน", document=document, sort_order=0
    )
    page = ita.ComplaintStatisticsPage.objects.get(pk=page.pk)
    assert page.ita_evidence(None, None, 2568)[1] == (
        "ตารางสถิติเรื่องร้องเรียนการทุจริตฯ ปีงบประมาณ พ.ศ. 2568 และไฟล์ Excel/PDF ท้ายหน้า"
    )


def test_completeness_of_ended_and_running_years(channels, known):
    with_cases = add_statistics(channels.corruption, 2568)
    running = add_statistics(channels.corruption, 2569)
    empty = add_statistics(channels.corruption, 2567)
    assert with_cases.ita_missing_fields(TODAY) == []
    assert not with_cases.ita_declares_none()
    assert empty.ita_missing_fields(TODAY) == []  # "none" is declared
    assert empty.ita_declares_none()
    with translation.override("en"):
        missing = [str(problem) for problem in running.ita_missing_fields(TODAY)]
    # 2569 has one case so far: figures exist, but they are not final.
    assert missing == [
        "a fiscal year that has ended (statistics for a year still running "
        "are not final)"
    ]


def test_scoring_reads_every_page_with_a_fixed_number_of_queries(
    channels, known, django_assert_num_queries
):
    for year in (2566, 2567, 2568, 2569):
        add_statistics(channels.corruption, year)
    model = ita.ComplaintStatisticsPage
    channels.corruption.get_url_parts()  # the site-root cache, as the engine has it
    pages = list(model.ita_scoring_queryset(model.objects.all()))
    with django_assert_num_queries(1):
        model.ita_prepare_scoring(pages)
    with django_assert_num_queries(0):
        counts = {page.fiscal_year: page.case_count() for page in pages}
        none = {page.fiscal_year: page.ita_declares_none() for page in pages}
        formats = {page.fiscal_year: page.ita_published_formats() for page in pages}
        for page in pages:
            page.ita_completeness_checks(TODAY)
    assert counts == {2566: 0, 2567: 0, 2568: 4, 2569: 1}
    assert none == {2566: True, 2567: True, 2568: False, 2569: False}
    assert formats[2568] == GENERATED


# -- the PDF file ---------------------------------------------------------------


@needs_pdf_engine
def test_pdf_has_the_same_figures_beside_the_xlsx(client, channels, known):
    from pypdf import PdfReader

    page = add_statistics(channels.corruption, 2568)
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}pdf/"' in html
    response = client.get(f"{page.url}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    from urllib.parse import unquote

    assert "สถิติเรื่องร้องเรียนการทุจริต-ปีงบประมาณ-2568.pdf" in unquote(
        response["Content-Disposition"]
    )
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    # SARA AM (ำ) reads back as า from the text layer (see docs/procurement/pdf.md).
    text = "".join(reader.pages[0].extract_text().replace("ำ", "า").split())
    for header in ("ไตรมาส", "เรื่องที่ได้รับ", "ดาเนินการแล้วเสร็จ", "อยู่ระหว่างดาเนินการ"):
        assert header in text, header
    assert "ไตรมาสที่1" in text
    assert "ปีงบประมาณพ.ศ.2568422" in text  # the year's row: 4 received, 2, 2
    assert "หน้า1/1" in text
