"""The ITA index page: every item of the criteria set and where it is published."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import get_page_models

from ita_wagtail.criteria import default_criteria_set

from .base import Page
from .mixins import DisclosurePageMixin, ItaPageMixin
from .units import ResponsibleUnit

TOP_LEVEL_PAGE_TYPES = [
    "ita_wagtail.BasicInformationPage",
    "ita_wagtail.NewsIndexPage",
    "ita_wagtail.IntegrityDeclarationPage",
    "ita_wagtail.AnnualPlanPage",
    "ita_wagtail.AnnualReportPage",
    "ita_wagtail.ProcurementIndexPage",
    "ita_wagtail.OperatingManualsPage",
    "ita_wagtail.ServiceManualsPage",
    "ita_wagtail.DisclosureDocumentsPage",
    "ita_wagtail.FeedbackPage",
    "ita_wagtail.ComplaintPage",
    "ita_wagtail.CorruptionComplaintPage",
    "ita_wagtail.QuestionBoardPage",
    "ita_wagtail.ComplianceReportIndexPage",
    "ita_wagtail.ParticipationPage",
    "ita_wagtail.ItaImprovementPage",
    "ita_wagtail.IntegrityReportPage",
    "ita_wagtail.NoGiftPolicyPage",
    "ita_wagtail.GiftReportPage",
    "ita_wagtail.HrCriteriaPage",
    "ita_wagtail.HrPlanPage",
    "ita_wagtail.HrReportPage",
    "ita_wagtail.EthicsPage",
    "ita_wagtail.EServicePage",
    "ita_wagtail.AntiCorruptionPlanPage",
    "ita_wagtail.AntiCorruptionReportPage",
    "ita_wagtail.RiskAssessmentPage",
    "ita_wagtail.RiskManagementReportPage",
]


def disclosure_page_models():
    """Every concrete page model that serves a kind of the criteria registry:
    structured types (their class names the kind) and the any-kind types
    (the generic disclosure documents page, whose pages name theirs)."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, DisclosurePageMixin)
        and (model.ita_kind or getattr(model, "ita_any_kind", False))
    ]


def any_kind_page_models():
    """Page models whose pages each answer a kind chosen by the editor."""
    return [
        model
        for model in disclosure_page_models()
        if getattr(model, "ita_any_kind", False)
    ]


def structured_kinds():
    """Kinds a structured page type serves: a generic page cannot take them."""
    return {
        model.ita_kind
        for model in disclosure_page_models()
        if not getattr(model, "ita_any_kind", False)
    }


@dataclass
class Disclosure:
    """Where one item (or one part of an item) is published, and by whom."""

    item: object
    part: object = None
    pages: list = field(default_factory=list)
    unit: ResponsibleUnit | None = None
    parts: list = field(default_factory=list)

    @property
    def code(self):
        return self.item.code

    @property
    def title(self):
        return (self.part or self.item).title

    @property
    def last_updated(self):
        dates = [page.ita_last_updated for page in self.pages]
        dates += [part.last_updated for part in self.parts]
        dates = [date for date in dates if date]
        return max(dates) if dates else None

    @property
    def is_published(self):
        if self.parts:
            return any(part.is_published for part in self.parts)
        return bool(self.pages)

    @property
    def anchor(self):
        return "item-" + self.item.code.replace(".", "-")

    @property
    def links(self):
        """(page, url, title) to show: where the item names a view of a page
        (the procurement summary of last year), the view's own address."""
        view = self.item.view_for(self.part)
        if not view:
            return [IndexLink(page) for page in self.pages]
        from ita_wagtail.scoring.freshness import target_for
        from ita_wagtail.thai import fiscal_year, format_fiscal_year, today

        day = today()
        year = target_for(self.item.rule(self.part), day).fiscal_year or fiscal_year(
            day
        )
        links = []
        for page in self.pages:
            url, _where = page.ita_evidence(self.item, self.part, year)
            links.append(
                IndexLink(page, url, f"{page.title} {format_fiscal_year(year)}")
            )
        return links


@dataclass
class IndexLink:
    page: object
    url: str = ""
    title: str = ""


def collect_disclosures(root_page, criteria_set=None):
    """One ``Disclosure`` per item of the criteria set, for live pages under root.

    One query per disclosure page type plus one for the units, whatever the
    number of pages.
    """
    criteria_set = criteria_set or default_criteria_set()
    units_by_code = ResponsibleUnit.objects.by_code()
    pages_by_kind = defaultdict(list)
    kinds = set(criteria_set.kinds())
    for model in disclosure_page_models():
        any_kind = getattr(model, "ita_any_kind", False)
        if not any_kind and model.ita_kind not in kinds:
            continue
        pages = (
            model.objects.live()
            .public()
            .descendant_of(root_page)
            .select_related("responsible_unit")
            .order_by("path")
        )
        if any_kind:
            pages = pages.filter(kind__in=kinds)
        for page in pages:
            pages_by_kind[page.ita_page_kind].append(page)

    def pages_for(kinds):
        return [page for kind in kinds for page in pages_by_kind[kind]]

    disclosures = []
    for item in criteria_set:
        default_unit = units_by_code.get(item.responsible_unit)
        entry = Disclosure(item=item, unit=default_unit)
        if item.parts:
            entry.parts = [
                Disclosure(
                    item=item, part=part, pages=pages_for(part.kinds), unit=default_unit
                )
                for part in item.parts
            ]
        else:
            entry.pages = pages_for(item.all_kinds)
        for disclosure in [entry, *entry.parts]:
            assigned = [
                p.responsible_unit for p in disclosure.pages if p.responsible_unit
            ]
            if assigned:
                disclosure.unit = assigned[0]
        disclosures.append(entry)
    return disclosures


class ItaIndexPageMixin(ItaPageMixin):
    intro = RichTextField(_("introduction"), blank=True)

    ita_content_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        return _("Public disclosure (ITA)")

    def get_context(self, request, *args, **kwargs):
        from .compliance_settings import site_criteria_set

        context = super().get_context(request, *args, **kwargs)
        criteria_set = site_criteria_set(self.get_site())
        context["criteria_set"] = criteria_set
        context["disclosures"] = collect_disclosures(self, criteria_set)
        context["municipality_name"] = self.ita_municipality_name()
        return context

    def ita_municipality_name(self):
        """The site's own municipality: its ITA monitoring setting, else the
        site's name; empty when neither is set (a host name is no name)."""
        from .compliance_settings import ComplianceSettings

        site = self.get_site()
        if site is None:
            return ""
        # Read, not for_site(): a public page view creates no settings row.
        configured = (
            ComplianceSettings.objects.filter(site=site)
            .values_list("municipality_name", flat=True)
            .first()
        )
        return configured or site.site_name or ""


class ItaIndexPage(ItaIndexPageMixin, Page):
    ita_slug = "ita"

    content_panels = Page.content_panels + ItaIndexPageMixin.ita_content_panels
    subpage_types = TOP_LEVEL_PAGE_TYPES
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("ITA public disclosure index")
        verbose_name_plural = _("ITA public disclosure indexes")
