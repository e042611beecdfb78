"""Results of the link checker (``ita_wagtail.linkcheck``).

One :class:`LinkCheckRun` per check of a site's ITA section, and one
:class:`LinkCheckResult` per link found in it: the URL, where it is (page
and field), what the check found and which unit can fix it. Only the latest
finished run of a site keeps its results; older runs keep their counts.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .base import PAGE_MODEL_NAME


class LinkStatus(models.TextChoices):
    OK = "ok", pgettext_lazy("link status", "OK")
    REDIRECTED = "redirected", pgettext_lazy("link status", "Redirected")
    BROKEN = "broken", pgettext_lazy("link status", "Broken")
    TIMEOUT = "timeout", pgettext_lazy("link status", "No answer in time")
    ERROR = "error", pgettext_lazy("link status", "Could not be checked")


#: Statuses an assessor would meet as a dead link (shown as problems).
PROBLEM_STATUSES = (LinkStatus.BROKEN, LinkStatus.TIMEOUT, LinkStatus.ERROR)


class LinkTarget(models.TextChoices):
    PAGE = "page", pgettext_lazy("link target", "Page")
    DOCUMENT = "document", pgettext_lazy("link target", "Document")
    IMAGE = "image", pgettext_lazy("link target", "Image")
    LINK = "link", pgettext_lazy("link target", "Link")


class LinkCheckRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", pgettext_lazy("link check", "Running")
        FINISHED = "finished", pgettext_lazy("link check", "Finished")
        FAILED = "failed", pgettext_lazy("link check", "Failed")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    external = models.BooleanField(_("external links checked"), default=True)
    link_count = models.PositiveIntegerField(_("links"), default=0)
    problem_count = models.PositiveIntegerField(_("broken links"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.site} {self.started_at:%Y-%m-%d %H:%M}"


class LinkCheckResult(models.Model):
    run = models.ForeignKey(
        LinkCheckRun,
        verbose_name=_("link check"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    url = models.TextField(_("URL"))
    target = models.CharField(
        _("target"), max_length=10, choices=LinkTarget.choices, default=LinkTarget.LINK
    )
    internal = models.BooleanField(_("on this site"), default=True)
    page = models.ForeignKey(
        PAGE_MODEL_NAME,
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    #: The ITA kind of the page, to find its items without loading the page.
    page_kind = models.CharField(_("ITA kind"), max_length=100, blank=True)
    field = models.CharField(_("field"), max_length=255, blank=True)
    field_label = models.CharField(_("where on the page"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LinkStatus.choices)
    http_status = models.PositiveSmallIntegerField(
        _("HTTP status"), null=True, blank=True
    )
    final_url = models.TextField(_("final URL"), blank=True)
    message = models.TextField(_("details"), blank=True)
    unit = models.ForeignKey(
        "ita_wagtail.ResponsibleUnit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)

    class Meta:
        verbose_name = _("link check result")
        verbose_name_plural = _("link check results")
        ordering = ["page__path", "field", "pk"]
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self):
        return self.url

    @property
    def href(self) -> str:
        """The URL as a link target, or "" for an object stored by id only
        (``document:12``: a deleted document has no address left)."""
        if self.url.startswith(("/", "http://", "https://")):
            return self.url
        return ""

    @property
    def is_problem(self) -> bool:
        return self.status in PROBLEM_STATUSES
