"""OCDS 1.1 release packages, validated against the standard's own schema."""

import json
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ita_wagtail.exporting.ocds import release_package
from ita_wagtail.setup import setup_ita_section

from .factories import default_site, make_procurement, tax_id
from .ocds_schema import package_errors, release_errors

pytestmark = pytest.mark.django_db


def records_of_every_status():
    make_procurement(
        name="จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4",
        egp_number="67119123456",
        method="e_bidding",
        category="construction",
        budget=Decimal("1500000"),
        reference_price=Decimal("1480000"),
        agreed_price=Decimal("1390000"),
        selected_supplier="บริษัท ศรีสยามก่อสร้าง จำกัด",
        selected_supplier_tax_id=tax_id(5),
        bids=[
            ("บริษัท ศรีสยามก่อสร้าง จำกัด", "1390000", tax_id(5)),
            ("หจก. ทรัพย์ทวีการโยธา", "1420000", tax_id(6)),
            ("นายสมชาย ช่างดี", "1450000", "3101400039545"),
        ],
        announcement_date=date(2024, 11, 1),
        contract_date=date(2024, 11, 20),
        contract_number="12/2568",
    )
    make_procurement(
        status="awarded",
        contract_number="",
        contract_date=None,
        method="specific",
        category="goods",
    )
    make_procurement(
        status="announced",
        selected_supplier="",
        agreed_price=None,
        contract_number="",
        contract_date=None,
        bids=(),
        method="selective",
        category="services",
    )
    make_procurement(
        status="planned",
        egp_number="",
        reference_price=None,
        selected_supplier="",
        agreed_price=None,
        selection_reason="",
        contract_number="",
        contract_date=None,
        announcement_date=None,
        method="",
        category="",
    )
    make_procurement(
        status="cancelled",
        method="design_contest",
        category="design",
        contract_number="",
        contract_date=None,
    )


def test_package_is_valid_ocds_with_the_bids_extension(settings):
    settings.ITA_OCDS_PREFIX = "ocds-abc123"
    records_of_every_status()
    package = release_package(default_site(), 2568)
    assert package_errors(package) == []
    for release in package["releases"]:
        assert release_errors(release) == []
    assert package["version"] == "1.1"
    assert "ocds_bid_extension" in package["extensions"][0]
    assert len({release["ocid"] for release in package["releases"]}) == 5
    assert all(r["ocid"].startswith("ocds-abc123-") for r in package["releases"])


def test_release_content():
    records_of_every_status()
    package = release_package(default_site(), 2568)
    road = next(r for r in package["releases"] if r["ocid"].endswith("67119123456"))
    assert road["tag"] == ["tender", "award", "contract"]
    assert road["tender"]["procurementMethod"] == "open"
    assert road["tender"]["procurementMethodDetails"] == (
        "วิธีประกาศเชิญชวนทั่วไป (ประกวดราคาอิเล็กทรอนิกส์ e-bidding)"
    )
    assert road["tender"]["mainProcurementCategory"] == "works"
    assert road["tender"]["value"] == {"amount": 1480000.0, "currency": "THB"}
    assert road["planning"]["budget"]["amount"] == {
        "amount": 1500000.0,
        "currency": "THB",
    }
    assert road["tender"]["numberOfTenderers"] == 3
    details = road["bids"]["details"]
    assert [d["value"]["amount"] for d in details] == [1390000.0, 1420000.0, 1450000.0]
    award = road["awards"][0]
    assert award["suppliers"][0]["name"] == "บริษัท ศรีสยามก่อสร้าง จำกัด"
    assert award["value"]["amount"] == 1390000.0
    assert award["relatedBids"] == [details[0]["id"]]
    contract = road["contracts"][0]
    assert contract["awardID"] == award["id"]
    assert contract["dateSigned"] == "2024-11-20T00:00:00+07:00"
    assert datetime.fromisoformat(road["date"])
    roles = {party["name"]: party["roles"] for party in road["parties"]}
    assert roles["บริษัท ศรีสยามก่อสร้าง จำกัด"] == ["tenderer", "supplier"]
    assert set(roles[package["publisher"]["name"]]) >= {"buyer", "procuringEntity"}
    assert package["publisher"]["name"] == "เทศบาลตำบลตัวอย่าง"
    # Juristic persons are identified by their tax id; a natural person is not.
    identifiers = {p["name"]: p.get("identifier") for p in road["parties"]}
    assert identifiers["หจก. ทรัพย์ทวีการโยธา"] == {
        "scheme": "TH-DBD",
        "id": tax_id(6),
        "legalName": "หจก. ทรัพย์ทวีการโยธา",
    }
    assert identifiers["นายสมชาย ช่างดี"] is None
    assert "3101400039545" not in json.dumps(package)


def test_methods_and_statuses_map_to_codelists():
    records_of_every_status()
    releases = release_package(default_site(), 2568)["releases"]
    by_method = {r["tender"].get("procurementMethodDetails"): r for r in releases}
    assert by_method["วิธีเฉพาะเจาะจง"]["tender"]["procurementMethod"] == "limited"
    assert by_method["วิธีคัดเลือก"]["tender"]["procurementMethod"] == "selective"
    assert by_method["วิธีคัดเลือก"]["tag"] == ["tender"]
    assert "awards" not in by_method["วิธีคัดเลือก"]
    cancelled = next(r for r in releases if r["tag"] == ["tenderCancellation"])
    assert cancelled["tender"]["status"] == "cancelled"
    planned = next(r for r in releases if r["tag"] == ["planning"])
    assert planned["tender"]["status"] == "planned"


def test_public_download(client):
    report = setup_ita_section(default_site())
    from ita_wagtail.models import ProcurementIndexPage

    register = next(
        s.page for s in report.steps if isinstance(s.page, ProcurementIndexPage)
    )
    register.save_revision().publish()
    index = register.get_parent().specific
    index.save_revision().publish()
    records_of_every_status()
    url = register.relative_url(default_site())
    response = client.get(f"{url}ocds/2568/")
    assert response["Content-Type"].startswith("application/json")
    package = json.loads(response.content)
    assert package_errors(package) == []
    assert package["uri"].endswith("/ocds/2568/")
    assert client.get(f"{url}ocds/2550/").status_code == 404


def test_export_command_formats(tmp_path):
    records_of_every_status()
    out = StringIO()
    call_command(
        "ita_export_procurement",
        "--fiscal-year",
        "2568",
        "--format",
        "ocds",
        stdout=out,
    )
    assert package_errors(json.loads(out.getvalue())) == []
    out = StringIO()
    call_command(
        "ita_export_procurement", "--fiscal-year", "2568", "--format", "csv", stdout=out
    )
    assert out.getvalue().startswith("\ufeffปีงบประมาณ")
    path = tmp_path / "procurement.xlsx"
    call_command(
        "ita_export_procurement",
        "--fiscal-year",
        "2568",
        "--format",
        "xlsx",
        "--output",
        str(path),
        stderr=StringIO(),
    )
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet.max_row == 6
    with pytest.raises(CommandError):
        call_command("ita_export_procurement", "--fiscal-year", "2550")
    with pytest.raises(CommandError):
        call_command(
            "ita_export_procurement",
            "--fiscal-year",
            "2568",
            "--format",
            "xlsx",
            stdout=StringIO(),
        )
