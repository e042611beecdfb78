"""Reminders to responsible units: content, once a day, dry runs, failures."""

import re
from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from ita_wagtail import models as ita
from ita_wagtail.reminders import DUE_SOON, OVERDUE, unit_reminders
from ita_wagtail.thai import BANGKOK
from tests.procurement.factories import make_plan

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LATE = T0 + timedelta(days=120)


@pytest.fixture
def tasks_run(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def clerk_office(complete):
    unit = ita.ResponsibleUnit.objects.get(code="clerk_office")
    unit.email = "saraban@example.go.th"
    unit.save()
    return unit


def send(*args, captured, **kwargs):
    out, err = StringIO(), StringIO()
    with captured(execute=True):
        call_command("ita_send_reminders", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def test_overdue_pages_are_listed_per_unit_with_links(site, clerk_office, complete):
    reminders = {r.unit.code: r for r in unit_reminders(site, today=LATE.date())}
    # The finance division answers for item 5.7, whose summary page is old.
    assert set(reminders) == {"clerk_office", "finance"}
    # and December and January have neither a record nor a declaration.
    finance = reminders["finance"].overdue
    assert {e.page_id for e in finance} == {
        complete[ita.ProcurementSummaryPage].pk,
        None,
    }
    [months] = [e for e in finance if e.page_id is None]
    assert "ธ.ค. 2567" in months.detail and "ม.ค. 2568" in months.detail
    reminder = reminders["clerk_office"]
    assert reminder.recipients == ["saraban@example.go.th"]
    overdue = {entry.page_id for entry in reminder.overdue}
    assert complete[ita.ContactPage].pk in overdue
    assert complete[ita.OperatingManualsPage].pk in overdue
    manuals = next(
        e
        for e in reminder.overdue
        if e.page_id == complete[ita.OperatingManualsPage].pk
    )
    assert manuals.days == 30
    assert manuals.url.endswith(
        reverse("ita_compliance:review", args=(manuals.page_id,))
    )
    assert manuals.url.startswith("http://testserver/")
    subject, text, html = reminder.render()
    assert clerk_office.name in subject
    assert complete[ita.OperatingManualsPage].title in text
    assert manuals.url in text and manuals.url in html
    # "(30 days overdue)", in whichever language the e-mail is written.
    assert re.search(r"\(\D*\b30\b\D*\)", text)


def test_pages_due_within_the_lead_time_are_announced(site, clerk_office, complete):
    reminder = {
        r.unit.code: r
        for r in unit_reminders(site, today=T0.date() + timedelta(days=80))
    }["clerk_office"]
    assert reminder.overdue == []
    assert {e.kind for e in reminder.due_soon} == {DUE_SOON}
    assert all(e.days == 10 for e in reminder.due_soon if e.page_id)


def test_nothing_to_say_when_everything_is_fresh(site, clerk_office, complete):
    assert unit_reminders(site, today=T0.date() + timedelta(days=10)) == []


def test_a_new_fiscal_year_is_announced_before_it_starts(site, clerk_office, complete):
    with at(datetime(2025, 9, 15, 9, 0, tzinfo=BANGKOK)):
        for page in complete.values():
            ita.record_review(page)
    reminders = {
        r.unit.code: r for r in unit_reminders(site, today=datetime(2025, 9, 20).date())
    }
    upcoming = [e for e in reminders["clerk_office"].due_soon if e.page_id is None]
    assert {e.item_code for e in upcoming} >= {"5.3", "5.4", "5.6"}
    plan = next(e for e in upcoming if e.item_code == "5.4")
    assert "2569" in str(plan.detail) and "1 ตุลาคม 2568" in str(plan.detail)
    assert plan.days == 11


def test_incomplete_page_is_a_thing_to_do(site, clerk_office, complete):
    with at(T0):
        publish(complete[ita.ContactPage], email="")
    reminder = unit_reminders(site, today=T0.date() + timedelta(days=10))[0]
    contact = [e for e in reminder.overdue if e.page_id == complete[ita.ContactPage].pk]
    assert contact and "อีเมล" in contact[0].detail


def test_command_sends_one_email_per_unit_once_a_day(
    site, clerk_office, complete, tasks_run, django_capture_on_commit_callbacks
):
    finance = ita.ResponsibleUnit.objects.get(code="finance")
    finance.email = "finance@example.go.th"
    finance.save()
    with at(T0):
        publish(complete[ita.OperatingManualsPage], responsible_unit=finance)
    settings_row = ita.ComplianceSettings.for_site(site)
    settings_row.reminder_cc = "clerk@example.go.th"
    settings_row.save()
    with time_machine.travel(LATE, tick=False):
        out, _err = send(captured=django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2
        by_recipient = {tuple(m.to): m for m in mail.outbox}
        assert by_recipient[("finance@example.go.th",)].cc == ["clerk@example.go.th"]
        finance_mail = by_recipient[("finance@example.go.th",)]
        assert complete[ita.OperatingManualsPage].title in finance_mail.body
        assert complete[ita.ContactPage].title not in finance_mail.body
        assert finance_mail.alternatives[0][1] == "text/html"
        assert ita.SentReminder.objects.filter(status="sent").count() == 2
        # Cron runs again the same day: nothing new.
        out, _err = send(captured=django_capture_on_commit_callbacks)
        assert len(mail.outbox) == 2
        assert "already reminded today" in out
        assert ita.SentReminder.objects.count() == 2
    # The next day is a new day.
    with time_machine.travel(LATE + timedelta(days=1), tick=False):
        send(captured=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 4


def test_dry_run_sends_and_records_nothing(
    site, clerk_office, complete, tasks_run, django_capture_on_commit_callbacks
):
    with time_machine.travel(LATE, tick=False):
        out, _err = send("--dry-run", captured=django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not ita.SentReminder.objects.exists()
    assert "saraban@example.go.th" in out
    assert complete[ita.OperatingManualsPage].title in out


def test_failed_sending_is_recorded_and_retried(
    site,
    clerk_office,
    complete,
    tasks_run,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.compliance.test_reminders.BrokenBackend"
    with time_machine.travel(LATE, tick=False):
        # The task fails in the worker; the command itself carries on.
        send(captured=django_capture_on_commit_callbacks)
        record = ita.SentReminder.objects.get()
        assert record.status == "failed" and "SMTP down" in record.error
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        out, _err = send(captured=django_capture_on_commit_callbacks)
    assert "sending it again" in out
    assert len(mail.outbox) == 1
    assert ita.SentReminder.objects.get().status == "sent"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("SMTP down")


def test_unit_without_address_is_reported_not_sent(
    site, complete, tasks_run, django_capture_on_commit_callbacks
):
    with time_machine.travel(LATE, tick=False):
        _out, err = send(captured=django_capture_on_commit_callbacks)
    assert "no e-mail address" in err
    assert mail.outbox == []


def test_group_members_get_it_when_the_unit_has_no_address(
    site, complete, django_user_model, tasks_run, django_capture_on_commit_callbacks
):
    group = Group.objects.create(name="สำนักปลัด")
    for name in ("a", "b"):
        user = django_user_model.objects.create_user(
            name, f"{name}@example.go.th", "pw"
        )
        user.groups.add(group)
    django_user_model.objects.create_user("c", "", "pw").groups.add(group)
    ita.ResponsibleUnit.objects.filter(code="clerk_office").update(group=group)
    with time_machine.travel(LATE, tick=False):
        send(captured=django_capture_on_commit_callbacks)
    assert mail.outbox[0].to == ["a@example.go.th", "b@example.go.th"]


def test_switched_off_in_the_settings(
    site, clerk_office, complete, tasks_run, django_capture_on_commit_callbacks
):
    settings_row = ita.ComplianceSettings.for_site(site)
    settings_row.reminders_enabled = False
    settings_row.save()
    with time_machine.travel(LATE, tick=False):
        out, _err = send(captured=django_capture_on_commit_callbacks)
    assert "switched off" in out
    assert mail.outbox == []


def test_unknown_site_is_a_clear_error(site):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nowhere"):
        call_command("ita_send_reminders", "--site", "nowhere", stdout=StringIO())


def test_overdue_entries_come_first_most_overdue_first(site, clerk_office, complete):
    with at(T0 + timedelta(days=60)):
        publish(complete[ita.ContactPage])
    reminder = unit_reminders(site, today=LATE.date())[0]
    assert all(e.kind == OVERDUE for e in reminder.overdue)
    days = [e.days or 0 for e in reminder.overdue]
    assert days == sorted(days, reverse=True)


def test_finance_is_reminded_of_a_missing_procurement_plan(
    site, clerk_office, complete
):
    ita.ProcurementPlan.objects.filter(site=site).delete()
    reminders = unit_reminders(site, today=T0.date() + timedelta(days=10))
    assert [r.unit.code for r in reminders] == ["finance"]
    [entry] = reminders[0].overdue
    assert entry.item_code == "5.7" and entry.page_id is None
    assert "2568" in str(entry.detail)


def test_a_month_without_record_or_declaration_is_a_thing_to_do(
    site, clerk_office, complete
):
    ita.Procurement.objects.filter(site=site, contract_date__month=10).delete()
    reminders = {r.unit.code: r for r in unit_reminders(site, today=date(2024, 11, 25))}
    [entry] = reminders["finance"].overdue
    assert entry.item_code == "5.7" and entry.page_id is None
    assert "ต.ค. 2567" in entry.detail
    assert entry.url.startswith("http://testserver/admin/ita/procurement/?")
    # Declaring the month as "no procurement" settles it.
    ita.NoProcurementDeclaration.objects.create(site=site, fiscal_year=2568, month=10)
    assert unit_reminders(site, today=date(2024, 11, 25)) == []


def test_finance_is_told_to_prepare_next_years_procurement_plan(
    site, clerk_office, complete
):
    with at(datetime(2025, 9, 15, 9, 0, tzinfo=BANGKOK)):
        for page in complete.values():
            ita.record_review(page)
        ita.NoProcurementDeclaration.objects.bulk_create(
            ita.NoProcurementDeclaration(site=site, fiscal_year=2568, month=month)
            for month in (12, *range(1, 9))
        )
    today = date(2025, 9, 20)
    finance = {r.unit.code: r for r in unit_reminders(site, today=today)}["finance"]
    [plan] = [e for e in finance.due_soon if e.item_code == "5.7"]
    assert "2569" in str(plan.detail) and plan.days == 11
    make_plan(site, fiscal_year=2569)
    finance = {r.unit.code: r for r in unit_reminders(site, today=today)}.get("finance")
    assert finance is None or not [e for e in finance.due_soon if e.item_code == "5.7"]


def test_the_email_counts_days_in_thai_when_cron_runs_in_english(
    site, clerk_office, complete
):
    with translation.override("en"):
        reminder = {r.unit.code: r for r in unit_reminders(site, today=LATE.date())}[
            "clerk_office"
        ]
        _subject, text, html = reminder.render()
    assert "30 วัน" in text and "30 วัน" in html
    assert " days" not in text


def test_sent_reminders_are_listed_for_the_clerk_as_they_were_sent(
    site,
    clerk_office,
    complete,
    tasks_run,
    admin_client,
    client,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(LATE, tick=False):
        send(captured=django_capture_on_commit_callbacks)
    record = ita.SentReminder.objects.get(unit=clerk_office)
    listing = admin_client.get(reverse("ita_compliance:reminders"))
    assert listing.status_code == 200
    assert clerk_office.name in listing.content.decode()
    assert "saraban@example.go.th" in listing.content.decode()
    detail = admin_client.get(reverse("ita_compliance:reminder", args=(record.pk,)))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "saraban@example.go.th" in body
    assert complete[ita.OperatingManualsPage].title in body
    # Later edits do not rewrite what was sent.
    publish(complete[ita.OperatingManualsPage], title="คู่มือฉบับใหม่")
    body = admin_client.get(
        reverse("ita_compliance:reminder", args=(record.pk,))
    ).content.decode()
    assert "คู่มือฉบับใหม่" not in body
    # An editor without the dashboard permission cannot read them.
    editor = django_user_model.objects.create_user("editor", "e@example.go.th", "pw")
    editor.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(editor)
    response = client.get(reverse("ita_compliance:reminders"))
    assert response.status_code in (302, 403)


def test_overdue_complaints_are_a_thing_to_do_with_a_link_to_them(
    site, clerk_office, complete
):
    from ita_wagtail.models.channels import Case

    overdue = Case.objects.create(
        site=site, category="complaint", subject="ถนนชำรุด", details="หลุมใหญ่"
    )
    Case.objects.filter(pk=overdue.pk).update(due_date=date(2024, 11, 20))
    reminders = {r.unit.code: r for r in unit_reminders(site, today=date(2024, 11, 25))}
    [entry] = [e for e in reminders["clerk_office"].overdue if e.item_code == "5.11"]
    assert entry.page_id is None and "1" in entry.detail
    assert (
        entry.url == "http://testserver" + reverse("ita_cases:index") + "?overdue=yes"
    )
