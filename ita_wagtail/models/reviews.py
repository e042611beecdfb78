"""Review records: "reviewed — still correct", without a needless edit.

Section 6.5 of the measure asks for every item to be reviewed whenever it
changes or every three months at the latest. When nothing has changed, an
officer confirms that with a review record instead of re-publishing the
page; the scoring engine counts the page as current from the review's date.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .base import PAGE_MODEL_NAME

#: The action name in Wagtail's page history (see ``register_log_actions``).
REVIEW_LOG_ACTION = "ita_wagtail.review"

NOTE_MAX_LENGTH = 1000


class PageReviewQuerySet(models.QuerySet):
    def for_page(self, page):
        return self.filter(page_id=page.pk)

    def latest_dates(self, page_ids):
        """{page id: latest review datetime} in one query."""
        rows = (
            self.filter(page_id__in=page_ids)
            .values("page_id")
            .annotate(latest=models.Max("reviewed_at"))
            .values_list("page_id", "latest")
        )
        return dict(rows)


class PageReview(models.Model):
    """An officer confirmed that a published page is still correct."""

    page = models.ForeignKey(
        PAGE_MODEL_NAME,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="ita_reviews",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Optional: what was checked, or who confirmed it."),
    )

    objects = PageReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("page review")
        verbose_name_plural = _("page reviews")
        ordering = ["-reviewed_at", "-pk"]
        indexes = [
            models.Index(fields=["page", "-reviewed_at"], name="ita_review_page_latest")
        ]

    def __str__(self):
        return f"{self.page_id} @ {self.reviewed_at:%Y-%m-%d}"


def record_review(page, user=None, note="", when=None):
    """Write a review record and its entry in the page's Wagtail history.

    Both or neither: a review that is not in the history would be an
    unexplained change of the page's freshness.
    """
    from wagtail.log_actions import log

    note = (note or "").strip()[:NOTE_MAX_LENGTH]
    when = when or timezone.now()
    with transaction.atomic():
        review = PageReview.objects.create(
            page_id=page.pk, user=user, note=note, reviewed_at=when
        )
        log(
            instance=page,
            action=REVIEW_LOG_ACTION,
            user=user,
            data={"note": note, "review_id": review.pk},
            timestamp=when,
        )
    return review
