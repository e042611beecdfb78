"""Item 5.1, basic information: a landing page and one page per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import blocks
from ita_wagtail.criteria import default_criteria_set

from .base import Page
from .mixins import DisclosurePageMixin, document_field, image_field

PART_PAGE_TYPES = [
    "ita_wagtail.OrganisationStructurePage",
    "ita_wagtail.ExecutivesPage",
    "ita_wagtail.AuthorityDutiesPage",
    "ita_wagtail.DevelopmentPlanPage",
    "ita_wagtail.ContactPage",
    "ita_wagtail.RelatedLawsPage",
]


class BasicInformationPageMixin(DisclosurePageMixin):
    intro = RichTextField(_("introduction"), blank=True)

    ita_content_panels = [FieldPanel("intro"), *DisclosurePageMixin.disclosure_panels]

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls):
        found = default_criteria_set().item_for_kind(
            OrganisationStructurePageMixin.ita_kind
        )
        return found[0].title if found else str(cls._meta.verbose_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["parts"] = self.get_children().live().specific()
        return context


class BasicInformationPage(BasicInformationPageMixin, Page):
    ita_slug = "basic-information"

    content_panels = Page.content_panels + BasicInformationPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = PART_PAGE_TYPES
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("basic information (5.1)")
        verbose_name_plural = _("basic information pages (5.1)")


class BasicInformationPartMixin(DisclosurePageMixin):
    """One of 5.1's six parts; lives under the basic information page."""

    intro = RichTextField(_("introduction"), blank=True)

    parent_page_types = ["ita_wagtail.BasicInformationPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


class OrganisationStructurePageMixin(BasicInformationPartMixin):
    ita_kind = "org_structure"
    ita_slug = "organisation-structure"

    chart_image = image_field(_("organisation chart (image)"))
    chart_document = document_field(_("organisation chart (document)"))
    units = StreamField(
        [("unit", blocks.OrganisationUnitBlock())],
        verbose_name=_("units"),
        blank=True,
        help_text=_(
            "List the units of both the political wing and the permanent staff."
        ),
    )

    ita_content_panels = [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("chart_image"), FieldPanel("chart_document")],
            heading=_("Organisation chart"),
        ),
        FieldPanel("units"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def units_by_wing(self):
        grouped = {blocks.WING_POLITICAL: [], blocks.WING_PERMANENT: []}
        for unit in self.units:
            grouped.setdefault(unit.value["wing"], []).append(unit.value)
        return grouped


class OrganisationStructurePage(OrganisationStructurePageMixin, Page):
    content_panels = (
        Page.content_panels + OrganisationStructurePageMixin.ita_content_panels
    )

    class Meta:
        verbose_name = _("organisation structure (5.1)")
        verbose_name_plural = _("organisation structure pages (5.1)")


class ExecutivesPageMixin(BasicInformationPartMixin):
    ita_kind = "executives"
    ita_slug = "executives"

    executives = StreamField(
        [("executive", blocks.ExecutiveBlock())],
        verbose_name=_("executives"),
        blank=True,
        help_text=_(
            "The mayor and deputies (political wing) and the municipal clerk "
            "and division heads (permanent staff)."
        ),
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("executives"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def executives_by_wing(self):
        grouped = {blocks.WING_POLITICAL: [], blocks.WING_PERMANENT: []}
        for executive in self.executives:
            grouped.setdefault(executive.value["wing"], []).append(executive.value)
        return grouped


class ExecutivesPage(ExecutivesPageMixin, Page):
    content_panels = Page.content_panels + ExecutivesPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("executives (5.1)")
        verbose_name_plural = _("executives pages (5.1)")


class AuthorityDutiesPageMixin(BasicInformationPartMixin):
    ita_kind = "authority_duties"
    ita_slug = "authority-and-duties"

    duties = StreamField(
        [("duty", blocks.DutyBlock())],
        verbose_name=_("authority and duties"),
        blank=True,
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("duties"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True


class AuthorityDutiesPage(AuthorityDutiesPageMixin, Page):
    content_panels = Page.content_panels + AuthorityDutiesPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("authority and duties (5.1)")
        verbose_name_plural = _("authority and duties pages (5.1)")


class DevelopmentPlanPageMixin(BasicInformationPartMixin):
    ita_kind = "development_plan"
    ita_slug = "development-plan"

    plan_title = models.CharField(_("plan title"), max_length=255, blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("first year (B.E.)"), null=True, blank=True
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year (B.E.)"), null=True, blank=True
    )
    vision = models.TextField(_("vision"), blank=True)
    strategies = StreamField(
        [("strategy", blocks.StrategyBlock())],
        verbose_name=_("development strategies"),
        blank=True,
    )
    plan_document = document_field(_("plan document"))

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("plan_title"),
        FieldRowPanel(
            [FieldPanel("start_year"), FieldPanel("end_year")], heading=_("Period")
        ),
        FieldPanel("vision"),
        FieldPanel("strategies"),
        FieldPanel("plan_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("The last year cannot be before the first year.")}
            )


class DevelopmentPlanPage(DevelopmentPlanPageMixin, Page):
    content_panels = Page.content_panels + DevelopmentPlanPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("development plan (5.1)")
        verbose_name_plural = _("development plan pages (5.1)")


class ContactPageMixin(BasicInformationPartMixin):
    ita_kind = "contact"
    ita_slug = "contact"

    office_name = models.CharField(_("office name"), max_length=255, blank=True)
    address = models.TextField(_("address"), blank=True)
    phones = StreamField(
        [("phone", blocks.PhoneBlock())], verbose_name=_("phone numbers"), blank=True
    )
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    office_hours = models.CharField(
        _("office hours"),
        max_length=255,
        blank=True,
        help_text=_("For example วันจันทร์ – วันศุกร์ 08.30 – 16.30 น."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    map_url = models.URLField(_("map link"), blank=True)
    social_channels = StreamField(
        [("channel", blocks.SocialChannelBlock())],
        verbose_name=_("social channels"),
        blank=True,
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phones"),
        FieldRowPanel([FieldPanel("fax"), FieldPanel("email")]),
        FieldPanel("office_hours"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("map_url"),
            ],
            heading=_("Map location"),
        ),
        FieldPanel("social_channels"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @property
    def map_link(self):
        if self.map_url:
            return self.map_url
        if self.latitude is not None and self.longitude is not None:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        return ""


class ContactPage(ContactPageMixin, Page):
    content_panels = Page.content_panels + ContactPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("contact information (5.1)")
        verbose_name_plural = _("contact information pages (5.1)")


class RelatedLawsPageMixin(BasicInformationPartMixin):
    ita_kind = "related_laws"
    ita_slug = "laws"

    laws = StreamField(
        [("law", blocks.LawBlock())], verbose_name=_("laws and regulations"), blank=True
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("laws"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True


class RelatedLawsPage(RelatedLawsPageMixin, Page):
    content_panels = Page.content_panels + RelatedLawsPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("related laws (5.1)")
        verbose_name_plural = _("related laws pages (5.1)")
