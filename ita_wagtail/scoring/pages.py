"""The default evaluator: kinds served by page types.

For one kind it loads, per page type serving it, the live pages under the
site that count for the current period (one query plus the type's own
prefetches), falls back to the latest page of another period when there is
none, and reads each page's completeness checks and freshness.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .freshness import Target, page_facts
from .results import (
    ACTION_CREATE,
    ACTION_EDIT,
    ACTION_PUBLISH,
    ACTION_REVIEW,
    ASPECT_COMPLETE,
    ASPECT_CURRENT,
    ASPECT_PRESENT,
    Action,
    Outcome,
    Reason,
)


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def model_target(model, target: Target) -> Target:
    """The target, or none when the page type does not record the period."""
    names = _field_names(model)
    if target.period in ("fiscal_year", "month") and "fiscal_year" in names:
        return target
    if target.period == "quarter" and {"fiscal_year", "quarter"} <= names:
        return target
    return Target()


def _period_filter(target: Target):
    if target.period == "fiscal_year" and target.looks_back:
        return Q(fiscal_year__gte=target.fiscal_year)
    if target.period in ("fiscal_year", "month"):
        return Q(fiscal_year=target.fiscal_year)
    if target.period == "quarter":
        return Q(fiscal_year=target.fiscal_year, quarter__gte=target.quarter) | Q(
            fiscal_year__gt=target.fiscal_year
        )
    return None


def _fallback_order(target: Target) -> list[str]:
    if target.period == "quarter":
        return ["-fiscal_year", "-quarter", "-last_published_at"]
    return ["-fiscal_year", "-last_published_at"]


def _load_any_kind(model, ctx, kind, target):
    """The same as :func:`_load` for a page type whose pages each name their
    kind, from one query per type for every kind (see
    ``EvaluationContext.any_kind_pages``), so that 26 generic items cost
    what one does."""
    pages = ctx.any_kind_pages(model).get(kind, [])
    if target.period not in ("fiscal_year", "month"):
        return list(pages), [], target
    if target.looks_back:
        matching = [p for p in pages if (p.fiscal_year or 0) >= target.fiscal_year]
        if matching:
            latest_year = max(p.fiscal_year for p in matching)
            matching = [p for p in matching if p.fiscal_year == latest_year]
    else:
        matching = [p for p in pages if p.fiscal_year == target.fiscal_year]
    if matching:
        return matching, [], target
    older = sorted(
        pages,
        key=lambda p: (
            -(p.fiscal_year or 0),
            -(p.last_published_at.timestamp() if p.last_published_at else 0),
        ),
    )
    return [], older[:1], target


def _load(model, ctx, kind):
    """(pages for the target period, fallback pages, target) for one type."""
    target = model_target(model, ctx.target(kind))
    if getattr(model, "ita_any_kind", False):
        return _load_any_kind(model, ctx, kind, target)
    base = model.ita_scoring_queryset(ctx.live_pages(model))
    condition = _period_filter(target)
    if condition is None:
        return list(base.order_by("path")), [], target
    pages = list(base.filter(condition).order_by("path"))
    if pages and target.looks_back:
        # Reports on the year asked for or later: the latest year is scored,
        # so an older report left on the site does not count against it.
        latest_year = max(page.fiscal_year for page in pages)
        pages = [page for page in pages if page.fiscal_year == latest_year]
    if pages:
        return pages, [], target
    latest = base.order_by(*_fallback_order(target)).first()
    return [], ([latest] if latest is not None else []), target


def page_evaluator(kind: str, ctx) -> Outcome:
    models = ctx.page_models(kind)
    item, part = ctx.criterion(kind)
    title = (part or item).title
    if not models:
        return Outcome(
            kind=kind,
            supported=False,
            reasons=[
                Reason(
                    ASPECT_PRESENT,
                    _("Nothing installed on this site publishes this yet."),
                    code="unsupported",
                )
            ],
            unit_id=getattr(ctx.default_unit(kind), "pk", None),
        )

    days = ctx.days(kind)
    current, fallback, seen = [], [], set()
    target = ctx.target(kind)
    for model in models:
        pages, older, type_target = _load(model, ctx, kind)
        pages = [p for p in pages if p.pk not in seen]
        older = [p for p in older if p.pk not in seen]
        seen.update(p.pk for p in pages + older)
        if (pages or older) and not getattr(model, "ita_any_kind", False):
            # (Any-kind pages were prepared once, as they were loaded.)
            model.ita_prepare_scoring(pages + older)
        current_ids = {page.pk for page in pages}
        for page in pages + older:
            facts = page_facts(
                page,
                kind=kind,
                days=days,
                target=type_target,
                today=ctx.today,
                last_reviewed=getattr(page, "ita_latest_review", None),
                checks=page.ita_completeness_checks(ctx.today),
                unit_id=page.responsible_unit_id,
                restricted=ctx.is_restricted(page),
            )
            (current if page.pk in current_ids else fallback).append(facts)

    default_unit = ctx.default_unit(kind)
    outcome = Outcome(kind=kind, unit_id=getattr(default_unit, "pk", None))
    visible = [f for f in current if not f.restricted]
    visible_fallback = [f for f in fallback if not f.restricted]
    restricted = [f for f in current + fallback if f.restricted]
    scored = visible or visible_fallback

    if not scored:
        _missing(kind, ctx, outcome, title, restricted)
        return outcome

    outcome.present = True
    outcome.pages = scored
    outcome.last_updated = max(
        (f.last_touched for f in scored if f.last_touched), default=None
    )
    units = [f.unit_id for f in scored if f.unit_id]
    if units:
        outcome.unit_id = units[0]

    # Completeness: every page that counts must be complete.
    outcome.complete_share = sum(f.complete_share for f in scored) / len(scored)
    several = len(scored) > 1
    for facts in scored:
        for problem in facts.missing_fields:
            text = (
                format_lazy(_("{page}: missing {what}"), page=facts.title, what=problem)
                if several
                else format_lazy(_("Missing {what}"), what=problem)
            )
            outcome.reasons.append(Reason(ASPECT_COMPLETE, text, code="field"))

    # Currency: the right period, and updated or reviewed within the rule.
    outcome.current = True
    if not visible:
        outcome.current = False
        latest = visible_fallback[0]
        outcome.reasons.append(
            Reason(
                ASPECT_CURRENT,
                format_lazy(
                    _("No {title} for {period} yet (the latest is for {latest})."),
                    title=title,
                    period=target.label,
                    latest=latest.period_label or "—",
                ),
                code="wrong_period",
            )
        )
    for facts in scored:
        if facts.stale_by_days:
            outcome.current = False
            outcome.reasons.append(
                Reason(
                    ASPECT_CURRENT,
                    _stale_text(facts, several),
                    code="stale",
                )
            )
    outcome.stale_pages = [f for f in scored if f.is_stale]
    outcome.actions = _actions(kind, ctx, outcome, scored, visible, target)
    return outcome


def _stale_text(facts, several):
    if facts.days_since_update is None:
        text = _("Never published with a date; review or republish it.")
    else:
        text = format_lazy(
            _("Not updated or reviewed for {days} days (the rule is {limit} days)."),
            days=facts.days_since_update,
            limit=facts.freshness_days,
        )
    if several:
        return format_lazy("{page}: {text}", page=facts.title, text=text)
    return text


def _missing(kind, ctx, outcome, title, restricted):
    drafts = ctx.drafts(kind)
    if restricted:
        outcome.reasons.append(
            Reason(
                ASPECT_PRESENT,
                _(
                    "Published, but only for signed-in users or with a password: "
                    "assessors cannot open it."
                ),
                code="restricted",
            )
        )
        outcome.actions.append(
            Action(
                ACTION_EDIT,
                _("Open the page's privacy settings"),
                page_id=restricted[0].id,
            )
        )
        return
    if drafts:
        outcome.reasons.append(
            Reason(
                ASPECT_PRESENT,
                _("A draft exists but has not been published."),
                code="draft_only",
            )
        )
        outcome.actions.append(
            Action(
                ACTION_PUBLISH,
                _("Finish and publish the draft"),
                page_id=drafts[0]["pk"],
            )
        )
        return
    outcome.reasons.append(
        Reason(
            ASPECT_PRESENT,
            format_lazy(_("No published page for “{title}”."), title=title),
            code="missing",
        )
    )
    target = ctx.target(kind)
    model, parent = ctx.creation_target(kind, _parent_fiscal_year(target))
    if model is not None:
        outcome.actions.append(
            Action(
                ACTION_CREATE,
                _("Create the page"),
                parent_page_id=parent.pk,
                model=model._meta.label_lower,
            )
        )


def _parent_fiscal_year(target: Target):
    # A report for a quarter lives under the plan of that quarter's year.
    return target.fiscal_year if target.period == "quarter" else None


def _actions(kind, ctx, outcome, scored, visible, target):
    primary = scored[0]
    actions = []
    if not visible:
        model, parent = ctx.creation_target(kind, _parent_fiscal_year(target))
        if model is not None:
            actions.append(
                Action(
                    ACTION_CREATE,
                    format_lazy(_("Create for {period}"), period=target.label),
                    parent_page_id=parent.pk,
                    model=model._meta.label_lower,
                )
            )
    incomplete = [f for f in scored if not f.complete]
    if incomplete:
        actions.append(
            Action(ACTION_EDIT, _("Complete the page"), page_id=incomplete[0].id)
        )
    stale = [f for f in scored if f.stale_by_days and f.period_ok]
    if stale:
        actions.append(
            Action(ACTION_REVIEW, _("Mark as reviewed"), page_id=stale[0].id)
        )
        if not incomplete:
            actions.append(
                Action(ACTION_EDIT, _("Update the page"), page_id=stale[0].id)
            )
    if not actions:
        actions.append(Action(ACTION_EDIT, _("Edit"), page_id=primary.id))
    return actions


__all__ = ["page_evaluator"]
