"""Admin for the procurement register: records, plans, no-procurement months."""

import datetime
from decimal import Decimal

import django_filters
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.models import Site
from wagtail.snippets.views.snippets import (
    CreateView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from ita_wagtail.exporting.escaping import FormulaEscapingExportMixin, safe_cell
from ita_wagtail.exporting.spreadsheets import BOM
from ita_wagtail.models import (
    NoProcurementDeclaration,
    Procurement,
    ProcurementPlan,
    ResponsibleUnit,
)
from ita_wagtail.models.plans import FISCAL_MONTH_CHOICES
from ita_wagtail.models.procurement import ProcurementMethod, ProcurementStatus
from ita_wagtail.procurement.permissions import user_can_import
from ita_wagtail.thai import format_baht, format_thai_date

#: The columns of the register's listing export, in the admin and in
#: wagtail-modeladmin alike.
EXPORT_FIELDS = [
    "fiscal_year",
    "egp_number",
    "reference_number",
    "name",
    "get_category_display",
    "budget",
    "get_budget_source_display",
    "reference_price",
    "get_method_display",
    "get_status_display",
    "announcement_date",
    "bids_summary",
    "selected_supplier",
    "selected_supplier_tax_id",
    "agreed_price",
    "selection_reason",
    "contract_number",
    "contract_date",
    "responsible_unit",
    "missing_summary",
]
EXPORT_HEADINGS = {
    "egp_number": _("e-GP project number"),
    "get_category_display": _("Category"),
    "get_budget_source_display": _("Budget source"),
    "get_method_display": _("Procurement method"),
    "get_status_display": _("Status"),
    "bids_summary": _("Bidders and their prices"),
    "missing_summary": _("Missing 5.7 fields"),
}


def fiscal_year_choices():
    years = (
        Procurement.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return [(year, str(year)) for year in years]


class ProcurementFilterSet(WagtailFilterSet):
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), choices=fiscal_year_choices
    )
    month = django_filters.ChoiceFilter(
        label=_("Month"),
        choices=FISCAL_MONTH_CHOICES,
        method="filter_month",
        help_text=_("The month of the contract, or of the announcement before it."),
    )
    method = django_filters.ChoiceFilter(
        label=pgettext_lazy("procurement", "Method"), choices=ProcurementMethod.choices
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProcurementStatus.choices
    )
    responsible_unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"), queryset=ResponsibleUnit.objects.all()
    )
    incomplete = django_filters.BooleanFilter(
        label=_("Incomplete only"),
        method="filter_incomplete",
        widget=django_filters.widgets.BooleanWidget(),
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all()
    )

    class Meta:
        model = Procurement
        fields = []

    def filter_month(self, queryset, name, value):
        return queryset.annotate(
            ita_record_month=ExtractMonth("ita_record_date")
        ).filter(ita_record_month=int(value))

    def filter_incomplete(self, queryset, name, value):
        if value is None:
            return queryset
        if value:
            return queryset.filter(ita_missing_count__gt=0)
        return queryset.filter(ita_missing_count=0)


class CompletenessColumn(Column):
    """ "Complete", or how many 5.7 fields are missing with their names."""

    cell_template_name = "ita_wagtail/admin/completeness_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        missing = instance.missing_labels()
        context["missing"] = missing
        context["missing_count"] = len(missing)
        return context


class NoWrapColumn(Column):
    """Amounts and dates: "12,400.00 บาท" split over two lines reads badly."""

    def __init__(self, *args, classname="ita-nowrap", **kwargs):
        super().__init__(*args, classname=classname, **kwargs)


class MoneyColumn(NoWrapColumn):
    def get_value(self, instance):
        value = super().get_value(instance)
        return format_baht(value) if value is not None else "—"


class ThaiDateColumn(NoWrapColumn):
    def get_value(self, instance):
        value = super().get_value(instance)
        return format_thai_date(value, style="short") if value else "—"


def spreadsheet_date(value):
    if isinstance(value, datetime.date):
        return format_thai_date(value, style="numeric")
    return str(value)


def spreadsheet_text(value):
    """Wagtail's export, with every text cell escaped against formulas."""
    return safe_cell(value)


class SiteDefaultCreateView(CreateView):
    """New records, plans and declarations belong to the site being edited."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if getattr(instance, "site_id", None) is None:
            site = (
                Site.find_for_request(self.request)
                or Site.objects.filter(is_default_site=True).first()
            )
            if site is not None:
                instance.site = site
        return instance


class ProcurementIndexView(FormulaEscapingExportMixin, IndexView):
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        str: {
            IndexView.FORMAT_CSV: spreadsheet_text,
            IndexView.FORMAT_XLSX: spreadsheet_text,
        },
        Decimal: {IndexView.FORMAT_CSV: lambda value: f"{value:.2f}"},
        # Thai readers expect B.E. dates, and the importer reads them back.
        (datetime.date, datetime.time): {
            IndexView.FORMAT_CSV: spreadsheet_date,
            IndexView.FORMAT_XLSX: spreadsheet_date,
        },
    }

    def _get_title_column(self, field_name, *args, **kwargs):
        # Thai item names are long and would wrap at every word in a narrow
        # column; the other columns are short.
        kwargs.setdefault("width", "30%")
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_base_queryset(self):
        queryset = (
            super()
            .get_base_queryset()
            .with_record_date()
            .with_completeness()
            .select_related("responsible_unit")
        )
        if self.is_export:
            queryset = queryset.prefetch_related("bids")
        return queryset

    def stream_csv(self, queryset):
        # Excel reads CSV as the local code page unless told it is UTF-8.
        yield BOM
        yield from super().stream_csv(queryset)

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if user_can_import(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import from an Excel file"),
                    url=reverse("ita_procurement_import:start"),
                    icon_name="upload",
                    priority=20,
                    attrs={"data-ita-import": ""},
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # Wagtail's own export labels read badly in its Thai catalogue.
        exports = {self.xlsx_export_url, self.csv_export_url}
        buttons = [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) not in exports
        ]
        if self.show_export_buttons:
            buttons += [
                Button(
                    _("Download as an Excel file (.xlsx)"),
                    url=self.xlsx_export_url,
                    icon_name="download",
                    priority=90,
                ),
                Button(
                    _("Download as a CSV file"),
                    url=self.csv_export_url,
                    icon_name="download",
                    priority=95,
                ),
            ]
        buttons.append(
            Button(
                _("Download import template"),
                url=reverse("ita_procurement_import:template"),
                icon_name="download",
                priority=100,
            )
        )
        return buttons


class ProcurementInspectView(InspectView):
    template_name = "ita_wagtail/admin/procurement_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["bids"] = list(self.object.bids.all())
        context["documents"] = list(self.object.documents.select_related("document"))
        context["missing"] = self.object.missing_labels()
        return context


class ProcurementViewSet(SnippetViewSet):
    model = Procurement
    icon = "list-ul"
    menu_label = _("Procurement records")
    menu_name = "ita-procurement-records"
    url_prefix = "ita/procurement"
    index_view_class = ProcurementIndexView
    add_view_class = SiteDefaultCreateView
    inspect_view_class = ProcurementInspectView
    inspect_view_enabled = True
    copy_view_enabled = True
    filterset_class = ProcurementFilterSet
    search_fields = [
        "name",
        "egp_number",
        "reference_number",
        "contract_number",
        "selected_supplier",
    ]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "name",
        Column("egp_number", label=_("e-GP number")),
        Column("get_method_display", label=pgettext_lazy("procurement", "Method")),
        Column("get_status_display", label=_("Status"), sort_key="status"),
        MoneyColumn("budget", label=_("Budget"), sort_key="budget"),
        MoneyColumn("agreed_price", label=_("Agreed price"), sort_key="agreed_price"),
        ThaiDateColumn("record_date", label=_("Date"), sort_key="ita_record_date"),
        CompletenessColumn("completeness", label=_("Completeness")),
    ]
    list_export = EXPORT_FIELDS
    export_headings = EXPORT_HEADINGS
    export_filename = "procurement-records"


class ProcurementPlanFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all()
    )

    class Meta:
        model = ProcurementPlan
        fields = ["fiscal_year"]


class ProcurementPlanViewSet(SnippetViewSet):
    model = ProcurementPlan
    icon = "calendar-alt"
    menu_label = _("Procurement plans")
    menu_name = "ita-procurement-plans"
    url_prefix = "ita/procurement-plans"
    add_view_class = SiteDefaultCreateView
    filterset_class = ProcurementPlanFilterSet
    copy_view_enabled = False
    list_display = [
        "__str__",
        Column("revision", label=_("Revision")),
        ThaiDateColumn("approved_on", label=pgettext_lazy("approval date", "Approved")),
        ThaiDateColumn("published_on", label=_("Announced")),
        "site",
    ]


class NoProcurementDeclarationViewSet(SnippetViewSet):
    model = NoProcurementDeclaration
    icon = "calendar-check"
    menu_label = _("Months without procurement")
    menu_name = "ita-no-procurement-months"
    url_prefix = "ita/no-procurement"
    add_view_class = SiteDefaultCreateView
    copy_view_enabled = False
    list_filter = ["fiscal_year", "site"]
    list_display = [
        "__str__",
        Column("fiscal_year", label=_("Fiscal year")),
        ThaiDateColumn("declared_on", label=_("Declared")),
        "site",
    ]
