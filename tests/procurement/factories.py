"""Builders for procurement test data: realistic Thai records, valid ids."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from wagtail.models import Site

from ita_wagtail.models import (
    NoProcurementDeclaration,
    Procurement,
    ProcurementBid,
    ProcurementPlan,
    ProcurementPlanItem,
)
from ita_wagtail.models.procurement import tax_id_check_digit

_serial = itertools.count(1)


def tax_id(seed: int | str = 1) -> str:
    """A valid 13-digit tax id (juristic persons start with 0105...)."""
    body = f"0105{int(seed) % 10**8:08d}"
    return body + str(tax_id_check_digit(body))


def bad_tax_id(seed=1) -> str:
    valid = tax_id(seed)
    return valid[:12] + str((int(valid[12]) + 1) % 10)


def egp_number(seed: int | None = None, year=67, month=10) -> str:
    seed = next(_serial) if seed is None else seed
    return f"{year:02d}{month:02d}{seed % 10**7:07d}"


def default_site():
    return Site.objects.get(is_default_site=True)


def make_procurement(site=None, bids=(), **fields) -> Procurement:
    """A contracted, complete record unless fields say otherwise.

    ``bids``: ``(name, price)`` or ``(name, price, tax_id)`` tuples.
    """
    serial = next(_serial)
    values = {
        "site": site or default_site(),
        "fiscal_year": 2568,
        "reference_number": f"{serial}/2568",
        "name": f"จัดซื้อวัสดุสำนักงาน รายการที่ {serial}",
        "category": "goods",
        "budget": Decimal("50000.00"),
        "budget_source": "municipal",
        "reference_price": Decimal("49500.00"),
        "method": "specific",
        "status": "contracted",
        "announcement_date": date(2024, 10, 3),
        "selected_supplier": "ร้านรุ่งเรืองพาณิชย์",
        "selected_supplier_tax_id": tax_id(serial),
        "agreed_price": Decimal("48000.00"),
        "selection_reason": "เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน",
        "contract_number": f"{serial}/2568",
        "contract_date": date(2024, 10, 10),
    }
    if (
        "bids" not in fields
        and not bids
        and values["status"]
        in (
            "awarded",
            "contracted",
        )
    ):
        bids = [("ร้านรุ่งเรืองพาณิชย์", "48000.00")]
    values.update(fields)
    record = Procurement.objects.create(**values)
    for order, bid in enumerate(bids):
        name, price, *rest = bid
        ProcurementBid.objects.create(
            procurement=record,
            sort_order=order,
            bidder_name=name,
            price=Decimal(price) if price is not None else None,
            tax_id=rest[0] if rest else "",
        )
    return record


def make_plan(site=None, fiscal_year=2568, items=3, **fields) -> ProcurementPlan:
    values = {
        "site": site or default_site(),
        "fiscal_year": fiscal_year,
        "approved_on": date(2024, 10, 15),
        "published_on": date(2024, 10, 20),
    }
    values.update(fields)
    plan = ProcurementPlan.objects.create(**values)
    for index in range(items):
        ProcurementPlanItem.objects.create(
            plan=plan,
            sort_order=index,
            plan_code=f"P671000{index:05d}",
            name=f"โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {index + 1}",
            budget=Decimal("450000.00"),
            budget_source="municipal",
            category="construction",
            method="e_bidding",
            expected_month=12,
        )
    return plan


def declare_no_procurement(site=None, fiscal_year=2568, month=11, **fields):
    return NoProcurementDeclaration.objects.create(
        site=site or default_site(), fiscal_year=fiscal_year, month=month, **fields
    )
