"""Upload → preview → confirm in the admin, inline and in the background."""

import io
import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ita_wagtail.importing.engine import import_procurement
from ita_wagtail.models import Procurement, ProcurementImportJob
from ita_wagtail.views.procurement_import import sign_job

from .factories import default_site
from .files import template_row, template_xlsx

pytestmark = pytest.mark.django_db

START = "ita_procurement_import:start"


def upload(client, data, name="ตค67.xlsx"):
    return client.post(
        reverse(START),
        {"import_file": SimpleUploadedFile(name, data), "site": default_site().pk},
    )


def page(response):
    return response.content.decode()


def test_upload_preview_confirm(admin_client, superuser):
    data = template_xlsx(
        template_row(), template_row(egp_number="", reference_number="2/2568")
    )
    response = upload(admin_client, data)
    job = ProcurementImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ita_procurement_import:job", args=[job.pk])
    assert job.status == "validated"
    assert job.new_count == 2
    assert Procurement.objects.count() == 0  # the preview writes nothing

    html = page(admin_client.get(response["Location"]))
    assert "จัดซื้อวัสดุสำนักงาน" in html
    assert 'name="token"' in html
    assert 'http-equiv="refresh"' not in html

    response = admin_client.post(
        reverse("ita_procurement_import:confirm"), {"token": sign_job(job)}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    assert job.file_data is None  # the file is not kept once imported
    assert Procurement.objects.count() == 2
    assert (
        ModelLogEntry.objects.filter(action="ita_wagtail.procurement.import").count()
        == 2
    )
    assert (
        ModelLogEntry.objects.filter(
            action="ita_wagtail.procurement.import_file"
        ).count()
        == 1
    )


def test_preview_lists_every_error_and_offers_the_rejected_rows(admin_client):
    data = template_xlsx(
        template_row(),
        template_row(egp_number="67109000002", reference_number="2/2568", budget="abc"),
    )
    upload(admin_client, data)
    job = ProcurementImportJob.objects.get()
    assert job.status == "failed"
    assert job.invalid_count == 1
    html = page(admin_client.get(reverse("ita_procurement_import:job", args=[job.pk])))
    assert "วงเงินงบประมาณ (บาท)" in html
    assert "abc" in html
    assert 'name="token"' not in html  # cannot confirm
    response = admin_client.get(
        reverse("ita_procurement_import:rejected", args=[job.pk])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    # Confirming anyway (a forged post) is refused.
    admin_client.post(
        reverse("ita_procurement_import:confirm"), {"token": sign_job(job)}
    )
    assert Procurement.objects.count() == 0


def test_tampered_token_is_refused(admin_client):
    upload(admin_client, template_xlsx(template_row()))
    job = ProcurementImportJob.objects.get()
    token = sign_job(job)[:-2] + "xx"
    response = admin_client.post(
        reverse("ita_procurement_import:confirm"), {"token": token}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(START)
    assert Procurement.objects.count() == 0


@pytest.mark.parametrize(
    "data, name, text",
    [
        (b"%PDF-1.4 fake", "scan.pdf", "not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls", ".xls"),
    ],
)
def test_bad_files_are_refused_on_upload(admin_client, data, name, text):
    response = upload(admin_client, data, name=name)
    assert response.status_code == 200
    assert text in page(response)
    assert not ProcurementImportJob.objects.exists()


def test_oversize_upload_is_refused(admin_client, settings):
    settings.ITA_IMPORT_MAX_BYTES = 1024
    response = upload(admin_client, template_xlsx(template_row()))
    assert "larger than the limit" in page(response)
    assert not ProcurementImportJob.objects.exists()


def test_large_file_runs_in_the_background(
    admin_client, settings, django_capture_on_commit_callbacks
):
    settings.ITA_IMPORT_INLINE_MAX_BYTES = 100
    data = template_xlsx(
        *(template_row(egp_number="", reference_number=f"{i}/2568") for i in range(3))
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(admin_client, data)
    job = ProcurementImportJob.objects.get()
    assert job.background
    assert job.status == "validating"
    html = page(admin_client.get(reverse("ita_procurement_import:job", args=[job.pk])))
    assert 'http-equiv="refresh"' in html
    assert "<progress" in html

    for callback in callbacks:  # the worker picks the task up
        callback()
    job.refresh_from_db()
    assert job.status == "validated"
    assert job.total_rows == 3

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("ita_procurement_import:confirm"), {"token": sign_job(job)}
        )
    job.refresh_from_db()
    assert job.status == "done"
    assert Procurement.objects.count() == 3


def test_editor_without_import_permission_cannot_reach_the_import(
    client, editor_without_import
):
    client.force_login(editor_without_import)
    assert client.get(reverse(START)).status_code in (302, 403)
    response = client.post(
        reverse(START),
        {"import_file": SimpleUploadedFile("a.xlsx", template_xlsx(template_row()))},
    )
    assert response.status_code in (302, 403)
    assert not ProcurementImportJob.objects.exists()
    listing = client.get(reverse(Procurement.snippet_viewset.get_url_name("list")))
    assert f'href="{reverse(START)}"' not in page(listing)


def test_finance_editor_can_import(client, finance_editor):
    client.force_login(finance_editor)
    listing = client.get(reverse(Procurement.snippet_viewset.get_url_name("list")))
    assert f'href="{reverse(START)}"' in page(listing)
    upload(client, template_xlsx(template_row()))
    job = ProcurementImportJob.objects.get()
    client.post(reverse("ita_procurement_import:confirm"), {"token": sign_job(job)})
    assert Procurement.objects.count() == 1


def test_jobs_are_private_to_their_uploader(client, finance_editor, admin_client):
    upload(admin_client, template_xlsx(template_row()))
    job = ProcurementImportJob.objects.get()
    client.force_login(finance_editor)
    assert (
        client.get(reverse("ita_procurement_import:job", args=[job.pk])).status_code
        == 404
    )
    client.post(reverse("ita_procurement_import:confirm"), {"token": sign_job(job)})
    assert Procurement.objects.count() == 0


def test_template_download_imports_back_to_nothing(admin_client):
    response = admin_client.get(reverse("ita_procurement_import:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["ข้อมูลจัดซื้อจัดจ้าง"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "ปีงบประมาณ"
    assert "วิธีการจัดซื้อจัดจ้าง" in header
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    method_column = "ABCDEFGHIJKLMNOPQRSTU"[header.index("วิธีการจัดซื้อจัดจ้าง")]
    assert any(key.startswith(method_column + "2") for key in ranges)
    assert sheet.cell(row=2, column=5).value  # the example row
    report = import_procurement(
        response.content, "template.xlsx", default_site(), write=True
    )
    assert report.example_rows == 1
    assert Procurement.objects.count() == 0


def test_cancel(admin_client):
    upload(admin_client, template_xlsx(template_row()))
    job = ProcurementImportJob.objects.get()
    admin_client.post(reverse("ita_procurement_import:cancel", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.file_data is None


# -- the management command ---------------------------------------------------------


def command(*args):
    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("ita_import_procurement", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_command_imports_and_is_idempotent(tmp_path):
    path = tmp_path / "ตค67.xlsx"
    path.write_bytes(
        template_xlsx(
            template_row(), template_row(egp_number="", reference_number="2/2568")
        )
    )
    code, out, _err = command(str(path))
    assert code == 0
    assert "new: 2" in out
    assert Procurement.objects.count() == 2
    code, out, _err = command(str(path), "--format", "json")
    summary = json.loads(out)
    assert summary["counts"] == {"new": 0, "updated": 0, "unchanged": 2, "invalid": 0}
    assert code == 0


def test_command_dry_run_and_errors(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        template_xlsx(
            template_row(),
            template_row(
                egp_number="67109000002",
                reference_number="2/2568",
                contract_date="32/1/2568",
            ),
        )
    )
    code, out, err = command(str(path), "--dry-run")
    assert code == 1
    assert "row 3" in err
    assert "วันที่ลงนามในสัญญา" in err
    code, out, _err = command(str(path), "--format", "json")
    assert code == 1
    summary = json.loads(out)
    assert summary["errors"][0]["row"] == 3
    assert summary["errors"][0]["column"] == "วันที่ลงนามในสัญญา"
    assert Procurement.objects.count() == 0


def test_command_site_option_and_missing_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(template_xlsx(template_row()))
    code, _out, _err = command(str(path), "--site", str(default_site().pk), "--dry-run")
    assert code == 0
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("ita_import_procurement", str(tmp_path / "missing.xlsx"))
    with pytest.raises(CommandError):
        call_command("ita_import_procurement", str(path), "--site", "nowhere.example")


def test_import_shows_in_the_record_history(admin_client):
    upload(admin_client, template_xlsx(template_row()), name="ตค67.xlsx")
    job = ProcurementImportJob.objects.get()
    admin_client.post(
        reverse("ita_procurement_import:confirm"), {"token": sign_job(job)}
    )
    record = Procurement.objects.get()
    history = admin_client.get(
        reverse(Procurement.snippet_viewset.get_url_name("history"), args=[record.pk])
    )
    assert "Created by importing ตค67.xlsx" in page(history)
    site_history = admin_client.get(reverse("wagtailadmin_reports:site_history"))
    assert "Import procurement records" in page(site_history) or "ตค67.xlsx" in page(
        site_history
    )
