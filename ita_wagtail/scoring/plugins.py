"""Ready-made adapters for the registers other features provide.

Item 5.7 is scored from the procurement register and item 5.11 looks at
complaint handling; both live in their own features. Each provides one
function, and one call here plugs it into the engine::

    # in the procurement feature's AppConfig.ready()
    from ita_wagtail.scoring.plugins import register_procurement
    register_procurement(procurement_compliance)

    # in the channels feature's AppConfig.ready()
    from ita_wagtail.scoring.plugins import register_overdue_complaints
    register_overdue_complaints(overdue_case_count)

Until they are installed, 5.7 counts as missing ("nothing on this site can
publish it yet") and 5.11 is scored from its page alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ita_wagtail.thai import THAI_MONTHS_ABBR, format_fiscal_year, to_be_year

from .registry import (
    Finding,
    register_check,
    register_evaluator,
    registered_checks,
    unregister_check,
)
from .results import (
    ACTION_LINK,
    ASPECT_COMPLETE,
    ASPECT_CURRENT,
    ASPECT_PRESENT,
    Action,
    Outcome,
    Reason,
)

PROCUREMENT_PLAN = "procurement_plan"
PROCUREMENT_RECORDS = "procurement_records"
PROCUREMENT_SUMMARY = "procurement_summary"


def _get(facts, name, default=None):
    if isinstance(facts, Mapping):
        return facts.get(name, default)
    return getattr(facts, name, default)


def _month_label(month) -> str:
    """ "ต.ค. 2567" for (2024, 10); strings are shown as given."""
    if isinstance(month, tuple | list) and len(month) == 2:
        year, number = month
        return f"{THAI_MONTHS_ABBR[int(number) - 1]} {to_be_year(int(year))}"
    if hasattr(month, "year") and hasattr(month, "month"):
        return f"{THAI_MONTHS_ABBR[month.month - 1]} {to_be_year(month.year)}"
    return str(month)


def procurement_evaluators(procurement_compliance: Callable) -> dict:
    """Evaluators for 5.7's plan and records parts.

    ``procurement_compliance(site, fiscal_year, today)`` is called once per
    evaluation and returns a mapping or an object with:

    * ``has_plan`` (bool): an annual procurement plan for ``fiscal_year`` is published;
    * ``total_records`` and ``complete_records`` (int): procurement records of
      the fiscal year, and how many have every field 5.7 names;
    * ``share_complete`` (0–1, optional: computed from the two counts);
    * ``months_missing``: months of the fiscal year that have ended with
      neither a record nor a "no procurement" declaration, as (year, month)
      tuples in C.E., dates, or labels;
    * optional ``last_updated`` (datetime), ``plan_url`` and ``records_url``
      (admin URLs of the plan and of the procurement list).
    """

    def facts_for(ctx, kind=PROCUREMENT_RECORDS):
        key = ("procurement", ctx.target(kind).fiscal_year)
        if key not in ctx.memo:
            fiscal_year = key[1]
            ctx.memo[key] = procurement_compliance(ctx.site, fiscal_year, ctx.today)
        return ctx.memo[key], key[1]

    def unit_id(ctx, kind):
        unit = ctx.default_unit(kind)
        return unit.pk if unit else None

    def plan(kind, ctx):
        facts, fiscal_year = facts_for(ctx)
        outcome = Outcome(kind=kind, unit_id=unit_id(ctx, kind))
        outcome.last_updated = _get(facts, "last_updated")
        url = _get(facts, "plan_url") or _get(facts, "records_url")
        if url:
            outcome.actions.append(
                Action(ACTION_LINK, _("Open the procurement plan"), url=url)
            )
        if not _get(facts, "has_plan", False):
            outcome.reasons.append(
                Reason(
                    ASPECT_PRESENT,
                    format_lazy(
                        _("No annual procurement plan for {year}."),
                        year=format_fiscal_year(fiscal_year),
                    ),
                    code="missing",
                )
            )
            return outcome
        outcome.present = True
        outcome.complete_share = 1.0
        outcome.current = True
        return outcome

    def records(kind, ctx):
        facts, fiscal_year = facts_for(ctx)
        total = int(_get(facts, "total_records", 0) or 0)
        complete = int(_get(facts, "complete_records", 0) or 0)
        share = _get(facts, "share_complete")
        if share is None:
            share = complete / total if total else 1.0
        months_missing = _within_rule(ctx.rule(kind), _get(facts, "months_missing"))
        outcome = Outcome(kind=kind, unit_id=unit_id(ctx, kind))
        outcome.last_updated = _get(facts, "last_updated")
        outcome.details = {
            "total_records": total,
            "complete_records": complete,
            "share_complete": float(share),
            "months_missing": [_month_label(m) for m in months_missing],
        }
        url = _get(facts, "records_url")
        if url:
            outcome.actions.append(
                Action(ACTION_LINK, _("Open the procurement list"), url=url)
            )
        declared_everything = not months_missing
        if total == 0 and not declared_everything:
            outcome.reasons.append(
                Reason(
                    ASPECT_PRESENT,
                    format_lazy(
                        _("No procurement records for {year}."),
                        year=format_fiscal_year(fiscal_year),
                    ),
                    code="missing",
                )
            )
            return outcome
        outcome.present = True
        outcome.complete_share = float(share)
        if total and complete < total:
            outcome.reasons.append(
                Reason(
                    ASPECT_COMPLETE,
                    format_lazy(
                        ngettext_lazy(
                            "{count} of {total} procurement record lacks fields "
                            "item 5.7 requires.",
                            "{count} of {total} procurement records lack fields "
                            "item 5.7 requires.",
                            "count",
                        ),
                        count=total - complete,
                        total=total,
                    ),
                    code="records_incomplete",
                )
            )
        outcome.current = declared_everything
        if months_missing:
            outcome.reasons.append(
                Reason(
                    ASPECT_CURRENT,
                    format_lazy(
                        _(
                            "No record and no “no procurement” declaration "
                            "for: {months}."
                        ),
                        months=", ".join(_month_label(m) for m in months_missing),
                    ),
                    code="months_missing",
                )
            )
        return outcome

    return {PROCUREMENT_PLAN: plan, PROCUREMENT_RECORDS: records}


def _within_rule(rule, months) -> list:
    """The uncovered months the rule asks about: all of them, or only the
    first ``rule.months`` of the fiscal year ("the first six months")."""
    months = list(months or [])
    if not rule.months:
        return months

    def index_in_fiscal_year(month):
        number = month[1] if isinstance(month, tuple | list) else month.month
        return (int(number) - 10) % 12

    return [m for m in months if index_in_fiscal_year(m) < rule.months]


def procurement_summary_check(procurement_compliance: Callable):
    """A check for the procurement summary page where an item names one of
    its views: the summary of a fiscal year is only whole when every ended
    month of it has records or a "no procurement" declaration (2569's O11
    for this year, O12 for the last)."""

    def check(kind, ctx, outcome):
        """Where an item names a view of the summary, every month of its
        fiscal year has records or a "no procurement" declaration."""
        # Only where an item names a view of the summary (the OIT lists):
        # the 2562 measure scores the months on its records part already.
        item, part = ctx.criterion(kind)
        rule = ctx.rule(kind)
        if not item.view_for(part) or rule.period not in ("fiscal_year", "month"):
            return
        fiscal_year = ctx.target(kind).fiscal_year
        key = ("procurement", fiscal_year)
        if key not in ctx.memo:
            ctx.memo[key] = procurement_compliance(ctx.site, fiscal_year, ctx.today)
        missing = _within_rule(rule, _get(ctx.memo[key], "months_missing"))
        if missing:
            yield Finding(
                ASPECT_CURRENT,
                format_lazy(
                    _(
                        "The summary for {year} lacks records or a “no "
                        "procurement” declaration for: {months}."
                    ),
                    year=format_fiscal_year(fiscal_year),
                    months=", ".join(_month_label(m) for m in missing),
                ),
                code="months_missing",
            )

    return check


def register_procurement(procurement_compliance: Callable) -> None:
    """Score 5.7's plan and records from ``procurement_compliance``, and
    check the summary page's months against the same register."""
    for kind, evaluator in procurement_evaluators(procurement_compliance).items():
        register_evaluator(kind, evaluator, replace=True)
    for function in list(registered_checks().get(PROCUREMENT_SUMMARY, [])):
        if getattr(function, "ita_procurement_summary", False):
            unregister_check(PROCUREMENT_SUMMARY, function)
    check = procurement_summary_check(procurement_compliance)
    check.__qualname__ = "procurement_summary_check"
    check.ita_procurement_summary = True
    register_check(PROCUREMENT_SUMMARY, check)


def overdue_complaints_check(overdue_case_count: Callable, cases_url: str = ""):
    """A check for item 5.11: complaints past their deadline make it not current.

    ``overdue_case_count(site, today)`` returns how many complaints are open
    past their handling deadline; ``cases_url`` (optional) is the admin list
    of those cases, offered as the action that fixes it.
    """

    def check(kind, ctx, outcome):
        count = int(overdue_case_count(ctx.site, ctx.today) or 0)
        outcome.details["overdue_cases"] = count
        if count:
            if cases_url:
                outcome.actions.append(
                    Action(
                        ACTION_LINK,
                        _("Open the overdue complaints"),
                        url=str(cases_url),
                    )
                )
            yield Finding(
                ASPECT_CURRENT,
                format_lazy(
                    ngettext_lazy(
                        "{count} complaint is past its handling deadline.",
                        "{count} complaints are past their handling deadline.",
                        "count",
                    ),
                    count=count,
                ),
                code="overdue_cases",
            )

    return check


def register_overdue_complaints(
    overdue_case_count: Callable, kinds=("complaint_channel",), cases_url: str = ""
) -> None:
    check = overdue_complaints_check(overdue_case_count, cases_url)
    for kind in kinds:
        register_check(kind, check)


__all__ = [
    "ASPECT_COMPLETE",
    "PROCUREMENT_PLAN",
    "PROCUREMENT_RECORDS",
    "PROCUREMENT_SUMMARY",
    "procurement_summary_check",
    "overdue_complaints_check",
    "procurement_evaluators",
    "register_overdue_complaints",
    "register_procurement",
]
