"""Quarterly reports in the admin: list, take, print, download, publish, delete."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ita_wagtail.exporting.spreadsheets import xlsx_response
from ita_wagtail.models import ComplianceReportPage, ComplianceSnapshot
from ita_wagtail.reports.publishing import publish_report
from ita_wagtail.reports.quarterly import (
    QuarterlyReportError,
    current_quarter,
    default_quarter,
    delete_snapshot,
    preview_snapshot,
    take_snapshot,
)
from ita_wagtail.reports.rendering import report_context, report_sheets

from .common import DashboardPermissionMixin, all_sites, breadcrumbs, site_for_request

ADD_PERMISSION = "ita_wagtail.add_compliancesnapshot"
DELETE_PERMISSION = "ita_wagtail.delete_compliancesnapshot"


class QuarterForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("Fiscal year (B.E.)"), min_value=2500, max_value=2700
    )
    quarter = forms.TypedChoiceField(
        label=gettext_lazy("Quarter"),
        coerce=int,
        choices=[
            (1, gettext_lazy("Quarter 1 (October – December)")),
            (2, gettext_lazy("Quarter 2 (January – March)")),
            (3, gettext_lazy("Quarter 3 (April – June)")),
            (4, gettext_lazy("Quarter 4 (July – September)")),
        ],
    )


def _index_url(site):
    return reverse("ita_quarterly_reports:index") + "?" + urlencode({"site": site.pk})


class QuarterlyReportIndexView(
    DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "ita_wagtail/admin/compliance/quarterly_index.html"
    page_title = gettext_lazy("Quarterly reports")
    header_icon = "doc-full-inverse"

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site = site_for_request(self.request)
        fiscal_year, quarter = default_quarter()
        snapshots = list(
            ComplianceSnapshot.objects.for_site(site).select_related("taken_by")
        )
        published = dict(
            ComplianceReportPage.objects.filter(
                snapshot__in=[s.pk for s in snapshots]
            ).values_list("snapshot_id", "pk")
        )
        for snapshot in snapshots:
            snapshot.page_id = published.get(snapshot.pk)
        now_fy, now_quarter = current_quarter()
        user = self.request.user
        context.update(
            {
                "site": site,
                "sites": all_sites(),
                "snapshots": snapshots,
                "form": QuarterForm(
                    initial={"fiscal_year": fiscal_year, "quarter": quarter}
                ),
                "can_take": user.has_perm(ADD_PERMISSION),
                "can_delete": user.has_perm(DELETE_PERMISSION),
                "preview_url": reverse("ita_quarterly_reports:preview")
                + "?"
                + urlencode(
                    {"site": site.pk, "fiscal_year": now_fy, "quarter": now_quarter}
                ),
            }
        )
        return context


class TakeReportView(DashboardPermissionMixin, View):
    def post(self, request):
        if not request.user.has_perm(ADD_PERMISSION):
            raise PermissionDenied
        site = site_for_request(request)
        form = QuarterForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a fiscal year (B.E.) and a quarter."))
            return redirect(_index_url(site))
        try:
            snapshot = take_snapshot(
                site,
                form.cleaned_data["fiscal_year"],
                form.cleaned_data["quarter"],
                user=request.user,
            )
        except QuarterlyReportError as error:
            messages.error(request, str(error))
            return redirect(_index_url(site))
        messages.success(
            request,
            _("The report for %(quarter)s was taken: site score %(score)s.")
            % {"quarter": snapshot.label, "score": snapshot.score},
        )
        return redirect("ita_quarterly_reports:report", snapshot.pk)


def _print(request, snapshot, preview=False):
    context = report_context(snapshot)
    context.update(
        {
            "preview": preview,
            "back_url": _index_url(snapshot.site),
            "xlsx_url": None
            if preview
            else reverse("ita_quarterly_reports:xlsx", args=(snapshot.pk,)),
            "pdf_url": None
            if preview
            else reverse("ita_quarterly_reports:pdf", args=(snapshot.pk,)),
        }
    )
    return TemplateResponse(
        request, "ita_wagtail/admin/compliance/report_print.html", context
    )


class ReportPrintView(DashboardPermissionMixin, View):
    def get(self, request, pk):
        return _print(request, get_object_or_404(ComplianceSnapshot, pk=pk))


class ReportPreviewView(DashboardPermissionMixin, View):
    def get(self, request):
        site = site_for_request(request)
        form = QuarterForm(request.GET)
        if not form.is_valid():
            messages.error(request, _("Choose a fiscal year (B.E.) and a quarter."))
            return redirect(_index_url(site))
        try:
            snapshot = preview_snapshot(
                site, form.cleaned_data["fiscal_year"], form.cleaned_data["quarter"]
            )
        except QuarterlyReportError as error:
            messages.error(request, str(error))
            return redirect(_index_url(site))
        return _print(request, snapshot, preview=True)


class ReportXlsxView(DashboardPermissionMixin, View):
    def get(self, request, pk):
        snapshot = get_object_or_404(ComplianceSnapshot, pk=pk)
        filename = f"ita-report-{snapshot.fiscal_year}-q{snapshot.quarter}.xlsx"
        return xlsx_response(report_sheets(snapshot), filename)


class ReportPdfView(DashboardPermissionMixin, View):
    """The report as a PDF file with its signature lines, made in the background."""

    def get(self, request, pk):
        from ita_wagtail.pdf.delivery import pdf_response
        from ita_wagtail.pdf.documents import QuarterlyReportPdf

        snapshot = get_object_or_404(ComplianceSnapshot, pk=pk)
        return pdf_response(request, QuarterlyReportPdf(snapshot_id=snapshot.pk))


class ReportPublishView(DashboardPermissionMixin, View):
    def post(self, request, pk):
        snapshot = get_object_or_404(ComplianceSnapshot, pk=pk)
        try:
            page, live = publish_report(snapshot, request.user)
        except QuarterlyReportError as error:
            messages.error(request, str(error))
            return redirect(_index_url(snapshot.site))
        if live:
            messages.success(
                request,
                _("The report is published on the website: %(url)s")
                % {"url": page.get_full_url() or page.url_path},
            )
        else:
            messages.warning(
                request,
                _(
                    "The report page was saved as a draft; someone who may publish must publish it."
                ),
            )
        return redirect(_index_url(snapshot.site))


class ReportDeleteView(
    DashboardPermissionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "ita_wagtail/admin/compliance/quarterly_delete.html"
    page_title = gettext_lazy("Delete a quarterly report")
    header_icon = "bin"

    def dispatch(self, request, pk):
        self.snapshot = get_object_or_404(ComplianceSnapshot, pk=pk)
        if request.user.is_authenticated and not request.user.has_perm(
            DELETE_PERMISSION
        ):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["snapshot"] = self.snapshot
        context["back_url"] = _index_url(self.snapshot.site)
        return context

    def post(self, request, pk):
        site = self.snapshot.site
        label = self.snapshot.label
        try:
            delete_snapshot(self.snapshot, user=request.user)
        except QuarterlyReportError as error:
            messages.error(request, str(error))
            return redirect(_index_url(site))
        messages.success(
            request, _("The report for %(quarter)s was deleted.") % {"quarter": label}
        )
        return redirect(_index_url(site))
