"""Admin of the online services' monthly figures: a register and an import.

Registered from ``wagtail_hooks`` by importing this module.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from ita_wagtail.importing.e_service import FigureImportError, import_figures
from ita_wagtail.importing.reading import SpreadsheetError, check_size
from ita_wagtail.models import EServiceMonthlyFigure, EServicePage

IMPORT_PERMISSION = "ita_wagtail.add_eservicemonthlyfigure"


def user_can_import(user) -> bool:
    return bool(
        user
        and user.is_active
        and user.has_perm(IMPORT_PERMISSION)
        and user.has_perm("ita_wagtail.change_eservicemonthlyfigure")
    )


class EServiceFigureViewSet(SnippetViewSet):
    model = EServiceMonthlyFigure
    icon = "table"
    menu_label = gettext_lazy("Monthly e-service figures")
    menu_name = "ita-e-service-figures"
    list_display = ["service", "fiscal_year", "month", "requests", "completed"]
    list_filter = ["fiscal_year", "month"]
    search_fields = ["service__name"]
    ordering = ["-fiscal_year", "service", "month"]
    copy_view_enabled = False


class ImportForm(forms.Form):
    page = forms.ModelChoiceField(
        label=gettext_lazy("Online services page"),
        queryset=EServicePage.objects.all(),
        help_text=gettext_lazy("The page whose services the rows name."),
    )
    import_file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        help_text=gettext_lazy(
            "An Excel file (.xlsx) or a CSV file with the columns บริการ, "
            "ปีงบประมาณ, เดือน, จำนวนคำขอ (and optionally ดำเนินการแล้ว)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages = self.fields["page"].queryset
        if pages.count() == 1:
            self.fields["page"].initial = pages.first()

    def clean_import_file(self):
        uploaded = self.cleaned_data["import_file"]
        try:
            check_size(uploaded.size)
        except SpreadsheetError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return uploaded


class ImportFiguresView(WagtailAdminTemplateMixin, FormView):
    template_name = "ita_wagtail/admin/e_service/import.html"
    form_class = ImportForm
    header_icon = "upload"
    page_title = gettext_lazy("Import monthly e-service figures")

    def dispatch(self, request, *args, **kwargs):
        if not user_can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        page = form.cleaned_data["page"]
        data = form.cleaned_data["import_file"].read()
        try:
            result = import_figures(page, data)
        except FigureImportError as error:
            for message in error.errors:
                form.add_error("import_file", message)
            messages.error(self.request, _("Nothing was imported."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Imported: %(created)s new, %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(
            reverse(EServiceMonthlyFigure.snippet_viewset.get_url_name("list"))
        )


class ImportMenuItem(MenuItem):
    def __init__(self, order=None):
        super().__init__(
            gettext_lazy("Import figures from a spreadsheet"),
            reverse_lazy("ita_e_service_import"),
            name="ita-e-service-import",
            icon_name="upload",
            order=order or 1000,
        )

    def is_shown(self, request):
        return user_can_import(request.user)


@hooks.register("register_admin_urls")
def e_service_admin_urls():
    return [
        path(
            "ita/e-service-import/",
            ImportFiguresView.as_view(),
            name="ita_e_service_import",
        )
    ]
