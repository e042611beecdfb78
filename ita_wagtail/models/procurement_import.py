"""An uploaded procurement spreadsheet on its way from preview to import.

The file itself is kept in the row (at most ``ITA_IMPORT_MAX_BYTES``) rather
than in a temporary folder, so that a background worker on another machine
reads exactly what the user previewed, and nothing is left behind on disk.
It is dropped as soon as the job is finished.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Site


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    VALIDATING = "validating", _("Checking")
    VALIDATED = "validated", _("Checked, waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported")
    CANCELLED = "cancelled", pgettext_lazy("import job status", "Cancelled")


#: Statuses in which a worker is (or is about to be) busy with the job.
RUNNING_STATUSES = (
    ImportJobStatus.UPLOADED,
    ImportJobStatus.VALIDATING,
    ImportJobStatus.IMPORTING,
)
FINISHED_STATUSES = (
    ImportJobStatus.DONE,
    ImportJobStatus.FAILED,
    ImportJobStatus.CANCELLED,
)


class ProcurementImportJob(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    file_data = models.BinaryField(editable=False, null=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.UPLOADED,
    )
    background = models.BooleanField(_("run in the background"), default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid_count = models.PositiveIntegerField(_("invalid"), default=0)
    #: What the preview and the result pages show: sheets and layouts, row
    #: errors, sample rows. Written by ``ita_wagtail.importing.engine``.
    report = models.JSONField(_("report"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("procurement import")
        verbose_name_plural = _("procurement imports")
        ordering = ["-created_at"]
        # Access goes through the import_procurement permission of the
        # procurement record; group editors need no separate boxes for jobs.
        default_permissions = ()

    def __str__(self):
        return self.file_name

    @property
    def is_running(self):
        return self.status in RUNNING_STATUSES

    @property
    def is_finished(self):
        return self.status in FINISHED_STATUSES

    @property
    def progress_percent(self):
        if not self.total_rows:
            return 0
        return min(100, round(self.processed_rows * 100 / self.total_rows))

    @property
    def has_errors(self):
        return bool(self.invalid_count or self.report.get("file_errors"))

    def set_status(self, status, **fields):
        self.status = status
        self.updated_at = timezone.now()
        if status in FINISHED_STATUSES:
            self.finished_at = self.updated_at
            self.file_data = None
        for name, value in fields.items():
            setattr(self, name, value)
        self.save()


class ProcurementImportLock(models.Model):
    """One row per site, taken by every import that writes to the site.

    Writing an import starts by updating this row (``version`` + 1), inside
    the import's transaction: a second import of the same site waits for the
    first to commit (PostgreSQL's row lock; SQLite's database write lock), and
    sees from ``version`` that it must check its rows again before writing.
    """

    site = models.OneToOneField(
        Site,
        verbose_name=_("site"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    version = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("procurement import lock")
        verbose_name_plural = _("procurement import locks")
        default_permissions = ()

    def __str__(self):
        return str(self.site_id)
