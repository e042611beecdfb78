"""The procurement register in the Wagtail admin."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ita_wagtail.models import NoProcurementDeclaration, Procurement, ProcurementPlan

from .factories import default_site, make_procurement, tax_id

pytestmark = pytest.mark.django_db


def url(name, *args, model=Procurement):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def text(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def test_listing_shows_completeness_badges(admin_client):
    make_procurement(name="จัดซื้อครุภัณฑ์คอมพิวเตอร์")
    make_procurement(name="จ้างเหมาซ่อมถนน", contract_number="", reference_price=None)
    response = admin_client.get(url("list"))
    assert response.status_code == 200
    html = text(response)
    assert "จัดซื้อครุภัณฑ์คอมพิวเตอร์" in html
    assert "w-status--primary" in html  # the complete one
    assert "2 fields missing" in html or "2 รายการ" in html
    assert "reference price, contract or order number" in html


def test_listing_filters(admin_client):
    make_procurement(name="งานเดือนตุลาคม", contract_date=date(2024, 10, 20))
    make_procurement(
        name="งานเดือนมกราคม",
        contract_date=date(2025, 1, 20),
        status="contracted",
        method="e_bidding",
    )
    make_procurement(
        name="งานปีก่อน",
        fiscal_year=2567,
        announcement_date=date(2024, 5, 1),
        contract_date=date(2024, 5, 2),
    )
    make_procurement(name="งานไม่ครบ", contract_number="")

    def names(**params):
        html = text(admin_client.get(url("list"), params))
        return {
            name
            for name in ["งานเดือนตุลาคม", "งานเดือนมกราคม", "งานปีก่อน", "งานไม่ครบ"]
            if name in html
        }

    assert names(fiscal_year=2567) == {"งานปีก่อน"}
    assert names(month=1) == {"งานเดือนมกราคม"}
    assert names(method="e_bidding") == {"งานเดือนมกราคม"}
    assert names(incomplete="true") == {"งานไม่ครบ"}
    assert names(q="มกราคม") == {"งานเดือนมกราคม"}


def test_search_by_egp_number(admin_client):
    make_procurement(name="จ้างก่อสร้างรางระบายน้ำ", egp_number="67109876543")
    make_procurement(name="อื่น ๆ")
    html = text(admin_client.get(url("list"), {"q": "67109876543"}))
    assert "จ้างก่อสร้างรางระบายน้ำ" in html
    assert "อื่น ๆ" not in html


def test_inspect_view_shows_bids_and_missing_fields(admin_client):
    record = make_procurement(
        bids=[
            ("บริษัท ก่อสร้างไทย จำกัด", "1250000.00", tax_id(3)),
            ("หจก. รุ่งโรจน์การช่าง", "1310000.00"),
        ],
        selection_reason="",
    )
    html = text(admin_client.get(url("inspect", record.pk)))
    assert "บริษัท ก่อสร้างไทย จำกัด" in html
    assert "1,250,000.00 บาท" in html
    assert tax_id(3) in html
    assert "reason for the selection" in html


def test_csv_export_escapes_formulas_and_has_bom(admin_client):
    make_procurement(
        name='=HYPERLINK("http://evil.example","x")',
        selected_supplier="@SUM(1+1)",
        bids=[("-2+3", "100.00")],
    )
    csv_text = text(admin_client.get(url("list"), {"export": "csv"}))
    assert csv_text.startswith("\ufeff")
    assert "'=HYPERLINK" in csv_text
    assert "'@SUM(1+1)" in csv_text
    assert "'-2+3" in csv_text
    assert ",=HYPERLINK" not in csv_text
    # Money stays a plain number, dates are B.E.
    assert "50000.00" in csv_text
    assert "10/10/2567" in csv_text


def test_xlsx_export_escapes_formulas(admin_client):
    make_procurement(name="+cmd|' /C calc'!A0", remarks="")
    response = admin_client.get(url("list"), {"export": "xlsx"})
    workbook = load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content)
            if hasattr(response, "streaming_content")
            else response.content
        )
    )
    sheet = workbook.active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'+cmd|' /C calc'!A0" in values
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_create_with_bids_is_logged(admin_client):
    site = default_site()
    data = {
        "site": site.pk,
        "fiscal_year": "2568",
        "status": "contracted",
        "egp_number": "67119000123",
        "reference_number": "จ.15/2568",
        "name": "จัดซื้อวัสดุก่อสร้าง",
        "category": "goods",
        "method": "specific",
        "budget": "120000.00",
        "budget_source": "municipal",
        "reference_price": "118000.00",
        "announcement_date": "2024-11-01",
        "selected_supplier": "ร้านวัสดุภัณฑ์",
        "selected_supplier_tax_id": tax_id(11),
        "agreed_price": "115000.00",
        "selection_reason": "ราคาต่ำสุด",
        "contract_type": "purchase_order",
        "contract_number": "15/2568",
        "contract_date": "2024-11-05",
        "remarks": "",
        "bids-TOTAL_FORMS": "2",
        "bids-INITIAL_FORMS": "0",
        "bids-MIN_NUM_FORMS": "0",
        "bids-MAX_NUM_FORMS": "1000",
        "bids-0-bidder_name": "ร้านวัสดุภัณฑ์",
        "bids-0-tax_id": tax_id(11),
        "bids-0-price": "115000.00",
        "bids-0-ORDER": "1",
        "bids-1-bidder_name": "ร้านค้าส่งเจริญ",
        "bids-1-tax_id": "",
        "bids-1-price": "117500.00",
        "bids-1-ORDER": "2",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url("add"), data)
    assert response.status_code == 302, text(response)[:3000]
    record = Procurement.objects.get(egp_number="67119000123")
    assert [bid.bidder_name for bid in record.bids.all()] == [
        "ร้านวัสดุภัณฑ์",
        "ร้านค้าส่งเจริญ",
    ]
    assert record.is_complete
    assert ModelLogEntry.objects.filter(
        object_id=str(record.pk), action="wagtail.create"
    ).exists()


def test_create_form_rejects_bad_tax_id_of_a_bidder(admin_client):
    data = {
        "site": default_site().pk,
        "fiscal_year": "2568",
        "status": "planned",
        "name": "จ้างเหมาบริการ",
        "contract_type": "contract",
        "bids-TOTAL_FORMS": "1",
        "bids-INITIAL_FORMS": "0",
        "bids-MIN_NUM_FORMS": "0",
        "bids-MAX_NUM_FORMS": "1000",
        "bids-0-bidder_name": "ร้าน ก",
        "bids-0-tax_id": "1234567890123",
        "bids-0-price": "100",
        "bids-0-ORDER": "1",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(url("add"), data)
    assert response.status_code == 200
    assert not Procurement.objects.exists()


def test_new_records_default_to_the_current_site(admin_client):
    html = text(admin_client.get(url("add")))
    site = default_site()
    assert f'<option value="{site.pk}" selected>' in html


def test_editor_without_permissions_cannot_see_the_register(client, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(url("list"))
    assert response.status_code in (302, 403)


def test_finance_group_can_manage_records(client, finance_editor):
    make_procurement(name="จัดซื้อน้ำมันเชื้อเพลิง")
    client.force_login(finance_editor)
    assert "จัดซื้อน้ำมันเชื้อเพลิง" in text(client.get(url("list")))
    assert client.get(url("add")).status_code == 200


def test_import_permission_is_offered_to_groups(admin_client):
    html = text(admin_client.get(reverse("wagtailusers_groups:add")))
    permission = Permission.objects.get(codename="import_procurement")
    assert f'value="{permission.pk}"' in html


def test_plan_and_declaration_listings(admin_client):
    ProcurementPlan.objects.create(site=default_site(), fiscal_year=2568)
    NoProcurementDeclaration.objects.create(
        site=default_site(), fiscal_year=2568, month=11
    )
    html = text(admin_client.get(url("list", model=ProcurementPlan)))
    assert "แผนการจัดซื้อจัดจ้างปีงบประมาณ พ.ศ. 2568" in html
    html = text(admin_client.get(url("list", model=NoProcurementDeclaration)))
    assert "พฤศจิกายน 2567" in html
