"""The link checker on the compliance dashboard: its section and its button."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from ita_wagtail.views.compliance.common import (
    DashboardPermissionMixin,
    site_for_request,
)

from .store import items_for_kind, latest_run, problem_results, running_run


class LinkGroup:
    """The broken links of one item of the criteria set."""

    def __init__(self, item, results):
        self.item = item
        self.results = results

    @property
    def anchor(self):
        return "ita-broken-links-" + self.item.code.replace(".", "-").replace("/", "-")


def link_check_context(site, criteria_set) -> dict:
    """What the dashboard shows of the latest check, in three queries
    whatever the number of results."""
    run = latest_run(site)
    running = running_run(site)
    cache = {}
    by_code, other = {}, []
    for result in problem_results(site, run) if run else ():
        result.edit_url = reverse("wagtailadmin_pages:edit", args=(result.page_id,))
        codes = []
        for item, _part in items_for_kind(criteria_set, result.page_kind, cache):
            if item.code not in codes:
                codes.append(item.code)
        if not codes:
            other.append(result)
        for code in codes:
            by_code.setdefault(code, []).append(result)
    groups = [
        LinkGroup(item, by_code[item.code])
        for item in criteria_set
        if item.code in by_code
    ]
    return {
        "link_run": run,
        "link_running": running,
        "link_groups": groups,
        "link_other": other,
        "link_counts": {group.item.code: len(group.results) for group in groups},
        "link_anchors": {group.item.code: group.anchor for group in groups},
        "link_problem_count": run.problem_count if run else 0,
        "link_check_url": reverse("ita_compliance:check_links"),
    }


class CheckLinksView(DashboardPermissionMixin, View):
    """Start a check of the site's links in the background."""

    def post(self, request):
        from ita_wagtail.tasks import check_links

        site = site_for_request(request)
        dashboard = reverse("ita_compliance:index") + f"?site={site.pk}"
        if running_run(site) is not None:
            messages.info(request, _("A link check of this site is already running."))
            return redirect(dashboard)
        transaction.on_commit(lambda: check_links.enqueue(site.pk))
        messages.success(
            request,
            _(
                "The link check has started. Its results appear here when it "
                "is done; reload the page in a few minutes."
            ),
        )
        return redirect(dashboard + "#ita-broken-links")
