"""“Mark as reviewed — still correct”: a review record instead of an edit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ita_wagtail.models import DisclosurePageMixin, PageReview, record_review
from ita_wagtail.models.base import Page
from ita_wagtail.models.reviews import NOTE_MAX_LENGTH
from ita_wagtail.scoring import evaluate_page

from .common import breadcrumbs, safe_next


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For example what you checked, or who confirmed that it is still correct."
        ),
    )


class ReviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ita_wagtail/admin/compliance/review.html"
    header_icon = "check"
    page_title = gettext_lazy("Mark as reviewed — still correct")

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(self.page, DisclosurePageMixin) or not self.page.ita_kind:
            raise PermissionDenied
        if not self.page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        self.next_url = safe_next(request, reverse("ita_compliance:index"))
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return breadcrumbs(self)

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=ReviewForm()))

    def post(self, request, page_id):
        form = ReviewForm(request.POST)
        if not self.page.live:
            messages.error(
                request,
                _("Only a published page can be marked as reviewed; publish it first."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if not form.is_valid():
            messages.error(request, _("The review was not saved; see the note below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        record_review(self.page, user=request.user, note=form.cleaned_data["note"])
        messages.success(
            request,
            _("“%(title)s” was marked as reviewed: still correct.")
            % {"title": self.page.get_admin_display_title()},
        )
        return redirect(self.next_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "page": self.page,
                "facts": evaluate_page(self.page),
                "reviews": PageReview.objects.for_page(self.page).select_related(
                    "user"
                ),
                "next_url": self.next_url,
                "edit_url": reverse("wagtailadmin_pages:edit", args=(self.page.pk,)),
                "history_url": reverse(
                    "wagtailadmin_pages:history", args=(self.page.pk,)
                ),
            }
        )
        return context
