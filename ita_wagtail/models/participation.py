"""Public participation in the organisation's work (OIT 2568 O20, 2569 O19).

Each activity is recorded on the four points of the NACC participation form:
the issue opened to participation, who took part, the outcome and how the
outcome was used, with its date, its stage and a photo or a document.
"""

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
from .completeness import Check, filled, names_list
from .documents import document_extension
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field, image_field
from .per_year import ParentAwarePageForm, one_per_fiscal_year


class ParticipationStage(models.TextChoices):
    PLANNING = "planning", pgettext_lazy("participation stage", "Planning")
    DOING = "doing", pgettext_lazy("participation stage", "Carrying out")
    MONITORING = "monitoring", pgettext_lazy("participation stage", "Monitoring")


class ParticipationPageMixin(DisclosurePageMixin):
    ita_kind = "participation"
    ita_slug = "participation"

    fiscal_year = fiscal_year_field()
    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Optional: how the organisation opens its work to the public "
            "(channels, forums, committees)."
        ),
    )

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("intro"),
        InlinePanel(
            "activities",
            heading=_("Participation activities"),
            label=_("Activity"),
            help_text=_(
                "One entry per activity, on the four points of the NACC "
                "participation form: the issue, who took part, the outcome "
                "and how the outcome was used."
            ),
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
            ParticipationPage,
            _("There is already a participation page for fiscal year %(year)s."),
        )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("activities__document")

    def ita_completeness_checks(self, today=None):
        activities = list(self.activities.all())
        incomplete = [a.title for a in activities if not a.has_four_points]
        return [
            Check(
                _(
                    "an activity recorded on the four points of the form (the "
                    "issue, who took part, the outcome, how it was used)"
                ),
                any(a.has_four_points for a in activities),
                names_list(incomplete),
            ),
        ]

    def ita_published_formats(self, fiscal_year=None):
        return {
            document_extension(activity.document)
            for activity in self.activities.all()
            if activity.document_id
        } - {""}

    def total_participants(self):
        return sum(a.participant_count or 0 for a in self.activities.all())


class ParticipationPage(ParticipationPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + ParticipationPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("public participation")
        verbose_name_plural = _("public participation pages")


class ParticipationActivity(Orderable):
    page = ParentalKey(
        "ita_wagtail.ParticipationPage",
        on_delete=models.CASCADE,
        related_name="activities",
    )
    title = models.CharField(_("activity"), max_length=500)
    held_on = models.DateField(_("date held"), null=True, blank=True)
    stage = models.CharField(
        _("stage of the work"),
        max_length=20,
        choices=ParticipationStage.choices,
        default=ParticipationStage.PLANNING,
        help_text=_("Where in the work the public took part."),
    )
    issue = models.TextField(
        _("issue opened to participation"),
        blank=True,
        help_text=_("Point 1 of the form: the matter the public was asked about."),
    )
    participant_groups = models.TextField(
        _("who took part"),
        blank=True,
        help_text=_(
            "Point 2 of the form: the groups of stakeholders, for example "
            "village committees, traders, the elderly club."
        ),
    )
    participant_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    outcome = models.TextField(
        _("outcome"),
        blank=True,
        help_text=_("Point 3 of the form: what the participants said or decided."),
    )
    use_of_outcome = models.TextField(
        _("how the outcome was used"),
        blank=True,
        help_text=_(
            "Point 4 of the form: what the organisation did with it, for "
            "example a project added to the plan."
        ),
    )
    photo = image_field(_("photo"))
    document = document_field(
        _("document (form, minutes or order)"),
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("held_on"), FieldPanel("stage")]),
        MultiFieldPanel(
            [
                FieldPanel("issue"),
                FieldRowPanel(
                    [FieldPanel("participant_groups"), FieldPanel("participant_count")]
                ),
                FieldPanel("outcome"),
                FieldPanel("use_of_outcome"),
            ],
            heading=_("The participation form"),
        ),
        FieldRowPanel([FieldPanel("photo"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("participation activity")
        verbose_name_plural = _("participation activities")

    def __str__(self):
        return self.title

    @property
    def has_four_points(self):
        return all(
            filled(value)
            for value in (
                self.issue,
                self.participant_groups,
                self.outcome,
                self.use_of_outcome,
            )
        )
