"""Item 5.3, the top executive's declaration of integrity intent."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from ita_wagtail.thai import fiscal_year, today

from .base import Page
from .completeness import Check, rich_text_filled
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field, image_field


class IntegrityDeclarationPageMixin(DisclosurePageMixin):
    ita_kind = "integrity_declaration"
    ita_slug = "integrity-declaration"

    fiscal_year = fiscal_year_field()
    executive_name = models.CharField(_("executive's name"), max_length=255)
    executive_position = models.CharField(
        _("executive's position"), max_length=255, default="นายกเทศมนตรี"
    )
    executive_photo = image_field(_("executive's photo"))
    # Nullable so that a draft can wait for the date; required to publish.
    declaration_date = models.DateField(_("date of declaration"), null=True)
    statement = RichTextField(_("statement"))
    signed_document = document_field(_("signed declaration (document)"))

    ita_content_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("executive_name"), FieldPanel("executive_position")]
                ),
                FieldPanel("executive_photo"),
            ],
            heading=_("Executive"),
        ),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("declaration_date")]),
        FieldPanel("statement"),
        FieldPanel("signed_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": fiscal_year(today())}

    def ita_completeness_checks(self, today=None):
        return [
            self._ita_filled_check("executive_name"),
            self._ita_filled_check("executive_position"),
            self._ita_filled_check("declaration_date"),
            Check(self._ita_field_label("statement"), rich_text_filled(self.statement)),
        ]


class IntegrityDeclarationPage(IntegrityDeclarationPageMixin, Page):
    content_panels = (
        Page.content_panels + IntegrityDeclarationPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("integrity declaration (5.3)")
        verbose_name_plural = _("integrity declarations (5.3)")
