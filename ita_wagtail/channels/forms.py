"""The citizens' forms: a case, a tracking-code look-up, a service rating."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ita_wagtail.models.channels import (
    CaseCategory,
    Rating,
    normalise_phone,
    normalise_tracking_code,
)

from . import attachments
from .text import plain_text


class CitizenTextField(forms.CharField):
    """Text a citizen types, without bidirectional or other control characters."""

    def to_python(self, value):
        value = plain_text(super().to_python(value))
        return value.strip() if self.strip else value


class CitizenEmailField(forms.EmailField):
    def to_python(self, value):
        return plain_text(super().to_python(value)).strip()


class HoneypotField(forms.CharField):
    """A field people never see and robots fill in."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
            **kwargs,
        )


class HoneypotFormMixin:
    honeypot_field_name = "website"

    @property
    def honeypot_triggered(self):
        return bool(self.data.get(self.honeypot_field_name, "").strip())

    def clean(self):
        cleaned_data = super().clean()
        if self.honeypot_triggered:
            raise ValidationError(
                _(
                    "Your message was not sent because a hidden field was filled "
                    "in, which usually means an automated program. If you are a "
                    "person, please clear the field marked “Leave this field "
                    "empty” and send again."
                ),
                code="honeypot",
            )
        return cleaned_data


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input, each checked by its content."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", attachments.ACCEPT)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else [data]
        uploads = [upload for upload in uploads if upload]
        limit = attachments.max_files()
        if len(uploads) > limit:
            raise ValidationError(
                _("Attach at most %(limit)s files."),
                code="too_many_files",
                params={"limit": limit},
            )
        cleaned, errors = [], []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                cleaned.append(attachments.clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class CaseForm(HoneypotFormMixin, forms.Form):
    """A complaint, a suggestion, or a corruption complaint."""

    category = forms.ChoiceField(
        label=_("What would you like to send?"),
        widget=forms.RadioSelect,
        choices=[],
    )
    subject = CitizenTextField(
        label=_("Subject"),
        max_length=200,
        help_text=_(
            "In a few words, for example “Street light out in front of the school”."
        ),
    )
    details = CitizenTextField(
        label=_("Details"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened, when, and what you would like the municipality to do."
        ),
    )
    location = CitizenTextField(
        label=_("Location of the problem"),
        max_length=255,
        required=False,
        help_text=_("Village, road, landmark: where the municipality should look."),
    )
    respondent = CitizenTextField(
        label=_("Person or office complained about"),
        max_length=255,
        required=False,
        help_text=_("Name, position or unit, if you know them."),
    )
    attachments = AttachmentsField(label=_("Photos or documents"))
    contact_name = CitizenTextField(
        label=_("Your name"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_phone = CitizenTextField(
        label=_("Phone"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = CitizenEmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        help_text=_("We send the tracking code and the reply to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = HoneypotField()

    def __init__(self, *args, categories=(CaseCategory.COMPLAINT,), **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = tuple(categories)
        self.fields["category"].choices = [
            (value, label)
            for value, label in CaseCategory.choices
            if value in self.categories
        ]
        if len(self.categories) == 1:
            # Nothing to choose: the page decides (the corruption page).
            del self.fields["category"]
        else:
            self.fields["category"].initial = self.categories[0]
        if CaseCategory.CORRUPTION not in self.categories:
            del self.fields["respondent"]
        size = attachments.max_size() // (1024 * 1024)
        self.fields["attachments"].help_text = _(
            "Optional. Up to %(count)s images (JPEG, PNG, WebP) or PDF files, "
            "%(size)s MB each. Location data is removed from photos."
        ) % {"count": attachments.max_files(), "size": size}

    @property
    def chosen_category(self):
        if "category" in self.fields:
            return self.cleaned_data["category"]
        return self.categories[0]

    def clean_contact_phone(self):
        value = self.cleaned_data["contact_phone"]
        if not value:
            return ""
        digits = normalise_phone(value)
        if not (digits.startswith("0") and len(digits) in (9, 10)):
            raise ValidationError(
                _(
                    "Enter a Thai phone number, for example 081 234 5678 or 02 123 4567."
                ),
                code="invalid_phone",
            )
        return digits

    @property
    def visible_fields_in_order(self):
        return [field for field in self.visible_fields() if field.name != "website"]


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("Twelve letters and digits, for example K7QM-4TZX-9HRP."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail you gave"),
        max_length=254,
        required=False,
        help_text=_(
            "The code alone shows the status and the municipality's "
            "reply; add the phone number or e-mail you gave with your case to "
            "see its subject too."
        ),
    )

    def clean_code(self):
        # A malformed code is answered like an unknown one (see the view); the
        # normalised form is only used to look the case up.
        return normalise_tracking_code(self.cleaned_data["code"]) or ""


class FeedbackForm(HoneypotFormMixin, forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False, choices=[])
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with this service?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how satisfied you are.")},
    )
    comment = CitizenTextField(
        label=_("Comment or suggestion"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Optional. Please do not write names, phone numbers or other "
            "personal details: this form is anonymous."
        ),
    )
    website = HoneypotField()

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            ("", _("Services of the municipality in general")),
            *[(name, name) for name in services],
        ]

    @property
    def visible_fields_in_order(self):
        return [field for field in self.visible_fields() if field.name != "website"]
