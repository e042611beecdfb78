"""Who must act, on what, by when: the reminders of section 6.5.

:func:`unit_reminders` reads the scoring engine's result and groups, per
responsible unit, what is already overdue (missing, incomplete or out of
date) and what falls due within the site's lead time, including a new
period starting (next fiscal year's plan, the quarter about to end).
:func:`queue_reminders` records one reminder per unit and day and hands the
sending to a background task once the record is committed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ita_wagtail.models import ComplianceSettings, ResponsibleUnit, SentReminder
from ita_wagtail.scoring import (
    ACTION_CREATE,
    ACTION_LINK,
    ACTION_PUBLISH,
    ACTION_REVIEW,
    STATUS_MISSING,
    evaluate_site,
)
from ita_wagtail.scoring.freshness import next_target
from ita_wagtail.scoring.plugins import PROCUREMENT_PLAN
from ita_wagtail.thai import format_thai_date

OVERDUE = "overdue"
DUE_SOON = "due_soon"


@dataclass
class ReminderEntry:
    kind: str
    item_code: str
    title: str
    detail: str
    due_date: date | None = None
    days: int | None = None
    url: str = ""
    page_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "item": self.item_code,
            "title": str(self.title),
            "detail": str(self.detail),
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "days": self.days,
            "page_id": self.page_id,
            "url": self.url,
        }


@dataclass
class UnitReminder:
    site: object
    unit: ResponsibleUnit
    today: date
    lead_days: int
    overdue: list[ReminderEntry] = field(default_factory=list)
    due_soon: list[ReminderEntry] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    site_name: str = ""
    dashboard_url: str = ""

    @property
    def entries(self) -> list[ReminderEntry]:
        return self.overdue + self.due_soon

    def subject(self) -> str:
        return str(
            format_lazy(
                _("[ITA] {site}: {count} to do for {unit}"),
                site=self.site_name,
                count=len(self.entries),
                unit=self.unit.name,
            )
        )

    def render(self) -> tuple[str, str, str]:
        """(subject, text, html) in the site's language (Thai by default)."""
        with translation.override(_email_language()):
            context = {"reminder": self, "format_thai_date": format_thai_date}
            return (
                self.subject(),
                render_to_string("ita_wagtail/emails/reminder.txt", context).strip()
                + "\n",
                render_to_string("ita_wagtail/emails/reminder.html", context),
            )


def _email_language() -> str:
    return getattr(django_settings, "ITA_EMAIL_LANGUAGE", None) or "th"


def _absolute(path: str) -> str:
    from wagtail.admin.utils import get_admin_base_url

    return (get_admin_base_url() or "") + path


def _action_url(action) -> str:
    if action is None:
        return ""
    if action.kind == ACTION_CREATE:
        app_label, model_name = action.model.split(".")
        return _absolute(
            reverse(
                "wagtailadmin_pages:add",
                args=(app_label, model_name, action.parent_page_id),
            )
        )
    if action.kind == ACTION_REVIEW:
        return _absolute(reverse("ita_compliance:review", args=(action.page_id,)))
    if action.kind == ACTION_LINK:
        if action.url:
            return _absolute(action.url) if action.url.startswith("/") else action.url
        return _absolute(reverse(action.url_name)) if action.url_name else ""
    if action.page_id:
        return _absolute(reverse("wagtailadmin_pages:edit", args=(action.page_id,)))
    return ""


def _leaves(result):
    """Items without parts, and the parts of items that have them."""
    for item in result.items:
        if item.parts:
            for part in item.parts:
                yield item, part
        else:
            yield item, item


def _days_text(days: int) -> str:
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def reminder_entries(result, lead_days: int):
    """{unit id: [ReminderEntry]} for everything to do on ``result``'s site."""
    today = result.today
    by_unit = defaultdict(list)
    for item, leaf in _leaves(result):
        default_unit = leaf.unit.pk if leaf.unit else None
        title = leaf.title if leaf is item else f"{item.title} — {leaf.title}"
        if not leaf.present and leaf.status == STATUS_MISSING:
            if not any(o.supported for o in leaf.outcomes):
                # Nothing installed serves it: a reminder would be unactionable.
                continue
            by_unit[default_unit].append(
                ReminderEntry(
                    OVERDUE,
                    item.code,
                    title,
                    " ".join(str(r.text) for r in leaf.reasons),
                    url=_action_url(
                        _first(leaf.actions, (ACTION_CREATE, ACTION_PUBLISH))
                    ),
                )
            )
            continue
        for facts in leaf.pages:
            unit = facts.unit_id or default_unit
            if facts.is_stale:
                if facts.period_ok:
                    detail = format_lazy(
                        _("Not updated or reviewed for {days}; it was due on {due}."),
                        days=_days_text(facts.days_since_update or 0),
                        due=format_thai_date(facts.due_date),
                    )
                    url = _absolute(reverse("ita_compliance:review", args=(facts.id,)))
                else:
                    detail = format_lazy(
                        _("This page is for {period}; publish the current one."),
                        period=facts.period_label or "—",
                    )
                    url = _action_url(_first(leaf.actions, (ACTION_CREATE,)))
                by_unit[unit].append(
                    ReminderEntry(
                        OVERDUE,
                        item.code,
                        facts.title,
                        detail,
                        due_date=facts.due_date,
                        days=facts.days_overdue,
                        url=url,
                        page_id=facts.id,
                    )
                )
            elif (
                facts.due_date is not None
                and (facts.due_date - today).days <= lead_days
            ):
                by_unit[unit].append(
                    ReminderEntry(
                        DUE_SOON,
                        item.code,
                        facts.title,
                        format_lazy(
                            _("Review or update it by {due} ({days} left)."),
                            due=format_thai_date(facts.due_date),
                            days=_days_text((facts.due_date - today).days),
                        ),
                        due_date=facts.due_date,
                        days=(facts.due_date - today).days,
                        url=_absolute(
                            reverse("ita_compliance:review", args=(facts.id,))
                        ),
                        page_id=facts.id,
                    )
                )
            if not facts.complete and not facts.is_stale:
                by_unit[unit].append(
                    ReminderEntry(
                        OVERDUE,
                        item.code,
                        facts.title,
                        format_lazy(
                            _("Still missing: {fields}."),
                            fields="; ".join(str(m) for m in facts.missing_fields),
                        ),
                        url=_absolute(
                            reverse("wagtailadmin_pages:edit", args=(facts.id,))
                        ),
                        page_id=facts.id,
                    )
                )
        said = set()
        for outcome in leaf.outcomes:
            # What is wrong with the item rather than with one of its pages:
            # a register's findings (procurement months with neither a
            # record nor a declaration, incomplete records) and registered
            # checks (complaints past their deadline). A check registered on
            # two kinds of one item (both complaint channels) is said once.
            if not outcome.present:
                continue
            reasons = [
                reason
                for reason in outcome.reasons
                if (not outcome.pages or reason.from_check)
                and str(reason.text) not in said
            ]
            said.update(str(reason.text) for reason in reasons)
            if reasons:
                by_unit[outcome.unit_id or default_unit].append(
                    ReminderEntry(
                        OVERDUE,
                        item.code,
                        title,
                        " ".join(str(r.text) for r in reasons),
                        url=_action_url(_first(outcome.actions, (ACTION_LINK,)))
                        or _absolute(reverse("ita_compliance:index")),
                    )
                )
        upcoming = _upcoming_period(result, item, leaf, lead_days)
        if upcoming is not None:
            by_unit[default_unit].append(upcoming)
    return by_unit


def _first(actions, kinds):
    return next((a for a in actions if a.kind in kinds), None)


def _upcoming_period(result, item, leaf, lead_days):
    """A new period starting within the lead time, with nothing for it yet."""
    criterion = item.item
    kinds = leaf.part.kinds if leaf.part is not None else criterion.kinds
    for kind in kinds:
        rule = criterion.rule(leaf.part)
        upcoming = next_target(rule, result.today)
        if upcoming is None:
            continue
        days_left = (upcoming.required_since - result.today).days
        if days_left > lead_days or days_left < 0:
            continue
        if _has_content_for(result.site, kind, upcoming):
            continue
        title = leaf.title if leaf.part is not None else item.title
        return ReminderEntry(
            DUE_SOON,
            item.code,
            title,
            format_lazy(
                _("Publish the one for {period} by {due} ({days} left)."),
                period=upcoming.label,
                due=format_thai_date(upcoming.required_since),
                days=_days_text(days_left),
            ),
            due_date=upcoming.required_since,
            days=days_left,
            url=_absolute(reverse("ita_compliance:index")),
        )
    return None


def _has_content_for(site, kind, target) -> bool:
    from ita_wagtail.models.base import Page
    from ita_wagtail.models.index import disclosure_page_models

    if kind == PROCUREMENT_PLAN:
        from ita_wagtail.models import ProcurementPlan

        return ProcurementPlan.objects.filter(
            site=site, fiscal_year=target.fiscal_year
        ).exists()
    root = Page.objects.get(pk=site.root_page_id)
    for model in disclosure_page_models():
        any_kind = getattr(model, "ita_any_kind", False)
        if not any_kind and model.ita_kind != kind:
            continue
        names = {f.name for f in model._meta.get_fields()}
        if "fiscal_year" not in names:
            return True  # cannot tell: do not nag
        condition = Q(fiscal_year=target.fiscal_year)
        if target.period == "quarter" and "quarter" in names:
            condition = Q(
                fiscal_year=target.fiscal_year, quarter__gte=target.quarter
            ) | Q(fiscal_year__gt=target.fiscal_year)
        pages = model.objects.descendant_of(root)
        if any_kind:
            pages = pages.filter(kind=kind)
            if not pages.exists():
                continue
        if pages.filter(condition).exists():
            return True
    return False


def unit_reminders(site, today=None, result=None) -> list[UnitReminder]:
    """One :class:`UnitReminder` per unit with something to do, in unit order.

    Built in the e-mail's language: day counts are formatted as the entries
    are collected, so a cron run (where Django speaks English) must not
    leave "120 days" in a Thai e-mail.
    """
    with translation.override(_email_language()):
        return _unit_reminders(site, today=today, result=result)


def _unit_reminders(site, today, result) -> list[UnitReminder]:
    settings = ComplianceSettings.for_site(site)
    result = result or evaluate_site(site, today=today, settings=settings)
    by_unit = reminder_entries(result, settings.reminder_lead_days)
    from ita_wagtail.linkcheck.reminders import add_broken_link_entries

    add_broken_link_entries(by_unit, site, result.criteria_set)
    for entries in by_unit.values():
        for entry in entries:
            # Fixed now, in the e-mail's language, whoever reads them later.
            entry.title = str(entry.title)
            entry.detail = str(entry.detail)
    units = ResponsibleUnit.objects.in_bulk([pk for pk in by_unit if pk])
    reminders = []
    for unit_id, entries in by_unit.items():
        unit = units.get(unit_id)
        if unit is None or not entries:
            continue
        recipients = unit.reminder_recipients()
        cc = [
            address
            for address in ([settings.reminder_cc] if settings.reminder_cc else [])
            if address not in recipients
        ]
        reminder = UnitReminder(
            site=site,
            unit=unit,
            today=result.today,
            lead_days=settings.reminder_lead_days,
            overdue=sorted(
                (e for e in entries if e.kind == OVERDUE),
                key=lambda e: (-(e.days or 0), e.item_code),
            ),
            due_soon=sorted(
                (e for e in entries if e.kind == DUE_SOON),
                key=lambda e: (e.days or 0, e.item_code),
            ),
            recipients=recipients,
            cc=cc,
            site_name=settings.display_municipality_name(),
            dashboard_url=_absolute(reverse("ita_compliance:index")),
        )
        reminders.append(reminder)
    return sorted(reminders, key=lambda r: r.unit.name)


@dataclass
class QueueOutcome:
    reminder: UnitReminder
    status: str  # "queued", "already_sent", "no_recipient", "requeued"
    record: SentReminder | None = None


def queue_reminders(site, today=None, dry_run=False) -> list[QueueOutcome]:
    """Record today's reminder for each unit and send it after the commit.

    A unit that already has a reminder for today is skipped, unless that
    one failed to send, in which case it is sent again (same record).
    """
    with translation.override(_email_language()):
        return _queue_reminders(site, today, dry_run)


def _queue_reminders(site, today, dry_run) -> list[QueueOutcome]:
    from ita_wagtail.tasks import send_reminder

    outcomes = []
    for reminder in unit_reminders(site, today=today):
        if not reminder.recipients:
            outcomes.append(QueueOutcome(reminder, "no_recipient"))
            continue
        existing = SentReminder.objects.filter(
            site=site, unit=reminder.unit, sent_on=reminder.today
        ).first()
        if existing is not None:
            if existing.status == SentReminder.Status.FAILED and not dry_run:
                existing.status = SentReminder.Status.QUEUED
                existing.error = ""
                existing.save(update_fields=["status", "error"])
                transaction.on_commit(lambda pk=existing.pk: send_reminder.enqueue(pk))
                outcomes.append(QueueOutcome(reminder, "requeued", existing))
            else:
                outcomes.append(QueueOutcome(reminder, "already_sent", existing))
            continue
        if dry_run:
            outcomes.append(QueueOutcome(reminder, "would_send"))
            continue
        subject, text, html = reminder.render()
        try:
            with transaction.atomic():
                record = SentReminder.objects.create(
                    site=site,
                    unit=reminder.unit,
                    sent_on=reminder.today,
                    recipients=reminder.recipients,
                    cc=reminder.cc,
                    subject=subject[:255],
                    body_text=text,
                    body_html=html,
                    entries=[entry.as_dict() for entry in reminder.entries],
                )
        except IntegrityError:
            # Another run got there first: it sends; we must not.
            outcomes.append(QueueOutcome(reminder, "already_sent"))
            continue
        transaction.on_commit(lambda pk=record.pk: send_reminder.enqueue(pk))
        outcomes.append(QueueOutcome(reminder, "queued", record))
    return outcomes
