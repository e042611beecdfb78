"""OIT corruption-risk assessment (2569 O21) and the report on managing
those risks (2569 O22).

A risk's score is likelihood × impact (each 1–5). The level bands are
defined once, in :data:`RISK_LEVEL_BANDS`:

    1–3 low (ต่ำ), 4–9 medium (ปานกลาง), 10–16 high (สูง), 17–25 very high (สูงมาก).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import fiscal_year, today

from .base import Page
from .completeness import Check, filled, names_list
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .per_year import (
    ParentAwarePageForm,
    one_per_fiscal_year,
    parent_of,
    previous_fiscal_year,
)
from .units import ResponsibleUnit

SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RiskArea(models.TextChoices):
    BUDGET = "budget", _("Budget disbursement")
    AUTHORITY = "authority", _("Use of authority")
    PERSONNEL = "personnel", _("Personnel management")
    PROCUREMENT = "procurement", _("Procurement")
    SERVICE = "service", _("Service to the public")
    OTHER = "other", pgettext_lazy("risk area", "Other")


class RiskLevel(models.TextChoices):
    LOW = "low", pgettext_lazy("risk level", "Low")
    MEDIUM = "medium", pgettext_lazy("risk level", "Medium")
    HIGH = "high", pgettext_lazy("risk level", "High")
    VERY_HIGH = "very_high", pgettext_lazy("risk level", "Very high")


#: (lowest score, highest score, level): the only place the bands are set.
RISK_LEVEL_BANDS = [
    (1, 3, RiskLevel.LOW),
    (4, 9, RiskLevel.MEDIUM),
    (10, 16, RiskLevel.HIGH),
    (17, 25, RiskLevel.VERY_HIGH),
]


def risk_level(score):
    """The :class:`RiskLevel` of a score (likelihood × impact), or None."""
    if not score:
        return None
    for low, high, level in RISK_LEVEL_BANDS:
        if low <= score <= high:
            return level
    return None


def level_rank(level):
    order = [band[2] for band in RISK_LEVEL_BANDS]
    return order.index(level) if level in order else -1


# -- the register ---------------------------------------------------------------


class RiskAssessmentPageMixin(DisclosurePageMixin):
    ita_kind = "risk_assessment"
    ita_slug = "risk-assessment"

    fiscal_year = fiscal_year_field()
    intro = RichTextField(_("introduction"), blank=True)
    assessment_document = document_field(_("assessment document"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("intro"),
        InlinePanel("risks", heading=_("Risk register"), label=_("Risk")),
        FieldPanel("assessment_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": fiscal_year(today())}

    def clean(self):
        super().clean()
        one_per_fiscal_year(
            self,
            RiskAssessmentPage,
            _("This index already has a risk assessment for fiscal year %(year)s."),
        )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("risks")

    def numbered_risks(self):
        risks = list(self.risks.select_related("responsible_unit"))
        for number, risk in enumerate(risks, start=1):
            risk.number = number
            risk.code = f"R{number}"
        return risks

    def ita_completeness_checks(self, today=None):
        risks = list(self.risks.all())
        complete = [r for r in risks if r.is_complete]
        no_measures = [r.risk for r in risks if not filled(r.measures)]
        return [
            Check(
                _("at least one risk with its area, likelihood, impact and measures"),
                bool(complete),
            ),
            Check(
                _("measures for every risk"),
                bool(risks) and not no_measures,
                names_list(no_measures),
            ),
        ]

    def matrix(self):
        """Rows of likelihood 5→1, each with the cells of impact 1→5."""
        risks = self.numbered_risks()
        rows = []
        for likelihood in range(5, 0, -1):
            cells = []
            for impact in range(1, 6):
                score = likelihood * impact
                in_cell = [
                    r
                    for r in risks
                    if r.likelihood == likelihood and r.impact == impact
                ]
                cells.append(
                    {
                        "likelihood": likelihood,
                        "impact": impact,
                        "score": score,
                        "level": risk_level(score),
                        "risks": in_cell,
                        "count": len(in_cell),
                    }
                )
            rows.append({"likelihood": likelihood, "cells": cells})
        return rows

    def level_counts(self):
        counts = {level: 0 for _low, _high, level in RISK_LEVEL_BANDS}
        for risk in self.risks.all():
            if risk.level:
                counts[risk.level] += 1
        return [
            {"level": level, "label": level.label, "count": count, "band": band}
            for band, (level, count) in zip(
                RISK_LEVEL_BANDS, counts.items(), strict=True
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["risks"] = self.numbered_risks()
        context["matrix"] = self.matrix()
        context["level_counts"] = self.level_counts()
        context["impacts"] = range(1, 6)
        return context


class RiskAssessmentPage(RiskAssessmentPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + RiskAssessmentPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("corruption risk assessment")
        verbose_name_plural = _("corruption risk assessments")


class CorruptionRisk(Orderable):
    page = ParentalKey(
        "ita_wagtail.RiskAssessmentPage",
        on_delete=models.CASCADE,
        related_name="risks",
    )
    area = models.CharField(_("risk area"), max_length=20, choices=RiskArea.choices)
    process = models.CharField(
        _("process or task"),
        max_length=255,
        blank=True,
        help_text=_("The work process where the risk lies, e.g. inspection of works."),
    )
    risk = models.TextField(
        _("risk (what could happen)"),
        help_text=_("Describe the corrupt act that could happen."),
    )
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"),
        choices=SCALE_CHOICES,
        help_text=_("1 = rare, 5 = almost certain."),
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"),
        choices=SCALE_CHOICES,
        help_text=_("1 = minor, 5 = severe."),
    )
    existing_controls = models.TextField(_("existing controls"), blank=True)
    measures = models.TextField(
        _("measures to manage the risk"),
        blank=True,
        help_text=_("Required for the item to count as complete."),
    )
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.CharField(
        _("responsible person or unit (text)"),
        max_length=255,
        blank=True,
        help_text=_("Used when the responsible unit is not in the list."),
    )
    period = models.CharField(
        _("period"),
        max_length=255,
        blank=True,
        help_text=_("When the measures are carried out, e.g. ต.ค. 2568 – ก.ย. 2569."),
    )

    panels = [
        FieldRowPanel([FieldPanel("area"), FieldPanel("process")]),
        FieldPanel("risk"),
        FieldRowPanel([FieldPanel("likelihood"), FieldPanel("impact")]),
        FieldPanel("existing_controls"),
        FieldPanel("measures"),
        FieldRowPanel([FieldPanel("responsible_unit"), FieldPanel("owner")]),
        FieldPanel("period"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("corruption risk")
        verbose_name_plural = _("corruption risks")

    def __str__(self):
        return self.risk

    @property
    def score(self):
        if not (self.likelihood and self.impact):
            return None
        return self.likelihood * self.impact

    @property
    def level(self):
        return risk_level(self.score)

    @property
    def owner_name(self):
        if self.responsible_unit_id:
            return str(self.responsible_unit)
        return self.owner

    @property
    def is_complete(self):
        return bool(
            self.area
            and filled(self.risk)
            and self.likelihood
            and self.impact
            and filled(self.measures)
        )


# -- the report ---------------------------------------------------------------


class ResultStatus(models.TextChoices):
    DONE = "done", pgettext_lazy("risk measure status", "Done")
    IN_PROGRESS = "in_progress", pgettext_lazy("risk measure status", "In progress")
    NOT_DONE = "not_done", pgettext_lazy("risk measure status", "Not done")


def _register_risks(parent, year):
    if parent is None or not year:
        return CorruptionRisk.objects.none()
    return CorruptionRisk.objects.filter(
        page__path__startswith=parent.path,
        page__depth=parent.depth + 1,
        page__fiscal_year=year,
    ).order_by("page_id", "sort_order")


class RiskManagementReportPageForm(ParentAwarePageForm):
    """Offers only the risks of the register of the report's fiscal year."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        parent = self.instance.get_parent() if self.instance.pk else parent_page
        year = self.data.get("fiscal_year") if self.is_bound else None
        try:
            year = int(year) if year else self.instance.fiscal_year
        except (TypeError, ValueError):
            year = self.instance.fiscal_year
        risks = _register_risks(parent, year)
        formset = self.formsets["results"]
        if not self.is_bound and not formset.initial_form_count():
            # First edit of a report without rows: one row per risk offered.
            offered = list(risks.values_list("pk", flat=True))
            formset.extra = len(offered)
            formset.initial_extra = [{"risk": pk} for pk in offered]

        class ResultForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["risk"].queryset = risks

        formset.form = ResultForm
        for form in formset.forms:
            form.fields["risk"].queryset = risks


class RiskManagementReportPageMixin(DisclosurePageMixin):
    ita_kind = "risk_management_report"
    ita_slug = "risk-management-report"

    fiscal_year = fiscal_year_field(default=previous_fiscal_year)
    summary = RichTextField(_("summary"), blank=True)
    report_document = document_field(_("report document"))

    ita_content_panels = [
        FieldPanel(
            "fiscal_year",
            help_text=_(
                "The year of the register this report follows; the rows offer "
                "that register's risks (save once after changing the year)."
            ),
        ),
        FieldPanel("summary"),
        InlinePanel("results", heading=_("Result per risk"), label=_("Risk result")),
        FieldPanel("report_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        year = previous_fiscal_year()
        rows = [
            RiskManagementResult(risk=risk, status=ResultStatus.NOT_DONE)
            for risk in _register_risks(parent, year)
        ]
        return {"fiscal_year": year, "results": rows}

    def clean(self):
        super().clean()
        one_per_fiscal_year(
            self,
            RiskManagementReportPage,
            _(
                "This index already has a risk-management report for fiscal "
                "year %(year)s."
            ),
        )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("results")

    @classmethod
    def ita_prepare_scoring(cls, pages):
        # The register is the sibling RiskAssessmentPage of the same year:
        # load the risks of all of them in one query.
        pages = list(pages)
        years = {page.fiscal_year for page in pages if page.fiscal_year}
        depths = {page.depth for page in pages}
        by_key = {}
        if years:
            rows = CorruptionRisk.objects.filter(
                page__fiscal_year__in=years, page__depth__in=depths
            ).values_list("page__path", "page__fiscal_year", "pk", "risk")
            for path, year, pk, text in rows:
                by_key.setdefault((path[: -Page.steplen], year), []).append((pk, text))
        for page in pages:
            page._ita_register_risks = by_key.get(
                (page.path[: -page.steplen], page.fiscal_year), []
            )

    def register_risks(self):
        cached = getattr(self, "_ita_register_risks", None)
        if cached is not None:
            return cached
        return list(
            _register_risks(parent_of(self), self.fiscal_year).values_list("pk", "risk")
        )

    def register_page(self):
        parent = parent_of(self)
        if parent is None:
            return None
        return (
            RiskAssessmentPage.objects.child_of(parent)
            .filter(fiscal_year=self.fiscal_year)
            .first()
        )

    def ita_completeness_checks(self, today=None):
        reported = {
            result.risk_id for result in self.results.all() if filled(result.action)
        }
        risks = self.register_risks()
        unreported = [text for pk, text in risks if pk not in reported]
        return [
            Check(_("a risk register of the same fiscal year"), bool(risks)),
            Check(
                _("the result for every risk of the register"),
                bool(risks) and not unreported,
                names_list(unreported),
            ),
        ]

    def result_summary(self):
        results = list(self.results.select_related("risk"))
        by_status = dict.fromkeys(ResultStatus, 0)
        reduced = 0
        for result in results:
            by_status[result.status] = by_status.get(result.status, 0) + 1
            if result.level_reduced:
                reduced += 1
        return {
            "total": len(results),
            "statuses": [
                {"status": status, "label": status.label, "count": by_status[status]}
                for status in ResultStatus
            ],
            "reduced": reduced,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["results"] = list(
            self.results.select_related("risk", "risk__page").all()
        )
        context["summary_figures"] = self.result_summary()
        context["register"] = self.register_page()
        return context


class RiskManagementReportPage(RiskManagementReportPageMixin, Page):
    base_form_class = RiskManagementReportPageForm
    content_panels = (
        Page.content_panels + RiskManagementReportPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("corruption risk-management report")
        verbose_name_plural = _("corruption risk-management reports")


class RiskManagementResult(Orderable):
    page = ParentalKey(
        "ita_wagtail.RiskManagementReportPage",
        on_delete=models.CASCADE,
        related_name="results",
    )
    risk = models.ForeignKey(
        CorruptionRisk,
        verbose_name=_("risk"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    action = models.TextField(_("what was done"), blank=True)
    status = models.CharField(
        pgettext_lazy("risk measure status", "status"),
        max_length=20,
        choices=ResultStatus.choices,
        default=ResultStatus.IN_PROGRESS,
    )
    result = models.TextField(_("result"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood (1–5)"), choices=SCALE_CHOICES, null=True, blank=True
    )
    residual_impact = models.PositiveSmallIntegerField(
        _("residual impact (1–5)"), choices=SCALE_CHOICES, null=True, blank=True
    )

    panels = [
        FieldPanel("risk"),
        FieldPanel("action"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("result")]),
        FieldRowPanel(
            [FieldPanel("residual_likelihood"), FieldPanel("residual_impact")]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("risk result")
        verbose_name_plural = _("risk results")

    def __str__(self):
        return str(self.risk)

    @property
    def residual_score(self):
        if not (self.residual_likelihood and self.residual_impact):
            return None
        return self.residual_likelihood * self.residual_impact

    @property
    def residual_level(self):
        return risk_level(self.residual_score)

    @property
    def level_reduced(self):
        if self.residual_level is None:
            return False
        return level_rank(self.residual_level) < level_rank(self.risk.level)
