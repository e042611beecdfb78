"""Item 5.1, basic information: a landing page and one page per part."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import blocks
from ita_wagtail.criteria import default_criteria_set
from ita_wagtail.thai import to_be_year
from ita_wagtail.thai import today as thai_today

from .base import Page
from .completeness import Check, filled, names_list, stream_items
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
    def ita_default_title(cls, criteria_set=None):
        found = (criteria_set or default_criteria_set()).item_for_kind(
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

    def ita_completeness_checks(self, today=None):
        # Municipalities must show both wings (THAI-CONTEXT: executives and
        # organisation chart), and a chart assessors can open.
        wings = {unit.get("wing") for unit in stream_items(self.units, "unit")}
        return [
            Check(
                _("organisation chart (image or document)"),
                bool(self.chart_image_id or self.chart_document_id),
            ),
            Check(_("units of the political wing"), blocks.WING_POLITICAL in wings),
            Check(_("units of the permanent staff"), blocks.WING_PERMANENT in wings),
        ]


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

    def ita_completeness_checks(self, today=None):
        people = list(stream_items(self.executives, "executive"))
        wings = {person.get("wing") for person in people}

        def lacking(test):
            return [p.get("name") for p in people if not test(p)]

        no_position = lacking(lambda p: filled(p.get("position")))
        no_photo = lacking(lambda p: filled(p.get("photo")))
        no_contact = lacking(lambda p: filled(p.get("phone")) or filled(p.get("email")))
        return [
            Check(
                _("executives of the political wing"), blocks.WING_POLITICAL in wings
            ),
            Check(
                _("executives of the permanent staff"),
                blocks.WING_PERMANENT in wings,
            ),
            Check(
                _("a position for every executive"),
                bool(people) and not no_position,
                names_list(no_position),
            ),
            Check(
                _("a photo of every executive"),
                bool(people) and not no_photo,
                names_list(no_photo),
            ),
            Check(
                _("a phone number or email for every executive"),
                bool(people) and not no_contact,
                names_list(no_contact),
            ),
        ]


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

    def ita_completeness_checks(self, today=None):
        duties = list(stream_items(self.duties, "duty"))
        no_basis = [
            d.get("duty", "")[:40] for d in duties if not filled(d.get("legal_basis"))
        ]
        return [
            Check(_("at least one authority or duty"), bool(duties)),
            Check(
                _("the legal basis of every duty"),
                bool(duties) and not no_basis,
                names_list(no_basis),
            ),
        ]


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

    def ita_completeness_checks(self, today=None):
        year = to_be_year((today or thai_today()).year)
        has_period = bool(self.start_year and self.end_year)
        return [
            self._ita_filled_check("plan_title"),
            Check(_("the plan's period (first and last year)"), has_period),
            Check(
                _("a plan period that includes the current year"),
                has_period and self.start_year <= year <= self.end_year,
                str(year),
            ),
            Check(
                _("the strategies or the plan document"),
                bool(list(stream_items(self.strategies)))
                or bool(self.plan_document_id),
            ),
        ]

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

    def ita_completeness_checks(self, today=None):
        phones = [
            p for p in stream_items(self.phones, "phone") if filled(p.get("number"))
        ]
        return [
            self._ita_filled_check("address"),
            Check(_("at least one phone number"), bool(phones)),
            self._ita_filled_check("email"),
            self._ita_filled_check("office_hours"),
        ]

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

    def ita_completeness_checks(self, today=None):
        laws = list(stream_items(self.laws, "law"))
        unreachable = [
            law.get("title")
            for law in laws
            if not (filled(law.get("link")) or filled(law.get("document")))
        ]
        return [
            Check(_("at least one law or regulation"), bool(laws)),
            Check(
                _("a link or document for every law"),
                bool(laws) and not unreachable,
                names_list(unreachable),
            ),
        ]


class RelatedLawsPage(RelatedLawsPageMixin, Page):
    content_panels = Page.content_panels + RelatedLawsPageMixin.ita_content_panels

    class Meta:
        verbose_name = _("related laws (5.1)")
        verbose_name_plural = _("related laws pages (5.1)")
