"""E-mails about cases, sent by a background task after the case is saved.

Every message is plain text: whatever a citizen typed (HTML included) reaches
the reader as the characters typed. Citizens' texts never go into a subject
line. Messages to staff name the case by its code and link to the admin;
they carry no personal data, and nothing about a corruption complaint goes
to a unit's shared mailbox.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from ita_wagtail.models.channels import Case, CaseCategory, channel_settings

logger = logging.getLogger(__name__)

RECEIVED = "received"
REPLY = "reply"
STAFF_NEW = "staff_new"
ASSIGNED = "assigned"
KINDS = (RECEIVED, REPLY, STAFF_NEW, ASSIGNED)


def recipients(case, kind):
    if kind in (RECEIVED, REPLY):
        return [case.contact_email] if case.contact_email else []
    if kind == STAFF_NEW:
        settings_ = channel_settings(case.site)
        if case.category == CaseCategory.CORRUPTION:
            address = settings_.corruption_notification_email
        else:
            address = settings_.notification_email
        return [address] if address else []
    if kind == ASSIGNED:
        if case.category == CaseCategory.CORRUPTION or case.unit is None:
            return []
        return [case.unit.email] if case.unit.email else []
    raise ValueError(f"Unknown case e-mail: {kind!r}")


def render_message(case, kind, link):
    context = {
        "case": case,
        "link": link,
        "controller": channel_settings(case.site).controller_display_name(),
        "unit": case.unit,
    }
    prefix = f"ita_wagtail/channels/emails/{kind}"
    subject = render_to_string(f"{prefix}_subject.txt", context)
    # A subject is one line, whatever the template's whitespace.
    subject = " ".join(subject.split())
    body = render_to_string(f"{prefix}.txt", context)
    return subject, body


@task()
def send_case_email(case_id, kind, link=""):
    case = Case.objects.select_related("site", "unit").filter(pk=case_id).first()
    if case is None:
        return 0
    to = recipients(case, kind)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = render_message(case, kind, link)
    return send_mail(subject, body, None, to)


def notify(case, kind, link=""):
    """Send ``kind`` about ``case`` once the current transaction has committed."""
    if not recipients(case, kind):
        return False

    def enqueue():
        try:
            send_case_email.enqueue(case_id=case.pk, kind=kind, link=link)
        except Exception:
            # A mail queue that is down must not turn a saved case into an
            # error page; the case is there and staff can still answer it.
            logger.exception("Could not queue the %s e-mail for case %s", kind, case.pk)

    transaction.on_commit(enqueue)
    return True
