"""Acting on the ITA results (OIT 2569 O25) and the report on measures
promoting integrity and transparency within the organisation (2569 O26).

The improvement page is for the fiscal year now running: last year's ITA
result and the measures taken this year because of it. The integrity report
is for the fiscal year that has ended.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import fiscal_year, today

from .base import Page
from .completeness import Check, filled, names_list, rich_text_filled
from .documents import document_extension
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .per_year import ParentAwarePageForm, one_per_fiscal_year
from .units import ResponsibleUnit

# ITA levels by total score (the NACC's bands).
ITA_LEVELS = [
    (Decimal("95"), "AA"),
    (Decimal("85"), "A"),
    (Decimal("75"), "B"),
    (Decimal("65"), "C"),
    (Decimal("55"), "D"),
    (Decimal("50"), "E"),
    (Decimal("0"), "F"),
]


def ita_level(score):
    """``"A"`` for 88.50: the NACC level of a total ITA score."""
    if score is None:
        return ""
    for floor, level in ITA_LEVELS:
        if score >= floor:
            return level
    return ""


def score_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Out of 100, with two decimals as the NACC reports it."),
        **kwargs,
    )


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("measure status", "Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("measure status", "In progress")
    DONE = "done", pgettext_lazy("measure status", "Done")


# -- O25: acting on the ITA results ------------------------------------------


class ItaImprovementPageMixin(DisclosurePageMixin):
    ita_kind = "ita_improvement"
    ita_slug = "ita-improvement"

    fiscal_year = fiscal_year_field(
        _("fiscal year of the measures (B.E.)"),
    )
    assessed_fiscal_year = fiscal_year_field(
        _("fiscal year assessed (B.E.)"), null=True, blank=True
    )
    total_score = score_field(_("total ITA score"))
    level = models.CharField(
        _("level"),
        max_length=2,
        blank=True,
        choices=[(level, level) for _floor, level in ITA_LEVELS],
        help_text=_("Left empty, the level follows from the total score."),
    )
    iit_score = score_field(_("IIT score"))
    eit_score = score_field(_("EIT score"))
    oit_score = score_field(_("OIT score"))
    result_document = document_field(_("ITA result report (document)"))
    issues_found = RichTextField(
        _("points to improve"),
        blank=True,
        help_text=_("What the assessment found weak, indicator by indicator."),
    )

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("assessed_fiscal_year"),
                        FieldPanel("total_score"),
                        FieldPanel("level"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("iit_score"),
                        FieldPanel("eit_score"),
                        FieldPanel("oit_score"),
                    ]
                ),
                FieldPanel("result_document"),
            ],
            heading=_("ITA result"),
        ),
        FieldPanel("issues_found"),
        InlinePanel("measures", heading=_("Improvement measures"), label=_("Measure")),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        year = fiscal_year(today())
        return {"fiscal_year": year, "assessed_fiscal_year": year - 1}

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.assessed_fiscal_year
            and self.fiscal_year
            and self.assessed_fiscal_year > self.fiscal_year
        ):
            raise ValidationError(
                {
                    "assessed_fiscal_year": _(
                        "The assessed year cannot be after the year of the measures."
                    )
                }
            )
        one_per_fiscal_year(
            self,
            ItaImprovementPage,
            _(
                "There is already a page on acting on the ITA results for "
                "fiscal year %(year)s."
            ),
        )

    @property
    def ita_level(self):
        return self.level or ita_level(self.total_score)

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("measures")

    def ita_completeness_checks(self, today=None):
        measures = list(self.measures.all())
        return [
            Check(_("the ITA result (total score)"), self.total_score is not None),
            Check(_("at least one improvement measure"), bool(measures)),
        ]


class ItaImprovementPage(ItaImprovementPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + ItaImprovementPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("acting on the ITA results")
        verbose_name_plural = _("acting on the ITA results pages")


class ItaImprovementMeasure(Orderable):
    page = ParentalKey(
        "ita_wagtail.ItaImprovementPage",
        on_delete=models.CASCADE,
        related_name="measures",
    )
    issue = models.TextField(_("issue found"))
    measure = models.TextField(_("improvement measure"))
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    period = models.CharField(
        _("period"),
        max_length=255,
        blank=True,
        help_text=_("For example: October 2568 – March 2569."),
    )
    status = models.CharField(
        pgettext_lazy("measure status", "status"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.PLANNED,
    )
    result = models.TextField(_("result"), blank=True)

    panels = [
        FieldPanel("issue"),
        FieldPanel("measure"),
        FieldRowPanel([FieldPanel("responsible_unit"), FieldPanel("period")]),
        FieldPanel("status"),
        FieldPanel("result"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("improvement measure")
        verbose_name_plural = _("improvement measures")

    def __str__(self):
        return self.measure


# -- O26: report on promoting integrity and transparency ---------------------


class IntegrityReportPageMixin(DisclosurePageMixin):
    ita_kind = "integrity_report"
    ita_slug = "integrity-report"

    fiscal_year = fiscal_year_field()
    summary = RichTextField(_("summary"), blank=True)
    problems = RichTextField(_("problems and obstacles"), blank=True)
    recommendations = RichTextField(_("recommendations"), blank=True)
    report_document = document_field(_("signed report (document)"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("summary"),
        InlinePanel(
            "measures",
            heading=_("Measures and their results"),
            label=_("Measure"),
        ),
        FieldPanel("problems"),
        FieldPanel("recommendations"),
        FieldPanel("report_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": fiscal_year(today()) - 1}

    def clean(self):
        super().clean()
        one_per_fiscal_year(
            self,
            IntegrityReportPage,
            _(
                "There is already an integrity and transparency report for "
                "fiscal year %(year)s."
            ),
        )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("measures__document")

    def ita_completeness_checks(self, today=None):
        measures = list(self.measures.all())
        no_result = [m.measure for m in measures if not filled(m.result)]
        return [
            Check(_("at least one measure promoting integrity"), bool(measures)),
            Check(
                _("a result for every measure"),
                bool(measures) and not no_result,
                names_list(no_result),
            ),
        ]

    def ita_published_formats(self, fiscal_year=None):
        documents = [m.document for m in self.measures.all() if m.document_id]
        if self.report_document_id:
            documents.append(self.report_document)
        return {document_extension(d) for d in documents} - {""}

    @property
    def has_summary(self):
        return rich_text_filled(self.summary)


class IntegrityReportPage(IntegrityReportPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + IntegrityReportPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("integrity and transparency report")
        verbose_name_plural = _("integrity and transparency reports")


class IntegrityReportMeasure(Orderable):
    page = ParentalKey(
        "ita_wagtail.IntegrityReportPage",
        on_delete=models.CASCADE,
        related_name="measures",
    )
    measure = models.CharField(_("measure"), max_length=500)
    actions = models.TextField(_("what was done"), blank=True)
    result = models.TextField(_("result"), blank=True)
    document = document_field(_("evidence (document)"))

    panels = [
        FieldPanel("measure"),
        FieldPanel("actions"),
        FieldPanel("result"),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("integrity measure")
        verbose_name_plural = _("integrity measures")

    def __str__(self):
        return self.measure
