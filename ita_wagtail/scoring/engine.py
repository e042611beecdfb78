"""Scoring a site against a criteria set: present, complete, current.

Every kind is scored the same way, out of 100:

* **present** (40 points): a live, public page or record serving it exists
  under the site; without it the kind scores 0;
* **complete** (30 points): the share of its completeness checks that pass;
* **current** (30 points): updated or reviewed within the freshness rule,
  and for the right period (fiscal year, last quarter that ended).

An item's score is its kind's, or the mean of its required parts' scores;
the site score is the mean of the item scores. Every lost point has a
reason; :func:`allocate` spreads the lost points over the reasons so that
they add up exactly.
"""

from __future__ import annotations

from ita_wagtail.thai import fiscal_year as fiscal_year_of
from ita_wagtail.thai import today as thai_today

from .context import EvaluationContext
from .registry import get_checks, get_evaluator
from .results import (
    ASPECT_COMPLETE,
    ASPECT_CURRENT,
    ASPECT_PRESENT,
    POINTS,
    STATUS_INCOMPLETE,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_STALE,
    STATUSES,
    ItemResult,
    Outcome,
    PartResult,
    Reason,
    SiteResult,
)


def round_half_up(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` integer points in proportion to ``weights``.

    Largest remainder first, so the parts always add up to ``total``.
    """
    if not weights:
        return []
    if sum(weights) <= 0:
        weights = [1.0] * len(weights)
    scale = sum(weights)
    raw = [total * weight / scale for weight in weights]
    shares = [int(value) for value in raw]
    remainder = total - sum(shares)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - shares[i]), i))
    for index in order[:remainder]:
        shares[index] += 1
    return shares


def outcome_status(outcome: Outcome) -> str:
    if not outcome.present:
        return STATUS_MISSING
    if outcome.complete_share < 1:
        return STATUS_INCOMPLETE
    if not outcome.current:
        return STATUS_STALE
    return STATUS_OK


def _spread(reasons: list[Reason], aspect: str, lost: int, fallback_text) -> None:
    mine = [reason for reason in reasons if reason.aspect == aspect]
    if lost and not mine:
        mine = [Reason(aspect, fallback_text, code=aspect)]
        reasons.append(mine[0])
    for reason, points in zip(mine, allocate(lost, [1.0] * len(mine)), strict=True):
        reason.points = points


def score_outcome(outcome: Outcome) -> Outcome:
    """Turn what an evaluator found into points, with a reason for each."""
    from django.utils.translation import gettext_lazy as _

    reasons = outcome.reasons
    if not outcome.present:
        outcome.score = 0
        for reason in reasons:
            reason.points = 0
        _spread(reasons, ASPECT_PRESENT, 100, _("Not published."))
        outcome.reasons = [r for r in reasons if r.aspect == ASPECT_PRESENT] + [
            r for r in reasons if r.aspect != ASPECT_PRESENT
        ]
        return outcome

    share = min(max(outcome.complete_share, 0.0), 1.0)
    complete_points = round_half_up(POINTS[ASPECT_COMPLETE] * share)
    current_points = POINTS[ASPECT_CURRENT] if outcome.current else 0
    for reason in reasons:
        reason.points = 0
    _spread(
        reasons,
        ASPECT_COMPLETE,
        POINTS[ASPECT_COMPLETE] - complete_points,
        _("Some required information is missing."),
    )
    _spread(
        reasons,
        ASPECT_CURRENT,
        POINTS[ASPECT_CURRENT] - current_points,
        _("Not current."),
    )
    order = {ASPECT_PRESENT: 0, ASPECT_COMPLETE: 1, ASPECT_CURRENT: 2}
    outcome.reasons = sorted(reasons, key=lambda r: order.get(r.aspect, 3))
    outcome.score = POINTS[ASPECT_PRESENT] + complete_points + current_points
    return outcome


def _file_and_absence_findings(kind, ctx, outcome):
    """What format 2 asks of the published evidence itself: the files the
    item requires, and a declared absence only where the item allows one."""
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy as _

    from .registry import Finding

    item, part = ctx.criterion(kind)
    pages = [facts.page for facts in outcome.pages]
    files = item.files_for(part)
    if files and pages:
        published = set()
        for page in pages:
            published.update(getattr(page, "ita_published_formats", set)())
        missing = [fmt for fmt in files if fmt not in published]
        if missing:
            yield Finding(
                ASPECT_COMPLETE,
                format_lazy(
                    _("No {missing} file published (the item asks for {files})."),
                    missing=", ".join(fmt.upper() for fmt in missing),
                    files=", ".join(fmt.upper() for fmt in files),
                ),
                share=len(missing) / len(files),
                code="files_missing",
            )
    if pages and not item.allows_none_for(part):
        declaring = [p for p in pages if getattr(p, "ita_declares_none", bool)()]
        if declaring and len(declaring) == len(pages):
            yield Finding(
                ASPECT_COMPLETE,
                _(
                    "The page says there is nothing to publish, but this item "
                    "cannot be answered with “none”."
                ),
                code="none_not_allowed",
            )


def evaluate_kind(kind: str, ctx: EvaluationContext) -> Outcome:
    outcome = get_evaluator(kind)(kind, ctx)
    if outcome.present:
        checks = [*get_checks(kind), _file_and_absence_findings]
        for check in checks:
            for finding in check(kind, ctx, outcome) or ():
                outcome.reasons.append(
                    Reason(
                        finding.aspect,
                        finding.text,
                        code=finding.code,
                        from_check=True,
                    )
                )
                if finding.aspect == ASPECT_COMPLETE:
                    outcome.complete_share = max(
                        0.0, outcome.complete_share - finding.share
                    )
                elif finding.aspect == ASPECT_CURRENT:
                    outcome.current = False
    return score_outcome(outcome)


def _merge(result: PartResult, outcomes: list[Outcome], ctx) -> PartResult:
    best = max(outcomes, key=lambda o: (o.present, o.score))
    result.outcomes = outcomes
    result.score = best.score
    result.status = outcome_status(best)
    result.present = best.present
    result.complete = best.complete
    result.current = best.present and best.current
    result.reasons = list(best.reasons)
    result.actions = list(best.actions)
    seen = set()
    for outcome in outcomes:
        for facts in outcome.pages:
            if facts.id not in seen:
                seen.add(facts.id)
                result.pages.append(facts)
        for facts in outcome.stale_pages:
            if facts.id not in {f.id for f in result.stale_pages}:
                result.stale_pages.append(facts)
    dates = [o.last_updated for o in outcomes if o.last_updated]
    result.last_updated = max(dates) if dates else None
    result.unit = ctx.units.get(best.unit_id) if best.unit_id else None
    return result


def _evaluate_kinds(kinds, item, part, ctx) -> list[Outcome]:
    ctx.focus = (item, part)
    try:
        return [evaluate_kind(kind, ctx) for kind in kinds]
    finally:
        ctx.focus = None


def evaluate_part(item, part, ctx) -> PartResult:
    kinds = part.kinds if part is not None else item.kinds
    result = PartResult(
        code=item.code if part is None else f"{item.code}/{part.code}",
        title=(part or item).title,
        item=item,
        part=part,
        required=part.required if part is not None else True,
    )
    return _merge(result, _evaluate_kinds(kinds, item, part, ctx), ctx)


def evaluate_item(item, ctx: EvaluationContext) -> ItemResult:
    if not item.parts:
        result = ItemResult(code=item.code, title=item.title, item=item)
        _merge(result, _evaluate_kinds(item.kinds, item, None, ctx), ctx)
        if result.unit is None:
            result.unit = ctx.units_by_code.get(item.responsible_unit)
        return result

    from django.utils.text import format_lazy

    parts = [evaluate_part(item, part, ctx) for part in item.parts]
    required = [p for p in parts if p.required] or parts
    score = round_half_up(sum(p.score for p in required) / len(required))
    result = ItemResult(
        code=item.code,
        title=item.title,
        item=item,
        parts=parts,
        score=score,
        unit=ctx.units_by_code.get(item.responsible_unit),
    )
    result.present = all(p.present for p in required)
    result.complete = result.present and all(p.complete for p in required)
    result.current = result.present and all(p.current for p in required)
    if not any(p.present for p in required):
        result.status = STATUS_MISSING
    elif not result.complete:
        result.status = STATUS_INCOMPLETE
    elif not result.current:
        result.status = STATUS_STALE
    else:
        result.status = STATUS_OK

    reasons, weights, owners = [], [], []
    for part_result in parts:
        for reason in part_result.reasons:
            owners.append(part_result)
            reasons.append(
                Reason(
                    reason.aspect,
                    format_lazy(
                        "{part}: {text}", part=part_result.title, text=reason.text
                    ),
                    code=reason.code,
                )
            )
            weights.append(reason.points if part_result in required else 0)
        result.pages.extend(part_result.pages)
        result.stale_pages.extend(part_result.stale_pages)
    for reason, points in zip(reasons, allocate(100 - score, weights), strict=True):
        reason.points = points if weights else 0
    result.reasons = reasons
    failing = sorted(
        (p for p in required if not p.is_ok),
        key=lambda p: (STATUSES.index(p.status), p.score),
    )
    for part_result in failing:
        result.actions.extend(part_result.actions[:1])
    if failing:
        first = failing[0]
        result.decisive_reason = next(
            (r for r, owner in zip(reasons, owners, strict=True) if owner is first),
            None,
        )
    dates = [p.last_updated for p in parts if p.last_updated]
    result.last_updated = max(dates) if dates else None
    return result


def _all_or_nothing(result: PartResult) -> None:
    """The NACC's OIT rule: 100 when every element is there for the right
    year, else 0. The one reason that decides it carries the 100 points."""
    for each in [*getattr(result, "parts", []), result]:
        each.score = 100 if each.is_ok else 0
        decisive = each.decisive_reason
        if decisive is None and each.reasons and not each.is_ok:
            decisive = each.reasons[0]
        for reason in each.reasons:
            reason.points = 100 if reason is decisive and not each.is_ok else 0
        each.decisive_reason = decisive if not each.is_ok else None


def evaluate_site(site, criteria_set=None, today=None, settings=None) -> SiteResult:
    """Score ``site`` against ``criteria_set``.

    ``criteria_set`` defaults to the site's set for the fiscal year of
    ``today``; ``today`` (a date) to today in Bangkok; ``settings`` to the
    site's :class:`~ita_wagtail.models.ComplianceSettings`.
    """
    from ita_wagtail.models.compliance_settings import site_criteria_set

    today = today or thai_today()
    criteria_set = criteria_set or site_criteria_set(site, fiscal_year_of(today))
    ctx = EvaluationContext(site, criteria_set, today, settings)
    items = [evaluate_item(item, ctx) for item in criteria_set]
    if criteria_set.all_or_nothing:
        for item_result in items:
            _all_or_nothing(item_result)
    score = round(sum(i.score for i in items) / len(items), 1) if items else 0.0
    return SiteResult(
        site=site,
        criteria_set=criteria_set,
        today=ctx.today,
        freshness_days=ctx.freshness_days,
        items=items,
        score=score,
        units=ctx.units,
        has_ita_section=ctx.ita_index is not None,
        settings=ctx.settings,
    )


def evaluate_page(page, today=None, criteria_set=None):
    """Freshness and completeness of one page, as the engine sees it.

    ``None`` for a page that serves no kind of the criteria set. Used by the
    review screen and the page's own hints; the dashboard uses
    :func:`evaluate_site`, which does this for every page at once.
    """
    from django.db.models import Max

    from ita_wagtail.models.compliance_settings import site_criteria_set
    from ita_wagtail.models.reviews import PageReview

    from .freshness import page_facts
    from .pages import model_target

    page = page.specific
    kind = getattr(page, "ita_page_kind", "")
    site = page.get_site()
    if not kind or site is None:
        return None
    today = today or thai_today()
    criteria_set = criteria_set or site_criteria_set(site, fiscal_year_of(today))
    if criteria_set.item_for_kind(kind) is None:
        return None
    ctx = EvaluationContext(site, criteria_set, today)
    type(page).ita_prepare_scoring([page])
    last_reviewed = PageReview.objects.filter(page_id=page.pk).aggregate(
        latest=Max("reviewed_at")
    )["latest"]
    return page_facts(
        page,
        kind=kind,
        days=ctx.days(kind),
        target=model_target(type(page), ctx.target(kind)),
        today=ctx.today,
        last_reviewed=last_reviewed,
        checks=page.ita_completeness_checks(ctx.today),
        unit_id=page.responsible_unit_id,
        restricted=ctx.is_restricted(page),
    )
