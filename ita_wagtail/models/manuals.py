"""Items 5.8 (operating manuals) and 5.9 (service manuals)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import blocks

from .base import Page
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


class ServiceManualsPage(ServiceManualsPageMixin, Page):
    content_panels = Page.content_panels + ServiceManualsPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service manuals (5.9)")
        verbose_name_plural = _("service manuals pages (5.9)")
