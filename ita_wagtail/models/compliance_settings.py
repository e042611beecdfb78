"""Per-site settings of the compliance monitoring (Settings › ITA monitoring)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

#: Section 6.5: reviewed or updated every three months at the latest.
DEFAULT_FRESHNESS_DAYS = 90
DEFAULT_REMINDER_LEAD_DAYS = 14


@register_setting(icon="time")
class ComplianceSettings(BaseSiteSetting):
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
