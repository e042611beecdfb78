"""Running an import job: the same steps inline and in a background task.

A job is checked first (the preview) and written after the user confirms.
Both steps read the file stored on the job, so what is written is exactly
what was previewed, checked again against the records as they are now.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ita_wagtail.models.procurement_import import (
    RUNNING_STATUSES,
    ImportJobStatus,
    ProcurementImportJob,
)
from ita_wagtail.procurement.audit import log_imported_file

from .engine import import_procurement

logger = logging.getLogger(__name__)

#: Files up to this size are checked and imported during the request.
DEFAULT_INLINE_MAX_BYTES = 200 * 1024
#: Finished jobs (and their files) are deleted after this many days.
DEFAULT_RETENTION_DAYS = 30
#: A job checked or imported during the request is given up as failed when
#: it has shown no sign of life (``updated_at``) for this many seconds: the
#: request died with it.
DEFAULT_STALE_INLINE_SECONDS = 10 * 60
#: The same for a job left to the background worker: queued, or running and
#: reporting progress every few hundred rows.
DEFAULT_STALE_BACKGROUND_SECONDS = 60 * 60


def inline_max_bytes() -> int:
    return int(
        getattr(settings, "ITA_IMPORT_INLINE_MAX_BYTES", DEFAULT_INLINE_MAX_BYTES)
    )


def runs_in_background(job) -> bool:
    return job.file_size > inline_max_bytes()


def stale_after(background: bool) -> datetime.timedelta:
    if background:
        seconds = getattr(
            settings,
            "ITA_IMPORT_STALE_BACKGROUND_SECONDS",
            DEFAULT_STALE_BACKGROUND_SECONDS,
        )
    else:
        seconds = getattr(
            settings, "ITA_IMPORT_STALE_INLINE_SECONDS", DEFAULT_STALE_INLINE_SECONDS
        )
    return datetime.timedelta(seconds=int(seconds))


def fail_stale_jobs(queryset=None) -> int:
    """Mark as failed the running jobs whose worker has died; how many.

    A job is running while a request or a worker is busy with it, and that
    one updates ``updated_at`` as it goes (every few hundred rows). A job
    that has not moved for :func:`stale_after` is no longer being worked on
    — the request was killed, the worker stopped or never started — and is
    shown as failed, with nothing written (a write is one transaction).
    """
    queryset = queryset if queryset is not None else ProcurementImportJob.objects.all()
    now = timezone.now()
    failed = 0
    for background in (False, True):
        failed += queryset.filter(
            status__in=RUNNING_STATUSES,
            background=background,
            updated_at__lt=now - stale_after(background),
        ).update(
            status=ImportJobStatus.FAILED,
            updated_at=now,
            finished_at=now,
            file_data=None,
            message=_(
                "The file was not processed to the end: the server process "
                "handling it stopped (it may have been restarted, or the "
                "background worker is not running). Nothing was written. Upload "
                "the file again; if this happens again, tell the site "
                "administrator."
            ),
        )
    return failed


def _update(job, **fields):
    fields["updated_at"] = timezone.now()
    ProcurementImportJob.objects.filter(pk=job.pk).update(**fields)


def run_job(job_id: int, write: bool) -> ProcurementImportJob:
    """Check (``write=False``) or import (``write=True``) one job."""
    job = ProcurementImportJob.objects.select_related("site", "user").get(pk=job_id)
    expected = ImportJobStatus.IMPORTING if write else ImportJobStatus.VALIDATING
    if job.status != expected or job.file_data is None:
        return job
    _update(job)  # a sign of life: the job is being worked on
    try:
        report = import_procurement(
            bytes(job.file_data),
            job.file_name,
            job.site,
            user=job.user,
            write=write,
            progress=lambda rows: _update(job, processed_rows=rows),
            on_total=lambda rows: _update(job, total_rows=rows, processed_rows=0),
        )
    except Exception:
        logger.exception("Procurement import job %s failed", job.pk)
        job.refresh_from_db()
        job.set_status(
            ImportJobStatus.FAILED,
            message=_(
                "The file could not be processed because of an unexpected error. "
                "Nothing was written. The site administrator can find the details "
                "in the server log."
            ),
        )
        return job
    job.refresh_from_db()
    if not write and job.status != ImportJobStatus.VALIDATING:
        # Given up as stale (or cancelled) while it was being checked.
        return job
    counts = report.counts
    fields = {
        "report": report.to_json(),
        "total_rows": report.total_rows,
        "processed_rows": report.total_rows,
        "new_count": counts["new"],
        "updated_count": counts["updated"],
        "unchanged_count": counts["unchanged"],
        "invalid_count": counts["invalid"],
        "message": "; ".join(
            item["message"] for item in [*report.file_errors, *report.file_warnings]
        ),
    }
    if write:
        status = ImportJobStatus.DONE if report.written else ImportJobStatus.FAILED
        job.set_status(status, **fields)
        if report.written:
            log_imported_file(job, user=job.user)
    else:
        # A file with nothing to import (a header without rows) has nothing
        # to confirm either.
        status = (
            ImportJobStatus.VALIDATED
            if report.is_valid and report.total_rows
            else ImportJobStatus.FAILED
        )
        job.set_status(status, **fields)
    return job


def start_check(job) -> None:
    """Check a new job now, or queue it if the file is large."""
    job.set_status(ImportJobStatus.VALIDATING, background=runs_in_background(job))
    if job.background:
        from ita_wagtail.tasks import check_procurement_import

        transaction.on_commit(lambda: check_procurement_import.enqueue(job.pk))
    else:
        run_job(job.pk, write=False)


def start_import(job) -> None:
    job.set_status(ImportJobStatus.IMPORTING, processed_rows=0)
    if job.background:
        from ita_wagtail.tasks import import_procurement_file

        transaction.on_commit(lambda: import_procurement_file.enqueue(job.pk))
    else:
        run_job(job.pk, write=True)


def purge_old_jobs() -> int:
    days = int(
        getattr(settings, "ITA_IMPORT_JOB_RETENTION_DAYS", DEFAULT_RETENTION_DAYS)
    )
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _detail = ProcurementImportJob.objects.filter(
        updated_at__lt=cutoff
    ).delete()
    return deleted
