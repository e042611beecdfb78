"""The scoring rules in words, generated from the registry and the page types.

Used by the admin's "How the score is calculated" screen and by the
documentation (``docs/compliance/scoring-rules.md`` is this module's output;
a test fails when the committed file and the code disagree). Regenerate it
with::

    cd example_site && python manage.py ita_scoring_rules \
        --output ../docs/compliance/scoring-rules.md

On a real site the same command lists that site's own page types and the
registers plugged into the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_wagtail.criteria import default_criteria_set

from .registry import registered_checks, registered_evaluators
from .results import ASPECT_COMPLETE, ASPECT_CURRENT, ASPECT_PRESENT, POINTS


@dataclass
class PageTypeRule:
    name: str
    label: str
    checks: list[str]


@dataclass
class KindRule:
    kind: str
    freshness: str
    page_types: list[PageTypeRule] = field(default_factory=list)
    evaluator: str = ""
    checks: list[str] = field(default_factory=list)
    #: Format 2's conditions: the view, required files, declared absence.
    conditions: list[str] = field(default_factory=list)

    @property
    def served(self) -> bool:
        return bool(self.page_types or self.evaluator)


@dataclass
class PartRule:
    code: str
    title: str
    required: bool
    kinds: list[KindRule]


@dataclass
class ItemRule:
    code: str
    title_th: str
    title_en: str
    unit: str
    section_ref: str
    parts: list[PartRule]


def _summary(function) -> str:
    doc = (getattr(function, "__doc__", "") or "").strip().splitlines()
    name = f"{function.__module__}.{getattr(function, '__qualname__', function)}"
    return f"{name}: {doc[0]}" if doc else name


def _conditions(item, part) -> list[str]:
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy as _

    conditions = []
    if item.view_for(part):
        conditions.append(
            format_lazy(
                _("answered by the page's “{view}” view"), view=item.view_for(part)
            )
        )
    if item.files_for(part):
        formats = ", ".join(fmt.upper() for fmt in item.files_for(part))
        conditions.append(
            format_lazy(_("published as files: {formats}"), formats=formats)
        )
    if item.allows_none_for(part):
        text = item.none_text_for(part)
        conditions.append(
            format_lazy(_("a declared absence counts (“{text}”)"), text=text)
            if text
            else _("a declared absence counts")
        )
    return conditions


def _kind_rule(item, part, kind, by_kind, evaluators, checks) -> KindRule:
    rule = KindRule(
        kind=kind,
        freshness=item.rule(part).describe(),
        conditions=_conditions(item, part),
    )
    if kind in evaluators:
        rule.evaluator = _summary(evaluators[kind])
    else:
        for model in by_kind.get(kind, []):
            rule.page_types.append(
                PageTypeRule(
                    name=model.__name__,
                    label=str(model._meta.verbose_name),
                    checks=model.ita_completeness_rules(),
                )
            )
    rule.checks = [_summary(fn) for fn in checks.get(kind, [])]
    return rule


def describe_rules(criteria_set=None) -> list[ItemRule]:
    from ita_wagtail.models.index import disclosure_page_models

    criteria_set = criteria_set or default_criteria_set()
    by_kind: dict[str, list] = {}
    any_kind = []
    for model in disclosure_page_models():
        if getattr(model, "ita_any_kind", False):
            any_kind.append(model)
        else:
            by_kind.setdefault(model.ita_kind, []).append(model)
    for kind in criteria_set.kinds():
        # Kinds no structured type serves are answered by the generic page.
        if kind not in by_kind and any_kind:
            by_kind[kind] = list(any_kind)
    evaluators, checks = registered_evaluators(), registered_checks()
    units = {unit.code: unit for unit in criteria_set.units}
    rules = []
    for item in criteria_set:
        unit = units.get(item.responsible_unit)
        if item.parts:
            parts = [
                PartRule(
                    code=part.code,
                    title=part.title,
                    required=part.required,
                    kinds=[
                        _kind_rule(item, part, kind, by_kind, evaluators, checks)
                        for kind in part.kinds
                    ],
                )
                for part in item.parts
            ]
        else:
            parts = [
                PartRule(
                    code="",
                    title="",
                    required=True,
                    kinds=[
                        _kind_rule(item, None, kind, by_kind, evaluators, checks)
                        for kind in item.kinds
                    ],
                )
            ]
        rules.append(
            ItemRule(
                code=item.code,
                title_th=item.title_th,
                title_en=item.title_en,
                unit=unit.name if unit else item.responsible_unit,
                section_ref=item.section_ref,
                parts=parts,
            )
        )
    return rules


POINTS_TEXT = f"""\
Every item (or each part of an item that has parts) is scored out of 100:

* **present** — {POINTS[ASPECT_PRESENT]} points: a live page (or register record)
  serving it exists under the site and is public. A draft, a page restricted
  to signed-in users, or nothing at all scores 0 for the whole item or part.
* **complete** — {POINTS[ASPECT_COMPLETE]} points, in proportion to the
  completeness checks that pass (listed per page type below). Every page
  that counts must be complete.
* **current** — {POINTS[ASPECT_CURRENT]} points: updated or marked as
  reviewed within the freshness rule (and never later than the site's
  *freshness (days)* setting, 90 by default), and for the right period:
  annual items need the current fiscal year (the annual report the previous
  one), plan progress the last quarter that has ended.

An item with parts scores the mean of its required parts. The site score is
the mean of the item scores; "ITA 9/11" counts the items with no problem.
Status: *missing* (not present), *incomplete* (present but a check fails or
a required part is missing), *not current* (complete but too old or for the
wrong period), *OK*.

"Older than three months" means: neither published nor marked as reviewed
for the rule's days, counted in Bangkok calendar days; a page is out of date
from the day after its due date. Marking a page as reviewed restarts the
clock without an edit; it does not change the period the page is for.

Sets that score **all or nothing** (the NACC's OIT lists) give an item 100
when it is present, complete and current by the rules above, else 0: the
NACC gives no partial credit. The dashboard names the one reason that
costs the item its 100 points. The site score is then the share of items
that pass, the score the assessment would give if it looked today. A pass
mark is shown only where a set declares one.
"""


def rules_markdown(criteria_set=None) -> str:
    """The rules as Markdown (English; Thai titles alongside), for
    ``criteria_set`` or, by default, every installed set."""
    from django.utils import translation

    from ita_wagtail.criteria import available_criteria_sets

    with translation.override("en"):
        sets = (
            [criteria_set] if criteria_set else list(available_criteria_sets().values())
        )
        lines = [
            "# Scoring rules",
            "",
            "<!-- Generated by `manage.py ita_scoring_rules`; do not edit. -->",
            "",
            "Criteria sets: "
            + ", ".join(f"`{each.key}` ({each.title_en})" for each in sets)
            + ".",
            "",
            "## How points are given",
            "",
            POINTS_TEXT,
        ]
        for each in sets:
            lines += _set_lines(each)
        return "\n".join(lines).rstrip() + "\n"


def _set_lines(criteria_set) -> list[str]:
    scoring = (
        "all or nothing (100 or 0 per item)"
        if criteria_set.all_or_nothing
        else "graded (present, complete, current)"
    )
    pass_mark = (
        f" Pass mark: {criteria_set.pass_mark}."
        if criteria_set.pass_mark is not None
        else ""
    )
    lines = [
        f"## Criteria set `{criteria_set.key}`",
        "",
        f"{criteria_set.title_en} — fiscal year B.E. {criteria_set.fiscal_year}, "
        f"scored {scoring}.{pass_mark}",
        "",
    ]
    for item in describe_rules(criteria_set):
        lines += [f"### {item.code} {item.title_en}", "", f"*{item.title_th}*", ""]
        section = f" (section {item.section_ref})" if item.section_ref else ""
        lines += [f"Responsible unit: {item.unit}{section}.", ""]
        for part in item.parts:
            indent = ""
            if part.code:
                optional = "" if part.required else " (optional)"
                lines.append(f"- **Part `{part.code}`** — {part.title}{optional}")
                indent = "  "
            for kind in part.kinds:
                lines += _kind_lines(kind, indent)
        lines.append("")
    return lines


def _kind_lines(kind: KindRule, indent: str) -> list[str]:
    lines = [f"{indent}- Kind `{kind.kind}`. Freshness: {kind.freshness}."]
    inner = indent + "  "
    if kind.conditions:
        conditions = "; ".join(str(condition) for condition in kind.conditions)
        lines.append(f"{inner}- Also: {conditions}.")
    if kind.evaluator:
        lines.append(f"{inner}- Scored by the register: `{kind.evaluator}`")
    elif kind.page_types:
        for page_type in kind.page_types:
            checks = "; ".join(page_type.checks) if page_type.checks else "exists"
            lines.append(
                f"{inner}- Page type `{page_type.name}` ({page_type.label}). "
                f"Complete when it has: {checks}."
            )
    else:
        lines.append(
            f"{inner}- Nothing in this installation serves it yet: counts as missing."
        )
    for check in kind.checks:
        lines.append(f"{inner}- Extra check: `{check}`")
    return lines


__all__ = [
    "ASPECT_COMPLETE",
    "ASPECT_CURRENT",
    "ItemRule",
    "KindRule",
    "PartRule",
    "describe_rules",
    "rules_markdown",
]
