"""ModelAdmin classes for the procurement register (see the package docstring)."""

import datetime
from collections import OrderedDict
from decimal import Decimal

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import lookup_field
from django.db.models.functions import ExtractMonth
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import IndexView

from ita_wagtail.exporting.escaping import FormulaEscapingExportMixin
from ita_wagtail.exporting.spreadsheets import BOM
from ita_wagtail.models import NoProcurementDeclaration, Procurement, ProcurementPlan
from ita_wagtail.models.plans import FISCAL_MONTH_CHOICES
from ita_wagtail.procurement.permissions import user_can_import
from ita_wagtail.thai import format_baht, format_thai_date
from ita_wagtail.views.procurement import (
    EXPORT_FIELDS,
    EXPORT_HEADINGS,
    spreadsheet_date,
    spreadsheet_text,
)
from ita_wagtail.views.procurement_import import ImportMenuItem


class IncompleteFilter(SimpleListFilter):
    title = _("Completeness")
    parameter_name = "incomplete"

    def lookups(self, request, model_admin):
        return [("true", _("Incomplete only")), ("false", _("Complete only"))]

    def queryset(self, request, queryset):
        if self.value() == "true":
            return queryset.filter(ita_missing_count__gt=0)
        if self.value() == "false":
            return queryset.filter(ita_missing_count=0)
        return queryset


class MonthFilter(SimpleListFilter):
    title = _("Month")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        return [(str(value), label) for value, label in FISCAL_MONTH_CHOICES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.annotate(
                ita_record_month=ExtractMonth("ita_record_date")
            ).filter(ita_record_month=int(self.value()))
        return queryset


class ProcurementIndexView(FormulaEscapingExportMixin, IndexView):
    """Formula-safe, Excel-readable exports, as in the viewset's listing."""

    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {
            IndexView.FORMAT_CSV: spreadsheet_text,
            IndexView.FORMAT_XLSX: spreadsheet_text,
        },
        Decimal: {IndexView.FORMAT_CSV: lambda value: f"{value:.2f}"},
        (datetime.date, datetime.time): {
            IndexView.FORMAT_CSV: spreadsheet_date,
            IndexView.FORMAT_XLSX: spreadsheet_date,
        },
    }

    #: Wagtail's own export labels read badly in its Thai catalogue.
    export_buttons_template_name = "ita_wagtail/modeladmin/export_buttons.html"

    def to_row_dict(self, item):
        # wagtail-modeladmin writes its empty-value placeholder ("-") into
        # every empty cell, which the formula escaping then turns into "'-";
        # and it replaces a zero amount with it too. An empty cell is empty.
        row = OrderedDict()
        for field in self.list_export:
            _field, _attr, value = lookup_field(field, item, self.model_admin)
            row[field] = None if value in (None, "") else value
        return row

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ita_can_import"] = user_can_import(self.request.user)
        return context


class ProcurementAdmin(ModelAdmin):
    model = Procurement
    menu_label = _("Procurement records")
    menu_icon = "list-ul"
    index_view_class = ProcurementIndexView
    index_template_name = "ita_wagtail/modeladmin/procurement_index.html"
    inspect_view_enabled = True
    list_per_page = 50
    list_display = (
        "name",
        "fiscal_year",
        "egp_number",
        "method_label",
        "status_label",
        "budget_label",
        "agreed_price_label",
        "record_date_label",
        "completeness",
    )
    list_filter = (
        "fiscal_year",
        MonthFilter,
        "method",
        "status",
        "responsible_unit",
        IncompleteFilter,
    )
    search_fields = (
        "name",
        "egp_number",
        "reference_number",
        "contract_number",
        "selected_supplier",
    )
    list_export = EXPORT_FIELDS
    export_headings = EXPORT_HEADINGS
    export_filename = "procurement-records"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_record_date()
            .with_completeness()
            .select_related("responsible_unit")
            .prefetch_related("bids")
        )

    @staticmethod
    def _money(value):
        return format_baht(value) if value is not None else "—"

    def method_label(self, record):
        return record.get_method_display() or "—"

    method_label.short_description = pgettext_lazy("procurement", "Method")

    def status_label(self, record):
        return record.get_status_display()

    status_label.short_description = _("Status")

    def budget_label(self, record):
        return self._money(record.budget)

    budget_label.short_description = _("Budget")

    def agreed_price_label(self, record):
        return self._money(record.agreed_price)

    agreed_price_label.short_description = _("Agreed price")

    def record_date_label(self, record):
        return (
            format_thai_date(record.record_date, style="short")
            if record.record_date
            else "—"
        )

    record_date_label.short_description = _("Date")

    def completeness(self, record):
        missing = record.missing_labels()
        if not missing:
            return format_html(
                '<span class="w-status w-status--primary">{}</span>', _("Complete")
            )
        count = len(missing)
        label = ngettext(
            "%(counter)s field missing", "%(counter)s fields missing", count
        ) % {"counter": count}
        return format_html(
            '<span class="w-status" title="{}">{}</span>', ", ".join(missing), label
        )

    completeness.short_description = _("Completeness")


class ProcurementPlanAdmin(ModelAdmin):
    model = ProcurementPlan
    menu_label = _("Procurement plans")
    menu_icon = "calendar-alt"
    list_display = ("__str__", "revision", "approved_on", "published_on", "site")
    list_filter = ("fiscal_year", "site")


class NoProcurementDeclarationAdmin(ModelAdmin):
    model = NoProcurementDeclaration
    menu_label = _("Months without procurement")
    menu_icon = "calendar-check"
    list_display = ("__str__", "fiscal_year", "declared_on", "site")
    list_filter = ("fiscal_year", "site")


class ProcurementAdminGroup(ModelAdminGroup):
    menu_label = _("Procurement (5.7)")
    menu_icon = "list-ul"
    menu_order = 260
    items = (ProcurementAdmin, ProcurementPlanAdmin, NoProcurementDeclarationAdmin)

    def get_submenu_items(self):
        items = super().get_submenu_items()
        # The spreadsheet import, right after the records it fills.
        items.insert(1, ImportMenuItem(order=items[0].order if items else 1))
        return items
