"""Items 5.8 (operating manuals) and 5.9 (service manuals)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import blocks

from .base import Page
from .completeness import Check, filled, list_values, names_list, stream_items
from .mixins import DisclosurePageMixin


class OperatingManualsPageMixin(DisclosurePageMixin):
    ita_kind = "operating_manuals"
    ita_slug = "operating-manuals"

    intro = RichTextField(_("introduction"), blank=True)
    manuals = StreamField(
        [("manual", blocks.ManualBlock())],
        verbose_name=_("operating manuals"),
        blank=True,
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("manuals"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def ita_completeness_checks(self, today=None):
        manuals = list(stream_items(self.manuals, "manual"))
        no_document = [m.get("title") for m in manuals if not filled(m.get("document"))]
        return [
            Check(_("at least one operating manual"), bool(manuals)),
            Check(
                _("a document for every manual"),
                bool(manuals) and not no_document,
                names_list(no_document),
            ),
        ]


class OperatingManualsPage(OperatingManualsPageMixin, Page):
    content_panels = Page.content_panels + OperatingManualsPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("operating manuals (5.8)")
        verbose_name_plural = _("operating manuals pages (5.8)")


class ServiceManualsPageMixin(DisclosurePageMixin):
    ita_kind = "service_manuals"
    ita_slug = "service-manuals"

    intro = RichTextField(_("introduction"), blank=True)
    services = StreamField(
        [("service", blocks.ServiceBlock())], verbose_name=_("services"), blank=True
    )

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("services"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    def ita_completeness_checks(self, today=None):
        # Every field the assessors look for, per service: a blank fee is
        # marked missing, so "no fee" must be ticked explicitly.
        services = list(stream_items(self.services, "service"))

        def steps_ok(service):
            steps = list_values(service.get("steps"))
            return bool(steps) and all(
                isinstance(step, dict) and filled(step.get("description"))
                for step in steps
            )

        def fee_ok(service):
            return bool(service.get("no_fee")) or filled(service.get("fee"))

        rules = [
            (_("a name for every service"), lambda s: filled(s.get("name"))),
            (
                _("the responsible unit of every service"),
                lambda s: filled(s.get("unit")),
            ),
            (_("the steps of every service"), steps_ok),
            (_("the duration of every service"), lambda s: filled(s.get("duration"))),
            (_("the channels of every service"), lambda s: filled(s.get("channels"))),
            (_("the fee of every service, or “no fee”"), fee_ok),
            (
                _("the required documents of every service"),
                lambda s: any(
                    filled(d) for d in list_values(s.get("required_documents"))
                ),
            ),
        ]
        checks = [Check(_("at least one service"), bool(services))]
        for label, test in rules:
            failing = [s.get("name") for s in services if not test(s)]
            checks.append(
                Check(label, bool(services) and not failing, names_list(failing))
            )
        return checks


class ServiceManualsPage(ServiceManualsPageMixin, Page):
    content_panels = Page.content_panels + ServiceManualsPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service manuals (5.9)")
        verbose_name_plural = _("service manuals pages (5.9)")
