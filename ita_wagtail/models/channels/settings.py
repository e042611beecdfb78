"""Per-site settings of the channels, edited by the clerk's office in the admin."""

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import conf


def default_complaint_target_days():
    return conf.get("ITA_COMPLAINT_TARGET_DAYS")


def default_corruption_target_days():
    return conf.get("ITA_CORRUPTION_TARGET_DAYS")


def default_retention_days():
    return conf.get("ITA_CASE_RETENTION_DAYS")


@register_setting(icon="mail")
class ChannelSettings(BaseSiteSetting):
    complaint_target_days = models.PositiveSmallIntegerField(
        _("days to answer a complaint or suggestion"),
        default=default_complaint_target_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "Calendar days from receipt. Shown to citizens and used for the "
            "due date of every new case."
        ),
    )
    corruption_target_days = models.PositiveSmallIntegerField(
        _("days to answer a corruption or misconduct complaint"),
        default=default_corruption_target_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    retention_days = models.PositiveSmallIntegerField(
        _("days to keep personal data after a case is closed"),
        default=default_retention_days,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
        help_text=_(
            "After this, manage.py ita_purge_cases removes the complainant's "
            "details, the attachments and the case texts; the anonymous "
            "figures stay for the statistics."
        ),
    )
    notification_email = models.EmailField(
        _("e-mail told about new complaints and suggestions"),
        blank=True,
        help_text=_(
            "For example the clerk's office. The message links to the case in "
            "the admin and contains no personal data."
        ),
    )
    corruption_notification_email = models.EmailField(
        _("e-mail told about new corruption complaints"),
        blank=True,
        help_text=_(
            "Keep this to the few people who handle corruption complaints. "
            "Left empty, nobody is e-mailed about them."
        ),
    )
    controller_name = models.CharField(
        _("data controller"),
        max_length=255,
        blank=True,
        help_text=_(
            "The municipality's full name, as the privacy notice names it. "
            "Left empty, the site name is used."
        ),
    )
    dpo_contact = models.TextField(
        _("data protection officer's contact"),
        blank=True,
        help_text=_(
            "Shown in the privacy notice: how citizens reach the data "
            "protection officer (e-mail, phone, address)."
        ),
    )
    chat_url = models.URLField(
        _("LINE Official Account or chat link"),
        blank=True,
        help_text=_(
            "For example https://lin.ee/… or https://line.me/R/ti/p/@…: shown on "
            "the questions and answers board so citizens can also ask by chat."
        ),
    )
    chat_label = models.CharField(
        _("chat link label"),
        max_length=100,
        blank=True,
        help_text=_(
            "For example “LINE @examplecity”. Left empty, the link is named LINE."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("complaint_target_days"),
                        FieldPanel("corruption_target_days"),
                    ]
                ),
            ],
            heading=_("Target durations"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("notification_email"),
                FieldPanel("corruption_notification_email"),
            ],
            heading=_("Staff notifications"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("controller_name"),
                FieldPanel("dpo_contact"),
                FieldPanel("retention_days"),
            ],
            heading=_("Personal data"),
        ),
        MultiFieldPanel(
            [FieldPanel("chat_url"), FieldPanel("chat_label")],
            heading=_("Chat channel"),
        ),
    ]

    class Meta:
        verbose_name = _("complaint and feedback channels")
        verbose_name_plural = _("complaint and feedback channels")

    def target_days_for(self, category):
        from .cases import CaseCategory

        if category == CaseCategory.CORRUPTION:
            return self.corruption_target_days
        return self.complaint_target_days

    def controller_display_name(self):
        if self.controller_name:
            return self.controller_name
        site_name = self.site.site_name if self.site_id else ""
        return site_name or getattr(django_settings, "WAGTAIL_SITE_NAME", "")


def channel_settings(site):
    """The site's settings; unsaved defaults when there is no site."""
    if site is None:
        return ChannelSettings()
    return ChannelSettings.for_site(site)
