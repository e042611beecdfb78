"""Public pages of item 5.7: the register, the annual plan and the summaries.

The section is one page for the register (``procurement_records``) with the
plan (``procurement_plan``) and the summaries (``procurement_summary``) as
its children, so the three parts of 5.7 sit under one URL an assessor can
follow: ``/ita/procurement/``, ``/ita/procurement/plan/``,
``/ita/procurement/summary/``. Records are snippets; their detail pages,
the monthly สขร.1 and the downloads are routes of these pages, so every
record and month has a stable address.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField

from ita_wagtail.thai import THAI_MONTHS, today
from ita_wagtail.thai import fiscal_year as fiscal_year_of

from .base import Page
from .documents import AttachedDocument, document_extension
from .mixins import DisclosurePageMixin

# Wagtail serves page paths made of words and slashes only, so downloads are
# routes such as ``download/2568/xlsx/`` (the file name comes from the
# Content-Disposition header), not ``download/2568.xlsx``.
from .procurement import (
    NoProcurementDeclaration,
    Procurement,
    ProcurementPlan,
    fiscal_month_label,
)

RECORDS_PER_PAGE = 25


def section_page_models():
    """Concrete page models of the procurement section (any site's own too)."""
    from .index import disclosure_page_models

    global _SECTION_MODELS
    if _SECTION_MODELS is None:
        _SECTION_MODELS = [
            model
            for model in disclosure_page_models()
            if model.ita_kind
            in ("procurement_records", "procurement_plan", "procurement_summary")
        ]
    return _SECTION_MODELS


_SECTION_MODELS = None


def _ocds_published(site):
    from ita_wagtail.exporting.ocds import is_published

    return is_published(site)


def _latest(*values):
    values = [value for value in values if value]
    return max(values) if values else None


class ProcurementSectionMixin(RoutablePageMixin, DisclosurePageMixin):
    intro = RichTextField(_("introduction"), blank=True)

    ita_content_panels = [FieldPanel("intro"), *DisclosurePageMixin.disclosure_panels]

    class Meta:
        abstract = True

    def procurement_site(self):
        return self.get_site()

    def route_url(self, name, *args):
        return self.url + self.reverse_subpage(name, args=args)

    def section_pages(self):
        """The live pages of the section by kind: records, plan, summary (one query)."""
        from django.contrib.contenttypes.models import ContentType

        pages = {self.ita_kind: self}
        register = self if self.ita_kind == "procurement_records" else self.get_parent()
        kinds = {
            ContentType.objects.get_for_model(model).pk: model.ita_kind
            for model in section_page_models()
            if model.ita_kind != self.ita_kind
        }
        for page in (
            Page.objects.live()
            .descendant_of(register, inclusive=True)
            .filter(content_type_id__in=kinds)
            .order_by("path")
        ):
            pages.setdefault(kinds[page.content_type_id], page)
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = self.section_pages()
        context["register_page"] = pages.get("procurement_records")
        context["plan_page"] = pages.get("procurement_plan")
        context["summary_page"] = pages.get("procurement_summary")
        return context


# --------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------


class ProcurementIndexPageMixin(ProcurementSectionMixin):
    ita_kind = "procurement_records"
    ita_slug = "procurement"

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        # The section page carries the item's name ("ข้อมูลการจัดซื้อจัดจ้าง");
        # the part's own title is a sentence.
        found = cls.ita_criterion(criteria_set)
        return found[0].title if found else super().ita_default_title(criteria_set)

    @property
    def ita_last_updated(self):
        latest = Procurement.objects.for_site(self.get_site()).aggregate(
            latest=Max("updated_at")
        )["latest"]
        return _latest(self.last_published_at, latest)

    def records(self):
        return Procurement.objects.for_site(self.procurement_site())

    @path("")
    def index_route(self, request):
        from ita_wagtail.procurement.public import ProcurementFilterForm, page_window

        records = self.records()
        form = ProcurementFilterForm(request.GET or None, records=records)
        filtered = form.filter(records) if form.is_valid() else records
        filtered = filtered.with_record_date().select_related("responsible_unit")
        paginator = Paginator(
            filtered.order_by("-ita_record_date", "-pk"), RECORDS_PER_PAGE
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        return self.render(
            request,
            context_overrides={
                "filter_form": form,
                "records_page": page_obj,
                "page_links": page_window(page_obj),
                "query": form.query_without_page(request.GET),
                "is_filtered": form.is_filtered(),
                "ocds_years": form.year_choices_values,
                "ocds_published": _ocds_published(self.procurement_site()),
            },
        )

    @path("<int:record_id>/")
    def record_route(self, request, record_id):
        try:
            record = (
                self.records()
                .select_related(
                    "responsible_unit", "plan_item__plan", "reference_price_document"
                )
                .prefetch_related("bids", "documents__document")
                .get(pk=record_id)
            )
        except Procurement.DoesNotExist:
            raise Http404 from None
        return self.render(
            request,
            template="ita_wagtail/procurement_record_page.html",
            context_overrides={
                "record": record,
                # The reference price table is shown with the price itself.
                "other_documents": [
                    item
                    for item in record.documents.all()
                    if item.document_id != record.reference_price_document_id
                ],
            },
        )

    @re_path(r"^download/(?P<year>\d{4})/(?P<kind>xlsx|csv)/$")
    def download_route(self, request, year, kind):
        from ita_wagtail.exporting.procurement_sheets import register_sheet
        from ita_wagtail.exporting.spreadsheets import csv_response, xlsx_response

        year = int(year)
        records = self.records().filter(fiscal_year=year).order_by("pk")
        sheet = register_sheet(records, year)
        filename = f"procurement-{year}.{kind}"
        if kind == "csv":
            return csv_response(sheet, filename)
        return xlsx_response([sheet], filename)

    @path("ocds/")
    def ocds_policy_route(self, request):
        """The publication policy of the open data, or "not published yet" (404)."""
        from ita_wagtail.exporting import ocds

        site = self.procurement_site()
        published = ocds.is_published(site)
        response = self.render(
            request,
            template="ita_wagtail/procurement_ocds_page.html",
            context_overrides={
                "ocds_published": published,
                "ocds_years": self.records()
                .order_by("-fiscal_year")
                .values_list("fiscal_year", flat=True)
                .distinct(),
                "ocds_license": ocds.license_url(),
                "ocds_prefix": ocds.ocid_prefix(site),
            },
        )
        if not published:
            response.status_code = 404
        return response

    @re_path(r"^ocds/(?P<year>\d{4})/$")
    def ocds_route(self, request, year):
        from ita_wagtail.exporting import ocds

        site = self.procurement_site()
        if not ocds.is_published(site):
            return self.ocds_policy_route(request)
        if not ocds.has_releases(site, int(year)):
            # A release package must hold at least one release.
            raise Http404
        return ocds.ocds_response(self, int(year), request)


class ProcurementIndexPage(ProcurementIndexPageMixin, Page):
    content_panels = Page.content_panels + ProcurementIndexPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = [
        "ita_wagtail.ProcurementPlanPage",
        "ita_wagtail.ProcurementSummaryPage",
    ]
    max_count_per_parent = 1
    template = "ita_wagtail/procurement_index_page.html"

    class Meta:
        verbose_name = _("procurement register (5.7)")
        verbose_name_plural = _("procurement registers (5.7)")


# --------------------------------------------------------------------------
# The annual procurement plan
# --------------------------------------------------------------------------


class ProcurementPlanPageMixin(ProcurementSectionMixin):
    ita_kind = "procurement_plan"
    ita_slug = "plan"

    class Meta:
        abstract = True

    def plans(self):
        return ProcurementPlan.objects.for_site(self.procurement_site())

    @property
    def ita_last_updated(self):
        latest = self.plans().aggregate(latest=Max("updated_at"))["latest"]
        return _latest(self.last_published_at, latest)

    def _plan_for(self, year=None):
        plans = self.plans()
        if year is not None:
            return plans.filter(fiscal_year=year).first()
        current = fiscal_year_of(today())
        return (
            plans.filter(fiscal_year=current).first()
            or plans.filter(fiscal_year__lt=current).order_by("-fiscal_year").first()
            or plans.order_by("fiscal_year").first()
        )

    def _render_plan(self, request, plan, year=None):
        items = []
        if plan is not None:
            items = list(
                plan.items.select_related("responsible_unit").prefetch_related(
                    "procurements"
                )
            )
        return self.render(
            request,
            context_overrides={
                "plan": plan,
                "plan_items": items,
                "requested_year": year,
                "plan_years": list(
                    self.plans()
                    .order_by("-fiscal_year")
                    .values_list("fiscal_year", flat=True)
                ),
            },
        )

    @path("")
    def current_route(self, request):
        return self._render_plan(request, self._plan_for())

    @path("<int:year>/")
    def year_route(self, request, year):
        plan = self._plan_for(year)
        if plan is None:
            raise Http404
        return self._render_plan(request, plan, year)

    @re_path(r"^(?P<year>\d{4})/(?P<kind>xlsx|csv)/$")
    def download_route(self, request, year, kind):
        from ita_wagtail.exporting.procurement_sheets import plan_sheet
        from ita_wagtail.exporting.spreadsheets import csv_response, xlsx_response

        plan = self._plan_for(int(year))
        if plan is None:
            raise Http404
        sheet = plan_sheet(self.procurement_site(), plan)
        filename = f"procurement-plan-{year}.{kind}"
        if kind == "csv":
            return csv_response(sheet, filename)
        return xlsx_response([sheet], filename)

    @re_path(r"^(?P<year>\d{4})/pdf/$")
    def pdf_route(self, request, year):
        from ita_wagtail.pdf.delivery import pdf_response
        from ita_wagtail.pdf.documents import PlanPdf

        plan = self._plan_for(int(year))
        if plan is None:
            raise Http404
        source = PlanPdf(site_id=self.procurement_site().pk, fiscal_year=int(year))
        return pdf_response(request, source)


class ProcurementPlanPage(ProcurementPlanPageMixin, Page):
    content_panels = Page.content_panels + ProcurementPlanPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ProcurementIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "ita_wagtail/procurement_plan_page.html"

    class Meta:
        verbose_name = _("annual procurement plan (5.7)")
        verbose_name_plural = _("annual procurement plans (5.7)")


# --------------------------------------------------------------------------
# Summaries: the monthly สขร.1 and the annual summary
# --------------------------------------------------------------------------


class ProcurementSummaryPageMixin(ProcurementSectionMixin):
    ita_kind = "procurement_summary"
    ita_slug = "summary"

    class Meta:
        abstract = True

    @property
    def ita_last_updated(self):
        site = self.get_site()
        latest = Procurement.objects.for_site(site).aggregate(latest=Max("updated_at"))[
            "latest"
        ]
        declared = NoProcurementDeclaration.objects.filter(site=site).aggregate(
            latest=Max("declared_on")
        )["latest"]
        return _latest(self.last_published_at, latest, _as_datetime(declared))

    def _year(self, value):
        if value is None:
            return fiscal_year_of(today())
        return int(value)

    def ita_published_formats(self, fiscal_year=None):
        # Every month and every year is offered as generated XLSX and CSV,
        # and as generated PDF where the server can make PDF files; signed
        # copies (PDF) are uploaded per fiscal year.
        from ita_wagtail.pdf.rendering import pdf_available

        formats = {"xlsx", "csv"}
        if pdf_available()[0]:
            formats.add("pdf")
        for copy in self.ita_signed_copies(fiscal_year):
            if extension := document_extension(copy.document):
                formats.add(extension)
        return formats

    def ita_signed_copies(self, fiscal_year=None, month=False):
        """The uploaded copies (signed สขร.1, the annual summary) for
        ``fiscal_year`` (every year when ``None``); ``month=None`` keeps the
        annual summaries only, a number that month's."""
        copies = getattr(self, "signed_copies", None)
        if copies is None:
            return []
        rows = [row for row in copies.all() if row.document_id]
        if fiscal_year is not None:
            rows = [row for row in rows if row.fiscal_year == fiscal_year]
        if month is not False:
            rows = [row for row in rows if row.month == month]
        return rows

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        queryset = super().ita_scoring_queryset(queryset)
        if hasattr(cls, "signed_copies"):
            queryset = queryset.prefetch_related("signed_copies__document")
        return queryset

    def ita_evidence(self, item, part, fiscal_year):
        from django.utils.text import format_lazy
        from django.utils.translation import gettext_lazy as _

        from ita_wagtail.pdf.rendering import pdf_available
        from ita_wagtail.thai import format_fiscal_year

        fiscal_year = fiscal_year or fiscal_year_of(today())
        url = self.get_full_url() + f"{fiscal_year}/"
        year = format_fiscal_year(fiscal_year)
        monthly = item.view_for(part) == "monthly"
        if pdf_available()[0]:
            # The stable addresses of the generated PDF files, for the assessor.
            if monthly:
                text = format_lazy(
                    _(
                        "The monthly procurement summaries (form สขร.1) of {year}: "
                        "one table per month, each with its PDF and Excel "
                        "downloads (the PDF of a month at {example}); months "
                        "without procurement say so."
                    ),
                    year=year,
                    example=url + "10/pdf/",
                )
            else:
                text = format_lazy(
                    _(
                        "The procurement summary of {year}: totals by method and "
                        "by month, the list of every procurement, and its PDF "
                        "({pdf}) and Excel downloads."
                    ),
                    year=year,
                    pdf=url + "pdf/",
                )
            return url, text
        if monthly:
            text = format_lazy(
                _(
                    "The monthly procurement summaries (form สขร.1) of {year}: "
                    "one table per month, each with its Excel download; months "
                    "without procurement say so."
                ),
                year=year,
            )
        else:
            text = format_lazy(
                _(
                    "The procurement summary of {year}: totals by method and "
                    "by month, the list of every procurement, and its Excel "
                    "download."
                ),
                year=year,
            )
        return url, text

    def _summary_context(self, year):
        from ita_wagtail.procurement.summary import annual_summary

        summary = annual_summary(self.procurement_site(), year)
        copies = self.ita_signed_copies(year)
        by_month = {}
        for copy in copies:
            by_month.setdefault(copy.month, []).append(copy)
        for month in summary.months:
            month.signed_copies = by_month.get(month.month, [])
        return {
            "summary": summary,
            "signed_annual": by_month.get(None, []),
            "fiscal_year": year,
            "current_fiscal_year": fiscal_year_of(today()),
            "years": self._years(),
        }

    def _years(self):
        site = self.procurement_site()
        years = set(
            Procurement.objects.for_site(site)
            .order_by()
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        years |= set(
            NoProcurementDeclaration.objects.filter(site=site)
            .order_by()
            .values_list("fiscal_year", flat=True)
            .distinct()
        )
        # The current year so far, and the previous one in full: the annual
        # summary the ITA asks for.
        current = fiscal_year_of(today())
        years |= {current, current - 1}
        return sorted((year for year in years if year <= current), reverse=True)

    @path("")
    def overview_route(self, request):
        year = fiscal_year_of(today())
        return self.render(request, context_overrides=self._summary_context(year))

    @path("<int:year>/")
    def year_route(self, request, year):
        if not 2400 < year < 2800:
            raise Http404
        return self.render(
            request,
            template="ita_wagtail/procurement_annual_summary_page.html",
            context_overrides=self._summary_context(year),
        )

    @path("<int:year>/<int:month>/")
    def month_route(self, request, year, month):
        from ita_wagtail.procurement.summary import month_declaration, month_records

        self._check_month(year, month)
        site = self.procurement_site()
        return self.render(
            request,
            template="ita_wagtail/procurement_month_page.html",
            context_overrides={
                "fiscal_year": year,
                "month": month,
                "month_label": fiscal_month_label(year, month),
                "records": list(month_records(site, year, month)),
                "declaration": month_declaration(site, year, month),
            },
        )

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<kind>xlsx|csv)/$")
    def month_download_route(self, request, year, month, kind):
        from ita_wagtail.exporting.procurement_sheets import skr1_sheet
        from ita_wagtail.exporting.spreadsheets import csv_response, xlsx_response
        from ita_wagtail.procurement.summary import month_declaration, month_records

        year, month = int(year), int(month)
        self._check_month(year, month)
        site = self.procurement_site()
        sheet = skr1_sheet(
            site,
            year,
            month,
            month_records(site, year, month),
            month_declaration(site, year, month),
        )
        filename = f"skr1-{year}-{month:02d}.{kind}"
        if kind == "csv":
            return csv_response(sheet, filename)
        return xlsx_response([sheet], filename)

    @re_path(r"^(?P<year>\d{4})/(?P<kind>xlsx|csv)/$")
    def year_download_route(self, request, year, kind):
        from ita_wagtail.exporting.procurement_sheets import annual_summary_sheets
        from ita_wagtail.exporting.spreadsheets import csv_response, xlsx_response
        from ita_wagtail.procurement.summary import annual_summary

        year = int(year)
        site = self.procurement_site()
        sheets = annual_summary_sheets(site, annual_summary(site, year))
        if kind == "csv":
            return csv_response(sheets[0], f"procurement-summary-{year}.csv")
        return xlsx_response(sheets, f"procurement-summary-{year}.xlsx")

    @re_path(r"^(?P<year>\d{4})/(?P<month>\d{1,2})/pdf/$")
    def month_pdf_route(self, request, year, month):
        from ita_wagtail.pdf.delivery import pdf_response
        from ita_wagtail.pdf.documents import Skr1MonthPdf

        year, month = int(year), int(month)
        self._check_month(year, month)
        source = Skr1MonthPdf(
            site_id=self.procurement_site().pk, fiscal_year=year, month=month
        )
        return pdf_response(request, source)

    @re_path(r"^(?P<year>\d{4})/pdf/$")
    def year_pdf_route(self, request, year):
        from ita_wagtail.pdf.delivery import pdf_response
        from ita_wagtail.pdf.documents import AnnualSummaryPdf

        year = int(year)
        if not 2400 < year < 2800:
            raise Http404
        source = AnnualSummaryPdf(site_id=self.procurement_site().pk, fiscal_year=year)
        return pdf_response(request, source)

    @staticmethod
    def _check_month(year, month):
        if not (1 <= month <= 12 and 2400 < year < 2800):
            raise Http404


def _as_datetime(value):
    if value is None:
        return None
    from datetime import datetime, time

    from django.conf import settings
    from django.utils import timezone

    moment = datetime.combine(value, time())
    return timezone.make_aware(moment) if settings.USE_TZ else moment


class ProcurementSummaryPage(ProcurementSummaryPageMixin, Page):
    content_panels = (
        Page.content_panels
        + ProcurementSummaryPageMixin.ita_content_panels
        + [
            InlinePanel(
                "signed_copies",
                heading=_("Signed copies (PDF)"),
                label=_("Signed copy"),
                help_text=_(
                    "The signed monthly summaries (form สขร.1) and annual "
                    "summary as PDF files, shown beside the Excel download of "
                    "their year. The 2569 assessment asks for both PDF and Excel."
                ),
            )
        ]
    )
    parent_page_types = ["ita_wagtail.ProcurementIndexPage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "ita_wagtail/procurement_summary_page.html"

    class Meta:
        verbose_name = _("procurement summary (5.7)")
        verbose_name_plural = _("procurement summaries (5.7)")


class ProcurementSummaryCopy(AttachedDocument):
    """An uploaded copy of a summary: a month's signed สขร.1 or a year's report."""

    page = ParentalKey(
        ProcurementSummaryPage, on_delete=models.CASCADE, related_name="signed_copies"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
        help_text=_("Buddhist-era year, for example 2568."),
    )
    month = models.PositiveSmallIntegerField(
        pgettext_lazy("procurement summary copy", "month"),
        null=True,
        blank=True,
        choices=[(number, label) for number, label in enumerate(THAI_MONTHS, 1)],
        help_text=_("Leave empty for the annual summary."),
    )

    panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("month"),
        *AttachedDocument.panels,
    ]

    class Meta(AttachedDocument.Meta):
        verbose_name = _("signed copy of a procurement summary")
        verbose_name_plural = _("signed copies of procurement summaries")


__all__ = [
    "ProcurementIndexPage",
    "ProcurementIndexPageMixin",
    "ProcurementPlanPage",
    "ProcurementPlanPageMixin",
    "ProcurementSummaryCopy",
    "ProcurementSummaryPage",
    "ProcurementSummaryPageMixin",
]
