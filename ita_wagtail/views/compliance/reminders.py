"""The reminders sent to responsible units, as they were sent."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ita_wagtail.models import SentReminder

from .common import DashboardPermissionMixin, breadcrumbs, site_for_request


class SentRemindersView(
    DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "ita_wagtail/admin/compliance/reminders.html"
    page_title = _("Reminders sent")
    header_icon = "mail"
    paginate_by = 50

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = site_for_request(self.request)
        reminders = SentReminder.objects.filter(site=site).select_related("unit")
        page = Paginator(reminders, self.paginate_by).get_page(
            self.request.GET.get("p")
        )
        context.update({"site": site, "page_obj": page, "reminders": page.object_list})
        return context


class SentReminderView(
    DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "ita_wagtail/admin/compliance/reminder.html"
    header_icon = "mail"

    def dispatch(self, request, pk):
        self.reminder = get_object_or_404(
            SentReminder.objects.select_related("unit"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.reminder.subject

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reminder"] = self.reminder
        return context
