"""Reminders sent to responsible units (section 6.5: review every three months).

One row per site, unit and day: the unique constraint is what guarantees a
unit never gets the same reminder twice on the same day, even when cron runs
the command twice or two workers race. The row keeps the message as sent.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    unit = models.ForeignKey(
        "ita_wagtail.ResponsibleUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    sent_on = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    recipients = models.JSONField(_("recipients"), default=list)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("message"))
    body_html = models.TextField(_("message (HTML)"), blank=True)
    entries = models.JSONField(_("items reminded of"), default=list)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_on", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "unit", "sent_on"],
                name="ita_one_reminder_per_unit_and_day",
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.sent_on:%Y-%m-%d}"
