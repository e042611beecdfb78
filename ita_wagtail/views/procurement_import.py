"""Importing procurement spreadsheets in the admin: upload → preview → confirm.

Modelled on Wagtail's redirect importer: the confirm form carries a signed
reference to the uploaded file (here, to the import job holding it), the
write is one transaction, and the import is in the audit log. Small files
are checked and imported during the request; large ones by a background
task while the job page refreshes itself to show progress.
"""

from __future__ import annotations

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse, reverse_lazy
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from ita_wagtail.exporting.spreadsheets import XLSX_CONTENT_TYPE
from ita_wagtail.importing import jobs
from ita_wagtail.importing.engine import safe_file_name
from ita_wagtail.importing.reading import SpreadsheetError, check_size, sniff
from ita_wagtail.importing.rejected import rejected_rows_bytes
from ita_wagtail.importing.template import template_bytes
from ita_wagtail.models import Procurement
from ita_wagtail.models.procurement_import import ImportJobStatus, ProcurementImportJob
from ita_wagtail.procurement.import_preview import PREVIEW_ROWS, build_preview
from ita_wagtail.procurement.permissions import user_can_import

SIGNING_SALT = "ita_wagtail.procurement.import"


def sign_job(job) -> str:
    return signing.dumps({"job": job.pk, "user": job.user_id}, salt=SIGNING_SALT)


def unsign_job(token: str, max_age=60 * 60 * 24):
    return signing.loads(token, salt=SIGNING_SALT, max_age=max_age)


class UploadForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        help_text=gettext_lazy(
            "An Excel file (.xlsx) or a CSV file: the import template above, a "
            "monthly สขร.1 summary or the e-GP ITA sheet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.txt"}),
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        queryset=Site.objects.all(),
        help_text=gettext_lazy(
            "The website whose procurement register the rows go to."
        ),
    )

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].initial = site
        if Site.objects.count() <= 1:
            self.fields["site"].widget = forms.HiddenInput()

    def clean_import_file(self):
        uploaded = self.cleaned_data["import_file"]
        try:
            check_size(uploaded.size)
            # The whole file (at most ITA_IMPORT_MAX_BYTES): a password is
            # only seen in a compound file's directory, wherever that is.
            data = uploaded.read()
            uploaded.seek(0)
            sniff(data)
        except SpreadsheetError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return uploaded


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)


class ImportPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_job(self, pk):
        job = get_object_or_404(ProcurementImportJob, pk=pk)
        if job.user_id != self.request.user.pk and not self.request.user.is_superuser:
            raise Http404
        return job


class ImportBaseView(ImportPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = gettext_lazy("Import procurement records")

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse(Procurement.snippet_viewset.get_url_name("list")),
                "label": _("Procurement records"),
            },
            {"url": "", "label": self.get_page_title()},
        ]


class StartImportView(ImportBaseView, FormView):
    template_name = "ita_wagtail/admin/procurement_import/start.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["site"] = (
            Site.find_for_request(self.request)
            or Site.objects.filter(is_default_site=True).first()
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mine = ProcurementImportJob.objects.filter(user=self.request.user)
        jobs.fail_stale_jobs(mine)
        context["recent_jobs"] = mine.select_related("site")[:10]
        context["inline_limit"] = jobs.inline_max_bytes()
        return context

    def form_valid(self, form):
        jobs.purge_old_jobs()
        uploaded = form.cleaned_data["import_file"]
        data = uploaded.read()
        job = ProcurementImportJob.objects.create(
            site=form.cleaned_data["site"],
            user=self.request.user,
            file_name=safe_file_name(uploaded.name),
            file_size=len(data),
            file_data=data,
        )
        jobs.start_check(job)
        return redirect("ita_procurement_import:job", job.pk)


class JobView(ImportBaseView, TemplateView):
    template_name = "ita_wagtail/admin/procurement_import/job.html"

    def get_page_subtitle(self):
        return self.job.file_name

    def get(self, request, pk):
        self.job = self.get_job(pk)
        if self.job.is_running and jobs.fail_stale_jobs(
            ProcurementImportJob.objects.filter(pk=pk)
        ):
            self.job.refresh_from_db()
        return super().get(request, pk=pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        report = job.report or {}
        checked = not job.is_running and bool(report)
        file_errors = report.get("file_errors") or []
        preview = build_preview(
            report,
            {
                "new": job.new_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
            },
        )
        nothing_to_change = (
            job.status == ImportJobStatus.VALIDATED
            and not job.has_errors
            and preview.nothing_to_change
        )
        context.update(
            job=job,
            report=report,
            refresh=job.is_running,
            file_errors=file_errors,
            show_counts=checked and not file_errors and job.total_rows > 0,
            nothing_to_change=nothing_to_change,
            can_confirm=can_confirm(job) and not nothing_to_change,
            confirm_form=ConfirmForm(initial={"token": sign_job(job)}),
            preview=preview,
            preview_rows=PREVIEW_ROWS,
            errors=report.get("errors", []),
            warnings=report.get("warnings", []),
            listing_url=reverse(Procurement.snippet_viewset.get_url_name("list")),
        )
        return context


def can_confirm(job) -> bool:
    """A checked file without errors that would create or change something."""
    return (
        job.status == ImportJobStatus.VALIDATED
        and not job.has_errors
        and bool(job.new_count or job.updated_count)
    )


class ConfirmImportView(ImportPermissionMixin, View):
    def post(self, request):
        form = ConfirmForm(request.POST)
        try:
            if not form.is_valid():
                raise signing.BadSignature
            payload = unsign_job(form.cleaned_data["token"])
        except signing.BadSignature:
            messages.error(
                request,
                _(
                    "The confirmation has expired or was altered. Upload the file again."
                ),
            )
            return redirect("ita_procurement_import:start")
        job = self.get_job(payload["job"])
        if payload.get("user") != job.user_id:
            raise Http404
        if job.status == ImportJobStatus.VALIDATED and not job.has_errors:
            if not can_confirm(job):
                messages.warning(
                    request,
                    _(
                        "Nothing was imported: every row of this file is already "
                        "in the register as it is."
                    ),
                )
                return redirect("ita_procurement_import:job", job.pk)
        else:
            messages.error(
                request, _("This file cannot be imported in its current state.")
            )
            return redirect("ita_procurement_import:job", job.pk)
        jobs.start_import(job)
        job.refresh_from_db()
        if job.status == ImportJobStatus.DONE:
            messages.success(
                request,
                _(
                    "Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged."
                )
                % {
                    "file": job.file_name,
                    "new": job.new_count,
                    "updated": job.updated_count,
                    "unchanged": job.unchanged_count,
                },
            )
        return redirect("ita_procurement_import:job", job.pk)


class CancelImportView(ImportPermissionMixin, View):
    def post(self, request, pk):
        job = self.get_job(pk)
        if job.status in (ImportJobStatus.VALIDATED, ImportJobStatus.FAILED):
            job.set_status(ImportJobStatus.CANCELLED)
            messages.success(
                request, _("The import was cancelled; nothing was written.")
            )
        return redirect("ita_procurement_import:start")


class RejectedRowsView(ImportPermissionMixin, View):
    def get(self, request, pk):
        job = self.get_job(pk)
        if not (job.report or {}).get("rejected"):
            raise Http404
        response = HttpResponse(
            rejected_rows_bytes(job.report), content_type=XLSX_CONTENT_TYPE
        )
        stem = job.file_name.rsplit(".", 1)[0]
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"{stem}-แถวที่ไม่ผ่าน.xlsx"
        )
        return response


class DownloadTemplateView(View):
    """The import template; anyone who may work on the register may have it."""

    def get(self, request):
        user = request.user
        if not (
            user_can_import(user)
            or user.has_perm("ita_wagtail.add_procurement")
            or user.has_perm("ita_wagtail.change_procurement")
        ):
            raise PermissionDenied
        response = HttpResponse(template_bytes(), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename="แบบฟอร์มนำเข้าข้อมูลจัดซื้อจัดจ้าง.xlsx"
        )
        return response


urlpatterns = [
    path("", StartImportView.as_view(), name="start"),
    path("template.xlsx", DownloadTemplateView.as_view(), name="template"),
    path("confirm/", ConfirmImportView.as_view(), name="confirm"),
    path("<int:pk>/", JobView.as_view(), name="job"),
    path("<int:pk>/cancel/", CancelImportView.as_view(), name="cancel"),
    path("<int:pk>/rejected.xlsx", RejectedRowsView.as_view(), name="rejected"),
]


class ImportMenuItem(MenuItem):
    """ "Import from an Excel file" in the ITA menu (or a modeladmin group)."""

    def __init__(self, order=None):
        super().__init__(
            gettext_lazy("Import from an Excel file"),
            reverse_lazy("ita_procurement_import:start"),
            name="ita-procurement-import",
            icon_name="upload",
            order=order or 1000,
        )

    def is_shown(self, request):
        return user_can_import(request.user)


def admin_urls():
    return [
        path(
            "ita/procurement-import/",
            include(
                (urlpatterns, "ita_procurement_import"),
                namespace="ita_procurement_import",
            ),
        )
    ]
