"""The filters of the public procurement register."""

from __future__ import annotations

from calendar import monthrange
from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita_wagtail.models.plans import FISCAL_MONTH_CHOICES
from ita_wagtail.models.procurement import (
    METHOD_THAI,
    STATUS_THAI,
    ProcurementMethod,
    ProcurementStatus,
    calendar_month,
)
from ita_wagtail.thai import format_fiscal_year

FILTERS = ("fiscal_year", "month", "method", "status", "q")


class ProcurementFilterForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All months")), *FISCAL_MONTH_CHOICES],
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("procurement", "Method"),
        required=False,
        choices=[
            ("", _("All methods")),
            *[(value, METHOD_THAI[value]) for value in ProcurementMethod.values],
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            *[(value, STATUS_THAI[value]) for value in ProcurementStatus.values],
        ],
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Item, supplier, e-GP, reference or contract number"),
    )

    def __init__(self, *args, records=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = []
        if records is not None:
            years = list(
                records.order_by("-fiscal_year")
                .values_list("fiscal_year", flat=True)
                .distinct()
            )
        self.year_choices_values = years
        self.fields["fiscal_year"].choices = [
            ("", _("All years")),
            *[(year, format_fiscal_year(year)) for year in years],
        ]

    def filter(self, records):
        data = self.cleaned_data
        if data.get("fiscal_year"):
            records = records.filter(fiscal_year=data["fiscal_year"])
        if data.get("month"):
            records = records.filter(
                self._month_ranges(data["month"], data.get("fiscal_year"))
            )
        if data.get("method"):
            records = records.filter(method=data["method"])
        if data.get("status"):
            records = records.filter(status=data["status"])
        if text := (data.get("q") or "").strip():
            records = records.filter(
                Q(name__icontains=text)
                | Q(selected_supplier__icontains=text)
                | Q(egp_number__icontains=text)
                | Q(reference_number__icontains=text)
                | Q(contract_number__icontains=text)
            )
        return records

    def _month_ranges(self, month, year=None):
        """That month of each fiscal year, as date ranges the month index serves."""
        years = [year] if year else self.year_choices_values
        condition = Q(pk__in=[])
        for fiscal_year in years:
            calendar_year, _month = calendar_month(fiscal_year, month)
            last_day = monthrange(calendar_year, month)[1]
            condition |= Q(
                reported_on__range=(
                    date(calendar_year, month, 1),
                    date(calendar_year, month, last_day),
                )
            )
        return condition

    def is_filtered(self):
        return (
            self.is_bound
            and self.is_valid()
            and any(self.cleaned_data.get(name) for name in FILTERS)
        )

    @staticmethod
    def query_without_page(params) -> str:
        """The current filters as a query string prefix for pagination links."""
        query = params.copy()
        query.pop("page", None)
        encoded = query.urlencode()
        return f"{encoded}&" if encoded else ""


def page_window(page_obj, around=2):
    """Page numbers to link: the first, the last and ``around`` either side of
    the current one, with None for each gap (800 pages make 7 links, not 800)."""
    last = page_obj.paginator.num_pages
    current = page_obj.number
    numbers = sorted(
        {1, last, *range(max(1, current - around), min(last, current + around) + 1)}
    )
    window = []
    for number in numbers:
        if window and window[-1] is not None and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window
