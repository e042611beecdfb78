"""The retention rule: personal data goes, the anonymous figures stay.

A closed case keeps its complainant's details, attachments, notes and texts
for ``ChannelSettings.retention_days`` after closing; then
:func:`purge_expired` (``manage.py ita_purge_cases``) removes them. Feedback
comments, which people sometimes sign, go after the same number of days from
submission; the ratings stay.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Site

from ita_wagtail import thai

from . import conf
from .cases import Case, CaseStatus, PersonalDataAccess, local_midnight
from .feedback import Feedback
from .settings import channel_settings

PURGE_ACTOR = "manage.py ita_purge_cases"
PURGE_LOG_ACTION = "ita_wagtail.case.purge"


@dataclass
class PurgeReport:
    dry_run: bool
    cases: list = field(default_factory=list)
    feedback_comments: int = 0


def _cutoffs(today):
    """(site or None, first instant still kept) for every site and for no site."""
    for site in Site.objects.order_by("pk"):
        days = channel_settings(site).retention_days
        yield site, local_midnight(today - timedelta(days=days))
    yield (
        None,
        local_midnight(today - timedelta(days=conf.get("ITA_CASE_RETENTION_DAYS"))),
    )


def expired_cases(today=None):
    """Closed cases whose personal data has outlived the retention period."""
    today = today or thai.today()
    condition = Q()
    for site, cutoff in _cutoffs(today):
        site_filter = Q(site=site) if site else Q(site__isnull=True)
        condition |= site_filter & Q(closed_at__lt=cutoff)
    return Case.objects.filter(
        condition,
        status=CaseStatus.CLOSED,
        personal_data_purged_at__isnull=True,
    ).order_by("closed_at")


def expired_feedback(today=None):
    today = today or thai.today()
    condition = Q()
    for site, cutoff in _cutoffs(today):
        site_filter = Q(site=site) if site else Q(site__isnull=True)
        condition |= site_filter & Q(submitted_at__lt=cutoff)
    return Feedback.objects.filter(condition).exclude(comment="")


def purge_expired(today=None, dry_run=False):
    today = today or thai.today()
    report = PurgeReport(dry_run=dry_run)
    cases = list(expired_cases(today).prefetch_related("attachments"))
    report.cases = [case.tracking_code for case in cases]
    feedback = expired_feedback(today)
    if dry_run:
        report.feedback_comments = feedback.count()
        return report
    now = timezone.now()
    with transaction.atomic():
        for case in cases:
            case.purge_personal_data(now=now)
            # The DPO's log shows retention purges next to manual erasures.
            PersonalDataAccess.objects.create(
                case=case,
                tracking_code=case.tracking_code,
                user_name=PURGE_ACTOR,
                action=PersonalDataAccess.Action.PURGE,
                detail="retention period ended",
            )
            log(instance=case, action=PURGE_LOG_ACTION)
        report.feedback_comments = feedback.update(comment="", comment_purged_at=now)
    return report
