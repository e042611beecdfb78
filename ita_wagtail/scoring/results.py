"""What the scoring engine returns: plain data, no HTTP, no templates.

The dashboard, the stale-content report, the reminders, the quarterly report
and ``manage.py ita_audit`` all read these objects, so a number a clerk sees
(score, status, days overdue) is computed once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

STATUS_OK = "ok"
STATUS_INCOMPLETE = "incomplete"
STATUS_STALE = "stale"
STATUS_MISSING = "missing"

#: Worst first: the order in which the dashboard and reports sort problems.
STATUSES = (STATUS_MISSING, STATUS_INCOMPLETE, STATUS_STALE, STATUS_OK)

STATUS_LABELS = {
    STATUS_OK: _("OK"),
    STATUS_INCOMPLETE: _("Incomplete"),
    STATUS_STALE: _("Not current"),
    STATUS_MISSING: _("Missing"),
}

#: A status whose only currency problem is one of these reason codes is
#: named after it: "not current" would send a clerk to update pages when
#: the problem is complaints waiting for an answer.
REASON_STATUS_LABELS = {
    "overdue_cases": _("Complaints overdue"),
}


def status_label_for(status: str, reasons=()) -> str:
    """Words for a status, given the reasons (``Reason`` objects or their dicts)."""
    if status == STATUS_STALE:
        codes = {
            _reason_value(reason, "code")
            for reason in reasons
            if _reason_value(reason, "aspect") == ASPECT_CURRENT
        }
        if len(codes) == 1:
            [code] = codes
            if code in REASON_STATUS_LABELS:
                return REASON_STATUS_LABELS[code]
    return STATUS_LABELS.get(status, status)


def _reason_value(reason, name):
    if isinstance(reason, dict):
        return reason.get(name)
    return getattr(reason, name, None)


#: What each of the three aspects is worth, out of 100 per item or part.
ASPECT_PRESENT = "present"
ASPECT_COMPLETE = "complete"
ASPECT_CURRENT = "current"
POINTS = {ASPECT_PRESENT: 40, ASPECT_COMPLETE: 30, ASPECT_CURRENT: 30}

ACTION_CREATE = "create"
ACTION_EDIT = "edit"
ACTION_PUBLISH = "publish"
ACTION_REVIEW = "review"
ACTION_LINK = "link"


@dataclass
class Reason:
    """Why points were lost, in plain language (Thai in a Thai admin)."""

    aspect: str
    text: str
    points: int = 0
    code: str = ""
    #: Given by a registered check (overdue complaints, say): about the item
    #: as a whole, not about one of its pages.
    from_check: bool = False

    def as_dict(self) -> dict:
        return {
            "aspect": self.aspect,
            "text": str(self.text),
            "points": self.points,
            "code": self.code,
        }


@dataclass
class Action:
    """What fixes a problem. Views turn it into a URL.

    ``kind`` is one of ``create`` (``model`` under ``parent_page_id``),
    ``edit`` or ``publish`` (``page_id``), ``review`` (mark ``page_id`` as
    reviewed) or ``link`` (``url``, or the admin URL named ``url_name``, for
    registers that are not pages, such as the procurement list).
    """

    kind: str
    label: str
    page_id: int | None = None
    parent_page_id: int | None = None
    model: str | None = None
    url: str | None = None
    url_name: str | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": str(self.label),
            "page_id": self.page_id,
            "parent_page_id": self.parent_page_id,
            "model": self.model,
            "url": self.url,
            "url_name": self.url_name,
        }


@dataclass
class PageFacts:
    """One published page as the freshness and completeness rules see it."""

    page: object
    kind: str
    last_updated: datetime | None
    last_reviewed: datetime | None
    freshness_days: int
    due_date: date | None
    days_since_update: int | None
    days_overdue: int
    stale_by_days: bool
    period_ok: bool = True
    period_label: str = ""
    checks: list = field(default_factory=list)
    unit_id: int | None = None
    restricted: bool = False

    @property
    def id(self) -> int:
        return self.page.pk

    @property
    def title(self) -> str:
        return self.page.title

    @property
    def last_touched(self) -> datetime | None:
        dates = [d for d in (self.last_updated, self.last_reviewed) if d]
        return max(dates) if dates else None

    @property
    def is_stale(self) -> bool:
        """Past its freshness rule: too old, or for the wrong period."""
        return self.stale_by_days or not self.period_ok

    @property
    def missing_fields(self) -> list:
        return [check.problem for check in self.checks if not check.ok]

    @property
    def complete_share(self) -> float:
        if not self.checks:
            return 1.0
        return sum(1 for check in self.checks if check.ok) / len(self.checks)

    @property
    def complete(self) -> bool:
        return all(check.ok for check in self.checks)


@dataclass
class Outcome:
    """What an evaluator found for one kind (see ``scoring.registry``).

    Evaluators say *what* is wrong (``present``, ``complete_share``,
    ``current`` and the reasons, each tagged with its aspect); the engine
    turns that into points, so every kind is scored the same way.
    """

    kind: str
    supported: bool = True
    present: bool = False
    complete_share: float = 0.0
    current: bool = False
    reasons: list[Reason] = field(default_factory=list)
    pages: list[PageFacts] = field(default_factory=list)
    stale_pages: list[PageFacts] = field(default_factory=list)
    last_updated: datetime | None = None
    unit_id: int | None = None
    actions: list[Action] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    score: int = 0

    @property
    def complete(self) -> bool:
        return self.present and self.complete_share >= 1.0


@dataclass
class PartResult:
    """The result for one part of an item (5.1's contact …), or a whole item."""

    code: str
    title: str
    item: object
    part: object = None
    required: bool = True
    status: str = STATUS_MISSING
    score: int = 0
    present: bool = False
    complete: bool = False
    current: bool = False
    reasons: list[Reason] = field(default_factory=list)
    pages: list[PageFacts] = field(default_factory=list)
    stale_pages: list[PageFacts] = field(default_factory=list)
    last_updated: datetime | None = None
    unit: object = None
    actions: list[Action] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    #: In an all-or-nothing set, the one reason that costs the 100 points.
    decisive_reason: Reason | None = None

    @property
    def status_label(self) -> str:
        return status_label_for(self.status, self.reasons)

    @property
    def is_ok(self) -> bool:
        return self.status == STATUS_OK

    @property
    def primary_action(self) -> Action | None:
        return self.actions[0] if self.actions else None

    @property
    def details(self) -> dict:
        merged = {}
        for outcome in self.outcomes:
            merged.update(outcome.details)
        return merged


@dataclass
class ItemResult(PartResult):
    parts: list[PartResult] = field(default_factory=list)


@dataclass
class SiteResult:
    """The whole site against one criteria set, on one day."""

    site: object
    criteria_set: object
    today: date
    freshness_days: int
    items: list[ItemResult]
    score: float
    units: dict = field(default_factory=dict)
    has_ita_section: bool = True
    settings: object = None

    @property
    def site_name(self) -> str:
        if self.settings is not None:
            return self.settings.display_municipality_name()
        return self.site.site_name or self.site.hostname

    @property
    def ok_count(self) -> int:
        return sum(1 for item in self.items if item.is_ok)

    @property
    def item_count(self) -> int:
        return len(self.items)

    @property
    def stale_pages(self) -> list[PageFacts]:
        """Every page past its freshness rule, most overdue first, once each."""
        return [facts for _item, facts in self.stale_entries()]

    def stale_entries(self) -> list[tuple[ItemResult, PageFacts]]:
        """(item, page) pairs for every stale page, most overdue first."""
        seen = {}
        for item in self.items:
            for facts in item.stale_pages:
                seen.setdefault(facts.id, (item, facts))
        return sorted(
            seen.values(), key=lambda pair: (-pair[1].days_overdue, pair[1].id)
        )

    @property
    def rounded_score(self) -> int:
        return int(self.score + 0.5)

    def item(self, code: str) -> ItemResult:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def worst_items(self, count: int = 3) -> list[ItemResult]:
        order = {item.code: index for index, item in enumerate(self.items)}
        failing = [item for item in self.items if not item.is_ok]
        return sorted(failing, key=lambda item: (item.score, order[item.code]))[:count]

    def count_by_status(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for item in self.items:
            counts[item.status] += 1
        return counts
