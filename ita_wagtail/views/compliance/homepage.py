"""The compliance panel and the "ITA 9/11" summary item on the admin home page."""

from __future__ import annotations

from django.forms import Media
from django.templatetags.static import static
from django.urls import reverse
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component

from .common import can_view_dashboard, site_for_request, site_result


def _media():
    return Media(css={"all": [static("ita_wagtail/admin/compliance.css")]})


class CompliancePanel(Component):
    name = "ita_compliance"
    template_name = "ita_wagtail/admin/compliance/home_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    @property
    def media(self):
        return _media()

    def get_context_data(self, parent_context):
        site = site_for_request(self.request)
        result = site_result(self.request, site)
        return {
            "result": result,
            "worst": result.worst_items(3),
            "stale_count": len(result.stale_pages),
            "dashboard_url": reverse("ita_compliance:index") + f"?site={site.pk}",
            "stale_url": reverse("ita_stale:index") + f"?site={site.pk}",
        }


class ComplianceSummaryItem(SummaryItem):
    order = 500
    template_name = "ita_wagtail/admin/compliance/summary_item.html"

    def is_shown(self):
        return can_view_dashboard(self.request.user)

    def get_context_data(self, parent_context):
        site = site_for_request(self.request)
        result = site_result(self.request, site)
        return {
            "ok_count": result.ok_count,
            "item_count": result.item_count,
            "dashboard_url": reverse("ita_compliance:index") + f"?site={site.pk}",
        }
