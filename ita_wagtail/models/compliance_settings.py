"""Per-site settings of the compliance monitoring (Settings › ITA monitoring)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from ita_wagtail.criteria import (
    available_criteria_sets,
    current_fiscal_year,
    default_criteria_set,
)
from ita_wagtail.thai import format_fiscal_year

from .mixins import fiscal_year_field

#: Section 6.5: reviewed or updated every three months at the latest.
DEFAULT_FRESHNESS_DAYS = 90
DEFAULT_REMINDER_LEAD_DAYS = 14


@register_setting(icon="time")
class ComplianceSettings(ClusterableModel, BaseSiteSetting):
    freshness_days = models.PositiveSmallIntegerField(
        _("freshness (days)"),
        default=DEFAULT_FRESHNESS_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_(
            "A page that has been neither published nor marked as reviewed for "
            "longer than this is out of date. The measure asks for every three "
            "months (90 days); a criteria set's stricter rule for an item still "
            "applies."
        ),
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("reminder lead time (days)"),
        default=DEFAULT_REMINDER_LEAD_DAYS,
        validators=[MaxValueValidator(120)],
        help_text=_(
            "Units are reminded of pages that fall due within this many days, "
            "as well as of those already overdue."
        ),
    )
    reminders_enabled = models.BooleanField(
        _("send reminders"),
        default=True,
        help_text=_("Untick to stop the daily reminder e-mails for this site."),
    )
    reminder_cc = models.EmailField(
        _("copy reminders to"),
        blank=True,
        help_text=_(
            "For example the clerk's office, which oversees the publishing "
            "(section 7.1)."
        ),
    )
    municipality_name = models.CharField(
        _("municipality name"),
        max_length=255,
        blank=True,
        help_text=_("As printed on reports, for example เทศบาลตำบลตัวอย่าง."),
    )
    reporting_officer_name = models.CharField(
        _("reporting officer's name"), max_length=255, blank=True
    )
    reporting_officer_position = models.CharField(
        _("reporting officer's position"),
        max_length=255,
        blank=True,
        default="นิติกร",
        help_text=_("Section 7.2: the legal affairs unit reports."),
    )
    clerk_name = models.CharField(
        _("name of the head of the clerk's office"), max_length=255, blank=True
    )
    clerk_position = models.CharField(
        _("position of the head of the clerk's office"),
        max_length=255,
        blank=True,
        default="หัวหน้าสำนักปลัดเทศบาล",
    )
    executive_name = models.CharField(_("executive's name"), max_length=255, blank=True)
    executive_position = models.CharField(
        _("executive's position"),
        max_length=255,
        blank=True,
        default="นายกเทศมนตรี",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("freshness_days"),
                FieldPanel("reminder_lead_days"),
                FieldPanel("reminders_enabled"),
                FieldPanel("reminder_cc"),
            ],
            heading=_("Freshness and reminders"),
        ),
        FieldPanel("municipality_name"),
        InlinePanel(
            "criteria_set_choices",
            heading=_("Assessment list per fiscal year"),
            label=_("Fiscal year"),
            help_text=_(
                "Which list of items the site answers in each fiscal year. A "
                "year not listed here uses the newest list published for it."
            ),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("reporting_officer_name"),
                        FieldPanel("reporting_officer_position"),
                    ]
                ),
                FieldRowPanel([FieldPanel("clerk_name"), FieldPanel("clerk_position")]),
                FieldRowPanel(
                    [FieldPanel("executive_name"), FieldPanel("executive_position")]
                ),
            ],
            heading=_("Signatures on the quarterly report"),
        ),
    ]

    class Meta:
        verbose_name = _("ITA monitoring")
        verbose_name_plural = _("ITA monitoring")

    def display_municipality_name(self):
        return self.municipality_name or self.site.site_name or self.site.hostname

    def signatures(self):
        """(role, name, position) of the three people who sign the report."""
        return [
            (
                _("Reporting officer"),
                self.reporting_officer_name,
                self.reporting_officer_position,
            ),
            (_("Head of the clerk's office"), self.clerk_name, self.clerk_position),
            (_("Executive"), self.executive_name, self.executive_position),
        ]


def criteria_set_choices():
    """(key, title) of every loaded criteria set, newest year first."""
    sets = sorted(
        available_criteria_sets().values(), key=lambda s: (-s.fiscal_year, s.key)
    )
    return [(s.key, f"{s.key} — {s.title}") for s in sets]


class CriteriaSetChoice(Orderable):
    """The criteria set a site answers in one fiscal year.

    Switching changes only which items the site's pages answer: pages are
    found by kind, so none is moved, renamed or lost.
    """

    settings = ParentalKey(
        ComplianceSettings,
        on_delete=models.CASCADE,
        related_name="criteria_set_choices",
    )
    fiscal_year = fiscal_year_field()
    criteria_set = models.CharField(
        _("assessment list"), max_length=100, choices=criteria_set_choices
    )

    class Meta(Orderable.Meta):
        verbose_name = _("assessment list of a fiscal year")
        verbose_name_plural = _("assessment lists per fiscal year")
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "fiscal_year"],
                name="ita_one_criteria_set_per_fiscal_year",
            )
        ]

    def __str__(self):
        return f"{format_fiscal_year(self.fiscal_year)}: {self.criteria_set}"

    def clean(self):
        super().clean()
        chosen = available_criteria_sets().get(self.criteria_set)
        if (
            chosen is not None
            and self.fiscal_year
            and (chosen.fiscal_year > self.fiscal_year)
        ):
            raise ValidationError(
                {
                    "criteria_set": format_lazy(
                        _(
                            "{title} is written for fiscal year {year} and later; "
                            "choose an older list for {chosen}."
                        ),
                        title=chosen.title,
                        year=chosen.fiscal_year,
                        chosen=format_fiscal_year(self.fiscal_year),
                    )
                }
            )


def site_criteria_sets(site, fiscal_years) -> dict:
    """{fiscal year: set} for several years of one site, in one query (a
    year of ``None`` means the current one, as in :func:`site_criteria_set`)."""
    current = current_fiscal_year()
    years = {year: year or current for year in fiscal_years}
    known = available_criteria_sets()
    chosen = {}
    if site is not None and getattr(site, "pk", None):
        chosen = dict(
            CriteriaSetChoice.objects.filter(
                settings__site=site, fiscal_year__in=set(years.values())
            ).values_list("fiscal_year", "criteria_set")
        )
    return {
        year: known.get(chosen.get(actual)) or default_criteria_set(actual)
        for year, actual in years.items()
    }


def site_criteria_set(site, fiscal_year=None):
    """The criteria set ``site`` answers in B.E. ``fiscal_year`` (default: now).

    The site's own choice for that year (Settings › ITA monitoring) when it
    made one; otherwise :func:`ita_wagtail.criteria.default_criteria_set`:
    the ``ITA_CRITERIA_SET`` setting, else the newest set whose year is not
    after ``fiscal_year``. A choice naming a set that is no longer installed
    falls back the same way (the system check ``ita_wagtail.W401`` reports it).
    """
    return site_criteria_sets(site, [fiscal_year])[fiscal_year]
