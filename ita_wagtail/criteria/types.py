"""The shapes of a criteria set: frozen, hashable, and free of Django imports.

Everything here is plain data so that the registry can be loaded by a
management command, a test or a docs build without a configured Django
project; only the ``title`` helpers reach for Django, lazily.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

#: Values allowed for :attr:`CriteriaSet.scoring`.
SCORING_GRADED = "graded"
SCORING_ALL_OR_NOTHING = "all_or_nothing"
SCORINGS = (SCORING_GRADED, SCORING_ALL_OR_NOTHING)

#: Values allowed for :attr:`FreshnessRule.period`.
PERIODS: tuple[str | None, ...] = (None, "fiscal_year", "quarter", "month")

# Periods for which "which fiscal year" is a meaningful question; an offset on
# the others would be silently ignored, which hides typos in a criteria file.
_PERIODS_WITH_OFFSET = ("fiscal_year", "month")


def _current_language() -> str | None:
    # Imported lazily: the registry must stay usable without Django settings
    # (docs builds, plain scripts), where Thai is the right default.
    try:
        from django.core.exceptions import ImproperlyConfigured
        from django.utils.translation import get_language
    except ImportError:
        return None
    try:
        return get_language()
    except ImproperlyConfigured:
        return None


def _pick(thai: str, english: str) -> str:
    language = (_current_language() or "").lower()
    if language.startswith("en") and english:
        return english
    return thai


def _pick_list(thai: tuple[str, ...], english: tuple[str, ...]) -> tuple[str, ...]:
    language = (_current_language() or "").lower()
    if language.startswith("en") and english:
        return english
    return thai


@dataclass(frozen=True)
class FreshnessRule:
    """When published content for an item (or part) counts as current.

    ``days``: the content must have been updated, or reviewed as still
    correct, within this many days (section 6.5: at least every three months).

    ``period`` adds a condition on what the content is *for*:

    * ``None``: nothing beyond ``days``;
    * ``"fiscal_year"``: content for the current fiscal year plus
      ``fiscal_year_offset`` (``-1``: the previous fiscal year);
    * ``"quarter"``: content for the last quarter that has ended;
    * ``"month"``: every month of the fiscal year (current plus offset) that
      has ended is covered, by content or by an explicit "nothing this month".
    """

    days: int = 90
    period: str | None = None
    fiscal_year_offset: int = 0
    #: With ``period = "month"``: only the first ``months`` months of the
    #: fiscal year must be covered (a list "for the first six months").
    months: int | None = None

    def __post_init__(self) -> None:
        # bool is an int subclass; "days = true" in a file is a typo, not 1 day.
        if not isinstance(self.days, int) or isinstance(self.days, bool):
            raise ValueError(f"days must be an integer, got {self.days!r}")
        if self.days < 1:
            raise ValueError(f"days must be at least 1, got {self.days}")
        if self.period not in PERIODS:
            allowed = ", ".join(repr(p) for p in PERIODS if p)
            raise ValueError(
                f"period must be one of {allowed} (or left out), got {self.period!r}"
            )
        offset = self.fiscal_year_offset
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise ValueError(f"fiscal_year_offset must be an integer, got {offset!r}")
        if offset and self.period not in _PERIODS_WITH_OFFSET:
            raise ValueError(
                "fiscal_year_offset only applies when period is 'fiscal_year' "
                f"or 'month', not {self.period!r}"
            )
        if self.months is not None:
            if not isinstance(self.months, int) or isinstance(self.months, bool):
                raise ValueError(f"months must be an integer, got {self.months!r}")
            if not 1 <= self.months <= 12:
                raise ValueError(f"months must be between 1 and 12, got {self.months}")
            if self.period != "month":
                raise ValueError(
                    f"months only applies when period is 'month', not {self.period!r}"
                )

    def describe_th(self) -> str:
        text = f"ปรับปรุงหรือทบทวนภายใน {self.days} วัน"
        if self.period == "fiscal_year":
            text += f" และต้องเป็นข้อมูลของ{self._fiscal_year_th()}"
            if self.fiscal_year_offset < 0:
                text += " (หรือปีที่ใหม่กว่า)"
        elif self.period == "quarter":
            text += " และต้องเป็นข้อมูลของไตรมาสล่าสุดที่สิ้นสุดแล้ว"
        elif self.period == "month":
            months = (
                "ทุกเดือนที่ผ่านมาของปีงบประมาณปัจจุบัน"
                if self.fiscal_year_offset == 0
                else f"ทุกเดือนของ{self._fiscal_year_th()}"
            )
            if self.months:
                months = f"{self.months} เดือนแรกของ{self._fiscal_year_th()}"
            text += f" และต้องมีข้อมูลครบ{months} (เดือนที่ไม่มีรายการต้องระบุว่าไม่มี)"
        return text

    def describe_en(self) -> str:
        text = f"Updated or reviewed within {self.days} days"
        if self.period == "fiscal_year":
            text += f", and must be for {self._fiscal_year_en()}"
            if self.fiscal_year_offset < 0:
                text += " (or a later one)"
        elif self.period == "quarter":
            text += ", and must cover the last quarter that has ended"
        elif self.period == "month":
            months = (
                "every month of the current fiscal year so far"
                if self.fiscal_year_offset == 0
                else f"every month of {self._fiscal_year_en()}"
            )
            if self.months:
                months = f"the first {self.months} months of {self._fiscal_year_en()}"
            text += (
                f", and {months} must be covered "
                "(a month with nothing to publish must say so)"
            )
        return text

    def describe(self) -> str:
        return _pick(self.describe_th(), self.describe_en())

    def _fiscal_year_th(self) -> str:
        offset = self.fiscal_year_offset
        if offset == 0:
            return "ปีงบประมาณปัจจุบัน"
        if offset == -1:
            return "ปีงบประมาณก่อนหน้า"
        if offset == 1:
            return "ปีงบประมาณถัดไป"
        if offset < 0:
            return f"ปีงบประมาณย้อนหลัง {-offset} ปี"
        return f"ปีงบประมาณล่วงหน้า {offset} ปี"

    def _fiscal_year_en(self) -> str:
        offset = self.fiscal_year_offset
        if offset == 0:
            return "the current fiscal year"
        if offset == -1:
            return "the previous fiscal year"
        if offset == 1:
            return "the next fiscal year"
        if offset < 0:
            return f"the fiscal year {-offset} years back"
        return f"the fiscal year {offset} years ahead"


@dataclass(frozen=True)
class Part:
    """A named component of an item (5.1's organisation structure, ...).

    ``freshness`` is ``None`` when the part follows its item's rule; set it
    when one part ages differently (5.7's annual plan vs. its monthly records).
    """

    code: str
    title_th: str
    title_en: str
    kinds: tuple[str, ...]
    required: bool = True
    freshness: FreshnessRule | None = None
    elements_th: tuple[str, ...] = ()
    elements_en: tuple[str, ...] = ()
    #: The following four are ``None`` when the part follows its item.
    view: str | None = None
    files: tuple[str, ...] | None = None
    allows_none: bool | None = None
    none_text_th: str = ""
    to_confirm: str = ""

    @property
    def title(self) -> str:
        return _pick(self.title_th, self.title_en)

    @property
    def elements(self) -> tuple[str, ...]:
        return _pick_list(self.elements_th, self.elements_en)


@dataclass(frozen=True)
class Item:
    """One disclosure item of a criteria set (5.1 … 5.11, or O1 … in later years).

    Items either list their ``kinds`` directly or are split into ``parts``,
    each with its own kinds; :attr:`all_kinds` gives the kinds either way.
    """

    code: str
    title_th: str
    title_en: str
    description_th: str = ""
    description_en: str = ""
    parts: tuple[Part, ...] = ()
    kinds: tuple[str, ...] = ()
    responsible_unit: str = ""
    reviewer: str = ""
    freshness: FreshnessRule = FreshnessRule()
    section_ref: str = ""
    group_th: str = ""
    group_en: str = ""
    elements_th: tuple[str, ...] = ()
    elements_en: tuple[str, ...] = ()
    #: Which view of the kind's page answers the item ("monthly", "annual"):
    #: page types interpret it; empty means the page itself.
    view: str = ""
    #: File formats (lower-case extensions) the item requires published.
    files: tuple[str, ...] = ()
    #: A declared absence ("no complaints this year") answers the item.
    allows_none: bool = False
    none_text_th: str = ""
    #: Why a fact of this item is not confirmed against the NACC manual.
    to_confirm: str = ""

    @property
    def title(self) -> str:
        return _pick(self.title_th, self.title_en)

    @property
    def description(self) -> str:
        return _pick(self.description_th, self.description_en)

    @property
    def group(self) -> str:
        return _pick(self.group_th, self.group_en)

    @property
    def elements(self) -> tuple[str, ...]:
        return _pick_list(self.elements_th, self.elements_en)

    # What a part inherits from its item when it does not say otherwise.

    def rule(self, part: Part | None = None) -> FreshnessRule:
        if part is not None and part.freshness is not None:
            return part.freshness
        return self.freshness

    def _inherited(self, name: str, part: Part | None):
        # A part's None means "as the item says".
        value = getattr(part, name) if part is not None else None
        return getattr(self, name) if value is None else value

    def view_for(self, part: Part | None = None) -> str:
        return self._inherited("view", part)

    def files_for(self, part: Part | None = None) -> tuple[str, ...]:
        return self._inherited("files", part)

    def allows_none_for(self, part: Part | None = None) -> bool:
        return self._inherited("allows_none", part)

    def none_text_for(self, part: Part | None = None) -> str:
        if part is not None and part.none_text_th:
            return part.none_text_th
        return self.none_text_th

    def to_confirm_for(self, part: Part | None = None) -> str:
        notes = [self.to_confirm, part.to_confirm if part is not None else ""]
        return " ".join(note for note in notes if note)

    @property
    def all_kinds(self) -> tuple[str, ...]:
        kinds = list(self.kinds)
        for part in self.parts:
            kinds.extend(k for k in part.kinds if k not in kinds)
        return tuple(kinds)

    def part(self, code: str) -> Part:
        for part in self.parts:
            if part.code == code:
                return part
        known = ", ".join(p.code for p in self.parts) or "none"
        raise KeyError(f"Item {self.code} has no part {code!r} (parts: {known})")

    def part_for_kind(self, kind: str) -> Part | None:
        for part in self.parts:
            if kind in part.kinds:
                return part
        return None

    def freshness_for(self, kind: str) -> FreshnessRule:
        """The rule for content of ``kind``: its part's override, else the item's."""
        part = self.part_for_kind(kind)
        if part is not None and part.freshness is not None:
            return part.freshness
        return self.freshness


@dataclass(frozen=True)
class UnitSpec:
    """A responsible unit (section 6) that a fresh install seeds."""

    code: str
    name_th: str
    name_en: str
    head_position_th: str
    parent: str | None = None

    @property
    def name(self) -> str:
        return _pick(self.name_th, self.name_en)


@dataclass(frozen=True)
class CriteriaSet:
    """The items one ITA round asks for, keyed by the B.E. fiscal year it starts."""

    key: str
    fiscal_year: int
    title_th: str
    title_en: str
    source: str
    items: tuple[Item, ...]
    units: tuple[UnitSpec, ...] = ()
    format: int = 1
    #: ``"graded"`` (present / complete / current points) or
    #: ``"all_or_nothing"`` (the NACC's OIT: 100 when every element is there
    #: for the right year, else 0).
    scoring: str = "graded"
    #: The pass mark, only where a source declares one.
    pass_mark: int | None = None

    @property
    def title(self) -> str:
        return _pick(self.title_th, self.title_en)

    @property
    def all_or_nothing(self) -> bool:
        return self.scoring == SCORING_ALL_OR_NOTHING

    # cached_property writes straight into the instance __dict__, which a
    # frozen dataclass allows; the indexes stay out of eq/hash/repr.
    @cached_property
    def _items_by_code(self) -> dict[str, Item]:
        return {item.code: item for item in self.items}

    @cached_property
    def _by_kind(self) -> dict[str, tuple[tuple[Item, Part | None], ...]]:
        index: dict[str, list[tuple[Item, Part | None]]] = {}
        for item in self.items:
            for kind in item.kinds:
                index.setdefault(kind, []).append((item, None))
            for part in item.parts:
                for kind in part.kinds:
                    index.setdefault(kind, []).append((item, part))
        return {kind: tuple(places) for kind, places in index.items()}

    def item(self, code: str) -> Item:
        try:
            return self._items_by_code[code]
        except KeyError:
            known = ", ".join(self._items_by_code)
            raise KeyError(
                f"Criteria set {self.key!r} has no item {code!r} (items: {known})"
            ) from None

    def item_for_kind(self, kind: str) -> tuple[Item, Part | None] | None:
        """The first (item, part) ``kind`` answers; see :meth:`criteria_for_kind`."""
        places = self._by_kind.get(kind)
        return places[0] if places else None

    def criteria_for_kind(self, kind: str) -> tuple[tuple[Item, Part | None], ...]:
        """Every (item, part) ``kind`` answers, in file order.

        Format 2 lets one kind answer several items: the procurement summary
        page answers 2569's O11 (this year's months) and O12 (last year).
        """
        return self._by_kind.get(kind, ())

    def kinds(self) -> tuple[str, ...]:
        return tuple(self._by_kind)

    def unit(self, code: str) -> UnitSpec:
        for unit in self.units:
            if unit.code == code:
                return unit
        known = ", ".join(u.code for u in self.units) or "none"
        raise KeyError(
            f"Criteria set {self.key!r} declares no unit {code!r} (units: {known})"
        )

    def __iter__(self) -> Iterator[Item]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
