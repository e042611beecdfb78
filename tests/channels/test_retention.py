"""Retention: personal data of old closed cases goes, the statistics stay."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from ita_wagtail import thai
from ita_wagtail.channels.attachments import CleanAttachment
from ita_wagtail.channels.intake import add_attachment
from ita_wagtail.models.channels import (
    CaseNote,
    CaseStatus,
    ChannelSettings,
    Feedback,
    PersonalDataAccess,
    case_statistics,
)
from ita_wagtail.models.channels.storage import case_attachment_storage

from .conftest import PDF_BYTES

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 3, 1).date()


def at(day):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()), thai.BANGKOK)


@pytest.fixture
def old_closed(make_case):
    case = make_case(
        contact_name="สมชาย รักถิ่น",
        contact_phone="0812345678",
        contact_email="somchai@example.com",
        received_at=at(TODAY - timedelta(days=420)),
        status=CaseStatus.CLOSED,
        public_reply="ซ่อมแล้ว",
        closed_at=at(TODAY - timedelta(days=400)),
    )
    add_attachment(case, CleanAttachment("a.pdf", "application/pdf", ".pdf", PDF_BYTES))
    CaseNote.objects.create(case=case, author_name="เจ้าหน้าที่", text="โทรหาคุณสมชายแล้ว")
    return case


@pytest.fixture
def recent_closed(make_case):
    return make_case(
        contact_name="มาลี",
        received_at=at(TODAY - timedelta(days=60)),
        status=CaseStatus.CLOSED,
        public_reply="ดำเนินการแล้ว",
        closed_at=at(TODAY - timedelta(days=50)),
    )


@pytest.fixture
def old_open(make_case):
    return make_case(
        contact_name="บุญมี",
        received_at=at(TODAY - timedelta(days=500)),
        status=CaseStatus.IN_PROGRESS,
    )


def purge(*args):
    out = StringIO()
    call_command("ita_purge_cases", "--date", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def test_old_closed_cases_lose_their_personal_data(
    old_closed, recent_closed, old_open, django_capture_on_commit_callbacks
):
    file_name = old_closed.attachments.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        output = purge()
    assert "1" in output

    old_closed.refresh_from_db()
    assert old_closed.is_purged
    for field in (
        "contact_name",
        "contact_phone",
        "contact_email",
        "subject",
        "details",
    ):
        assert getattr(old_closed, field) == ""
    assert old_closed.public_reply == ""
    assert not old_closed.attachments.exists()
    assert not old_closed.notes.exists()
    assert not case_attachment_storage.exists(file_name)
    # What the statistics need is still there.
    assert old_closed.status == CaseStatus.CLOSED
    assert old_closed.answered_at and old_closed.closed_at and old_closed.due_date
    assert old_closed.tracking_code

    recent_closed.refresh_from_db()
    old_open.refresh_from_db()
    assert recent_closed.contact_name == "มาลี" and not recent_closed.is_purged
    assert old_open.contact_name == "บุญมี" and not old_open.is_purged


def test_purges_are_logged_for_the_dpo(old_closed):
    purge()
    entry = PersonalDataAccess.objects.get(action="purge")
    assert entry.tracking_code == old_closed.tracking_code
    assert entry.user is None and "ita_purge_cases" in entry.user_name
    assert ModelLogEntry.objects.filter(
        object_id=str(old_closed.pk), action="ita_wagtail.case.purge"
    ).exists()


def test_dry_run_changes_nothing(old_closed):
    output = purge("--dry-run", "-v", "2")
    assert old_closed.tracking_code in output
    old_closed.refresh_from_db()
    assert old_closed.contact_name == "สมชาย รักถิ่น"
    assert old_closed.attachments.exists()
    assert not PersonalDataAccess.objects.exists()


def test_second_run_finds_nothing(old_closed):
    purge()
    output = purge("-v", "2")
    assert old_closed.tracking_code not in output
    assert PersonalDataAccess.objects.filter(action="purge").count() == 1


def test_retention_follows_the_site_settings(old_closed, recent_closed, site):
    settings_ = ChannelSettings.for_site(site)
    settings_.retention_days = 30
    settings_.save()
    purge()
    recent_closed.refresh_from_db()
    assert recent_closed.is_purged


def test_statistics_are_the_same_before_and_after(old_closed, recent_closed, site):
    year = thai.fiscal_year(old_closed.received_at)
    before = case_statistics(site, year, today=TODAY)
    purge()
    after = case_statistics(site, year, today=TODAY)
    assert (before.total, before.by_status, before.handling_days) == (
        after.total,
        after.by_status,
        after.handling_days,
    )


def test_old_feedback_comments_go_and_ratings_stay(site):
    old = Feedback.objects.create(
        site=site,
        rating=2,
        comment="คุณสมศรีที่เคาน์เตอร์พูดไม่ดี",
        submitted_at=at(TODAY - timedelta(days=400)),
    )
    new = Feedback.objects.create(
        site=site, rating=5, comment="ดีมาก", submitted_at=at(TODAY - timedelta(days=3))
    )
    output = purge()
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.comment, old.rating) == ("", 2)
    assert old.comment_purged_at is not None
    assert new.comment == "ดีมาก"
    assert "1" in output


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError):
        call_command("ita_purge_cases", "--date", "ไม่ใช่วันที่", stdout=StringIO())


def test_thai_dates_are_accepted(old_closed):
    out = StringIO()
    call_command(
        "ita_purge_cases", "--date", "1/3/2569", "--dry-run", "-v", "2", stdout=out
    )
    assert old_closed.tracking_code in out.getvalue()
