"""The compliance dashboard: one row per item, what is wrong and who fixes it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ita_wagtail.scoring.results import STATUSES

from .common import (
    DashboardPermissionMixin,
    Permissions,
    action_links,
    all_sites,
    breadcrumbs,
    site_for_request,
    site_result,
    user_unit_ids,
)


@dataclass
class Row:
    result: object
    links: list
    is_part: bool = False
    parts: list = field(default_factory=list)

    @property
    def failing_parts(self) -> int:
        return sum(1 for part in self.parts if not part.result.is_ok)


def _unit_ids(entry) -> set:
    ids = {facts.unit_id for facts in entry.pages if facts.unit_id}
    if entry.unit is not None:
        ids.add(entry.unit.pk)
    return ids


def dashboard_rows(result, permissions, next_url, only_units=None):
    """Rows for the item table; ``only_units`` keeps the items of those units."""
    rows = []
    for item in result.items:
        if only_units is not None:
            wanted = _unit_ids(item) | set().union(*(_unit_ids(p) for p in item.parts))
            if not wanted & only_units:
                continue
        # Items with parts get their buttons on the part rows.
        links = [] if item.parts else action_links(item.actions, permissions, next_url)
        row = Row(item, links)
        row.parts = [
            Row(part, action_links(part.actions, permissions, next_url), is_part=True)
            for part in item.parts
        ]
        rows.append(row)
    return rows


def optional_url(name, *args):
    """An admin URL of a feature that may not be installed yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


class DashboardView(DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "ita_wagtail/admin/compliance/dashboard.html"
    page_title = _("ITA compliance")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return breadcrumbs(self, in_dashboard=False)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        site = site_for_request(request)
        result = site_result(request, site)
        permissions = Permissions.for_result(request.user, result)
        my_units = user_unit_ids(request.user)
        mine = request.GET.get("mine") == "1" and bool(my_units)
        next_url = request.get_full_path()
        visible_stale = [
            facts for facts in result.stale_pages if facts.id in permissions.editable
        ]
        context.update(
            {
                "site": site,
                "sites": all_sites(),
                "result": result,
                "counts": result.count_by_status(),
                "statuses": STATUSES,
                "rows": dashboard_rows(
                    result, permissions, next_url, my_units if mine else None
                ),
                "has_units": bool(my_units),
                "mine": mine,
                "stale_count": len(result.stale_pages),
                "visible_stale_count": len(visible_stale),
                "stale_url": reverse("ita_stale:index") + f"?site={site.pk}",
                "reports_url": optional_url("ita_quarterly_reports:index"),
                "answer_sheet_url": optional_url("ita_compliance:answer_sheet"),
                "rules_url": reverse("ita_compliance:rules"),
                "reminders_url": reverse("ita_compliance:reminders")
                + f"?site={site.pk}",
                "settings_url": optional_url(
                    "wagtailsettings:edit", "ita_wagtail", "compliancesettings", site.pk
                ),
            }
        )
        self._add_link_check(context, site, result)
        return context

    def _add_link_check(self, context, site, result):
        """The broken links of the latest link check, per item."""
        from ita_wagtail.linkcheck.views import link_check_context

        links = link_check_context(site, result.criteria_set)
        for row in context["rows"]:
            row.broken_links = links["link_counts"].get(row.result.code, 0)
            row.broken_links_anchor = links["link_anchors"].get(row.result.code, "")
        context.update(links)


class ScoringRulesView(
    DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """How the score is calculated, from the registry itself."""

    template_name = "ita_wagtail/admin/compliance/rules.html"
    page_title = _("How the score is calculated")
    header_icon = "help"

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_context_data(self, **kwargs):
        from ita_wagtail.scoring.describe import describe_rules
        from ita_wagtail.scoring.results import POINTS

        context = super().get_context_data(**kwargs)
        site = site_for_request(self.request)
        result = site_result(self.request, site)
        context.update(
            {
                "criteria_set": result.criteria_set,
                "rules": describe_rules(result.criteria_set),
                "points": POINTS,
                "freshness_days": result.freshness_days,
                "dashboard_url": reverse("ita_compliance:index"),
            }
        )
        return context


class AnswerSheetView(DashboardPermissionMixin, View):
    """The ITAS answer sheet as Excel (default) or CSV."""

    def get(self, request):
        from ita_wagtail.exporting.spreadsheets import (
            Sheet,
            csv_response,
            xlsx_response,
        )
        from ita_wagtail.reports.answer_sheet import (
            answer_sheet_rows,
            answer_sheet_table,
        )

        site = site_for_request(request)
        if request.GET.get("format") == "pdf":
            from ita_wagtail.pdf.delivery import pdf_response
            from ita_wagtail.pdf.documents import AnswerSheetPdf

            source = AnswerSheetPdf(site_id=site.pk, result=site_result(request, site))
            return pdf_response(request, source)
        rows = answer_sheet_rows(site, result=site_result(request, site))
        headers, body = answer_sheet_table(rows)
        filename = f"itas-answer-sheet-{site.hostname}"
        sheet = Sheet(
            "ITAS", headers, body, column_widths=[8, 45, 12, 50, 80, 14, 8, 26]
        )
        if request.GET.get("format") == "csv":
            return csv_response(sheet, f"{filename}.csv")
        return xlsx_response([sheet], f"{filename}.xlsx")
