"""What the import preview shows finance staff, from a job's stored report.

The engine stores raw values (ISO dates, amounts as text, choice codes); this
module turns them into what the register itself shows: Thai field labels,
B.E. dates, amounts with separators, choice labels, unit and plan names.
Only the first :data:`PREVIEW_ROWS` new and updated rows are shown; the
rest are counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _

from ita_wagtail.models import Procurement, ResponsibleUnit
from ita_wagtail.models.procurement import ProcurementPlanItem
from ita_wagtail.thai import format_baht, format_thai_date

#: How many new and how many updated rows the preview lists.
PREVIEW_ROWS = 50

EMPTY = "—"

#: Attribute in the report -> model field name.
_FIELD_NAMES = {"plan_item_id": "plan_item", "responsible_unit_id": "responsible_unit"}


@dataclass
class NewRow:
    sheet: str
    row: int
    number: str
    name: str
    method: str
    budget: str
    winner: str
    agreed_price: str
    contract: str


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class UpdatedRow:
    sheet: str
    row: int
    number: str
    name: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class Preview:
    new_rows: list[NewRow]
    new_more: int
    updated_rows: list[UpdatedRow]
    updated_more: int
    unchanged: int

    @property
    def nothing_to_change(self):
        return not (
            self.new_rows or self.new_more or self.updated_rows or self.updated_more
        )


def label(name: str) -> str:
    if name == "bids":
        return _("Bidders and their prices")
    try:
        model_field = Procurement._meta.get_field(_FIELD_NAMES.get(name, name))
    except Exception:
        return name
    text = str(model_field.verbose_name)
    return text[:1].upper() + text[1:]


def _amount(value) -> str:
    if value in (None, ""):
        return EMPTY
    try:
        return format_baht(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


def _date(value) -> str:
    if not value:
        return EMPTY
    try:
        return format_thai_date(datetime.date.fromisoformat(str(value)), style="short")
    except ValueError:
        return str(value)


def _bids(value) -> str:
    if not value:
        return EMPTY
    parts = []
    for bid in value:
        name, _tax_id, price = (list(bid) + [None, None, None])[:3]
        parts.append(f"{name} {_amount(price)}" if price not in (None, "") else name)
    return "; ".join(parts)


class _Formatter:
    """Formats report values; names of units and plan items in one query each."""

    def __init__(self, rows):
        unit_ids, plan_ids = set(), set()
        for row in rows:
            for name, old, new in row.get("diff", []):
                target = {"responsible_unit_id": unit_ids, "plan_item_id": plan_ids}
                if name in target:
                    target[name].update(v for v in (old, new) if v)
        self.names = {
            "responsible_unit_id": dict(
                ResponsibleUnit.objects.filter(pk__in=unit_ids).values_list(
                    "pk", "name"
                )
            )
            if unit_ids
            else {},
            "plan_item_id": {
                item.pk: str(item)
                for item in ProcurementPlanItem.objects.filter(pk__in=plan_ids)
            }
            if plan_ids
            else {},
        }

    def __call__(self, name, value) -> str:
        if name == "bids":
            return _bids(value)
        if name in self.names:
            return self.names[name].get(value, EMPTY) if value else EMPTY
        if value in (None, ""):
            return EMPTY
        try:
            model_field = Procurement._meta.get_field(name)
        except Exception:
            return str(value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(model_field, models.DateField):
            return _date(value)
        if isinstance(model_field, models.DecimalField):
            return _amount(value)
        return str(value)


def _number(values_or_row) -> str:
    return (
        values_or_row.get("egp_number")
        or values_or_row.get("reference_number")
        or values_or_row.get("key")
        or EMPTY
    )


def _new_row(row, fmt, sheets) -> NewRow:
    values = row.get("values") or {}
    contract = values.get("contract_number") or ""
    if values.get("contract_date"):
        date_text = fmt("contract_date", values["contract_date"])
        contract = f"{contract} ({date_text})" if contract else date_text
    return NewRow(
        sheet=(row.get("sheet") or "") if sheets > 1 else "",
        row=row.get("row"),
        number=_number(values) if values else row.get("key") or EMPTY,
        name=row.get("name") or values.get("name") or EMPTY,
        method=fmt("method", values.get("method")),
        budget=fmt("budget", values.get("budget", row.get("budget"))),
        winner=values.get("selected_supplier") or EMPTY,
        agreed_price=fmt("agreed_price", values.get("agreed_price")),
        contract=contract or EMPTY,
    )


def _updated_row(row, fmt, sheets) -> UpdatedRow:
    return UpdatedRow(
        sheet=(row.get("sheet") or "") if sheets > 1 else "",
        row=row.get("row"),
        number=row.get("key") or EMPTY,
        name=row.get("name") or EMPTY,
        changes=[
            Change(label=label(name), old=fmt(name, old), new=fmt(name, new))
            for name, old, new in row.get("diff", [])
        ],
    )


def build_preview(report: dict, counts: dict) -> Preview:
    """The preview of a checked file, from its stored report and row counts."""
    samples = report.get("samples") or {}
    new = (samples.get("new") or [])[:PREVIEW_ROWS]
    updated = (samples.get("updated") or [])[:PREVIEW_ROWS]
    fmt = _Formatter(updated)
    # The sheet's name tells rows apart only in a workbook of several sheets.
    sheets = len(report.get("sheets") or [])
    return Preview(
        new_rows=[_new_row(row, fmt, sheets) for row in new],
        new_more=max(0, counts.get("new", 0) - len(new)),
        updated_rows=[_updated_row(row, fmt, sheets) for row in updated],
        updated_more=max(0, counts.get("updated", 0) - len(updated)),
        unchanged=counts.get("unchanged", 0),
    )
