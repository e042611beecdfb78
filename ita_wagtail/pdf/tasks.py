"""The background task that makes a PDF document (django-tasks)."""

from django_tasks import task


@task()
def make_pdf_task(kind: str, params: dict):
    """Make and store the current version of one document; safe to run twice."""
    from .delivery import make_pdf
    from .documents import source_for

    make_pdf(source_for(kind, params))
