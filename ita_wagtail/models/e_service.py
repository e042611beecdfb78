"""OIT 2569 O10 (2568 O10 and O11): the municipality's online services.

* :class:`EServicePage` (kind ``e_service``): the online services, each with
  what it does, its address, who may use it and when.
* :class:`ServiceStatisticsPage` (kind ``service_statistics``): the requests
  received through those services in one fiscal year, per month, from the
  :class:`EServiceMonthlyFigure` records staff enter or import; with an
  accessible bar chart and an XLSX download of the same table.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail import thai

from .base import Page
from .completeness import Check, filled, names_list
from .documents import document_extension
from .mixins import DisclosurePageMixin, fiscal_year_field
from .per_year import (
    ParentAwarePageForm,
    ascii_slug_by_year,
    one_per_fiscal_year,
    parent_of,
    previous_fiscal_year,
)

#: Months of a Thai fiscal year in order: October first.
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
MONTH_CHOICES = [(m, thai.THAI_MONTHS[m - 1]) for m in FISCAL_MONTHS]


def statistics_slug(fiscal_year):
    return f"statistics-{fiscal_year}"


# -- the services -------------------------------------------------------------


class EServicePageMixin(DisclosurePageMixin):
    ita_kind = "e_service"
    ita_slug = "e-service"

    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("What the municipality offers online and how to get help."),
    )

    ita_content_panels = [
        FieldPanel("intro"),
        InlinePanel(
            "services",
            heading=_("Online services"),
            label=_("Online service"),
            min_num=0,
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def service_rows(self):
        rows = self.services.all()
        if "services" not in getattr(self, "_prefetched_objects_cache", {}):
            rows = rows.select_related("guide")
        return list(rows)

    def ita_published_formats(self, fiscal_year=None):
        return {
            ext
            for ext in (
                document_extension(row.guide)
                for row in self.service_rows()
                if row.guide_id
            )
            if ext
        }

    def ita_evidence(self, item, part, target_fiscal_year):
        return (
            self.full_url,
            f"หน้า “{self.title}”: รายการบริการออนไลน์ {len(self.service_rows())} "
            "บริการ พร้อมลิงก์ รายละเอียด และผู้มีสิทธิใช้บริการ",
        )

    def ita_completeness_checks(self, today=None):
        services = self.service_rows()
        incomplete = [
            row.name or "?"
            for row in services
            if not (
                filled(row.name)
                and filled(row.description)
                and filled(row.url)
                and filled(row.audience)
            )
        ]
        complete = [row for row in services if row.name not in incomplete]
        return [
            Check(_("at least one online service"), bool(services)),
            Check(
                _("the name, description, link and users of a service"),
                bool(complete),
                names_list(incomplete) if not complete else "",
            ),
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("services__guide")

    def statistics_pages(self):
        return (
            ServiceStatisticsPage.objects.child_of(self).live().order_by("-fiscal_year")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            services=self.service_rows(),
            statistics_pages=self.statistics_pages(),
            responsible_unit=self.get_responsible_unit(),
        )
        return context


class EServicePage(EServicePageMixin, Page):
    template = "ita_wagtail/e_service_page.html"
    content_panels = Page.content_panels + EServicePageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = ["ita_wagtail.ServiceStatisticsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("online services (e-Service)")
        verbose_name_plural = _("online services pages (e-Service)")


class EService(Orderable):
    """One online service of the municipality."""

    page = ParentalKey(EServicePage, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(pgettext_lazy("e-service", "name"), max_length=255)
    description = models.TextField(_("what it does"))
    url = models.URLField(
        _("link"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The address where the public uses the service (http or https)."),
    )
    audience = models.CharField(
        _("who may use it"),
        max_length=255,
        help_text=_("For example: residents of the municipality, businesses."),
    )
    availability = models.CharField(
        pgettext_lazy("e-service", "hours"),
        max_length=255,
        blank=True,
        help_text=_("For example: 24 hours; staff answer on working days."),
    )
    guide = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("user guide (document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("availability")]),
        FieldPanel("guide"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("online service")
        verbose_name_plural = _("online services")

    def __str__(self):
        return self.name


class EServiceMonthlyFigure(models.Model):
    """Requests received through one online service in one month."""

    service = models.ForeignKey(
        EService,
        verbose_name=_("online service"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    fiscal_year = fiscal_year_field()
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTH_CHOICES)
    requests = models.PositiveIntegerField(
        _("requests"), validators=[MinValueValidator(0)]
    )
    completed = models.PositiveIntegerField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly e-service figure")
        verbose_name_plural = _("monthly e-service figures")
        ordering = ["service", "fiscal_year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "fiscal_year", "month"],
                name="ita_eservice_figure_unique_month",
            )
        ]

    def __str__(self):
        return f"{self.service} {thai.THAI_MONTHS[self.month - 1]} {self.fiscal_year}"

    def clean(self):
        super().clean()
        if (
            self.completed is not None
            and self.requests is not None
            and self.completed > self.requests
        ):
            raise ValidationError(
                {"completed": _("Completed cannot exceed the requests received.")}
            )


# -- the statistics -----------------------------------------------------------


class YearTable:
    """Services × the 12 months of a fiscal year, with totals."""

    def __init__(self, fiscal_year, services, figures):
        self.fiscal_year = fiscal_year
        self.months = [
            (m, thai.THAI_MONTHS[m - 1], thai.THAI_MONTHS_ABBR[m - 1])
            for m in FISCAL_MONTHS
        ]
        self.month_names = [name for _m, name, _a in self.months]
        counts = {(f.service_id, f.month): f.requests for f in figures}
        self.rows = []
        for service in services:
            cells = [counts.get((service.pk, m), 0) for m in FISCAL_MONTHS]
            self.rows.append(
                {
                    "service": service,
                    "cells": cells,
                    "labelled": list(zip(self.month_names, cells, strict=True)),
                    "total": sum(cells),
                }
            )
        self.month_totals = [
            sum(row["cells"][i] for row in self.rows) for i in range(12)
        ]
        self.total = sum(self.month_totals)
        self.labelled_totals = list(
            zip(self.month_names, self.month_totals, strict=True)
        )

    def chart(self, width=720, height=260):
        """Bars of the month totals, for a server-side SVG."""
        top = max(self.month_totals) or 1
        plot = height - 50
        step = (width - 40) / 12
        bars = []
        for i, ((_m, _name, abbr), value) in enumerate(
            zip(self.months, self.month_totals, strict=True)
        ):
            h = round(plot * value / top, 1)
            x = round(30 + i * step + step * 0.15, 1)
            bars.append(
                {
                    "x": x,
                    "y": round(20 + plot - h, 1),
                    "width": round(step * 0.7, 1),
                    "height": h,
                    "label_x": round(x + step * 0.35, 1),
                    "value": value,
                    "month": abbr,
                }
            )
        return {"width": width, "height": height, "base": 20 + plot, "bars": bars}


class ServiceStatisticsPageMixin(RoutablePageMixin, DisclosurePageMixin):
    ita_kind = "service_statistics"

    fiscal_year = fiscal_year_field(default=previous_fiscal_year)
    statement = RichTextField(
        _("note above the figures"),
        blank=True,
        help_text=_(
            "Optional text shown above the figures. The figures themselves are "
            "the monthly figures entered or imported for the services."
        ),
    )

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("statement"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classproperty
    def ita_slug(cls):
        return statistics_slug(previous_fiscal_year())

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": previous_fiscal_year()}

    def clean(self):
        ascii_slug_by_year(self, statistics_slug(self.fiscal_year))
        super().clean()
        one_per_fiscal_year(
            self,
            ServiceStatisticsPage,
            _(
                "These online services already have a statistics page "
                "for fiscal year %(year)s."
            ),
        )

    # -- figures --

    def year_table(self):
        """The year's table in two queries: services, then figures."""
        if hasattr(self, "_ita_year_table"):
            return self._ita_year_table
        parent = parent_of(self)
        services = []
        figures = []
        if parent is not None and self.fiscal_year:
            services = list(
                EService.objects.filter(page_id=parent.pk).order_by("sort_order", "pk")
            )
            figures = list(
                EServiceMonthlyFigure.objects.filter(
                    service__page_id=parent.pk, fiscal_year=self.fiscal_year
                )
            )
        self._ita_year_table = YearTable(self.fiscal_year, services, figures)
        return self._ita_year_table

    def year_has_ended(self, today=None):
        if not self.fiscal_year:
            return False
        return (today or thai.today()) > thai.fiscal_year_bounds(self.fiscal_year)[1]

    def none_text(self):
        return _(
            "No request was received through the online services in fiscal "
            "year B.E. %(year)s."
        ) % {"year": self.fiscal_year}

    # -- hooks of the compliance engine --

    def ita_period(self):
        return (self.fiscal_year, None)

    def ita_published_formats(self, fiscal_year=None):
        return {"xlsx"}

    def ita_declares_none(self, today=None):
        return self.year_has_ended(today) and not self.year_table().total

    def ita_evidence(self, item, part, target_fiscal_year):
        return (
            self.full_url,
            f"ตารางสถิติการขอรับบริการออนไลน์รายเดือน ปีงบประมาณ พ.ศ. "
            f"{self.fiscal_year} แผนภูมิ และไฟล์ Excel ท้ายหน้า",
        )

    def ita_completeness_checks(self, today=None):
        table = self.year_table()
        ended = self.year_has_ended(today)
        return [
            Check(_("at least one online service"), bool(table.rows)),
            Check(
                _(
                    "the request figures of the year, or the statement that there were none"
                ),
                bool(table.total) or ended,
            ),
        ]

    @classmethod
    def ita_prepare_scoring(cls, pages):
        """Tables of every page in three queries, whatever their number."""
        pages = [p for p in pages if p.fiscal_year]
        if not pages:
            return
        steplen = Page.steplen
        parent_path = {p.pk: p.path[:-steplen] for p in pages}
        services = {}
        for service in (
            EService.objects.filter(page__path__in=set(parent_path.values()))
            .select_related("page")
            .order_by("sort_order", "pk")
        ):
            services.setdefault(service.page.path, []).append(service)
        figures = {}
        for figure in EServiceMonthlyFigure.objects.filter(
            service__page__path__in=set(parent_path.values()),
            fiscal_year__in={p.fiscal_year for p in pages},
        ).select_related("service__page"):
            key = (figure.service.page.path, figure.fiscal_year)
            figures.setdefault(key, []).append(figure)
        for page in pages:
            path_ = parent_path[page.pk]
            page._ita_year_table = YearTable(
                page.fiscal_year,
                services.get(path_, []),
                figures.get((path_, page.fiscal_year), []),
            )

    # -- views --

    @path("xlsx/", name="xlsx")
    def xlsx_view(self, request):
        from ita_wagtail.exporting.spreadsheets import xlsx_response

        return xlsx_response(
            self.statistics_sheets(), f"e-service-statistics-{self.fiscal_year}.xlsx"
        )

    def xlsx_url(self, request=None):
        return (self.get_url(request) or "") + self.reverse_subpage("xlsx")

    def statistics_sheets(self):
        from ita_wagtail.exporting.spreadsheets import Sheet

        table = self.year_table()
        preamble = [str(self.title), thai.format_fiscal_year(self.fiscal_year)]
        if not table.total:
            preamble.append(str(self.none_text()))
        return [
            Sheet(
                title=str(_("Statistics")),
                header=[str(_("Online service"))]
                + [name for _m, name, _a in table.months]
                + [str(_("Total"))],
                rows=[
                    [row["service"].name, *row["cells"], row["total"]]
                    for row in table.rows
                ],
                preamble=preamble,
                column_widths=[40] + [12] * 12 + [14],
                footer=[[str(_("Total")), *table.month_totals, table.total]],
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        table = self.year_table()
        context.update(
            table=table,
            chart=table.chart(),
            year_ended=self.year_has_ended(),
            e_service_page=self.get_parent(),
            xlsx_url=self.xlsx_url(request),
        )
        return context


class ServiceStatisticsPage(ServiceStatisticsPageMixin, Page):
    template = "ita_wagtail/service_statistics_page.html"
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + ServiceStatisticsPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.EServicePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("online service statistics")
        verbose_name_plural = _("online service statistics pages")
