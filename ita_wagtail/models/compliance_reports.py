"""Quarterly compliance reports published on the site (section 7.3.2).

Units report their publishing results on the website. A report page shows
one stored quarterly snapshot; it serves no disclosure kind, so it is not
scored and ``ita_setup`` does not create it. The admin's "Publish on the
website" button creates it under a report index below the ITA index.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from .base import Page
from .mixins import ItaPageMixin


class ComplianceReportIndexPageMixin(ItaPageMixin):
    ita_slug = "monitoring-reports"

    intro = RichTextField(_("introduction"), blank=True)

    ita_content_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        return _("Reports on public disclosure monitoring")

    def reports(self):
        return (
            ComplianceReportPage.objects.live()
            .child_of(self)
            .select_related("snapshot")
            .order_by("-snapshot__fiscal_year", "-snapshot__quarter")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["reports"] = self.reports()
        return context


class ComplianceReportIndexPage(ComplianceReportIndexPageMixin, Page):
    content_panels = (
        Page.content_panels + ComplianceReportIndexPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = ["ita_wagtail.ComplianceReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("monitoring report index")
        verbose_name_plural = _("monitoring report indexes")


class ComplianceReportPageMixin(ItaPageMixin):
    snapshot = models.ForeignKey(
        "ita_wagtail.ComplianceSnapshot",
        verbose_name=_("quarterly report"),
        # A published report must not vanish or change under the page.
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), blank=True)
    show_signatures = models.BooleanField(_("show the signature lines"), default=True)

    ita_content_panels = [
        FieldPanel("snapshot", read_only=True),
        FieldPanel("intro"),
        FieldPanel("show_signatures"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from ita_wagtail.reports.rendering import report_context

        context = super().get_context(request, *args, **kwargs)
        context.update(report_context(self.snapshot))
        context["public"] = True
        return context


class ComplianceReportPage(ComplianceReportPageMixin, Page):
    content_panels = Page.content_panels + ComplianceReportPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ComplianceReportIndexPage"]
    subpage_types = []
    # Created from a stored quarterly report ("Publish on the website"),
    # never from an empty form.
    is_creatable = False

    class Meta:
        verbose_name = _("quarterly monitoring report")
        verbose_name_plural = _("quarterly monitoring reports")
