"""Admin menu entries and URLs of the compliance screens (in the "ITA" menu)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ita_wagtail.linkcheck.views import CheckLinksView

from .common import can_view_dashboard
from .dashboard import AnswerSheetView, DashboardView, ScoringRulesView
from .quarterly import (
    QuarterlyReportIndexView,
    ReportDeleteView,
    ReportPdfView,
    ReportPreviewView,
    ReportPrintView,
    ReportPublishView,
    ReportXlsxView,
    TakeReportView,
)
from .reminders import SentRemindersView, SentReminderView
from .review import ReviewView
from .stale import StaleContentReportView


class ComplianceMenuItem(MenuItem):
    """Shown only to users with the ``view_compliance_dashboard`` permission."""

    def is_shown(self, request):
        return can_view_dashboard(request.user)


class ComplianceDashboardViewSet(ViewSet):
    name = "ita_compliance"
    url_prefix = "ita/compliance"
    icon = "tasks"
    menu_label = _("Compliance dashboard")
    menu_name = "ita-compliance-dashboard"
    menu_item_class = ComplianceMenuItem

    def get_urlpatterns(self):
        return [
            path("", DashboardView.as_view(), name="index"),
            path("rules/", ScoringRulesView.as_view(), name="rules"),
            path("answer-sheet/", AnswerSheetView.as_view(), name="answer_sheet"),
            path("review/<int:page_id>/", ReviewView.as_view(), name="review"),
            path("reminders/", SentRemindersView.as_view(), name="reminders"),
            path("reminders/<int:pk>/", SentReminderView.as_view(), name="reminder"),
            path("check-links/", CheckLinksView.as_view(), name="check_links"),
        ]


class StaleContentViewSet(ViewSet):
    name = "ita_stale"
    url_prefix = "ita/out-of-date"
    icon = "time"
    menu_label = _("Out-of-date pages")
    menu_name = "ita-out-of-date-pages"
    menu_item_class = ComplianceMenuItem

    def get_urlpatterns(self):
        return [
            path("", StaleContentReportView.as_view(), name="index"),
            path(
                "results/",
                StaleContentReportView.as_view(results_only=True),
                name="results",
            ),
        ]


class QuarterlyReportViewSet(ViewSet):
    name = "ita_quarterly_reports"
    url_prefix = "ita/quarterly-reports"
    icon = "doc-full-inverse"
    menu_label = _("Quarterly reports")
    menu_name = "ita-quarterly-reports"
    menu_item_class = ComplianceMenuItem

    def get_urlpatterns(self):
        return [
            path("", QuarterlyReportIndexView.as_view(), name="index"),
            path("take/", TakeReportView.as_view(), name="take"),
            path("preview/", ReportPreviewView.as_view(), name="preview"),
            path("<int:pk>/", ReportPrintView.as_view(), name="report"),
            path("<int:pk>/xlsx/", ReportXlsxView.as_view(), name="xlsx"),
            path("<int:pk>/pdf/", ReportPdfView.as_view(), name="pdf"),
            path("<int:pk>/publish/", ReportPublishView.as_view(), name="publish"),
            path("<int:pk>/delete/", ReportDeleteView.as_view(), name="delete"),
        ]
