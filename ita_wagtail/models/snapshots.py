"""Quarterly snapshots: the scores, problems and stale pages as they were.

Section 7 asks the clerk's office to report to the executives every three
months. A snapshot freezes what the scoring engine found on the day it was
taken, so the report of a past quarter still says what it said then, however
the pages have changed since. Snapshots are never edited: to take one again,
delete it (which is logged) and take a new one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ita_wagtail.thai import format_quarter, quarter_bounds

QUARTER_CHOICES = [(q, q) for q in (1, 2, 3, 4)]

#: Custom permission: see the dashboard, the stale-content report and the
#: quarterly reports (unit heads get it too; they see only their own pages).
VIEW_DASHBOARD_PERMISSION = "ita_wagtail.view_compliance_dashboard"


class SnapshotIsFinal(ValidationError):
    """A snapshot was about to be changed after it was taken."""


class ComplianceSnapshotQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(site=site)

    def previous(self, snapshot):
        """The latest snapshot of the same site before ``snapshot``'s quarter."""
        return (
            self.filter(site_id=snapshot.site_id)
            .filter(
                models.Q(fiscal_year__lt=snapshot.fiscal_year)
                | models.Q(
                    fiscal_year=snapshot.fiscal_year, quarter__lt=snapshot.quarter
                )
            )
            .order_by("-fiscal_year", "-quarter")
            .first()
        )

    def history(self, snapshot, count=8):
        """Up to ``count`` snapshots of the site ending with ``snapshot``, oldest first."""
        found = list(
            self.filter(site_id=snapshot.site_id)
            .filter(
                models.Q(fiscal_year__lt=snapshot.fiscal_year)
                | models.Q(
                    fiscal_year=snapshot.fiscal_year, quarter__lte=snapshot.quarter
                )
            )
            .order_by("-fiscal_year", "-quarter")[:count]
        )
        return list(reversed(found))


class ComplianceSnapshot(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"),
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        choices=QUARTER_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    criteria_set = models.CharField(_("criteria set"), max_length=100)
    as_of = models.DateField(
        _("as of"), help_text=_("The day the site was scored for this report.")
    )
    taken_at = models.DateTimeField(_("taken at"), default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    score = models.DecimalField(_("site score"), max_digits=4, decimal_places=1)
    ok_count = models.PositiveSmallIntegerField(_("items in order"))
    item_count = models.PositiveSmallIntegerField(
        pgettext_lazy("compliance items", "items")
    )
    stale_count = models.PositiveIntegerField(_("out-of-date pages"))
    data = models.JSONField(_("data"), encoder=DjangoJSONEncoder)

    objects = ComplianceSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly compliance report")
        verbose_name_plural = _("quarterly compliance reports")
        ordering = ["-fiscal_year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "fiscal_year", "quarter"],
                name="ita_one_snapshot_per_site_quarter",
            )
        ]
        permissions = [
            (
                "view_compliance_dashboard",
                "Can view the ITA compliance dashboard and reports",
            )
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return format_quarter(self.fiscal_year, self.quarter)

    @property
    def period(self):
        """(first day, last day) of the quarter reported on."""
        return quarter_bounds(self.fiscal_year, self.quarter)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise SnapshotIsFinal(
                _(
                    "A quarterly report cannot be changed once taken; delete it "
                    "and take it again instead."
                )
            )
        super().save(*args, **kwargs)
