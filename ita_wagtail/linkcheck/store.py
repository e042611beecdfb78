"""Running a check of a site and keeping its results.

:func:`run_link_check` collects the links, checks each distinct one once
and stores one :class:`~ita_wagtail.models.LinkCheckResult` per place a
link is shown. A run without external links keeps the previous results of
the external links it found, with the time they were checked. Results of
older runs are dropped once a run finishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ita_wagtail.models.linkcheck import (
    PROBLEM_STATUSES,
    LinkCheckResult,
    LinkCheckRun,
    LinkStatus,
    LinkTarget,
)

from .collect import clean_url, collect_links
from .external import ExternalChecker
from .internal import InternalResolver, is_internal_url, site_hostnames


@dataclass
class CheckReport:
    site: object
    run: LinkCheckRun | None
    results: list = field(default_factory=list)

    @property
    def problems(self):
        return [result for result in self.results if result.status in PROBLEM_STATUSES]


def _unit(page, cache):
    if page.pk not in cache:
        getter = getattr(page, "get_responsible_unit", None)
        cache[page.pk] = getter() if getter else None
    return cache[page.pk]


def _previous_external(site):
    run = latest_run(site)
    if run is None:
        return {}
    return {
        result.url: result
        for result in LinkCheckResult.objects.filter(run=run, internal=False)
    }


def check_site(site, external=True, checker=None, resolver=None):
    """Unsaved results for every link of the site's ITA section."""
    own_checker = checker is None and external
    checker = checker or (ExternalChecker() if external else None)
    try:
        return _check_site(site, external, checker, resolver)
    finally:
        if own_checker:
            checker.session.close()


def _check_site(site, external, checker, resolver):
    resolver = resolver or InternalResolver(site)
    hostnames = site_hostnames()
    previous = {} if external else _previous_external(site)
    units = {}
    results = []
    for link in collect_links(site):
        url = clean_url(link.url)
        internal = link.target != LinkTarget.LINK or is_internal_url(url, hostnames)
        checked_at = timezone.now()
        if link.target == LinkTarget.LINK and not internal:
            if external:
                outcome = checker.check(url)
            elif url in previous:
                old = previous[url]
                outcome = old
                checked_at = old.checked_at
            else:
                continue
        else:
            outcome = resolver.check(link.target, link.object_id, url)
        page = link.page
        results.append(
            LinkCheckResult(
                site=site,
                url=url or _address(link, outcome),
                target=link.target,
                internal=internal,
                page_id=page.pk,
                page_kind=getattr(page, "ita_page_kind", "") or "",
                field=link.field[:255],
                field_label=link.field_label[:255],
                status=outcome.status,
                http_status=outcome.http_status,
                final_url=outcome.final_url or "",
                message=outcome.message or "",
                unit=_unit(page, units),
                checked_at=checked_at,
            )
        )
    return results


def _address(link, outcome):
    """A readable address for a link stored by id (page, document, image)."""
    if outcome.final_url:
        return outcome.final_url
    if link.target == LinkTarget.PAGE and link.object_id == link.page.pk:
        return link.page.get_full_url() or link.page.url_path
    return f"{link.target}:{link.object_id}"


def run_link_check(site, external=True, dry_run=False, checker=None) -> CheckReport:
    """Check the site's ITA section; store the results unless ``dry_run``."""
    if dry_run:
        return CheckReport(site, None, check_site(site, external, checker))
    run = LinkCheckRun.objects.create(site=site, external=external)
    try:
        results = check_site(site, external, checker)
    except Exception as error:
        LinkCheckRun.objects.filter(pk=run.pk).update(
            state=LinkCheckRun.State.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:2000],
        )
        raise
    with transaction.atomic():
        for result in results:
            result.run = run
        LinkCheckResult.objects.bulk_create(results, batch_size=500)
        run.state = LinkCheckRun.State.FINISHED
        run.finished_at = timezone.now()
        run.link_count = len(results)
        run.problem_count = sum(1 for r in results if r.status in PROBLEM_STATUSES)
        run.save(update_fields=["state", "finished_at", "link_count", "problem_count"])
        LinkCheckResult.objects.filter(site=site).exclude(run=run).delete()
    return CheckReport(site, run, results)


# -- Reading the results -----------------------------------------------------


def latest_run(site):
    """The site's latest finished run, or None."""
    return (
        LinkCheckRun.objects.filter(site=site, state=LinkCheckRun.State.FINISHED)
        .order_by("-finished_at", "-pk")
        .first()
    )


def running_run(site):
    """A run of the site still going (started within the hour), or None."""
    since = timezone.now() - timedelta(hours=1)
    return (
        LinkCheckRun.objects.filter(
            site=site, state=LinkCheckRun.State.RUNNING, started_at__gte=since
        )
        .order_by("-started_at")
        .first()
    )


def problem_results(site, run=None):
    """The latest run's broken links, with their page and unit (one query)."""
    run = run or latest_run(site)
    if run is None:
        return LinkCheckResult.objects.none()
    return (
        LinkCheckResult.objects.filter(run=run, status__in=PROBLEM_STATUSES)
        .select_related("page", "unit")
        .order_by("page__path", "field", "pk")
    )


def items_for_kind(criteria_set, kind, cache=None):
    """[(item, part)] of ``criteria_set`` a page of ``kind`` answers."""
    if cache is not None and kind in cache:
        return cache[kind]
    found = tuple(criteria_set.criteria_for_kind(kind)) if kind else ()
    if cache is not None:
        cache[kind] = found
    return found


def status_label(result) -> str:
    label = str(LinkStatus(result.status).label)
    if result.http_status:
        return f"{label} ({result.http_status})"
    return label


def broken_link_dict(result, items=()) -> dict:
    """One broken link as plain data (``ita_audit --format json``)."""
    page = result.page
    return {
        "url": result.url,
        "final_url": result.final_url or None,
        "status": result.status,
        "http_status": result.http_status,
        "message": result.message,
        "internal": result.internal,
        "target": result.target,
        "page": {
            "id": page.pk,
            "title": page.title,
            "url": page.get_full_url() or "",
        },
        "field": result.field,
        "where": result.field_label,
        "items": sorted({item.code for item, _part in items}),
        "unit": result.unit.name if result.unit else None,
        "checked_at": result.checked_at.isoformat(),
    }


def broken_links_data(site, criteria_set) -> list[dict]:
    cache = {}
    return [
        broken_link_dict(result, items_for_kind(criteria_set, result.page_kind, cache))
        for result in problem_results(site)
    ]


def problems_by_page(sites) -> dict:
    """{page id: [broken links]} of the latest run of each of ``sites``."""
    runs = [run for run in (latest_run(site) for site in sites) if run is not None]
    found = {}
    if not runs:
        return found
    results = LinkCheckResult.objects.filter(
        run__in=runs, status__in=PROBLEM_STATUSES
    ).order_by("page_id", "field", "pk")
    for result in results:
        found.setdefault(result.page_id, []).append(result)
    return found


def describe(result) -> str:
    """ "<url> — Broken (404): <where>" for lists and exports."""
    where = f": {result.field_label}" if result.field_label else ""
    return f"{result.url} — {status_label(result)}{where}"
