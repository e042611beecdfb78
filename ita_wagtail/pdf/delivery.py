"""Serving PDF documents: made once, kept until their data changes.

A document is stored in the default storage as
``ita_pdf/<kind>/<stem>-<fingerprint>.pdf``. A request whose fingerprint
names a stored file gets that file; otherwise the file is made in the
request (small documents) or by the :func:`~ita_wagtail.pdf.tasks.make_pdf`
background task (``slow()`` documents: the quarterly report, a month of
more than ``ITA_PDF_INLINE_MAX_ROWS`` records), and the visitor gets a
Thai page that reloads itself until the file is there: never an error.
Older files of the same document are deleted when a new one is stored.
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.template.response import TemplateResponse

from .documents import PdfSource
from .rendering import PDF_CONTENT_TYPE, pdf_available, render_pdf

logger = logging.getLogger(__name__)

STORAGE_DIR = "ita_pdf"
#: Seconds between reloads of the "being prepared" page.
REFRESH_SECONDS = 5
#: A background job not finished after this long is queued again.
QUEUE_LOCK_SECONDS = 600


def storage_name(source: PdfSource, fingerprint: str | None = None) -> str:
    fingerprint = fingerprint or source.fingerprint()
    return f"{STORAGE_DIR}/{source.kind}/{source.stem()}-{fingerprint}.pdf"


def stored_pdf(source: PdfSource, fingerprint: str | None = None) -> str | None:
    name = storage_name(source, fingerprint)
    return name if default_storage.exists(name) else None


def make_pdf(source: PdfSource) -> str:
    """Render and store the document if its current version is not stored yet."""
    fingerprint = source.fingerprint()
    name = storage_name(source, fingerprint)
    if default_storage.exists(name):
        return name
    data = render_pdf(source.document())
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:  # a concurrent request stored it first
        default_storage.delete(saved)
    _delete_older(source, name)
    return name


def pdf_bytes(source: PdfSource) -> bytes:
    with default_storage.open(make_pdf(source), "rb") as stored:
        return stored.read()


def _delete_older(source, keep):
    folder = f"{STORAGE_DIR}/{source.kind}"
    prefix = source.stem() + "-"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (OSError, NotImplementedError):
        return
    for name in files:
        path = f"{folder}/{name}"
        rest = name[len(prefix) :]
        # "<stem>-<16 hex>.pdf" only: skr1-3-2568-1-… is not skr1-3-2568-10-….
        if name.startswith(prefix) and len(rest) == 20 and path != keep:
            try:
                default_storage.delete(path)
            except OSError:  # pragma: no cover - best effort
                logger.warning("Could not delete the old PDF %s", path)


def _file_response(name, filename):
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=PDF_CONTENT_TYPE,
    )


def _queue(source: PdfSource, fingerprint: str):
    from .tasks import make_pdf_task

    lock = f"ita-pdf-queued:{source.stem()}:{fingerprint}"
    if cache.add(lock, True, QUEUE_LOCK_SECONDS):
        make_pdf_task.enqueue(source.kind, source.params)


def pdf_response(request, source: PdfSource):
    """The PDF file, or a Thai page saying it is being prepared or unavailable."""
    available, _why = pdf_available()
    if not available:
        return _status_page(request, source, pending=False, status=503)
    fingerprint = source.fingerprint()
    name = stored_pdf(source, fingerprint)
    if name is None and not source.slow():
        try:
            name = make_pdf(source)
        except Exception:
            # Logged for the integrator; the visitor gets the page's Thai
            # "not available" answer and the Excel file, never a server error.
            logger.exception("Could not make the PDF %s", source.stem())
            return _status_page(request, source, pending=False, status=503)
    if name is None:
        _queue(source, fingerprint)
        # With an immediate task backend the file is already there.
        name = stored_pdf(source, fingerprint)
    if name is None:
        return _status_page(request, source, pending=True, status=202)
    return _file_response(name, source.filename())


def _status_page(request, source, *, pending, status):
    response = TemplateResponse(
        request,
        "ita_wagtail/pdf/pending.html",
        {
            "pending": pending,
            "filename": source.filename(),
            "refresh_seconds": REFRESH_SECONDS,
        },
        status=status,
    )
    if pending:
        response["Retry-After"] = str(REFRESH_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
