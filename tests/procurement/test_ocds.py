"""OCDS 1.1 release packages a data user can rely on.

Validated offline with libcoveocds (the bids extension v1.1.5 loaded from
tests/fixtures/ocds), compiled with ocdskit, and checked field by field.
"""

import json
import re
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from ita_wagtail.exporting.ocds import release_package
from ita_wagtail.models import (
    OpenContractingSettings,
    Procurement,
    ProcurementDocument,
    ProcurementIndexPage,
)
from ita_wagtail.setup import setup_ita_section

from .factories import default_site, make_plan, make_procurement, tax_id
from .ocds_cove import cove_report
from .ocds_schema import additional_fields, package_errors, release_schema

pytestmark = pytest.mark.django_db

PREFIX = "ocds-abc123"
OCID = re.compile(r"^ocds-abc123-2568-[0-9a-f]{8}$")
BUYER_TAX_ID = "0994000123451"  # valid check digit: a government agency's id


@pytest.fixture(autouse=True)
def prefix(settings):
    settings.ITA_OCDS_PREFIX = PREFIX


def publish_register():
    report = setup_ita_section(default_site())
    register = next(
        s.page for s in report.steps if isinstance(s.page, ProcurementIndexPage)
    )
    index = register.get_parent().specific
    index.save_revision().publish()
    register.save_revision().publish()
    return register


def document(title, name="file.pdf"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n", name=name)
    )


def buyer_settings():
    settings = OpenContractingSettings.for_site(default_site())
    settings.tax_id = BUYER_TAX_ID
    settings.dla_code = "5500101"
    settings.street_address = "99 หมู่ 1 ถนนสุขาภิบาล"
    settings.locality = "อำเภอเมืองน่าน"
    settings.region = "น่าน"
    settings.postal_code = "55000"
    settings.email = "procurement@example.go.th"
    settings.save()
    return settings


def records_of_every_status(egp="67119123456"):
    road = make_procurement(
        name="จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4",
        egp_number=egp,
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
    for order, (kind, title) in enumerate(
        [
            ("announcement", "ประกาศประกวดราคา"),
            ("result", "ประกาศผู้ชนะการเสนอราคา"),
            ("contract", "สัญญาจ้าง"),
        ]
    ):
        ProcurementDocument.objects.create(
            procurement=road, sort_order=order, kind=kind, document=document(title)
        )
    make_procurement(
        status="awarded",
        contract_number="",
        contract_date=None,
        method="specific",
        category="goods",
        selected_supplier="ร้านนายสมชาย ช่างดี",
        selected_supplier_tax_id="",
        bids=[("ร้านนายสมชาย  ช่างดี", "48000")],
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
    return road


def full_package():
    buyer_settings()
    publish_register()
    records_of_every_status()
    plan = make_plan(items=2, document=document("แผนการจัดซื้อจัดจ้าง 2568"))
    return plan, release_package(default_site(), 2568)


def by_name(package, name):
    return next(
        r for r in package["releases"] if r.get("tender", {}).get("title") == name
    )


def test_package_passes_libcoveocds_with_the_declared_bid_extension(tmp_path):
    _plan, package = full_package()
    report = cove_report(package, tmp_path)
    assert report["extensions"]["invalid_extension"] == {}
    assert [e["url"] for e in report["extensions"]["extensions"]] == [
        package["extensions"][0]
    ]
    assert "/v1.1.5/" in package["extensions"][0]
    assert report["validation_errors"] == []
    assert report["additional_fields"] == []
    assert report["additional_closed_codelist_values"] == {}
    assert report["additional_open_codelist_values"] == {}
    assert report["count"] == 7  # five records and two plan items
    # The same, without libcoveocds: schema and fields against the copies.
    assert package_errors(package) == []
    assert additional_fields(package) == set()


def test_relatedBids_of_the_unreleased_extension_is_not_used():
    _plan, package = full_package()
    road = by_name(package, "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4")
    award = road["awards"][0]
    assert "relatedBids" not in award
    assert award["relatedBid"] == road["bids"]["details"][0]["id"]
    award["relatedBids"] = [award["relatedBid"]]
    assert additional_fields(package) == {"/releases/awards/relatedBids"}


def test_ocdskit_compiles_the_process_from_plan_to_contract(tmp_path):
    from ocdskit.combine import merge

    publish_register()
    plan = make_plan(items=1)
    item = plan.items.get()
    planning = release_package(default_site(), 2568)
    (planned,) = planning["releases"]
    assert planned["tag"] == ["planning"]
    assert OCID.match(planned["ocid"])
    # The plan item becomes a procurement, which is awarded and contracted.
    make_procurement(plan_item=item, name=item.name, egp_number="67129000001")
    contracted = release_package(default_site(), 2568)
    (release,) = contracted["releases"]
    assert release["ocid"] == planned["ocid"]
    assert release["tag"] == ["tender", "award", "contract"]
    schema = tmp_path / "release-schema.json"
    schema.write_text(json.dumps(release_schema()), encoding="utf-8")
    (compiled,) = list(merge([planning, contracted], schema=str(schema)))
    assert compiled["ocid"] == planned["ocid"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["contracts"][0]["dateSigned"] == "2024-10-10T00:00:00+07:00"


def test_ocids_are_one_form_and_do_not_change():
    publish_register()
    records_of_every_status()
    first = release_package(default_site(), 2568)
    ocids = {r["tender"]["title"]: r["ocid"] for r in first["releases"]}
    assert all(OCID.match(ocid) for ocid in ocids.values())
    assert len(set(ocids.values())) == 5
    # An e-GP number given later, or an edit, changes nothing.
    planned = Procurement.objects.get(status="planned")
    planned.egp_number = "67129123456"
    planned.status = "announced"
    planned.save()
    again = release_package(default_site(), 2568)
    assert {r["tender"]["title"]: r["ocid"] for r in again["releases"]} == ocids


def test_export_reads_a_constant_number_of_queries(django_assert_max_num_queries):
    publish_register()
    buyer_settings()
    for serial in range(3):
        records_of_every_status(egp=f"6711900{serial:04d}")
    make_plan(items=4)
    release_package(default_site(), 2568)  # gives the process ids
    with django_assert_max_num_queries(14) as small:
        release_package(default_site(), 2568)
    for serial in range(3, 9):
        records_of_every_status(egp=f"6711900{serial:04d}")
    release_package(default_site(), 2568)  # the new processes get their ids
    with django_assert_max_num_queries(len(small.captured_queries)):
        package = release_package(default_site(), 2568)
    assert len(package["releases"]) == 9 * 5 + 4


def test_buyer_parties_and_stable_bidder_ids():
    _plan, package = full_package()
    road = by_name(package, "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4")
    parties = {party["name"]: party for party in road["parties"]}
    buyer = parties["เทศบาลตำบลตัวอย่าง"]
    assert buyer["id"] == f"TH-TIN-{BUYER_TAX_ID}"
    assert buyer["identifier"] == {
        "scheme": "TH-TIN",
        "id": BUYER_TAX_ID,
        "legalName": "เทศบาลตำบลตัวอย่าง",
    }
    assert set(buyer["roles"]) == {"buyer", "procuringEntity"}
    assert buyer["address"] == {
        "streetAddress": "99 หมู่ 1 ถนนสุขาภิบาล",
        "locality": "อำเภอเมืองน่าน",
        "region": "น่าน",
        "postalCode": "55000",
        "countryName": "ประเทศไทย",
    }
    assert road["buyer"] == {"id": buyer["id"], "name": buyer["name"]}
    assert package["publisher"] == {
        "name": "เทศบาลตำบลตัวอย่าง",
        "scheme": "TH-TIN",
        "uid": BUYER_TAX_ID,
        "uri": "http://localhost/",
    }
    company = parties["หจก. ทรัพย์ทวีการโยธา"]
    assert company["id"] == f"TH-TIN-{tax_id(6)}"
    assert company["identifier"]["scheme"] == "TH-TIN"
    assert "TH-DBD" not in json.dumps(package)
    # A natural person: no citizen id anywhere, an id from the name.
    person = parties["นายสมชาย ช่างดี"]
    assert "identifier" not in person
    assert person["id"].startswith("name-")
    assert "3101400039545" not in json.dumps(package)
    # The same shop, typed with two spaces, has one id in every release.
    shop = next(r for r in package["releases"] if r["tag"] == ["tender", "award"])
    (shop_party,) = [p for p in shop["parties"] if "supplier" in p["roles"]]
    assert shop_party["roles"] == ["tenderer", "supplier"]
    assert shop["awards"][0]["suppliers"][0]["id"] == shop_party["id"]
    again = release_package(default_site(), 2568)
    assert shop_party in by_name(again, shop["tender"]["title"])["parties"]


def test_dates_items_and_documents_from_the_record():
    plan, package = full_package()
    road = by_name(package, "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4")
    tender = road["tender"]
    assert tender["id"] == "67119123456"
    assert tender["items"] == [
        {"id": "1", "description": "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 4"}
    ]
    assert tender["tenderPeriod"] == {"startDate": "2024-11-01T00:00:00+07:00"}
    assert tender["numberOfTenderers"] == 3 == len(tender["tenderers"])
    assert tender["procurementMethod"] == "open"
    assert tender["mainProcurementCategory"] == "works"
    (notice,) = tender["documents"]
    assert notice["documentType"] == "tenderNotice"
    assert notice["title"] == "ประกาศประกวดราคา"
    assert notice["url"].startswith("http://localhost/documents/")
    assert notice["format"] == "application/pdf"
    award = road["awards"][0]
    (award_notice,) = award["documents"]
    assert award_notice["documentType"] == "awardNotice"
    assert award["date"] == award_notice["datePublished"]
    assert award["value"] == {"amount": 1390000.0, "currency": "THB"}
    contract = road["contracts"][0]
    assert contract["period"] == {"startDate": "2024-11-20T00:00:00+07:00"}
    assert contract["dateSigned"] == "2024-11-20T00:00:00+07:00"
    assert contract["documents"][0]["documentType"] == "contractSigned"
    # Without an announcement document the award is dated by the contract.
    make_procurement(name="จัดซื้อน้ำดื่ม", contract_date=date(2024, 12, 2))
    water = by_name(release_package(default_site(), 2568), "จัดซื้อน้ำดื่ม")
    assert water["awards"][0]["date"] == "2024-12-02T00:00:00+07:00"
    # Plan items no record has taken up: planning releases with the plan.
    planning = [r for r in package["releases"] if "planning" in r["tag"]]
    item_release = next(r for r in planning if r["tender"]["id"].startswith("P"))
    assert item_release["tender"]["status"] == "planned"
    assert item_release["planning"]["budget"]["amount"]["amount"] == 450000.0
    (plan_document,) = item_release["planning"]["documents"]
    assert plan_document["documentType"] == "procurementPlan"


def test_licence_and_policy_are_in_every_package(settings):
    _plan, package = full_package()
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publicationPolicy"] == "http://localhost/ita/procurement/ocds/"
    settings.ITA_OCDS_LICENSE = "https://data.example.go.th/licence/"
    settings.ITA_OCDS_PUBLICATION_POLICY = "https://www.example.go.th/policy/"
    package = release_package(default_site(), 2568)
    assert package["license"] == "https://data.example.go.th/licence/"
    assert package["publicationPolicy"] == "https://www.example.go.th/policy/"


def test_public_download_is_off_until_a_prefix_is_set(client, settings):
    settings.ITA_OCDS_PREFIX = None
    publish_register()
    records_of_every_status()
    response = client.get("/ita/procurement/ocds/2568/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"has not been published in the Open Contracting Data Standard yet" in (
        response.content
    )
    page = client.get("/ita/procurement/").content.decode()
    assert "ocds/2568/" not in page
    assert "Open Contracting Data Standard" not in page
    assert "download/2568/xlsx/" in page
    # The placeholder prefix does not count as registered.
    settings.ITA_OCDS_PREFIX = "ocds-ita000"
    assert client.get("/ita/procurement/ocds/2568/").status_code == 404
    # A prefix per site: this site's hostname.
    settings.ITA_OCDS_PREFIX = {"localhost": PREFIX, "other.example.go.th": "x"}
    response = client.get("/ita/procurement/ocds/2568/")
    assert response.status_code == 200
    page = client.get("/ita/procurement/").content.decode()
    assert "ocds/2568/" in page
    assert 'href="/ita/procurement/ocds/"' in page


def test_public_download_and_its_policy_page(client):
    publish_register()
    records_of_every_status()
    response = client.get("/ita/procurement/ocds/2568/")
    assert response["Content-Type"].startswith("application/json")
    package = json.loads(response.content)
    assert package_errors(package) == []
    assert package["uri"] == "http://testserver/ita/procurement/ocds/2568/"
    policy = client.get(package["publicationPolicy"])
    assert policy.status_code == 200
    assert PREFIX.encode() in policy.content
    assert b"ocds/2568/" in policy.content
    assert client.get("/ita/procurement/ocds/2550/").status_code == 404


def test_public_pages_in_thai(client, settings):
    settings.LANGUAGE_CODE = "th"
    publish_register()
    records_of_every_status()
    from django.utils import translation

    with translation.override("th"):
        policy = client.get("/ita/procurement/ocds/", HTTP_ACCEPT_LANGUAGE="th")
        assert "นโยบายการเผยแพร่" in policy.content.decode()
        settings.ITA_OCDS_PREFIX = None
        off = client.get("/ita/procurement/ocds/2568/", HTTP_ACCEPT_LANGUAGE="th")
    assert off.status_code == 404
    assert "ยังไม่ได้เผยแพร่" in off.content.decode()


def test_system_check_warns_while_no_prefix_is_registered(settings):
    def ocds_warnings(deploy=True):
        return [
            m.id
            for m in run_checks(include_deployment_checks=deploy)
            if m.id.startswith("ita_wagtail.W30")
        ]

    settings.ITA_OCDS_PREFIX = None
    assert ocds_warnings() == ["ita_wagtail.W301"]
    # A site in development, checked without --deploy, is not nagged.
    assert ocds_warnings(deploy=False) == []
    settings.ITA_OCDS_PREFIX = "ocds-ita000"
    assert ocds_warnings() == ["ita_wagtail.W302"]
    settings.ITA_OCDS_PREFIX = {"www.a.go.th": PREFIX, "www.b.go.th": "ocds-12"}
    assert ocds_warnings() == ["ita_wagtail.W302"]
    settings.ITA_OCDS_PREFIX = PREFIX
    assert ocds_warnings() == []


def test_export_command_uri_from_the_site_or_base_url(settings):
    publish_register()
    records_of_every_status()
    out = StringIO()
    call_command("ita_export_procurement", "--fiscal-year", "2568", stdout=out)
    package = json.loads(out.getvalue())
    assert package_errors(package) == []
    assert package["uri"] == "http://localhost/ita/procurement/ocds/2568/"
    out = StringIO()
    call_command(
        "ita_export_procurement",
        "--fiscal-year",
        "2568",
        "--base-url",
        "https://www.example.go.th/",
        stdout=out,
    )
    package = json.loads(out.getvalue())
    assert package["uri"] == "https://www.example.go.th/ita/procurement/ocds/2568/"
    assert package["publicationPolicy"] == (
        "https://www.example.go.th/ita/procurement/ocds/"
    )
    with pytest.raises(CommandError, match="base-url"):
        call_command(
            "ita_export_procurement",
            "--fiscal-year",
            "2568",
            "--base-url",
            "www.example.go.th",
            stdout=StringIO(),
        )
    settings.ITA_OCDS_PREFIX = None
    with pytest.raises(CommandError, match="ITA_OCDS_PREFIX"):
        call_command("ita_export_procurement", "--fiscal-year", "2568")


def test_export_command_needs_a_live_register_page():
    records_of_every_status()
    with pytest.raises(CommandError, match="register page"):
        call_command("ita_export_procurement", "--fiscal-year", "2568")


def test_export_command_spreadsheet_formats(tmp_path):
    records_of_every_status()
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


def test_admin_setting_refuses_a_bad_tax_id(admin_client):
    site = default_site()
    url = f"/admin/settings/ita_wagtail/opencontractingsettings/{site.pk}/"
    assert admin_client.get(url).status_code == 200
    form = {
        "tax_id": "0994000123452",  # wrong check digit
        "dla_code": "5500101",
        "street_address": "",
        "locality": "",
        "region": "",
        "postal_code": "",
        "email": "",
        "telephone": "",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert b"wrong check digit" in response.content
    assert OpenContractingSettings.for_site(site).dla_code == ""
    form["tax_id"] = BUYER_TAX_ID
    response = admin_client.post(url, form)
    assert response.status_code == 302
    assert OpenContractingSettings.for_site(site).tax_id == BUYER_TAX_ID


def test_buyer_without_tax_id_is_known_by_its_local_government_code():
    settings = buyer_settings()
    settings.tax_id = ""
    settings.save()
    publish_register()
    make_procurement()
    package = release_package(default_site(), 2568)
    (release,) = package["releases"]
    assert release["buyer"]["id"] == "dla-5500101"
    buyer = next(p for p in release["parties"] if "buyer" in p["roles"])
    assert "identifier" not in buyer
    assert "scheme" not in package["publisher"]
    assert package_errors(package) == []


def test_a_process_id_given_meanwhile_is_kept():
    """Two first downloads at once: the later one keeps the earlier's id."""
    from ita_wagtail.exporting.ocds import assign_process_ids, package_records

    record = make_procurement()
    stale = list(package_records(default_site(), 2568))
    Procurement.objects.filter(pk=record.pk).update(ocds_process_id="2568-0000abcd")
    assign_process_ids(default_site(), stale, [])
    assert stale[0].ocds_process_id == "2568-0000abcd"
    record.refresh_from_db()
    assert record.ocds_process_id == "2568-0000abcd"
