"""Staff screens of the channels: cases, feedback and the personal-data access log.

Who sees what:

* a case viewset user needs the usual view/add/change/delete permissions on
  *case*; corruption complaints also need ``view_corruption_case`` (without
  it they are not listed and their URLs answer 404);
* the complainant's details and attachments need
  ``view_case_personal_data``; every screen that shows them, every download
  and every export that contains them is written to the access log;
* the access log is read-only, for the data protection officer.
"""

from collections import OrderedDict

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    Panel,
)
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from ita_wagtail import thai
from ita_wagtail.admin_widgets import BuddhistEraDateRangeFilter
from ita_wagtail.channels import handling
from ita_wagtail.channels.forms import AttachmentsField
from ita_wagtail.exporting.escaping import FormulaEscapingExportMixin
from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.channels import (
    PERSONAL_DATA_PERMISSION,
    Case,
    CaseCategory,
    CaseChannel,
    CaseStatus,
    Feedback,
    PersonalDataAccess,
    Rating,
    can_view_corruption_cases,
    can_view_personal_data,
)

try:  # Wagtail 8 looks permission policies up in a registry.
    from wagtail.permissions import register_permission_policy
except ImportError:  # Wagtail 7.4: each viewset hands its policy to its views.
    register_permission_policy = None


# -- permission policies ---------------------------------------------------------


class CasePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, with corruption complaints only for the few allowed."""

    def user_has_permission_for_instance(self, user, action, instance):
        return instance.is_visible_to(user) and self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .visible_to(user)
        )


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """Only some actions exist: records the admin may read (and delete), never write."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = set(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action in self.actions]
        )


case_policy = CasePermissionPolicy(Case)
feedback_policy = LimitedPermissionPolicy(Feedback, ["view", "delete"])
access_log_policy = LimitedPermissionPolicy(PersonalDataAccess, ["view"])

if register_permission_policy is not None:
    register_permission_policy(Case, case_policy)
    register_permission_policy(Feedback, feedback_policy)
    register_permission_policy(PersonalDataAccess, access_log_policy)


# -- listing ---------------------------------------------------------------------------


def _status_tag(case):
    css = "w-status--primary" if case.is_open else ""
    return format_html(
        '<span class="w-status {}">{}</span>', css, case.get_status_display()
    )


def _due_cell(case):
    due = thai.format_thai_date(case.due_date, "short")
    if case.is_overdue():
        return format_html(
            '{} <span class="w-status ita-overdue">{}</span>',
            due,
            _("Overdue"),
        )
    return due


def _subject(case):
    if case.is_purged:
        return _("(removed)")
    return Truncator(case.subject).chars(70)


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=CaseStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Overdue only"))],
        method="filter_overdue",
        empty_label=_("All"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=CaseCategory.choices, empty_label=_("All")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"),
        queryset=ResponsibleUnit.objects.all(),
        empty_label=_("All"),
        null_label=_("Not assigned"),
    )
    channel = django_filters.ChoiceFilter(
        label=_("Received through"), choices=CaseChannel.choices, empty_label=_("All")
    )
    received = BuddhistEraDateRangeFilter(label=_("Received"), field_name="received_at")

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if not can_view_corruption_cases(user):
            self.filters["category"].extra["choices"] = [
                choice
                for choice in CaseCategory.choices
                if choice[0] != CaseCategory.CORRUPTION
            ]

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(thai.today()) if value == "yes" else queryset


def _export_columns(user):
    """(key, heading, value of a case) for the spreadsheet, by permission."""

    def date(value):
        return thai.format_thai_date(value, "numeric") if value else ""

    columns = [
        ("tracking_code", _("Tracking code"), lambda c: c.tracking_code),
        ("received", _("Received (B.E.)"), lambda c: date(c.received_at)),
        ("category", _("Category"), lambda c: c.get_category_display()),
        ("channel", _("Received through"), lambda c: c.get_channel_display()),
        ("status", _("Status"), lambda c: c.get_status_display()),
        ("unit", _("Responsible unit"), lambda c: c.unit.name if c.unit else ""),
        ("due", _("Due (B.E.)"), lambda c: date(c.due_date)),
        ("answered", _("Answered (B.E.)"), lambda c: date(c.answered_at)),
        ("closed", _("Closed (B.E.)"), lambda c: date(c.closed_at)),
        ("days", _("Days to answer"), lambda c: c.days_to_answer),
        ("overdue", _("Overdue"), lambda c: _("yes") if c.is_overdue() else ""),
        ("subject", _("Subject"), lambda c: c.subject),
        ("details", _("Details"), lambda c: c.details),
        ("location", _("Location of the problem"), lambda c: c.location),
        ("reply", _("Reply to the citizen"), lambda c: c.public_reply),
    ]
    if can_view_personal_data(user):
        columns += [
            ("contact_name", _("Complainant's name"), lambda c: c.contact_name),
            ("contact_phone", _("Phone"), lambda c: c.contact_phone),
            ("contact_email", _("E-mail"), lambda c: c.contact_email),
            (
                "respondent",
                _("Person or office complained about"),
                lambda c: c.respondent,
            ),
        ]
    return columns


class CaseIndexView(FormulaEscapingExportMixin, generic.IndexView):
    export_filename = "ita-cases"

    def _get_title_column(self, field_name, *args, **kwargs):
        # Tracking codes are read out over the phone: never break them.
        kwargs.setdefault("classname", "ita-nowrap")
        return super()._get_title_column(field_name, *args, **kwargs)

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .visible_to(self.request.user)
            .select_related("unit")
        )

    @cached_property
    def export_columns(self):
        return _export_columns(self.request.user)

    @cached_property
    def list_export(self):
        return [key for key, _heading, _value in self.export_columns]

    @cached_property
    def export_headings(self):
        return {key: heading for key, heading, _value in self.export_columns}

    def to_row_dict(self, item):
        return OrderedDict((key, value(item)) for key, _h, value in self.export_columns)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if can_view_personal_data(self.request.user):
            handling.record_personal_data_access(
                self.request,
                None,
                PersonalDataAccess.Action.EXPORT,
                detail=f"{spreadsheet_format}, {queryset.count()} cases, {self.request.GET.urlencode()}"[
                    :255
                ],
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


# -- the case form and its panels ------------------------------------------------


class CaseAdminForm(WagtailAdminModelForm):
    new_note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen only by staff, never by the citizen. Notes are kept in order "
            "and cannot be changed afterwards."
        ),
    )
    new_attachments = AttachmentsField(label=_("Add attachments"))

    #: What a citizen wrote through the website is evidence: staff may
    #: reclassify and handle it, not rewrite it.
    CITIZEN_FIELDS = (
        "channel",
        "subject",
        "details",
        "location",
        "respondent",
        "received_at",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        user = self.for_user
        self.previous = {
            "status": case.status,
            "unit_id": case.unit_id,
            "public_reply": case.public_reply,
        }
        self.reply_changed = False
        if not can_view_personal_data(user) or case.is_purged:
            self.fields.pop("new_attachments", None)
        if "category" in self.fields and not can_view_corruption_cases(user):
            self.fields["category"].choices = [
                choice
                for choice in self.fields["category"].choices
                if choice[0] != CaseCategory.CORRUPTION
            ]
        if case.pk and case.category != CaseCategory.CORRUPTION and not case.respondent:
            # Only corruption complaints name someone; no empty box elsewhere.
            self.fields.pop("respondent", None)
        if case.pk:
            frozen = (
                self.CITIZEN_FIELDS
                if case.channel == CaseChannel.WEBSITE
                else ("received_at",)
            )
            for name in frozen:
                if name in self.fields:
                    self.fields[name].disabled = True
        if "unit" in self.fields:
            self.fields["unit"].queryset = ResponsibleUnit.objects.order_by("name")

    def save(self, commit=True):
        case = super().save(commit=False)
        self.reply_changed = case.reply_changed_since(self.previous["public_reply"])
        if commit:
            case.save()
            self.save_m2m()
        return case


class _CasePanel(Panel):
    template_name = ""
    form_fields = ()

    def clone_kwargs(self):
        return super().clone_kwargs()

    def get_form_options(self):
        return {"fields": list(self.form_fields)}

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template_name

        @property
        def user(self):
            return self.request.user if self.request else None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["case"] = self.instance
            context["today"] = thai.today()
            context["can_view_personal_data"] = can_view_personal_data(self.user)
            return context


class CaseSummaryPanel(_CasePanel):
    template_name = "ita_wagtail/admin/channels/case_summary.html"

    class BoundPanel(_CasePanel.BoundPanel):
        def is_shown(self):
            return bool(self.instance.pk)


class CaseNotesPanel(_CasePanel):
    template_name = "ita_wagtail/admin/channels/case_notes.html"
    form_fields = ("new_note",)

    class BoundPanel(_CasePanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["notes"] = (
                list(self.instance.notes.all()) if self.instance.pk else []
            )
            context["field"] = self.form["new_note"]
            return context


class CaseAttachmentsPanel(_CasePanel):
    template_name = "ita_wagtail/admin/channels/case_attachments.html"
    form_fields = ("new_attachments",)

    class BoundPanel(_CasePanel.BoundPanel):
        def is_shown(self):
            return can_view_personal_data(self.user) and not self.instance.is_purged

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            context["attachments"] = [
                (
                    attachment,
                    reverse("ita_cases:attachment", args=[case.pk, attachment.pk]),
                )
                for attachment in (case.attachments.all() if case.pk else [])
            ]
            context["field"] = (
                self.form["new_attachments"]
                if "new_attachments" in self.form.fields
                else None
            )
            return context


class PersonalDataHiddenPanel(_CasePanel):
    template_name = "ita_wagtail/admin/channels/personal_data_hidden.html"

    class BoundPanel(_CasePanel.BoundPanel):
        def is_shown(self):
            case = self.instance
            return bool(case.pk) and (
                case.is_purged or not can_view_personal_data(self.user)
            )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            case = self.instance
            context["has_contact"] = any(
                getattr(case, f) for f in Case.PERSONAL_DATA_FIELDS
            )
            context["attachment_count"] = case.attachments.count()
            return context


PD = PERSONAL_DATA_PERMISSION

case_panels = [
    CaseSummaryPanel(heading=_("Case summary")),
    MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("category"), FieldPanel("channel")]),
            FieldPanel("received_at"),
            FieldPanel("subject"),
            FieldPanel("details"),
            FieldPanel("location"),
            # Names a person: personal data, like the complainant's details.
            FieldPanel("respondent", permission=PD),
        ],
        heading=_("What was received"),
    ),
    MultiFieldPanel(
        [
            FieldRowPanel(
                [
                    FieldPanel("status"),
                    # A plain list: quicker for a clerk than the snippet chooser.
                    FieldPanel("unit", widget=forms.Select),
                ]
            ),
            FieldPanel("due_date"),
        ],
        heading=_("Handling"),
    ),
    FieldPanel(
        "public_reply",
        help_text=_(
            "Shown on the status page to whoever has the tracking code, and "
            "e-mailed when the citizen gave an address. Writing a reply does "
            "not change the status: set it to Answered when this is the "
            "municipality's answer. Never write anyone's personal details here."
        ),
    ),
    CaseNotesPanel(heading=_("Internal notes")),
    MultiFieldPanel(
        [
            FieldPanel("contact_name", permission=PD),
            FieldPanel("contact_phone", permission=PD),
            FieldPanel("contact_email", permission=PD),
        ],
        heading=_("Complainant (personal data)"),
    ),
    CaseAttachmentsPanel(heading=_("Attachments (personal data)")),
    PersonalDataHiddenPanel(heading=_("Complainant (personal data)")),
]


# -- case views ------------------------------------------------------------------


class VisibleCaseMixin:
    """A corruption complaint is "not found" for users who may not see it."""

    def get_object(self, *args, **kwargs):
        case = super().get_object(*args, **kwargs)
        if not case.is_visible_to(self.request.user):
            raise Http404
        return case


class PersonalDataViewMixin:
    """Log each rendering that shows the case's personal data to this user."""

    def log_personal_data_view(self, case):
        if can_view_personal_data(self.request.user) and case.has_personal_data():
            handling.record_personal_data_access(
                self.request, case, PersonalDataAccess.Action.VIEW
            )


class CaseCreateView(generic.CreateView):
    def get_initial(self):
        return {**super().get_initial(), "channel": CaseChannel.PHONE}

    def save_instance(self):
        self.form.instance.site = Site.find_for_request(self.request) or (
            Site.objects.filter(is_default_site=True).first()
        )
        case = super().save_instance()
        handling.record_new_case(
            case,
            self.request.user,
            note=self.form.cleaned_data.get("new_note", ""),
            attachments=self.form.cleaned_data.get("new_attachments") or [],
        )
        return case


class CaseEditView(VisibleCaseMixin, PersonalDataViewMixin, generic.EditView):
    def save_instance(self):
        case = super().save_instance()
        handling.record_staff_update(
            case,
            previous=self.form.previous,
            user=self.request.user,
            reply_changed=self.form.reply_changed,
            note=self.form.cleaned_data.get("new_note", ""),
            attachments=self.form.cleaned_data.get("new_attachments") or [],
        )
        return case

    def render_to_response(self, context, **response_kwargs):
        self.log_personal_data_view(self.object)
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        case = self.object
        if (
            can_view_personal_data(self.request.user)
            and case.status == CaseStatus.CLOSED
            and not case.is_purged
        ):
            buttons.append(
                Button(
                    _("Remove personal data"),
                    url=reverse("ita_cases:purge", args=[case.pk]),
                    icon_name="bin",
                    priority=30,
                )
            )
        return buttons


class CaseInspectView(VisibleCaseMixin, PersonalDataViewMixin, generic.InspectView):
    BASE_FIELDS = [
        "tracking_code",
        "category",
        "channel",
        "status",
        "unit",
        "received_at",
        "due_date",
        "answered_at",
        "closed_at",
        "subject",
        "details",
        "location",
        "public_reply",
    ]

    EXTRA_LABELS = {
        "notes": _("Internal notes"),
        "attachments": _("Attachments (personal data)"),
    }

    def get_fields(self):
        fields = [*self.BASE_FIELDS, "notes"]
        if can_view_personal_data(self.request.user):
            fields += [*Case.PERSONAL_DATA_FIELDS, "attachments"]
        return fields

    def get_field_label(self, field_name, field):
        if field_name in self.EXTRA_LABELS:
            return self.EXTRA_LABELS[field_name]
        return super().get_field_label(field_name, field)

    def get_notes_display_value(self):
        notes = self.object.notes.all()
        if not notes:
            return "-"
        return format_html_join(
            "",
            "<p><strong>{}</strong> · {}<br>{}</p>",
            (
                (
                    note.author_name,
                    thai.format_thai_datetime(note.created_at),
                    note.text,
                )
                for note in notes
            ),
        )

    def get_attachments_display_value(self):
        attachments = self.object.attachments.all()
        if not attachments:
            return "-"
        return format_html_join(
            "",
            '<p><a href="{}" target="_blank" rel="noopener">{}</a></p>',
            (
                (
                    reverse("ita_cases:attachment", args=[self.object.pk, a.pk]),
                    a.original_name,
                )
                for a in attachments
            ),
        )

    def get_field_display_value(self, field_name, field):
        value = getattr(self.object, field_name, None)
        if field_name in ("received_at", "answered_at", "closed_at"):
            return thai.format_thai_datetime(value) if value else "-"
        if field_name == "due_date":
            return thai.format_thai_date(value)
        if value == "":
            return "-"
        if field_name in ("details", "public_reply"):
            return linebreaksbr(value, autoescape=True)
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.log_personal_data_view(self.object)
        return context


class CaseDeleteView(VisibleCaseMixin, generic.DeleteView):
    pass


class CaseHistoryView(VisibleCaseMixin, history.HistoryView):
    pass


class CaseUsageView(VisibleCaseMixin, usage.UsageView):
    pass


def _case_for(request, pk, action):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    if not case_policy.user_has_any_permission(request.user, action):
        raise PermissionDenied
    if not can_view_personal_data(request.user):
        raise PermissionDenied
    return case


def download_attachment(request, pk, attachment_pk):
    """The only way to a citizen's file: permission-checked and logged."""
    case = _case_for(request, pk, ["view", "change"])
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    handling.record_personal_data_access(
        request,
        case,
        PersonalDataAccess.Action.ATTACHMENT,
        detail=attachment.original_name,
    )
    response = FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        # Named by the type found in the bytes, never by the name it came with.
        filename=attachment.download_name,
        content_type=(
            attachment.content_type
            if attachment.is_known_type
            else "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response


class CasePurgeView(WagtailAdminTemplateMixin, TemplateView):
    """Remove a closed case's personal data now (a citizen's erasure request)."""

    template_name = "ita_wagtail/admin/channels/purge_confirm.html"
    page_title = _("Remove personal data")
    header_icon = "bin"

    def dispatch(self, request, pk):
        self.case = _case_for(request, pk, ["change"])
        if self.case.status != CaseStatus.CLOSED or self.case.is_purged:
            messages.error(
                request,
                _("Only a closed case that still holds personal data can be cleared."),
            )
            return redirect("ita_cases:edit", self.case.pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.case)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("ita_cases:index"),
                "label": Case._meta.verbose_name_plural,
            },
            {
                "url": reverse("ita_cases:edit", args=[self.case.pk]),
                "label": str(self.case),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = self.case
        context["attachment_count"] = self.case.attachments.count()
        context["note_count"] = self.case.notes.count()
        return context

    def post(self, request, pk):
        self.case.purge_personal_data()
        handling.record_personal_data_access(
            request, self.case, PersonalDataAccess.Action.PURGE
        )
        messages.success(
            request,
            _("The personal data of case %(code)s has been removed.")
            % {"code": self.case.tracking_code},
        )
        return redirect("ita_cases:edit", self.case.pk)


class CaseViewSet(ModelViewSet):
    model = Case
    url_prefix = "ita/cases"
    url_namespace = "ita_cases"
    icon = "mail"
    menu_label = _("Complaints and suggestions")
    menu_name = "ita-cases"
    permission_policy = case_policy
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CaseIndexView
    add_view_class = CaseCreateView
    edit_view_class = CaseEditView
    inspect_view_class = CaseInspectView
    delete_view_class = CaseDeleteView
    history_view_class = CaseHistoryView
    usage_view_class = CaseUsageView
    filterset_class = CaseFilterSet
    search_fields = ["tracking_code", "subject", "details", "location"]
    search_backend_name = None
    ordering = "-received_at"
    list_per_page = 50
    list_display = [
        "tracking_code",
        Column("subject", label=_("Subject"), accessor=_subject),
        Column(
            "category",
            label=_("Category"),
            accessor="get_category_display",
            sort_key="category",
        ),
        Column("status", label=_("Status"), accessor=_status_tag, sort_key="status"),
        Column(
            "unit",
            label=_("Responsible unit"),
            accessor=lambda case: case.unit.name if case.unit else _("Not assigned"),
            sort_key="unit__name",
        ),
        Column(
            "received_at",
            label=_("Received"),
            accessor=lambda case: thai.format_thai_date(case.received_at, "short"),
            sort_key="received_at",
        ),
        Column("due_date", label=_("Due"), accessor=_due_cell, sort_key="due_date"),
    ]

    def get_edit_handler(self):
        from wagtail.admin.panels import ObjectList

        return ObjectList(case_panels, base_form_class=CaseAdminForm).bind_to_model(
            self.model
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "attachment/<int:pk>/<int:attachment_pk>/",
                download_attachment,
                name="attachment",
            ),
            path("purge/<int:pk>/", CasePurgeView.as_view(), name="purge"),
        ]


# -- feedback ------------------------------------------------------------------------


def _service_label(feedback):
    return feedback.service_name or _("Services in general")


class FeedbackFilterSet(WagtailFilterSet):
    service_name = django_filters.ChoiceFilter(
        label=_("Service"), choices=[], empty_label=_("All")
    )
    rating = django_filters.ChoiceFilter(
        label=_("Satisfaction"), choices=Rating.choices, empty_label=_("All")
    )
    submitted = BuddhistEraDateRangeFilter(
        label=pgettext_lazy("submission date", "Submitted"), field_name="submitted_at"
    )

    class Meta:
        model = Feedback
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = (
            Feedback.objects.exclude(service_name="")
            .order_by("service_name")
            .values_list("service_name", flat=True)
            .distinct()
        )
        self.filters["service_name"].extra["choices"] = [(n, n) for n in names]


class FeedbackIndexView(FormulaEscapingExportMixin, generic.IndexView):
    export_filename = "ita-feedback"
    list_export = ["submitted", "service", "rating", "comment"]
    export_headings = {
        "submitted": _("Submitted (B.E.)"),
        "service": _("Service"),
        "rating": _("Satisfaction (1–5)"),
        "comment": _("Comment"),
    }

    def to_row_dict(self, item):
        return OrderedDict(
            [
                ("submitted", thai.format_thai_date(item.submitted_at, "numeric")),
                ("service", str(_service_label(item))),
                ("rating", item.rating),
                ("comment", item.comment),
            ]
        )


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    url_prefix = "ita/feedback"
    url_namespace = "ita_feedback"
    icon = "comment"
    menu_label = _("Service feedback")
    menu_name = "ita-feedback"
    permission_policy = feedback_policy
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["submitted_at", "service_name", "rating", "comment"]
    form_fields = []  # never edited: the policy has no "add" or "change"
    index_view_class = FeedbackIndexView
    filterset_class = FeedbackFilterSet
    search_fields = ["service_name", "comment"]
    search_backend_name = None
    ordering = "-submitted_at"
    list_per_page = 50
    list_display = [
        Column(
            "submitted_at",
            label=pgettext_lazy("submission date", "Submitted"),
            accessor=lambda f: thai.format_thai_datetime(f.submitted_at),
            sort_key="submitted_at",
        ),
        Column(
            "service_name",
            label=_("Service"),
            accessor=_service_label,
            sort_key="service_name",
        ),
        Column(
            "rating",
            label=_("Satisfaction"),
            accessor=lambda f: f"{f.rating} – {f.get_rating_display()}",
            sort_key="rating",
        ),
        Column(
            "comment",
            label=_("Comment"),
            accessor=lambda f: Truncator(f.comment).chars(90),
        ),
    ]


# -- personal data access log ----------------------------------------------------


class AccessLogFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"),
        choices=PersonalDataAccess.Action.choices,
        empty_label=_("All"),
    )
    user_name = django_filters.ChoiceFilter(
        label=_("User"), choices=[], empty_label=_("All")
    )
    accessed = BuddhistEraDateRangeFilter(label=_("When"), field_name="accessed_at")

    class Meta:
        model = PersonalDataAccess
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = (
            PersonalDataAccess.objects.order_by("user_name")
            .values_list("user_name", flat=True)
            .distinct()
        )
        self.filters["user_name"].extra["choices"] = [(n, n) for n in names]


class AccessLogIndexView(FormulaEscapingExportMixin, generic.IndexView):
    export_filename = "ita-personal-data-access"
    list_export = [
        "accessed_at",
        "user_name",
        "action",
        "tracking_code",
        "detail",
        "client_address",
    ]
    export_headings = {
        "accessed_at": _("When"),
        "user_name": _("User"),
        "action": _("Action"),
        "tracking_code": _("Tracking code"),
        "detail": _("Detail"),
        "client_address": _("Client address"),
    }

    def to_row_dict(self, item):
        return OrderedDict(
            [
                ("accessed_at", thai.format_thai_datetime(item.accessed_at)),
                ("user_name", item.user_name),
                ("action", item.get_action_display()),
                ("tracking_code", item.tracking_code),
                ("detail", item.detail),
                ("client_address", item.client_address or ""),
            ]
        )


class PersonalDataAccessViewSet(ModelViewSet):
    model = PersonalDataAccess
    url_prefix = "ita/personal-data-access"
    url_namespace = "ita_personal_data_access"
    icon = "lock"
    menu_label = _("Personal data access log")
    menu_name = "ita-personal-data-access"
    permission_policy = access_log_policy
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = AccessLogIndexView
    form_fields = []
    filterset_class = AccessLogFilterSet
    search_fields = ["tracking_code", "user_name", "detail"]
    search_backend_name = None
    ordering = "-accessed_at"
    list_per_page = 100
    list_display = [
        Column(
            "accessed_at",
            label=_("When"),
            accessor=lambda e: thai.format_thai_datetime(e.accessed_at),
            sort_key="accessed_at",
        ),
        Column("user_name", label=_("User"), sort_key="user_name"),
        Column(
            "action",
            label=_("Action"),
            accessor="get_action_display",
            sort_key="action",
        ),
        Column("tracking_code", label=_("Tracking code"), sort_key="tracking_code"),
        Column("detail", label=_("Detail")),
        Column("client_address", label=_("Client address")),
    ]


# -- dashboard -----------------------------------------------------------------------


class OpenCasesSummaryItem(SummaryItem):
    """ "12 open cases (3 overdue)" on the admin's home page, for case handlers."""

    order = 250
    template_name = "ita_wagtail/admin/channels/summary_item.html"

    def is_shown(self):
        return case_policy.user_has_any_permission(
            self.request.user, ["view", "change"]
        )

    def get_context_data(self, parent_context):
        cases = Case.objects.visible_to(self.request.user)
        index = reverse("ita_cases:index")
        return {
            "open_count": cases.open().count(),
            "overdue_count": cases.overdue(thai.today()).count(),
            "open_url": f"{index}?status=received&status=in_progress",
            "overdue_url": f"{index}?overdue=yes",
        }
