"""Turning a valid citizen's form into a saved case or feedback entry."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from wagtail.admin.utils import get_admin_base_url
from wagtail.log_actions import log

from ita_wagtail.models.channels import Case, CaseAttachment, CaseChannel, Feedback

from . import notifications

CASE_ADMIN_EDIT_URL = "ita_cases:edit"


def admin_case_url(case):
    try:
        path = reverse(CASE_ADMIN_EDIT_URL, args=[case.pk])
    except NoReverseMatch:
        # A site without the ITA admin views: the admin's home is still useful.
        path = ""
    return get_admin_base_url() + path


def file_case(page, form, request, status_url):
    """Save the case and its attachments; e-mails follow the commit."""
    data = form.cleaned_data
    with transaction.atomic():
        case = Case(
            site=page.get_site(),
            page=page,
            category=form.chosen_category,
            channel=CaseChannel.WEBSITE,
            subject=data["subject"],
            details=data["details"],
            location=data.get("location", ""),
            respondent=data.get("respondent", ""),
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
        )
        case.save()
        for upload in data.get("attachments") or []:
            add_attachment(case, upload)
        log(instance=case, action="ita_wagtail.case.received")
    notifications.notify(case, notifications.RECEIVED, status_url)
    notifications.notify(case, notifications.STAFF_NEW, admin_case_url(case))
    return case


def add_attachment(case, clean_attachment):
    attachment = CaseAttachment(
        case=case,
        original_name=clean_attachment.original_name,
        content_type=clean_attachment.content_type,
        size=clean_attachment.size,
    )
    attachment.file.save(
        f"attachment{clean_attachment.extension}",
        ContentFile(clean_attachment.data),
        save=False,
    )
    attachment.save()
    return attachment


def record_feedback(page, form):
    data = form.cleaned_data
    return Feedback.objects.create(
        site=page.get_site(),
        page=page,
        service_name=data.get("service") or "",
        rating=data["rating"],
        comment=data.get("comment", ""),
    )
