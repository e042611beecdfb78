"""“Mark as reviewed — still correct” in the page editor's action menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.action_menu import ActionMenuItem

from ita_wagtail.models import DisclosurePageMixin

from .common import review_url


class MarkAsReviewedMenuItem(ActionMenuItem):
    label = _("Mark as reviewed — still correct")
    name = "action-ita-review"
    icon_name = "check"
    order = 60

    def is_shown(self, context):
        if context.get("view") != "edit" or context.get("locked_for_user"):
            return False
        page = context.get("page")
        if (
            not isinstance(page, DisclosurePageMixin)
            or not page.ita_kind
            or not page.live
        ):
            return False
        return self.get_user_page_permissions_tester(context).can_edit()

    def get_url(self, parent_context):
        page = parent_context["page"]
        return review_url(page.pk, reverse("wagtailadmin_pages:edit", args=(page.pk,)))
