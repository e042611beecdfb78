"""``ita_wagtail.contrib.modeladmin``: the register in a wagtail-modeladmin admin.

``tests.modeladmin_site`` registers ``ProcurementAdminGroup`` the way a site
built with wagtail-modeladmin would.
"""

import io
import subprocess
import sys
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ita_wagtail.models import Procurement

from .factories import default_site, make_procurement, tax_id

pytestmark = pytest.mark.django_db

INDEX = "ita_wagtail_procurement_modeladmin_index"


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def test_index_lists_with_badges_filters_and_import_buttons(admin_client):
    make_procurement(name="จัดซื้อวัสดุสำนักงาน")
    make_procurement(
        name="จ้างซ่อมถนน", contract_number="", contract_date=date(2025, 1, 5)
    )
    html = body(admin_client.get(reverse(INDEX))).decode()
    assert "จัดซื้อวัสดุสำนักงาน" in html
    assert "1 field missing" in html
    assert "w-status--primary" in html
    assert reverse("ita_procurement_import:start") in html
    assert reverse("ita_procurement_import:template") in html
    filtered = body(admin_client.get(reverse(INDEX), {"incomplete": "true"})).decode()
    assert "จ้างซ่อมถนน" in filtered and "จัดซื้อวัสดุสำนักงาน" not in filtered
    by_month = body(admin_client.get(reverse(INDEX), {"month": "1"})).decode()
    assert "จ้างซ่อมถนน" in by_month and "จัดซื้อวัสดุสำนักงาน" not in by_month


def test_exports_escape_formulas(admin_client):
    make_procurement(
        name="=cmd|'/C calc'!A0",
        selected_supplier="@SUM(A1)",
        bids=[("-1+1", "10.00", tax_id(2))],
    )
    csv_text = body(admin_client.get(reverse(INDEX), {"export": "csv"})).decode()
    assert csv_text.startswith("\ufeff")
    assert "'=cmd" in csv_text and "'@SUM(A1)" in csv_text and "'-1+1" in csv_text
    workbook = load_workbook(
        io.BytesIO(body(admin_client.get(reverse(INDEX), {"export": "xlsx"})))
    )
    cells = [c for row in workbook.active.iter_rows() for c in row]
    assert "'=cmd|'/C calc'!A0" in [c.value for c in cells]
    assert not any(c.data_type == "f" for c in cells)


def test_create_edit_inspect_and_history(admin_client):
    data = {
        "site": default_site().pk,
        "fiscal_year": "2568",
        "status": "planned",
        "name": "จ้างเหมาบริการรักษาความปลอดภัย",
        "budget": "300000",
        "method": "e_market",
        "contract_type": "contract",
        "bids-TOTAL_FORMS": "0",
        "bids-INITIAL_FORMS": "0",
        "bids-MIN_NUM_FORMS": "0",
        "bids-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(
        reverse("ita_wagtail_procurement_modeladmin_create"), data
    )
    assert response.status_code == 302
    record = Procurement.objects.get()
    assert record.name == "จ้างเหมาบริการรักษาความปลอดภัย"
    assert ModelLogEntry.objects.filter(
        object_id=str(record.pk), action="wagtail.create"
    ).exists()
    inspect = body(
        admin_client.get(
            reverse("ita_wagtail_procurement_modeladmin_inspect", args=[record.pk])
        )
    ).decode()
    assert "จ้างเหมาบริการรักษาความปลอดภัย" in inspect
    edit = admin_client.get(
        reverse("ita_wagtail_procurement_modeladmin_edit", args=[record.pk])
    )
    assert edit.status_code == 200


def test_editor_without_import_permission_sees_no_import_button(
    client, editor_without_import
):
    client.force_login(editor_without_import)
    html = body(client.get(reverse(INDEX))).decode()
    assert f'href="{reverse("ita_procurement_import:start")}"' not in html
    assert reverse("ita_procurement_import:template") in html


def test_plans_and_declarations_are_listed(admin_client):
    assert (
        admin_client.get(
            reverse("ita_wagtail_procurementplan_modeladmin_index")
        ).status_code
        == 200
    )
    assert (
        admin_client.get(
            reverse("ita_wagtail_noprocurementdeclaration_modeladmin_index")
        ).status_code
        == 200
    )


def test_clear_message_without_wagtail_modeladmin(tmp_path):
    """Importing the package where wagtail-modeladmin is missing says what to do."""
    blocker = tmp_path / "wagtail_modeladmin"
    blocker.mkdir()
    (blocker / "__init__.py").write_text("raise ImportError('not installed')\n")
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
        "try:\n"
        "    import ita_wagtail.contrib.modeladmin\n"
        "except Exception as error:\n"
        "    print(type(error).__name__, error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ".", "DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": ""},
    )
    assert "ImproperlyConfigured" in result.stdout
    assert "pip install 'ita-wagtail[modeladmin]'" in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_escape_every_column_and_leave_empty_cells_empty(admin_client, fmt):
    from ita_wagtail.models import ResponsibleUnit

    from .test_escaping import HOSTILE, cells_of, csv_cells, live, values_of

    unit = ResponsibleUnit.objects.create(name=HOSTILE)
    make_procurement(
        name=HOSTILE,
        egp_number="",
        reference_number="-1/2568",
        selected_supplier="@SUM(1+1)",
        selection_reason="",
        contract_number="=1+1",
        responsible_unit=unit,
        bids=[(HOSTILE, "100.00", tax_id(3))],
    )
    data = body(admin_client.get(reverse(INDEX), {"export": fmt}))
    if fmt == "csv":
        cells = values = csv_cells(data)
    else:
        book = load_workbook(io.BytesIO(data))
        cells, values = cells_of(book), values_of(book)
    assert live(cells) == []
    assert values.count("'" + HOSTILE) >= 2  # the item and its unit
    assert "'@SUM(1+1)" in values and "'=1+1" in values
    # Empty fields are empty cells, not the listing's "-" placeholder.
    assert "'-" not in values and "-" not in values
    assert values.count("") + values.count(None) >= 2
