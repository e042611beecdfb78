from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from ita_wagtail.language import serve_in_public_language
from ita_wagtail.models.mixins import ItaPageMixin
from ita_wagtail.procurement.audit import register_procurement_log_actions
from ita_wagtail.views import e_service, procurement_import
from ita_wagtail.views.channels import (
    CaseViewSet,
    FeedbackViewSet,
    OpenCasesSummaryItem,
    PersonalDataAccessViewSet,
)
from ita_wagtail.views.channels_questions import QuestionViewSet
from ita_wagtail.views.compliance.action_menu import MarkAsReviewedMenuItem
from ita_wagtail.views.compliance.common import can_view_dashboard
from ita_wagtail.views.compliance.homepage import (
    CompliancePanel,
    ComplianceSummaryItem,
)
from ita_wagtail.views.compliance.viewsets import (
    ComplianceDashboardViewSet,
    QuarterlyReportViewSet,
    StaleContentViewSet,
)
from ita_wagtail.views.no_gift import GiftRegisterViewSet
from ita_wagtail.views.procurement import (
    NoProcurementDeclarationViewSet,
    ProcurementPlanViewSet,
    ProcurementViewSet,
)
from ita_wagtail.views.units import ResponsibleUnitViewSet


class ItaViewSetGroup(SnippetViewSetGroup):
    """The "ITA" admin menu; later features add their viewsets here."""

    items = (
        ComplianceDashboardViewSet,
        StaleContentViewSet,
        QuarterlyReportViewSet,
        ProcurementViewSet,
        ProcurementPlanViewSet,
        NoProcurementDeclarationViewSet,
        CaseViewSet,
        FeedbackViewSet,
        QuestionViewSet,
        e_service.EServiceFigureViewSet,
        GiftRegisterViewSet,
        PersonalDataAccessViewSet,
        ResponsibleUnitViewSet,
    )
    menu_label = _("ITA")
    # Menu names are given, not slugified from the labels: a Thai label
    # slugifies to nothing, and the names would then depend on the language
    # the menu was first built in.
    menu_name = "ita"
    menu_icon = "clipboard-list"
    menu_order = 250

    def get_submenu_items(self):
        items = super().get_submenu_items()
        # Each spreadsheet import right after the records it fills.
        imports = {
            ProcurementViewSet: procurement_import.ImportMenuItem,
            e_service.EServiceFigureViewSet: e_service.ImportMenuItem,
        }
        for registerable in reversed(self.registerables):
            menu_item = imports.get(type(registerable))
            if menu_item is not None:
                index = self.registerables.index(registerable)
                items.insert(index + 1, menu_item(order=items[index].order))
        return items


register_snippet(ItaViewSetGroup)

hooks.register("register_log_actions", register_procurement_log_actions)
hooks.register("register_admin_urls", procurement_import.admin_urls)


@hooks.register("register_log_actions")
def register_review_log_action(actions):
    from wagtail.log_actions import LogFormatter

    from ita_wagtail.models.reviews import REVIEW_LOG_ACTION

    @actions.register_action(REVIEW_LOG_ACTION)
    class ReviewedFormatter(LogFormatter):
        label = _("Mark as reviewed")

        def format_message(self, log_entry):
            return _("Reviewed: still correct")

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("note", "")

    from ita_wagtail.reports.quarterly import SNAPSHOT_LOG_ACTION

    actions.register_action(
        SNAPSHOT_LOG_ACTION,
        _("Take quarterly report"),
        _("Quarterly report taken"),
    )


@hooks.register("construct_homepage_panels")
def add_compliance_panel(request, panels):
    if can_view_dashboard(request.user):
        panels.append(CompliancePanel(request))


@hooks.register("construct_homepage_summary_items")
def add_compliance_summary_item(request, items):
    items.append(ComplianceSummaryItem(request))


@hooks.register("register_page_action_menu_item")
def register_mark_as_reviewed_menu_item():
    return MarkAsReviewedMenuItem()


@hooks.register("register_permissions")
def register_compliance_permissions():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="ita_wagtail",
        codename__in=[
            "view_compliance_dashboard",
            "add_compliancesnapshot",
            "delete_compliancesnapshot",
        ],
    )


@hooks.register("construct_homepage_summary_items")
def add_open_cases_summary(request, items):
    items.append(OpenCasesSummaryItem(request))


@hooks.register("insert_global_admin_css")
def channel_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">',
        static("ita_wagtail/css/ita-channels-admin.css"),
    )


@hooks.register("register_log_actions")
def register_channel_log_actions(actions):
    from ita_wagtail.channels import log_actions

    log_actions.register(actions)


# Last of the before_serve_page hooks, so that Wagtail's own (privacy,
# view restrictions) have run when this one serves the page.
@hooks.register("before_serve_page", order=1000)
def serve_ita_pages_in_the_sites_language(page, request, serve_args, serve_kwargs):
    # Not the visitor's browser language: see ita_wagtail.language.
    if isinstance(page, ItaPageMixin):
        return serve_in_public_language(page, request, serve_args, serve_kwargs)
    return None


# The addresses given to the assessor (ITAS answer sheet): warn before they change.
@hooks.register("before_edit_page")
def warn_before_publishing_a_new_address(request, page):
    from ita_wagtail.linkcheck.guard import before_edit_page

    return before_edit_page(request, page)


@hooks.register("before_unpublish_page")
def warn_before_unpublishing_a_given_address(request, page):
    from ita_wagtail.linkcheck.guard import before_unpublish_page

    return before_unpublish_page(request, page)


@hooks.register("before_move_page")
def warn_before_moving_a_given_address(request, page, destination):
    from ita_wagtail.linkcheck.guard import before_move_page

    return before_move_page(request, page, destination)
