"""The procurement register: validation, completeness, declarations."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Page, Site

from ita_wagtail.models import COMPLETENESS_RULES, Procurement
from ita_wagtail.models.procurement import (
    NoProcurementDeclaration,
    fiscal_month_label,
    validate_egp_number,
    validate_tax_id,
)

from .factories import (
    bad_tax_id,
    declare_no_procurement,
    default_site,
    egp_number,
    make_plan,
    make_procurement,
    tax_id,
)

pytestmark = pytest.mark.django_db


# -- validators -------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        tax_id(1),
        tax_id(987654),
        "-".join(
            [
                tax_id(5)[0],
                tax_id(5)[1:5],
                tax_id(5)[5:10],
                tax_id(5)[10:12],
                tax_id(5)[12],
            ]
        ),
    ],
)
def test_valid_tax_ids_pass(value):
    validate_tax_id(value)


def test_tax_id_in_thai_digits_passes():
    thai = tax_id(42).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    validate_tax_id(thai)


def test_tax_id_with_wrong_check_digit_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_tax_id(bad_tax_id(7))
    assert error.value.code == "tax_id_check_digit"


@pytest.mark.parametrize("value", ["123", "01055512345678", "010555123456x"])
def test_tax_id_of_wrong_length_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_tax_id(value)
    assert error.value.code == "tax_id_length"


def test_known_real_world_check_digit():
    # The check digit of the worked example in the Revenue Department's rule:
    # 3-1014-00039-54-? -> weights 13..2, sum 171, 11 - 171 % 11 = 5.
    validate_tax_id("3101400039545")
    with pytest.raises(ValidationError):
        validate_tax_id("3101400039546")


def test_egp_number_rules():
    validate_egp_number("67109123456")
    validate_egp_number(67109123456.0)
    with pytest.raises(ValidationError) as error:
        validate_egp_number("6710912345")
    assert error.value.code == "egp_length"
    with pytest.raises(ValidationError) as error:
        validate_egp_number("67139123456")
    assert error.value.code == "egp_month"


def test_model_full_clean_reports_bad_ids_per_field():
    record = Procurement(
        site=default_site(),
        fiscal_year=2568,
        name="จ้างเหมาทำความสะอาด",
        egp_number="123",
        selected_supplier_tax_id=bad_tax_id(3),
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert set(error.value.message_dict) >= {"egp_number", "selected_supplier_tax_id"}


def test_contract_before_announcement_is_refused():
    record = Procurement(
        site=default_site(),
        fiscal_year=2568,
        name="จ้างซ่อมแซมถนน",
        announcement_date=date(2024, 11, 5),
        contract_date=date(2024, 11, 1),
    )
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "contract_date" in error.value.message_dict


# -- uniqueness ---------------------------------------------------------------


def test_egp_number_unique_per_site_only():
    number = egp_number()
    make_procurement(egp_number=number)
    other_root = Page.objects.get(depth=1)
    other_site = Site.objects.create(hostname="other.example", root_page=other_root)
    make_procurement(site=other_site, egp_number=number)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procurement(egp_number=number)


def test_empty_egp_numbers_do_not_clash():
    make_procurement(egp_number="")
    make_procurement(egp_number="")
    assert Procurement.objects.filter(egp_number="").count() == 2


def test_reference_number_unique_per_fiscal_year():
    make_procurement(reference_number="จ.1/2568", fiscal_year=2568)
    make_procurement(reference_number="จ.1/2568", fiscal_year=2569)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_procurement(reference_number="จ.1/2568", fiscal_year=2568)


def test_money_is_decimal():
    record = make_procurement(budget=Decimal("1234567.89"))
    record.refresh_from_db()
    assert record.budget == Decimal("1234567.89")
    assert isinstance(record.budget, Decimal)


# -- completeness ---------------------------------------------------------------


def test_complete_contracted_record_misses_nothing():
    record = make_procurement()
    assert record.missing_fields() == []
    assert record.is_complete


def test_contracted_record_lists_what_it_lacks():
    record = make_procurement(
        reference_price=None, contract_number="", selection_reason="  ", bids=()
    )
    record.bids.all().delete()
    record = Procurement.objects.get(pk=record.pk)
    keys = [rule.key for rule in record.missing_fields()]
    assert keys == ["reference_price", "bids", "selection_reason", "contract_number"]


def test_planned_record_needs_only_what_a_plan_has():
    record = make_procurement(
        status="planned",
        reference_price=None,
        selected_supplier="",
        agreed_price=None,
        selection_reason="",
        contract_number="",
        contract_date=None,
        announcement_date=None,
    )
    assert record.missing_fields() == []
    record.budget = None
    assert [rule.key for rule in record.missing_fields()] == ["budget"]


def test_bid_without_price_makes_bids_incomplete():
    record = make_procurement(bids=[("ร้าน ก", "1000"), ("ร้าน ข", None)])
    assert [rule.key for rule in record.missing_fields()] == ["bids"]


def _scenarios():
    return [
        {},
        {"status": "awarded", "contract_number": "", "contract_date": None},
        {"status": "awarded", "selected_supplier": ""},
        {"status": "announced", "reference_price": None},
        {"status": "announced", "selected_supplier": ""},
        {"status": "cancelled", "reference_price": None, "method": ""},
        {"status": "planned", "budget": None},
        {"status": "contracted", "agreed_price": None, "contract_date": None},
        {"status": "contracted", "bids": [("ร้าน ก", None)]},
        {"status": "contracted", "bids": [], "no_bids": True},
        {"status": "awarded", "selection_reason": ""},
    ]


def test_sql_and_python_completeness_agree():
    records = []
    for scenario in _scenarios():
        scenario = dict(scenario)
        no_bids = scenario.pop("no_bids", False)
        bids = scenario.pop("bids", ())
        record = make_procurement(bids=bids, **scenario)
        if no_bids:
            record.bids.all().delete()
        records.append(record.pk)
    annotated = {
        record.pk: record.ita_missing_count
        for record in Procurement.objects.with_completeness()
    }
    for pk in records:
        fresh = Procurement.objects.get(pk=pk)
        assert annotated[pk] == len(fresh.missing_fields()), fresh
    complete = set(Procurement.objects.complete().values_list("pk", flat=True))
    incomplete = set(Procurement.objects.incomplete().values_list("pk", flat=True))
    assert complete | incomplete == set(records)
    assert not complete & incomplete
    # The default, the awarded one without a contract yet, the cancelled one.
    assert len(complete) == 3


def test_every_rule_names_a_5_7_field():
    keys = [rule.key for rule in COMPLETENESS_RULES]
    assert len(keys) == len(set(keys))
    for rule in COMPLETENESS_RULES:
        assert str(rule.label)
        assert rule.statuses


def test_bids_summary_and_contract_label():
    record = make_procurement(
        bids=[("ร้าน ก", "1000.5", tax_id(9)), ("ร้าน ข", "1200")],
        contract_number="12/2568",
        contract_date=date(2024, 10, 5),
        contract_type="purchase_order",
    )
    summary = record.bids_summary()
    assert summary.splitlines() == [
        f"ร้าน ก ({tax_id(9)}) 1,000.50 บาท",
        "ร้าน ข 1,200.00 บาท",
    ]
    assert record.contract_label == "ใบสั่งซื้อ/ใบสั่งจ้างเลขที่ 12/2568 ลงวันที่ 5 ตุลาคม 2567"


def test_record_date_is_contract_date_then_announcement():
    record = make_procurement(
        announcement_date=date(2024, 10, 3), contract_date=date(2024, 11, 20)
    )
    assert record.record_date == date(2024, 11, 20)
    record.contract_date = None
    assert record.record_date == date(2024, 10, 3)
    assert Procurement.objects.in_month(2024, 11).count() == 1


# -- plans and declarations ---------------------------------------------------


def test_plan_total_and_month_label():
    plan = make_plan(items=2)
    assert plan.total_budget == Decimal("900000.00")
    item = plan.items.first()
    assert item.expected_month_label == "ธันวาคม 2567"
    assert str(plan) == "แผนการจัดซื้อจัดจ้างปีงบประมาณ พ.ศ. 2568"


def test_plan_cannot_be_announced_before_approval():
    plan = make_plan(items=0)
    plan.published_on = date(2024, 10, 1)
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_fiscal_month_label_crosses_the_calendar_year():
    assert fiscal_month_label(2568, 10) == "ตุลาคม 2567"
    assert fiscal_month_label(2568, 9) == "กันยายน 2568"
    assert fiscal_month_label(2568, 1, abbreviated=True) == "ม.ค. 2568"


@time_machine.travel(date(2025, 3, 15))
def test_declaration_refused_for_a_month_with_records():
    make_procurement(announcement_date=None, contract_date=date(2024, 11, 12))
    declaration = NoProcurementDeclaration(
        site=default_site(), fiscal_year=2568, month=11
    )
    with pytest.raises(ValidationError) as error:
        declaration.full_clean()
    assert "month" in error.value.message_dict
    declaration.month = 12
    declaration.full_clean()


@time_machine.travel(date(2025, 3, 15))
def test_declaration_refused_for_a_future_month():
    declaration = NoProcurementDeclaration(
        site=default_site(), fiscal_year=2568, month=5
    )
    with pytest.raises(ValidationError):
        declaration.full_clean()


def test_declaration_label():
    declaration = declare_no_procurement(month=11)
    assert str(declaration) == "ไม่มีการจัดซื้อจัดจ้าง พฤศจิกายน 2567"
