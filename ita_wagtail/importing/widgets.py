"""django-import-export widgets for procurement spreadsheet cells.

A spreadsheet cell can carry several model values (สขร.1 puts the contract
number and its date in one cell), so each widget's ``clean`` returns a dict
of model attributes rather than one value. Empty cells give an empty dict:
an empty cell never erases what is already stored (to clear a value, edit
the record in the admin). ``render`` writes the value back the way the
template expects it, so an exported file can be imported again unchanged.
"""

from __future__ import annotations

from import_export import widgets

from ita_wagtail.thai import format_baht, format_thai_date

from . import values


class CellWidget(widgets.Widget):
    """Base: ``parse(value)`` gives the attribute's value, or None if empty."""

    def __init__(self, attribute, parse, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.attribute = attribute
        self.parse = parse
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        if values.is_blank(value):
            return {}
        cleaned = self.parse(value)
        if cleaned is None or cleaned == "":
            return {}
        if (
            self.max_length
            and isinstance(cleaned, str)
            and len(cleaned) > self.max_length
        ):
            raise values.ImportValueError(
                too_long(cleaned, len(cleaned), self.max_length)
            )
        return {self.attribute: cleaned}

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(value)


def too_long(text, length, limit):
    """The error for a value longer than its field holds; quotes its start only."""
    from django.utils.translation import gettext as _

    return _(
        "The text is %(length)s characters long; at most %(limit)s fit. It "
        "begins “%(start)s”."
    ) % {
        "length": f"{length:,}",
        "limit": f"{limit:,}",
        "start": values.shorten(" ".join(str(text)[:200].split())),
    }


class TextWidget(CellWidget):
    def __init__(self, attribute, max_length=None, multiline=False):
        parse = values.clean_text if multiline else values.clean_line
        super().__init__(attribute, parse, max_length=max_length)


class MoneyWidget(CellWidget):
    def __init__(self, attribute):
        super().__init__(attribute, values.parse_money)

    def render(self, value, obj=None, **kwargs):
        return value  # Decimal: a number cell in XLSX


class DateWidget(CellWidget):
    def __init__(self, attribute):
        super().__init__(attribute, values.parse_date)

    def render(self, value, obj=None, **kwargs):
        return format_thai_date(value, style="numeric") if value else ""


class FiscalYearWidget(CellWidget):
    def __init__(self):
        super().__init__("fiscal_year", values.parse_fiscal_year)


class EgpNumberWidget(CellWidget):
    def __init__(self):
        super().__init__("egp_number", values.parse_egp_number)


class TaxIdWidget(CellWidget):
    def __init__(self, attribute):
        super().__init__(attribute, values.parse_tax_id)


class ChoiceWidget(CellWidget):
    def __init__(self, attribute, parse, labels):
        super().__init__(attribute, parse)
        self.labels = labels

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class BudgetSourceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        source, detail = values.parse_budget_source(value)
        if not source:
            return {}
        return {"budget_source": source, "budget_source_detail": detail}


class BidsWidget(widgets.Widget):
    """Bidders and prices in one cell -> ``_import_bids`` for the resource."""

    def clean(self, value, row=None, **kwargs):
        bids = values.parse_bids(value)
        return {"_import_bids": bids} if bids else {}


class SupplierAndPriceWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        party = values.parse_supplier_and_price(value)
        if not party:
            return {}
        cleaned = {"selected_supplier": party["name"]}
        if party["tax_id"]:
            cleaned["selected_supplier_tax_id"] = party["tax_id"]
        if party["price"] is not None:
            cleaned["agreed_price"] = party["price"]
        return cleaned


class ContractWidget(widgets.Widget):
    """The contract or order number, with its date and kind when written in."""

    def clean(self, value, row=None, **kwargs):
        contract = values.parse_contract(value)
        if not contract:
            return {}
        cleaned = {"contract_type": contract["type"]}
        if contract["number"]:
            cleaned["contract_number"] = contract["number"]
        if contract["date"]:
            cleaned["contract_date"] = contract["date"]
        return cleaned


class LookupWidget(widgets.Widget):
    """Text the resource resolves against the database (plan codes, units)."""

    def __init__(self, attribute):
        super().__init__()
        self.attribute = attribute

    def clean(self, value, row=None, **kwargs):
        text = values.clean_line(value)
        return {self.attribute: text} if text else {}


class IgnoredWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return {}


def render_money(value):
    return format_baht(value, with_unit=False) if value is not None else ""
