"""Code of ethics and its promotion (OIT 2569 O15, OIT 2568 O16).

:class:`EthicsPage` (kind ``ethics``) shows, for one fiscal year, the
organisation's code of ethics, the order appointing the ethics working group
and its members, the Do's and Don'ts, and the year's ethics activities: the
four elements of the item.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import fiscal_year, fiscal_year_bounds, today

from .base import Page
from .completeness import Check, rich_text_filled
from .hr import _formats
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .per_year import ParentAwarePageForm, one_per_fiscal_year

LINES_HELP = _("One item per line.")


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class EthicsPageMixin(DisclosurePageMixin):
    ita_kind = "ethics"
    ita_slug = "ethics"

    fiscal_year = fiscal_year_field()
    code_summary = RichTextField(
        _("summary of the code of ethics"),
        blank=True,
        help_text=_("The values the code asks of the staff, in a few lines."),
    )
    code_document = document_field(_("code of ethics (document)"))
    group_order_document = document_field(
        _("order appointing the working group (document)")
    )
    group_order_date = models.DateField(_("date of the order"), null=True, blank=True)
    dos = models.TextField(_("Do's"), blank=True, help_text=LINES_HELP)
    donts = models.TextField(_("Don'ts"), blank=True, help_text=LINES_HELP)
    dos_donts_document = document_field(
        _("Do's and Don'ts material (document)"),
        help_text=_("Optional: the poster or leaflet, for example as PDF."),
    )

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        MultiFieldPanel(
            [FieldPanel("code_summary"), FieldPanel("code_document")],
            heading=_("Code of ethics"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("group_order_document"), FieldPanel("group_order_date")]
                ),
            ],
            heading=_("Ethics working group"),
        ),
        InlinePanel("members", heading=_("Working group members"), label=_("Member")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("dos"), FieldPanel("donts")]),
                FieldPanel("dos_donts_document"),
            ],
            heading=_("Do's and Don'ts"),
        ),
        InlinePanel(
            "activities",
            heading=_("Ethics activities of the year"),
            label=_("Activity"),
        ),
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
            EthicsPage,
            _("There is already an ethics page for fiscal year %(year)s."),
        )

    @property
    def dos_list(self):
        return _lines(self.dos)

    @property
    def donts_list(self):
        return _lines(self.donts)

    def activities_in_year(self):
        if not self.fiscal_year:
            return []
        start, end = fiscal_year_bounds(self.fiscal_year)
        return [
            activity
            for activity in self.activities.all()
            if activity.date and start <= activity.date <= end
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("members", "activities")

    def ita_completeness_checks(self, today=None):
        return [
            Check(
                _("the code of ethics (summary and document)"),
                rich_text_filled(self.code_summary) and bool(self.code_document_id),
            ),
            Check(
                _("the order appointing the working group, and its members"),
                bool(self.group_order_document_id) and bool(list(self.members.all())),
            ),
            Check(_("Do's and Don'ts"), bool(self.dos_list) and bool(self.donts_list)),
            Check(
                _("an ethics activity within the fiscal year"),
                bool(self.activities_in_year()),
            ),
        ]

    def ita_published_formats(self, fiscal_year=None):
        return _formats(
            self.code_document, self.group_order_document, self.dos_donts_document
        )


class EthicsPage(EthicsPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + EthicsPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("code of ethics and its promotion")
        verbose_name_plural = _("codes of ethics and their promotion")


class EthicsGroupMember(Orderable):
    page = ParentalKey(
        "ita_wagtail.EthicsPage", on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(
        _("role in the working group"),
        max_length=255,
        blank=True,
        help_text=_("For example: chair, member, member and secretary."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position"), FieldPanel("role")])
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")

    def __str__(self):
        return self.name


class EthicsActivity(Orderable):
    page = ParentalKey(
        "ita_wagtail.EthicsPage", on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(pgettext_lazy("activity", "date"))
    title = models.CharField(pgettext_lazy("activity", "title"), max_length=500)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    content = models.TextField(_("ethics content"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("participants")]),
        FieldPanel("title"),
        FieldPanel("content"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("ethics activity")
        verbose_name_plural = _("ethics activities")

    def __str__(self):
        return self.title
