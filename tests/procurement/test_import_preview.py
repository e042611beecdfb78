"""What finance staff see of an import: the button, the menu entry, the preview.

The preview lists the records a file will create (a table, the first 50 and a
count of the rest), each changed field of an updated record as old → new in
the register's own format, says when nothing would change, and says what is
wrong with a file it cannot read.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import admin_menu
from wagtail.models import ModelLogEntry

from ita_wagtail.models import Procurement, ProcurementImportJob
from ita_wagtail.views.procurement_import import sign_job

from .factories import default_site
from .files import csv_bytes, template_row, template_xlsx

pytestmark = pytest.mark.django_db

START = "ita_procurement_import:start"
LISTING = "wagtailsnippets_ita_wagtail_procurement:list"
MODELADMIN_INDEX = "ita_wagtail_procurement_modeladmin_index"
FORBIDDEN = ("ita-wagtail", "UTF-8", "TIS-620")


def upload(client, data, name="ตค67.xlsx"):
    client.post(
        reverse(START),
        {"import_file": SimpleUploadedFile(name, data), "site": default_site().pk},
    )
    return ProcurementImportJob.objects.latest("pk")


def job_page(client, job):
    response = client.get(reverse("ita_procurement_import:job", args=[job.pk]))
    assert response.status_code == 200
    return response.content.decode()


def confirm(client, job):
    return client.post(
        reverse("ita_procurement_import:confirm"), {"token": sign_job(job)}
    )


def numbered_rows(count, **values):
    return [
        template_row(
            egp_number=f"671090{index:05d}",
            reference_number=f"{index}/2568",
            contract_number=f"{index}/2568",
            name=f"จัดซื้อวัสดุ รายการที่ {index}",
            **values,
        )
        for index in range(1, count + 1)
    ]


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


# -- the way in ---------------------------------------------------------------------


def _in_dropdown(tag):
    return any(
        "w-dropdown" in (parent.get("data-controller") or "") for parent in tag.parents
    )


def test_listing_shows_a_visible_import_button(client, finance_editor):
    client.force_login(finance_editor)
    html = client.get(reverse(LISTING)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    buttons = soup.select(f'a[href="{reverse(START)}"]')
    assert buttons, "no import button"
    visible = [button for button in buttons if not _in_dropdown(button)]
    assert visible, "the import button is only in the '…' menu"
    assert "Import from an Excel file" in visible[0].get_text()
    # The export entries carry this app's own labels, not Wagtail's Thai
    # "Download CSV", which reads as garbled.
    assert "Download as a CSV file" in html
    assert "Download CSV" not in html


def test_listing_button_in_thai(client, finance_editor):
    client.force_login(finance_editor)
    with translation.override("th"):
        html = client.get(reverse(LISTING), HTTP_ACCEPT_LANGUAGE="th").content
    html = html.decode()
    assert "นำเข้าจากไฟล์ Excel" in html
    assert "ช่องที่ให้เขียนตอบสำหรับเกบข้อมูล" not in html


def test_no_import_button_without_the_permission(client, editor_without_import):
    client.force_login(editor_without_import)
    html = client.get(reverse(LISTING)).content.decode()
    assert f'href="{reverse(START)}"' not in html
    assert "Import from an Excel file" not in html


def _ita_menu_names(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if getattr(item, "menu", None) is not None and item.name == "ita":
            return [entry.name for entry in item.menu.menu_items_for_request(request)]
    return []


def test_ita_menu_has_the_import_entry(finance_editor, editor_without_import):
    names = _ita_menu_names(finance_editor)
    assert "ita-procurement-import" in names
    # Right after the records it fills.
    assert (
        names.index("ita-procurement-import")
        == names.index("ita-procurement-records") + 1
    ), names
    assert "ita-procurement-import" not in _ita_menu_names(editor_without_import)


def test_modeladmin_listing_has_the_same_way_in(
    admin_client, client, editor_without_import
):
    html = admin_client.get(reverse(MODELADMIN_INDEX)).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    (button,) = soup.select("a[data-ita-import]")
    assert button["href"] == reverse(START)
    assert "Import from an Excel file" in button.get_text()
    assert "Download CSV" not in html
    client.force_login(editor_without_import)
    html = client.get(reverse(MODELADMIN_INDEX)).content.decode()
    assert "data-ita-import" not in html


# -- new rows -----------------------------------------------------------------------


def test_new_rows_are_a_table_of_the_first_fifty_and_a_count(admin_client):
    job = upload(admin_client, template_xlsx(*numbered_rows(60)))
    assert job.new_count == 60
    html = job_page(admin_client, job)
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one(".ita-import-new")
    assert section is not None
    assert section.find("details") is None  # not collapsed away
    headers = [th.get_text(strip=True) for th in section.select("thead th")]
    assert headers == [
        "Row",
        "e-GP or reference number",
        "Procurement item",
        "Method",
        "Budget",
        "Winner",
        "Agreed price",
        "Contract and date",
    ]
    rows = section.select("tbody tr")
    assert len(rows) == 50
    first = [cell.get_text(" ", strip=True) for cell in rows[0].find_all(["td", "th"])]
    assert first == [
        "2",
        "67109000001",
        "จัดซื้อวัสดุ รายการที่ 1",
        "Specific method",
        "50,000.00 บาท",
        "ร้านรุ่งเรืองพาณิชย์",
        "48,000.00 บาท",
        "1/2568 (10 ต.ค. 2567)",
    ]
    assert "จัดซื้อวัสดุ รายการที่ 51" not in html
    assert "and 10 more new records" in section.get_text(" ")
    assert 'name="token"' in html  # this one may be confirmed


def test_new_row_cells_use_the_register_formats(admin_client):
    job = upload(admin_client, template_xlsx(*numbered_rows(1)))
    soup = BeautifulSoup(job_page(admin_client, job), "html.parser")
    cells = [
        cell.get_text(" ", strip=True)
        for cell in soup.select_one(".ita-import-new tbody tr").find_all(["td", "th"])
    ]
    assert cells[1] == "67109000001"
    assert cells[2] == "จัดซื้อวัสดุ รายการที่ 1"
    assert cells[4] == "50,000.00 บาท"
    assert cells[5] == "ร้านรุ่งเรืองพาณิชย์"
    assert cells[6] == "48,000.00 บาท"
    assert cells[7] == "1/2568 (10 ต.ค. 2567)"  # B.E., as the register shows it


# -- updated rows -------------------------------------------------------------------


def _import(client, data, name="ตค67.xlsx"):
    job = upload(client, data, name=name)
    confirm(client, job)
    job.refresh_from_db()
    assert job.status == "done"
    return job


def test_updated_row_shows_each_changed_field_old_to_new(admin_client):
    _import(admin_client, template_xlsx(*numbered_rows(2)))
    changed = numbered_rows(2)
    changed[0] = numbered_rows(1, budget="55,000.00", contract_date="12 ต.ค. 2567")[0]
    job = upload(admin_client, template_xlsx(*changed), name="ตค67-แก้ไข.xlsx")
    assert (job.new_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    html = job_page(admin_client, job)
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one(".ita-import-updated")
    assert section is not None
    changes = [
        " ".join(li.get_text(" ", strip=True).split())
        for li in section.select(".ita-import-changes li")
    ]
    assert "Budget (baht): now 50,000.00 บาท → becomes 55,000.00 บาท" in changes, (
        changes
    )
    assert any(
        "10 ต.ค. 2567" in change and "12 ต.ค. 2567" in change for change in changes
    ), changes
    assert len(changes) == 2  # nothing else changed
    assert "1 row is already in the register exactly as it is" in visible_text(html)


def test_updated_row_in_thai(admin_client):
    _import(admin_client, template_xlsx(*numbered_rows(1)))
    job = upload(
        admin_client,
        template_xlsx(*numbered_rows(1, budget="55,000.00")),
        name="ตค67-แก้ไข.xlsx",
    )
    with translation.override("th"):
        html = admin_client.get(
            reverse("ita_procurement_import:job", args=[job.pk]),
            HTTP_ACCEPT_LANGUAGE="th",
        ).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    (change,) = soup.select(".ita-import-updated .ita-import-changes li")
    text = " ".join(change.get_text(" ", strip=True).split())
    assert text.startswith("งบประมาณ (บาท): ค่าเดิม 50,000.00 บาท")
    assert "50,000.00 บาท" in text and "55,000.00 บาท" in text
    assert text.index("50,000.00") < text.index("→") < text.index("55,000.00")


def test_preview_queries_do_not_grow_with_the_rows(
    admin_client, django_assert_max_num_queries
):
    _import(admin_client, template_xlsx(*numbered_rows(80)))
    job = upload(
        admin_client,
        template_xlsx(*numbered_rows(80, budget="55,000.00", responsible_unit="")),
        name="ตค67-แก้ไข.xlsx",
    )
    assert job.updated_count == 80
    with django_assert_max_num_queries(12):
        html = job_page(admin_client, job)
    assert "and 30 more updated records" in visible_text(html)


# -- nothing would change -----------------------------------------------------------


def test_reimporting_an_unchanged_file_offers_no_confirm(admin_client):
    data = template_xlsx(*numbered_rows(3))
    _import(admin_client, data)
    log_entries = ModelLogEntry.objects.count()
    before = list(Procurement.objects.values_list("pk", "updated_at"))

    job = upload(admin_client, data, name="ตค67-อีกครั้ง.xlsx")
    assert job.status == "validated"
    assert job.unchanged_count == 3
    html = job_page(admin_client, job)
    text = visible_text(html)
    assert "Nothing would change" in text
    assert "All 3 rows of this file are already in the register" in text
    assert 'name="token"' not in html
    assert "Confirm and import" not in text
    assert "ita-import-counts" in html

    # The list of recent imports does not say it waits for a confirmation.
    start = visible_text(admin_client.get(reverse(START)).content.decode())
    assert "Nothing would change" in start

    # A confirmation posted anyway writes nothing.
    response = confirm(admin_client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "validated"
    assert ModelLogEntry.objects.count() == log_entries
    assert list(Procurement.objects.values_list("pk", "updated_at")) == before


# -- files that cannot be read ------------------------------------------------------


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [["ชื่อ", "ที่อยู่", "โทรศัพท์"], ["นายสมชาย", "1 ถนนหลวง", "0812345678"]],
            "does not have the columns of a procurement list",
        ),
        ([["hello"], ["world"]], "procurement"),
    ],
)
def test_bad_csv_says_what_was_wrong(admin_client, rows, expected):
    job = upload(admin_client, csv_bytes(rows), name="รายชื่อ.csv")
    assert job.status == "failed"
    html = job_page(admin_client, job)
    text = visible_text(html)
    assert "This file could not be read as a procurement list" in text
    assert expected in text
    assert "“”" not in text  # no empty sheet name
    assert "ita-import-counts" not in html  # no row of zero counters
    assert 'name="token"' not in html


# -- words for finance staff --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "th"])
def test_no_package_names_or_encodings_for_finance_staff(admin_client, language):
    _import(admin_client, template_xlsx(*numbered_rows(2)))
    new = upload(admin_client, template_xlsx(*numbered_rows(3)), name="ใหม่.xlsx")
    bad = upload(admin_client, csv_bytes([["a", "b"], ["1", "2"]]), name="a.csv")
    urls = [
        reverse(START),
        reverse("ita_procurement_import:job", args=[new.pk]),
        reverse("ita_procurement_import:job", args=[bad.pk]),
        reverse(LISTING),
    ]
    with translation.override(language):
        for url in urls:
            html = admin_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content
            text = visible_text(html.decode())
            for word in FORBIDDEN:
                assert word not in text, (url, word)


def test_modeladmin_menu_group_has_the_import_entry(
    finance_editor, editor_without_import
):
    def group_entries(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if getattr(item, "menu", None) is not None and "5.7" in str(item.label):
                return [e.name for e in item.menu.menu_items_for_request(request)]
        return None

    entries = group_entries(finance_editor)
    assert entries is not None, "the modeladmin group is not in the menu"
    assert entries[1] == "ita-procurement-import", entries
    assert "ita-procurement-import" not in group_entries(editor_without_import)


def test_ita_menu_names_do_not_depend_on_the_language():
    from django.utils import translation

    from ita_wagtail.wagtail_hooks import ItaViewSetGroup

    with translation.override("th"):
        group = ItaViewSetGroup()
        item = group.get_menu_item()
        names = [entry.name for entry in item.menu.initial_menu_items]
    assert item.name == "ita"
    assert all(name.startswith("ita-") for name in names), names
    assert len(set(names)) == len(names), names
