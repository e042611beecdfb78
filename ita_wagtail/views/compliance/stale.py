"""Out-of-date pages: built like Wagtail's Aging pages report.

Lists every disclosure page past its freshness rule (too long without an
update or review, or for the wrong period), with filters by site, item and
responsible unit, days overdue and the last publisher, and CSV/XLSX export.
Users see only the pages they may edit.
"""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView
from wagtail.models import PageLogEntry, Site
from wagtail.permissions import page_permission_policy
from wagtail.users.utils import get_deleted_user_display_name

from ita_wagtail.exporting.escaping import FormulaEscapingExportMixin
from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.base import Page
from ita_wagtail.models.index import ItaIndexPage

from .common import (
    DashboardPermissionMixin,
    breadcrumbs,
    review_url,
    site_result,
    user_unit_ids,
)


def _item_choices():
    """The items of every site's set for this fiscal year (usually one set)."""
    from ita_wagtail.models.compliance_settings import site_criteria_set

    choices = {}
    for site in Site.objects.order_by("pk"):
        for item in site_criteria_set(site):
            choices.setdefault(item.code, f"{item.code} {item.title}")
    return list(choices.items())


class StaleEntry:
    """What the report shows about one stale page, besides the page itself."""

    def __init__(self, site, item, facts, unit, stale=True):
        self.site = site
        self.item = item
        self.facts = facts
        self.unit = unit
        #: False for a current page listed only for its broken links.
        self.stale = stale
        self.broken_links = []


def stale_entries(request):
    """{page id: StaleEntry} over every site with an ITA section."""
    units = {unit.pk: unit for unit in ResponsibleUnit.objects.all()}
    sites_with_section = [
        site
        for site in Site.objects.select_related("root_page").order_by("pk")
        if ItaIndexPage.objects.descendant_of(site.root_page, inclusive=True).exists()
    ]
    from ita_wagtail.linkcheck.store import problems_by_page

    broken = problems_by_page(sites_with_section)
    entries = {}
    for site in sites_with_section:
        result = site_result(request, site)
        for item, facts in result.stale_entries():
            unit = units.get(facts.unit_id) or item.unit
            entries.setdefault(facts.id, StaleEntry(site, item, facts, unit))
        # Current pages with a broken link are out of order too.
        for item in result.items:
            for facts in (f for entry in [item, *item.parts] for f in entry.pages):
                if facts.id in broken and facts.id not in entries:
                    unit = units.get(facts.unit_id) or item.unit
                    entries[facts.id] = StaleEntry(site, item, facts, unit, stale=False)
    for page_id, entry in entries.items():
        entry.broken_links = broken.get(page_id, [])
    return entries


class StaleContentFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("Site"),
        queryset=Site.objects.all(),
        method="filter_site",
    )
    item = django_filters.ChoiceFilter(
        label=_("Item"), choices=_item_choices, method="filter_item"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"),
        queryset=ResponsibleUnit.objects.all(),
        method="filter_unit",
    )
    mine = django_filters.ChoiceFilter(
        label=_("My unit"),
        choices=[("1", _("Only my unit's pages"))],
        empty_label=_("Every unit"),
        method="filter_mine",
    )

    class Meta:
        model = Page
        fields = []

    @property
    def entries(self):
        return self.request.ita_stale_entries

    def _keep(self, queryset, test):
        return queryset.filter(pk__in=[pk for pk, e in self.entries.items() if test(e)])

    def filter_site(self, queryset, name, value):
        if not value:
            return queryset
        return self._keep(queryset, lambda e: e.site.pk == value.pk)

    def filter_item(self, queryset, name, value):
        if not value:
            return queryset
        return self._keep(queryset, lambda e: e.item.code == value)

    def filter_unit(self, queryset, name, value):
        if not value:
            return queryset
        return self._keep(
            queryset, lambda e: e.unit is not None and e.unit.pk == value.pk
        )

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        mine = user_unit_ids(self.request.user)
        return self._keep(queryset, lambda e: e.unit is not None and e.unit.pk in mine)


class StaleContentReportView(
    DashboardPermissionMixin, FormulaEscapingExportMixin, PageReportView
):
    results_template_name = "ita_wagtail/admin/compliance/stale_results.html"
    page_title = _("Out-of-date pages")
    header_icon = "time"
    filterset_class = StaleContentFilterSet
    index_url_name = "ita_stale:index"
    index_results_url_name = "ita_stale:results"
    export_filename = "ita-out-of-date-pages"
    paginate_by = 50
    any_permission_required = None
    list_export = [
        "title",
        "ita_item_label",
        "ita_unit_name",
        "ita_days_overdue",
        "ita_due_date",
        "ita_last_updated",
        "ita_last_reviewed",
        "last_published_by_user",
        "ita_problem",
        "ita_broken_links",
        "ita_url",
    ]
    export_headings = {
        "title": _("Page"),
        "ita_item_label": _("Item"),
        "ita_unit_name": _("Responsible unit"),
        "ita_days_overdue": _("Days overdue"),
        "ita_due_date": _("Due"),
        "ita_last_updated": _("Last update"),
        "ita_last_reviewed": _("Last review"),
        "last_published_by_user": _("Last published by"),
        "ita_problem": _("Problem"),
        "ita_broken_links": _("Broken links"),
        "ita_url": _("Public address"),
    }

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_queryset(self):
        self.request.ita_stale_entries = self.entries = stale_entries(self.request)
        latest_publish = PageLogEntry.objects.filter(
            page=OuterRef("pk"), action__exact="wagtail.publish"
        ).order_by("-timestamp", "-pk")
        self.queryset = (
            page_permission_policy.instances_user_has_permission_for(
                self.request.user, "change"
            )
            .filter(pk__in=list(self.entries))
            .select_related("content_type")
            .annotate(last_published_by=Subquery(latest_publish.values("user")[:1]))
        )
        return super().get_queryset()

    def get_filtered_queryset(self):
        pages = list(self.filter_queryset(self.get_queryset()))
        for page in pages:
            self._decorate(page, self.entries[page.pk])
        pages.sort(key=lambda p: (not p.ita_entry.stale, -p.ita_days_overdue, p.title))
        return pages

    def _decorate(self, page, entry):
        facts = entry.facts
        page.ita_entry = entry
        page.ita_item_label = f"{entry.item.code} {entry.item.title}"
        page.ita_unit_name = entry.unit.name if entry.unit else ""
        page.ita_days_overdue = facts.days_overdue
        page.ita_due_date = facts.due_date
        page.ita_last_updated = facts.last_updated
        page.ita_last_reviewed = facts.last_reviewed
        page.ita_url = facts.page.get_full_url() or ""
        from ita_wagtail.linkcheck.store import describe

        page.ita_broken_links = "\n".join(describe(r) for r in entry.broken_links)
        if not entry.stale:
            page.ita_problem = str(_("Broken links"))
        elif not facts.period_ok:
            page.ita_problem = str(
                _("For %(period)s, not the current period")
                % {"period": facts.period_label}
            )
        else:
            page.ita_problem = str(_("Not updated or reviewed in time"))
        page.ita_review_url = review_url(page.pk, self.request.get_full_path())

    def decorate_paginated_queryset(self, pages):
        # As Wagtail's Aging pages report: the annotation holds a raw user id,
        # which may belong to a deleted user.
        users = get_user_model()

        def key(raw):
            try:
                return users._meta.pk.to_python(raw)
            except ValidationError:
                return raw

        ids = {key(page.last_published_by) for page in pages if page.last_published_by}
        names = {
            user.pk: user.get_full_name() or user.get_username()
            for user in users.objects.filter(pk__in=list(ids))
        }
        for page in pages:
            if not page.last_published_by:
                page.last_published_by_user = ""
                continue
            user_id = key(page.last_published_by)
            page.last_published_by_user = names.get(
                user_id
            ) or get_deleted_user_display_name(user_id=user_id)
        return pages
