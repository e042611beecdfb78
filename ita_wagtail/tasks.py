"""Background work (django-tasks, the engine Wagtail itself uses).

Production needs a real backend and a worker, for example the database
backend of ``django-tasks-db`` and ``manage.py db_worker``; see
``docs/compliance/operations.md``. Tasks are enqueued in
``transaction.on_commit`` so a worker never looks for a row that is not
committed yet. Without a worker (the default ImmediateBackend) they run at
once.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task


@task()
def check_procurement_import(job_id: int):
    from ita_wagtail.importing.jobs import run_job

    run_job(job_id, write=False)


@task()
def import_procurement_file(job_id: int):
    from ita_wagtail.importing.jobs import run_job

    run_job(job_id, write=True)


@task()
def send_reminder(reminder_id):
    """Send one recorded reminder e-mail; safe to run twice."""
    from ita_wagtail.models import SentReminder

    reminder = SentReminder.objects.filter(pk=reminder_id).first()
    if reminder is None or reminder.status == SentReminder.Status.SENT:
        return
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=reminder.body_text,
        from_email=getattr(settings, "ITA_REMINDER_FROM_EMAIL", None)
        or settings.DEFAULT_FROM_EMAIL,
        to=reminder.recipients,
        cc=reminder.cc,
    )
    if reminder.body_html:
        message.attach_alternative(reminder.body_html, "text/html")
    try:
        message.send()
    except Exception as error:
        SentReminder.objects.filter(pk=reminder.pk).update(
            status=SentReminder.Status.FAILED, error=str(error)[:2000]
        )
        raise
    SentReminder.objects.filter(pk=reminder.pk).update(
        status=SentReminder.Status.SENT, sent_at=timezone.now(), error=""
    )


@task()
def check_links(site_id: int, external: bool = True):
    """Check the links of a site's ITA section (the dashboard's button)."""
    from wagtail.models import Site

    from ita_wagtail.linkcheck import run_link_check

    site = Site.objects.filter(pk=site_id).first()
    if site is not None:
        run_link_check(site, external=external)
