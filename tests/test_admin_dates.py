"""Buddhist-era dates and baht amounts in the admin forms (``admin_widgets``).

The admin language is Thai here (the example site's ``LANGUAGE_CODE``)
unless a test says otherwise.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.models import Page

from ita_wagtail.admin_widgets import (
    AmountField,
    AmountInput,
    BuddhistEraDateField,
    BuddhistEraDateInput,
    BuddhistEraDateTimeField,
    BuddhistEraDateTimeInput,
    is_this_apps_field,
)
from ita_wagtail.models import AnnualPlanPage, Procurement, ProcurementPlan
from ita_wagtail.models.channels import Case
from ita_wagtail.thai import BANGKOK

from .procurement.factories import default_site, make_procurement, tax_id

THAI_DATE_ERROR = "วัน/เดือน/ปี พ.ศ."
THAI_AMOUNT_ERROR = "กรอกจำนวนเงินเป็นบาท"


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        yield


class DatesForm(forms.Form):
    day = BuddhistEraDateField(required=False)
    moment = BuddhistEraDateTimeField(required=False)
    amount = AmountField(max_digits=15, decimal_places=2, required=False)


def clean(**data):
    form = DatesForm(data)
    form.is_valid()
    return form


def value_of(html, name):
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# -- rendering -----------------------------------------------------------------


def test_date_widget_shows_a_stored_date_in_buddhist_era():
    html = BuddhistEraDateInput().render("day", date(2026, 11, 22))
    assert 'value="22/11/2569"' in html
    assert "2026" not in html
    # Wagtail's picker still opens, configured for B.E. years.
    assert "itaInitBuddhistEraChooser" in html
    assert '"yearOffset": 543' in html
    assert '"format": "d/m/Y"' in html
    assert 'placeholder="วว/ดด/ปปปป"' in html


def test_datetime_widget_shows_bangkok_time_in_buddhist_era():
    moment = datetime(2026, 11, 22, 7, 30, tzinfo=UTC)
    field = BuddhistEraDateTimeField()
    html = field.widget.render("moment", field.prepare_value(moment))
    assert 'value="22/11/2569 14:30"' in html
    assert '"format": "d/m/Y H:i"' in html


def test_amount_widget_shows_separators():
    html = AmountInput().render("amount", Decimal("1980000"))
    assert 'value="1,980,000.00"' in html
    assert 'inputmode="decimal"' in html


def test_other_languages_keep_wagtails_own_widget_behaviour():
    with translation.override("en"):
        html = BuddhistEraDateInput().render("day", date(2026, 11, 22))
        assert 'value="2026-11-22"' in html
        assert "yearOffset" not in html
        assert DatesForm({"day": "2026-11-22"}).is_valid()
        # The year rule still applies to what is typed.
        form = clean(day="22/11/2569")
        assert form.cleaned_data["day"] == date(2026, 11, 22)


def test_setting_forces_buddhist_era_on_or_off(settings):
    settings.ITA_ADMIN_BUDDHIST_ERA = False
    assert 'value="2026-11-22"' in BuddhistEraDateInput().render(
        "day", date(2026, 11, 22)
    )
    settings.ITA_ADMIN_BUDDHIST_ERA = True
    with translation.override("en"):
        assert 'value="22/11/2569"' in BuddhistEraDateInput().render(
            "day", date(2026, 11, 22)
        )


# -- parsing -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "22/11/2569",
        "๒๒/๑๑/๒๕๖๙",
        "22/11/2026",
        "2026-11-22",
        " 22/11/2569 ",
        "22.11.2569",
        "22-11-2569",
        "22 พ.ย. 2569",
        "22 พฤศจิกายน 2569",
    ],
)
def test_every_accepted_date_input_reads_as_the_same_day(typed):
    form = clean(day=typed)
    assert form.errors == {}
    assert form.cleaned_data["day"] == date(2026, 11, 22)


@pytest.mark.parametrize(
    "typed",
    [
        "22/11/2569 14:30",
        "๒๒/๑๑/๒๕๖๙ ๑๔:๓๐",
        "22/11/2026 14:30",
        "2026-11-22 14:30",
        "2026-11-22T14:30",
        "22/11/2569 14.30 น.",
        "22/11/2569 14:30:00",
    ],
)
def test_every_accepted_datetime_input_reads_as_the_same_moment(typed):
    form = clean(moment=typed)
    assert form.errors == {}
    assert form.cleaned_data["moment"] == datetime(2026, 11, 22, 14, 30, tzinfo=BANGKOK)


def test_a_date_alone_in_a_datetime_field_is_midnight():
    form = clean(moment="22/11/2569")
    assert form.cleaned_data["moment"] == datetime(2026, 11, 22, tzinfo=BANGKOK)


@pytest.mark.parametrize(
    "typed", ["31/02/2569", "22/11/69", "พรุ่งนี้", "2569/22/11", "22/13/2569"]
)
def test_an_unreadable_date_gets_a_thai_error(typed):
    form = clean(day=typed)
    message = form.errors["day"][0]
    assert THAI_DATE_ERROR in message
    assert re.search(r"เช่น \d{2}/\d{2}/25\d\d", message), message


@pytest.mark.parametrize("typed", ["22/11/2569 25:00", "22/11/2569 บ่ายสอง"])
def test_an_unreadable_datetime_gets_a_thai_error(typed):
    form = clean(moment=typed)
    assert THAI_DATE_ERROR in form.errors["moment"][0]
    assert "ชั่วโมง:นาที" in form.errors["moment"][0]


@pytest.mark.parametrize(
    "typed",
    [
        "1,980,000.00",
        "1980000",
        "1980000.00",
        "๑,๙๘๐,๐๐๐.๐๐",
        "1,980,000.00 บาท",
        " 1 980 000.00 ",
        "฿1,980,000",
    ],
)
def test_every_accepted_amount_reads_as_the_same_amount(typed):
    form = clean(amount=typed)
    assert form.errors == {}
    assert form.cleaned_data["amount"] == Decimal("1980000.00")


@pytest.mark.parametrize("typed", ["1,98,0000", "หนึ่งล้าน", "1.980.000", "1 98"])
def test_an_unreadable_amount_gets_a_thai_error(typed):
    form = clean(amount=typed)
    assert THAI_AMOUNT_ERROR in form.errors["amount"][0]


def test_an_amount_with_too_many_decimals_is_refused():
    assert "amount" in clean(amount="1,980,000.005").errors


# -- which fields get them -----------------------------------------------------


def test_every_date_datetime_and_money_field_of_this_app_gets_them():
    checked = set()
    for model in apps.get_app_config("ita_wagtail").get_models():
        for db_field in model._meta.get_fields():
            if not getattr(db_field, "editable", False) or db_field.auto_created:
                continue
            if not isinstance(db_field, (models.DateField, models.DecimalField)):
                continue
            if not is_this_apps_field(db_field):
                # Wagtail's own page fields (publishing schedule).
                assert db_field.model is Page or db_field.model._meta.app_label != (
                    "ita_wagtail"
                )
                continue
            formfield = formfield_for_dbfield(db_field)
            label = f"{model.__name__}.{db_field.name}"
            if isinstance(db_field, models.DateTimeField):
                assert isinstance(formfield, BuddhistEraDateTimeField), label
                assert isinstance(formfield.widget, BuddhistEraDateTimeInput), label
            elif isinstance(db_field, models.DateField):
                assert isinstance(formfield, BuddhistEraDateField), label
                assert isinstance(formfield.widget, BuddhistEraDateInput), label
            elif getattr(db_field, "ita_money", False):
                assert isinstance(formfield, AmountField), label
                assert isinstance(formfield.widget, AmountInput), label
            else:
                assert not isinstance(formfield, AmountField), label
            checked.add(label)
    assert {
        "Procurement.announcement_date",
        "Procurement.contract_date",
        "ProcurementPlan.approved_on",
        "NoProcurementDeclaration.declared_on",
        "AnnualPlanPage.approved_on",
        "Case.due_date",
        "Case.received_at",
        "IntegrityDeclarationPage.declaration_date",
    } <= checked


def test_money_fields_are_the_baht_fields():
    money = {
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("ita_wagtail").get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField)
        if isinstance(formfield_for_dbfield(field), AmountField)
    }
    assert money == {
        "Procurement.budget",
        "Procurement.reference_price",
        "Procurement.agreed_price",
        "ProcurementBid.price",
        "ProcurementPlanItem.budget",
        "AnnualPlanProject.budget",
        "PlanProgressEntry.budget_disbursed",
        "HrPlanProject.budget",
        "HrReportResult.spent",
        "AntiCorruptionProject.budget",
        "AntiCorruptionProgress.spent",
        "GiftRegisterEntry.value",
    }


def test_wagtails_own_and_other_apps_fields_keep_wagtails_widgets():
    go_live = formfield_for_dbfield(Page._meta.get_field("go_live_at"))
    assert type(go_live.widget) is AdminDateTimeInput
    other = models.DateField(name="when")
    other.model = Page
    assert type(formfield_for_dbfield(other).widget) is AdminDateInput


# -- through the real admin views ----------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.com", "password"
    )
    client.force_login(user)
    return client


def snippet_url(name, *args, model=Procurement):
    return reverse(model.snippet_viewset.get_url_name(name), args=args)


def procurement_post(**overrides):
    data = {
        "site": default_site().pk,
        "fiscal_year": "2570",
        "status": "contracted",
        "egp_number": "69119000123",
        "reference_number": "จ.15/2570",
        "name": "จัดซื้อรถบรรทุกขยะ แบบอัดท้าย",
        "category": "goods",
        "method": "e_bidding",
        "budget": "1,980,000.00",
        "budget_source": "municipal",
        "reference_price": "1,975,000.00",
        "announcement_date": "22/11/2569",
        "selected_supplier": "บริษัท สยามยานยนต์ จำกัด",
        "selected_supplier_tax_id": tax_id(11),
        "agreed_price": "๑,๙๕๐,๐๐๐.๐๐ บาท",
        "selection_reason": "เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน",
        "contract_type": "contract",
        "contract_number": "15/2570",
        "contract_date": "2026-12-20",
        "remarks": "",
        "bids-TOTAL_FORMS": "1",
        "bids-INITIAL_FORMS": "0",
        "bids-MIN_NUM_FORMS": "0",
        "bids-MAX_NUM_FORMS": "1000",
        "bids-0-bidder_name": "บริษัท สยามยานยนต์ จำกัด",
        "bids-0-tax_id": tax_id(11),
        "bids-0-price": "1 950 000",
        "bids-0-ORDER": "1",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_procurement_created_with_buddhist_era_date_and_separated_amount(
    admin_client,
):
    response = admin_client.post(snippet_url("add"), procurement_post())
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Procurement.objects.get(egp_number="69119000123")
    assert record.announcement_date == date(2026, 11, 22)
    assert record.contract_date == date(2026, 12, 20)
    assert record.budget == Decimal("1980000.00")
    assert record.reference_price == Decimal("1975000.00")
    assert record.agreed_price == Decimal("1950000.00")
    assert record.bids.get().price == Decimal("1950000.00")

    html = admin_client.get(snippet_url("edit", record.pk)).content.decode()
    assert value_of(html, "announcement_date") == "22/11/2569"
    assert value_of(html, "contract_date") == "20/12/2569"
    assert value_of(html, "budget") == "1,980,000.00"
    assert value_of(html, "agreed_price") == "1,950,000.00"
    assert value_of(html, "bids-0-price") == "1,950,000.00"
    assert "thai-inputs.js" in html


@pytest.mark.django_db
def test_procurement_with_an_unreadable_date_is_not_saved(admin_client):
    response = admin_client.post(
        snippet_url("add"),
        procurement_post(announcement_date="31/02/2569", budget="สองล้าน"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert THAI_DATE_ERROR in html
    assert THAI_AMOUNT_ERROR in html
    # What was typed is shown back to be corrected.
    assert value_of(html, "announcement_date") == "31/02/2569"
    assert not Procurement.objects.exists()


@pytest.mark.django_db
def test_existing_record_edit_form_reads_in_buddhist_era(admin_client):
    record = make_procurement(
        announcement_date=date(2026, 11, 22), budget=Decimal("1980000")
    )
    html = admin_client.get(snippet_url("edit", record.pk)).content.decode()
    assert value_of(html, "announcement_date") == "22/11/2569"
    assert value_of(html, "budget") == "1,980,000.00"


@pytest.mark.django_db
def test_procurement_plan_dates(admin_client):
    site = default_site()
    data = {
        "site": site.pk,
        "fiscal_year": "2570",
        "revision": "0",
        "approved_on": "๑/๑๐/๒๕๖๙",
        "published_on": "3/10/2569",
        "note": "",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(snippet_url("add", model=ProcurementPlan), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = ProcurementPlan.objects.get(fiscal_year=2570)
    assert (plan.approved_on, plan.published_on) == (
        date(2026, 10, 1),
        date(2026, 10, 3),
    )


@pytest.mark.django_db
def test_case_due_date_reads_and_saves_in_buddhist_era(admin_client):
    case = Case.objects.create(
        site=default_site(),
        subject="ไฟถนนดับหน้าโรงเรียน",
        details="ไฟถนนดับมา 3 คืนแล้ว",
        due_date=date(2026, 10, 24),
    )
    edit = reverse("ita_cases:edit", args=[case.pk])
    html = admin_client.get(edit).content.decode()
    assert value_of(html, "due_date") == "24/10/2569"
    # When it was received: read-only, in B.E. and Bangkok time.
    received = timezone.localtime(case.received_at)
    assert value_of(html, "received_at") == (
        f"{received:%d/%m}/{received.year + 543} {received:%H:%M}"
    )
    assert "24 ตุลาคม 2569" in html or "24 ต.ค. 2569" in html
    response = admin_client.post(
        edit,
        {
            "category": case.category,
            "status": case.status,
            "unit": "",
            "due_date": "30/10/2569",
            "public_reply": "",
            "new_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.due_date == date(2026, 10, 30)


@pytest.mark.django_db
def test_page_editor_shows_buddhist_era_dates(admin_client, ita_section):
    plan = AnnualPlanPage.objects.get()
    plan.approved_on = date(2026, 9, 15)
    plan.save_revision(clean=False)
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[plan.pk])
    ).content.decode()
    assert value_of(html, "approved_on") == "15/09/2569"
    # The projects' budgets in the inline panel read amounts too.
    assert re.search(
        r'name="projects-__prefix__-budget"[^>]*data-ita-amount', html
    ) or (re.search(r'data-ita-amount[^>]*name="projects-__prefix__-budget"', html))


@pytest.mark.django_db
def test_modeladmin_forms_read_buddhist_era_and_amounts(admin_client):
    create = reverse("ita_wagtail_procurement_modeladmin_create")
    response = admin_client.post(create, procurement_post(egp_number="69119000456"))
    assert response.status_code == 302, response.content.decode()[:3000]
    record = Procurement.objects.get(egp_number="69119000456")
    assert record.announcement_date == date(2026, 11, 22)
    assert record.budget == Decimal("1980000.00")
    html = admin_client.get(
        reverse("ita_wagtail_procurement_modeladmin_edit", args=[record.pk])
    ).content.decode()
    assert value_of(html, "announcement_date") == "22/11/2569"
    assert value_of(html, "budget") == "1,980,000.00"


def test_a_leap_day_read_by_djangos_own_formats_is_not_a_server_error():
    # 2568 C.E. is a leap year, 2025 (2568 B.E.) is not.
    with translation.override("en"):
        form = clean(day="02/29/2568", moment="02/29/2568 10:00")
        assert set(form.errors) == {"day", "moment"}


@pytest.mark.django_db
def test_case_listing_filters_by_received_date_in_buddhist_era(admin_client):
    site = default_site()
    for subject, day in [("ไฟถนนดับ", 1), ("ท่อระบายน้ำอุดตัน", 30)]:
        Case.objects.create(
            site=site,
            subject=subject,
            details="-",
            received_at=datetime(2026, 11, day, 10, 0, tzinfo=BANGKOK),
        )
    response = admin_client.get(
        reverse("ita_cases:index"), {"received_from": "15/11/2569"}
    )
    html = response.content.decode()
    assert "ท่อระบายน้ำอุดตัน" in html
    assert "ไฟถนนดับ" not in html
    assert value_of(html, "received_from") == "15/11/2569"
    assert "15 พ.ย. 2569" in html  # the active filter's label
    # The same filter typed in C.E. or ISO finds the same case.
    for typed in ("15/11/2026", "2026-11-15"):
        html = admin_client.get(
            reverse("ita_cases:index"), {"received_to": typed}
        ).content.decode()
        assert "ไฟถนนดับ" in html and "ท่อระบายน้ำอุดตัน" not in html
