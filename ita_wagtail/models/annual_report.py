"""Item 5.6, the annual performance report of the previous fiscal year."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import blocks
from ita_wagtail.thai import fiscal_year, today

from .base import Page
from .completeness import Check, rich_text_filled, stream_items
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field


class AnnualReportPageMixin(DisclosurePageMixin):
    ita_kind = "annual_report"
    ita_slug = "annual-report"

    fiscal_year = fiscal_year_field(_("fiscal year reported on (B.E.)"))
    summary = RichTextField(_("summary"), blank=True)
    results = StreamField(
        [("result", blocks.ResultBlock())], verbose_name=_("results"), blank=True
    )
    assessment_findings = RichTextField(_("assessment findings"), blank=True)
    recommendations = StreamField(
        [("recommendation", blocks.RecommendationBlock())],
        verbose_name=_("recommendations for improvement"),
        blank=True,
    )
    report_document = document_field(_("report document"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("summary"),
        FieldPanel("results"),
        FieldPanel("assessment_findings"),
        FieldPanel("recommendations"),
        FieldPanel("report_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        # The report covers the fiscal year that has ended.
        return {"fiscal_year": fiscal_year(today()) - 1}

    def ita_completeness_checks(self, today=None):
        # 5.6 asks for the results, the assessment and recommendations.
        return [
            Check(
                _("the year's results (entries or report document)"),
                bool(list(stream_items(self.results)))
                or bool(self.report_document_id)
                or rich_text_filled(self.summary),
            ),
            Check(
                self._ita_field_label("assessment_findings"),
                rich_text_filled(self.assessment_findings)
                or bool(self.report_document_id),
            ),
            Check(
                _("at least one recommendation for improvement"),
                bool(list(stream_items(self.recommendations))),
            ),
        ]


class AnnualReportPage(AnnualReportPageMixin, Page):
    content_panels = Page.content_panels + AnnualReportPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("annual performance report (5.6)")
        verbose_name_plural = _("annual performance reports (5.6)")
