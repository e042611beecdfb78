"""What follows a staff member's change to a case: notes, audit log, e-mails."""

from django.db import transaction
from wagtail.log_actions import log

from ita_wagtail.models.channels import CaseNote, ComplaintPage, PersonalDataAccess
from ita_wagtail.models.channels.cases import _user_label

from . import log_actions, notifications
from .intake import add_attachment, admin_case_url


def status_url_for(case):
    """The status page a citizen uses for ``case``, as a full URL ("" if none)."""
    page = case.page.specific if case.page_id else None
    if page is None or not hasattr(page, "reverse_subpage"):
        pages = ComplaintPage.objects.live().public()
        if case.site_id:
            pages = pages.descendant_of(case.site.root_page, inclusive=True)
        page = pages.first()
    if page is None:
        return ""
    url = page.get_full_url()
    return url + page.reverse_subpage("status") if url else ""


def record_staff_update(case, previous, user, reply_changed, note="", attachments=()):
    """Log and announce what changed; ``previous`` holds status, unit_id, unit."""
    with transaction.atomic():
        if case.status != previous["status"]:
            log(
                instance=case,
                action=log_actions.STATUS,
                user=user,
                data={"old": previous["status"], "new": case.status},
            )
        if case.unit_id != previous["unit_id"]:
            log(
                instance=case,
                action=log_actions.ASSIGNED,
                user=user,
                data={"unit": case.unit.name if case.unit else ""},
            )
            if case.unit_id:
                notifications.notify(case, notifications.ASSIGNED, admin_case_url(case))
        if reply_changed:
            log(instance=case, action=log_actions.REPLY, user=user)
            if case.public_reply:
                notifications.notify(case, notifications.REPLY, status_url_for(case))
        if note.strip():
            add_note(case, user, note)
        for attachment in attachments:
            add_attachment(case, attachment)


def add_note(case, user, text):
    note = CaseNote.objects.create(
        case=case, author=user, author_name=_user_label(user), text=text.strip()
    )
    log(instance=case, action=log_actions.NOTE, user=user)
    return note


def record_new_case(case, user, note="", attachments=()):
    """A case staff typed in from a phone call, a letter or a visit."""
    with transaction.atomic():
        if note.strip():
            add_note(case, user, note)
        for attachment in attachments:
            add_attachment(case, attachment)
    notifications.notify(case, notifications.RECEIVED, status_url_for(case))
    if case.unit_id:
        notifications.notify(case, notifications.ASSIGNED, admin_case_url(case))


def record_personal_data_access(request, case, action, detail=""):
    """Write the PDPA access log and the case's history entry."""
    from .ratelimit import client_address

    entry = PersonalDataAccess.record(
        request.user,
        action,
        case=case,
        detail=detail,
        client_address=client_address(request) or None,
    )
    if case is not None:
        log_action = {
            PersonalDataAccess.Action.VIEW: log_actions.VIEW_PERSONAL_DATA,
            PersonalDataAccess.Action.ATTACHMENT: log_actions.ATTACHMENT,
            PersonalDataAccess.Action.PURGE: log_actions.PURGE,
        }.get(action)
        if log_action:
            log(instance=case, action=log_action, user=request.user)
    return entry
