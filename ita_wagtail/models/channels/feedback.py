"""Opinions of service recipients (item 5.10): a rating per service and a comment."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..base import PAGE_MODEL_NAME


class Rating(models.IntegerChoices):
    # The five-point scale of Thai satisfaction surveys, best first on forms.
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class Feedback(models.Model):
    """One service recipient's opinion. Anonymous: no personal data is asked."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.ForeignKey(
        PAGE_MODEL_NAME,
        verbose_name=_("received through page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The name as it was when rated: manuals are edited and services renamed.
    service_name = models.CharField(
        _("service"),
        max_length=255,
        blank=True,
        help_text=_("Empty for the municipality's services in general."),
    )
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"),
        choices=Rating.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(
        _("submitted"), default=timezone.now, db_index=True
    )
    comment_purged_at = models.DateTimeField(
        _("comment removed"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("service feedback")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        service = self.service_name or _("Services in general")
        return f"{service} · {self.rating}/5"
