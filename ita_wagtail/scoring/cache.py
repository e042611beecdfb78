"""Keeping the last result per site between admin requests.

The dashboard, the home page panel, the summary item and the out-of-date
report are opened far more often than disclosure content changes. Their
result is kept in this process, keyed by site, criteria set, day and a
*generation* token. Every change that can move a score (a page saved,
published, unpublished, moved or deleted, a review, a view restriction, a
unit, the settings) replaces the token, so the next request computes afresh.

The token lives in Django's cache, so processes sharing a cache (Redis,
Memcached, the database cache) see each other's changes at once. With the
default per-process memory cache, another process may show a result up to
``ITA_COMPLIANCE_CACHE_SECONDS`` old (default 120; 0 turns caching off).
Saving or deleting a procurement record, plan, "no procurement"
declaration or complaint case does the same; the spreadsheet import, which
writes in bulk without signals, calls :func:`invalidate` itself.

Management commands, reminders and quarterly reports never use this cache.
"""

from __future__ import annotations

import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "ita_wagtail:compliance:generation"
DEFAULT_SECONDS = 120

_lock = threading.Lock()
_results: dict = {}


def _seconds() -> int:
    return int(getattr(settings, "ITA_COMPLIANCE_CACHE_SECONDS", DEFAULT_SECONDS))


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(GENERATION_KEY, token, None)
        token = cache.get(GENERATION_KEY, token)
    return token


def invalidate(*args, **kwargs) -> None:
    """Forget every kept result (usable directly as a signal receiver)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    with _lock:
        _results.clear()


def cached_evaluate_site(site, criteria_set=None, **kwargs):
    """:func:`~ita_wagtail.scoring.evaluate_site`, kept while nothing changed."""
    from ita_wagtail.models.compliance_settings import site_criteria_set
    from ita_wagtail.thai import fiscal_year, today

    from .engine import evaluate_site

    seconds = _seconds()
    if seconds <= 0 or kwargs:
        return evaluate_site(site, criteria_set=criteria_set, **kwargs)
    criteria_set = criteria_set or site_criteria_set(site, fiscal_year(today()))
    key = (site.pk, criteria_set.key, today(), generation())
    now = time.monotonic()
    with _lock:
        kept = _results.get(site.pk)
    if kept is not None and kept[0] == key and now - kept[1] < seconds:
        return kept[2]
    result = evaluate_site(site, criteria_set=criteria_set)
    if generation() == key[-1]:
        # Something changed while we computed (or computing created the
        # site's settings row): keep nothing rather than a stale result.
        with _lock:
            _results[site.pk] = (key, now, result)
    return result


def connect_signals() -> None:
    """Replace the generation on every change that can move a score."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from ita_wagtail.models import (
        Case,
        ComplianceSettings,
        CriteriaSetChoice,
        NoProcurementDeclaration,
        PageReview,
        Procurement,
        ProcurementPlan,
        ProcurementPlanItem,
        ResponsibleUnit,
    )
    from ita_wagtail.models.base import Page

    uid = "ita_wagtail.scoring.cache"
    page_published.connect(invalidate, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(invalidate, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(invalidate, dispatch_uid=f"{uid}.moved")
    for model in (
        PageReview,
        ComplianceSettings,
        CriteriaSetChoice,
        ResponsibleUnit,
        PageViewRestriction,
        Site,
        # Item 5.7 is scored from the register, 5.11 from overdue cases.
        Procurement,
        ProcurementPlan,
        ProcurementPlanItem,
        NoProcurementDeclaration,
        Case,
    ):
        post_save.connect(
            invalidate, sender=model, dispatch_uid=f"{uid}.save.{model.__name__}"
        )
        post_delete.connect(
            invalidate, sender=model, dispatch_uid=f"{uid}.delete.{model.__name__}"
        )
    # Pages: any page type (subclasses send the signal with their own sender).
    post_save.connect(_page_changed, dispatch_uid=f"{uid}.page_save")
    post_delete.connect(_page_changed, dispatch_uid=f"{uid}.page_delete")
    _page_model[0] = Page


_page_model = [None]


def _page_changed(sender, instance=None, **kwargs):
    page_model = _page_model[0]
    if page_model is not None and isinstance(instance, page_model):
        invalidate()
