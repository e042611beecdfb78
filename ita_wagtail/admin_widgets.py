"""Buddhist-era dates and baht amounts in the Wagtail admin forms of this app.

Finance staff and clerks read and write dates as ``22/11/2569`` and amounts
as ``1,980,000.00``. The form fields and widgets here do that for every
date, date-time and money field of this app's models and pages, without
changing how anything is stored (ordinary dates and decimals):

* ``BuddhistEraDateInput`` / ``BuddhistEraDateTimeInput`` extend Wagtail's
  ``AdminDateInput`` / ``AdminDateTimeInput``: Wagtail's date picker still
  opens, configured with its ``yearOffset`` option so the calendar shows
  B.E. years, and the value reads ``dd/mm/yyyy`` (B.E.).
* ``BuddhistEraDateField`` / ``BuddhistEraDateTimeField`` read what people
  type: ``22/11/2569``, Thai digits ``๒๒/๑๑/๒๕๖๙``, C.E. ``22/11/2026``, ISO
  ``2026-11-22`` and written dates such as ``22 พ.ย. 2569``. A four-digit
  year of 2400 or more is B.E., a smaller one C.E. (2400 B.E. is 1857 C.E.,
  long before any record a municipality publishes; 2400 C.E. is far ahead).
* ``AmountInput`` / ``AmountField``: ``1,980,000.00``, also typed with Thai
  digits, spaces or ``บาท``.
* ``BuddhistEraDateRangeFilter``: Wagtail's "from – to" listing filter with
  the B.E. inputs.

When B.E. applies: whenever the admin's active language is Thai (the
editor's own language preference, else the site's ``LANGUAGE_CODE``). In
another language the widgets behave exactly as Wagtail's own (its
``WAGTAIL_DATE_FORMAT``, C.E. calendar), while typed B.E. years are still
understood by the year rule above. ``ITA_ADMIN_BUDDHIST_ERA = True`` shows
B.E. in every language, ``False`` never. Amounts show separators in every
language.

``register_form_field_overrides()`` (called from the app's ``ready()``) puts
them in Wagtail's form-field registry for the fields declared by this app's
models and model mixins only, so page, snippet, viewset, inline-panel and
wagtail-modeladmin forms all get them, while other apps' fields and
Wagtail's own (a page's publishing schedule) keep Wagtail's widgets.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import from_current_timezone
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_filters.fields import DateRangeField, RangeField
from wagtail.admin.active_filters import (
    DateFromToRangeFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from ita_wagtail import thai

__all__ = [
    "AmountField",
    "AmountInput",
    "BuddhistEraDateField",
    "BuddhistEraDateInput",
    "BuddhistEraDateRangeFilter",
    "BuddhistEraDateTimeField",
    "BuddhistEraDateTimeInput",
    "buddhist_era_active",
    "format_amount_input",
    "format_be_date_input",
    "format_be_datetime_input",
    "is_money_field",
    "is_this_apps_field",
    "parse_admin_date",
    "parse_admin_datetime",
    "register_form_field_overrides",
]

#: Set on a model field (``field.ita_money = True``) to give it the amount
#: input; the app's ``money_field()`` helpers do.
MONEY_FIELD_FLAG = "ita_money"

_JS = "ita_wagtail/admin/thai-inputs.js"

# The date picker's own format tokens (PHP-style), for the B.E. layout.
_PICKER_DATE_FORMAT = "d/m/Y"
_PICKER_TIME_FORMAT = "H:i"


def buddhist_era_active() -> bool:
    """Whether admin dates are shown in B.E. for the current request."""
    forced = getattr(settings, "ITA_ADMIN_BUDDHIST_ERA", None)
    if forced is not None:
        return bool(forced)
    language = translation.get_language() or settings.LANGUAGE_CODE or ""
    return language.lower().split("-")[0] == "th"


# --------------------------------------------------------------------------
# Formatting the value shown in the input
# --------------------------------------------------------------------------


def format_be_date_input(value: date) -> str:
    """``date(2026, 11, 22)`` → ``"22/11/2569"``."""
    return f"{value.day:02d}/{value.month:02d}/{thai.to_be_year(value.year)}"


def format_be_datetime_input(value: datetime) -> str:
    """A date-time in the current time zone → ``"22/11/2569 14:30"``."""
    return f"{format_be_date_input(value.date())} {value:%H:%M}"


def format_amount_input(value) -> str:
    """``Decimal("1980000")`` → ``"1,980,000.00"``; text is left as typed."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return thai.format_baht(value, with_unit=False)


# --------------------------------------------------------------------------
# Parsing what people type
# --------------------------------------------------------------------------

_TIME_RE = re.compile(
    r"^(?P<date>.+?)(?:(?:\s+|T)(?:เวลา\s*)?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?:น\.?)?)?$"
)


def parse_admin_date(text: str) -> date:
    """A date as typed in an admin form; raises ``ValueError``.

    Accepts every layout ``thai.parse_thai_date`` reads (``22/11/2569``,
    ``๒๒/๑๑/๒๕๖๙``, ``22/11/2026``, ``2026-11-22``, ``22 พ.ย. 2569`` …); a
    four-digit year ≥ 2400 is B.E.
    """
    return thai.parse_thai_date(text)


def parse_admin_datetime(text: str) -> datetime:
    """A naive date-time as typed: a date as above, then ``14:30`` (or
    ``14.30 น.``, ``14:30:05``); a date alone is midnight."""
    cleaned = thai.to_arabic_digits(str(text)).strip()
    match = _TIME_RE.match(cleaned)
    if match is None:
        raise ValueError(f"รูปแบบวันที่และเวลาไม่ถูกต้อง: {text!r}")
    day = parse_admin_date(match["date"])
    if match["hour"] is None:
        return datetime.combine(day, time())
    try:
        clock = time(
            int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
        )
    except ValueError:
        raise ValueError(f"เวลาไม่ถูกต้อง: {text!r}") from None
    return datetime.combine(day, clock)


def _year_rule(value):
    # Django's own input formats read "22/11/2569" as the year 2569 C.E.;
    # apply the same B.E. rule as everywhere else.
    if value is not None and value.year >= 2400:
        return value.replace(year=thai.to_ce_year(value.year))
    return value


def _django_reading(to_python, text):
    """What Django's own field reads from ``text``, or ``None``."""
    try:
        return to_python(text)
    except ValidationError:
        return None


def _example_date() -> date:
    return thai.today()


# --------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------


class _BuddhistEraPickerMixin:
    """What the B.E. date and date-time inputs share."""

    template_name = "ita_wagtail/admin/widgets/buddhist_era_input.html"
    with_time = False

    def get_config(self):
        config = super().get_config()
        if buddhist_era_active():
            config.update(
                format=self.be_picker_format,
                # Wagtail's picker (xdsoft datetimepicker) adds yearOffset to
                # the years it shows and writes, and takes it off what it reads.
                yearOffset=thai.BE_OFFSET,
                # Its own blur check would replace a C.E., ISO or Thai-digit
                # date it cannot read with today's date; the server reads them.
                validateOnBlur=False,
                itaBuddhistEra=True,
            )
        return config

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["ita_with_time"] = self.with_time
        if buddhist_era_active():
            widget_attrs = context["widget"]["attrs"]
            widget_attrs.setdefault("placeholder", str(self.be_placeholder))
            widget_attrs["data-ita-buddhist-era"] = (
                "datetime" if self.with_time else "date"
            )
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=[_JS])


class BuddhistEraDateInput(_BuddhistEraPickerMixin, AdminDateInput):
    """Wagtail's date input and picker, in B.E. when the admin is Thai."""

    be_picker_format = _PICKER_DATE_FORMAT
    be_placeholder = _("dd/mm/yyyy")

    def format_value(self, value):
        if buddhist_era_active() and isinstance(value, date):
            if isinstance(value, datetime):
                value = value.date()
            return format_be_date_input(value)
        return super().format_value(value)


class BuddhistEraDateTimeInput(_BuddhistEraPickerMixin, AdminDateTimeInput):
    """Wagtail's date-time input and picker, in B.E. when the admin is Thai."""

    be_picker_format = f"{_PICKER_DATE_FORMAT} {_PICKER_TIME_FORMAT}"
    be_placeholder = _("dd/mm/yyyy hh:mm")
    with_time = True

    def format_value(self, value):
        if buddhist_era_active() and isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return format_be_datetime_input(value)
        if buddhist_era_active() and isinstance(value, date):
            return format_be_date_input(value)
        return super().format_value(value)


class AmountInput(forms.TextInput):
    """A baht amount with thousands separators: ``1,980,000.00``."""

    def __init__(self, attrs=None):
        default_attrs = {
            "inputmode": "decimal",
            "autocomplete": "off",
            "data-ita-amount": "",
        }
        if attrs:
            default_attrs.update(attrs)
        super().__init__(attrs=default_attrs)

    def format_value(self, value):
        return format_amount_input(value) or None

    @property
    def media(self):
        return forms.Media(js=[_JS])


# --------------------------------------------------------------------------
# Form fields
# --------------------------------------------------------------------------


class _BuddhistEraErrors:
    """The "invalid" error: with a B.E. example when the admin reads B.E.,
    else the Django field's own message."""

    def _invalid(self):
        if buddhist_era_active():
            return ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": self._example()},
            )
        return ValidationError(
            self.django_field.default_error_messages["invalid"], code="invalid"
        )


class BuddhistEraDateField(_BuddhistEraErrors, forms.DateField):
    django_field = forms.DateField
    widget = BuddhistEraDateInput
    default_error_messages = {
        "invalid": _(
            "Enter the date as day/month/year of the Buddhist era, for example "
            "%(example)s."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        if not buddhist_era_active():
            # Wagtail's normal formats first (its WAGTAIL_DATE_FORMAT and the
            # locale's), so a non-Thai admin keeps reading what it always did.
            result = _django_reading(super().to_python, text)
            if result is not None:
                return self._year_rule(result)
        try:
            return parse_admin_date(text)
        except ValueError:
            raise self._invalid() from None

    def _year_rule(self, value):
        try:
            return _year_rule(value)
        except ValueError:  # 29 February of a year that is not a leap year
            raise self._invalid() from None

    def _example(self):
        return format_be_date_input(_example_date())


class BuddhistEraDateTimeField(_BuddhistEraErrors, forms.DateTimeField):
    django_field = forms.DateTimeField
    widget = BuddhistEraDateTimeInput
    default_error_messages = {
        "invalid": _(
            "Enter the date and time as day/month/year of the Buddhist era and "
            "hours:minutes, for example %(example)s."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return from_current_timezone(value)
        if isinstance(value, date):
            return from_current_timezone(datetime.combine(value, time()))
        text = str(value).strip()
        if not buddhist_era_active():
            result = _django_reading(super().to_python, text)
            if result is not None:
                try:
                    return _year_rule(result)
                except ValueError:
                    raise self._invalid() from None
        try:
            return from_current_timezone(parse_admin_datetime(text))
        except ValueError:
            raise self._invalid() from None

    def _example(self):
        return format_be_datetime_input(datetime.combine(_example_date(), time(14, 30)))


class AmountField(forms.DecimalField):
    """A decimal typed as ``1,980,000.00``, ``๑,๙๘๐,๐๐๐``, ``1 980 000 บาท``."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter an amount in baht, for example 1,980,000.00."),
    }

    # "1 980 000": spaces (also non-breaking ones) between groups of three.
    _GROUP_SPACE_RE = re.compile(r"(?<=\d)[\s\u00a0\u202f]+(?=\d{3}(?!\d))")

    def widget_attrs(self, widget):
        # No step/min/max: they belong to number inputs, which cannot hold
        # separators.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return Decimal(str(value))
        text = thai.to_arabic_digits(str(value)).strip()
        text = self._GROUP_SPACE_RE.sub(",", text)
        try:
            amount = thai.parse_amount(text)
        except (TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from None
        return amount


class BuddhistEraDateRangeWidget(DateRangePickerWidget):
    """Wagtail's "from – to" date filter with B.E. inputs."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [
            BuddhistEraDateInput(attrs=widget.attrs) for widget in self.widgets
        ]


class BuddhistEraDateRangeField(DateRangeField):
    widget = BuddhistEraDateRangeWidget

    def __init__(self, *args, **kwargs):
        fields = (BuddhistEraDateField(), BuddhistEraDateField())
        # Skip DateRangeField.__init__, which would build C.E. date fields.
        RangeField.__init__(self, fields, *args, **kwargs)


class BuddhistEraDateRangeFilter(django_filters.DateFromToRangeFilter):
    """A listing filter on a date or date-time, typed or picked in B.E."""

    field_class = BuddhistEraDateRangeField


class BuddhistEraDateRangeFilterAdapter(DateFromToRangeFilterAdapter):
    """The "active filter" label above a listing: "1 พ.ย. 2569 - ไม่จำกัด"."""

    def format_value(self, value):
        if value is not None and buddhist_era_active():
            return thai.format_thai_date(value, style="short")
        return super().format_value(value)


register_filter_adapter_class(
    BuddhistEraDateRangeFilter, BuddhistEraDateRangeFilterAdapter
)


# --------------------------------------------------------------------------
# Wiring into Wagtail's form-field registry
# --------------------------------------------------------------------------

_APP_MODULE = "ita_wagtail."


def is_this_apps_field(db_field) -> bool:
    """Whether a model field was declared by one of this app's models or
    model mixins (also when a site's own page type inherits the mixin)."""
    model = getattr(db_field, "model", None)
    if model is None:
        return False
    for klass in model.__mro__:
        if not klass.__module__.startswith(_APP_MODULE):
            continue
        meta = klass.__dict__.get("_meta")
        if meta is None:
            continue
        if any(field.name == db_field.name for field in meta.local_fields):
            return True
    return False


def is_money_field(db_field) -> bool:
    return isinstance(db_field, models.DecimalField) and getattr(
        db_field, MONEY_FIELD_FLAG, False
    )


def _chained(previous, ours):
    """A registry value: ours for this app's fields, what was there before
    (Wagtail's widget, or another app's override) for the rest."""

    def override(db_field):
        if is_this_apps_field(db_field):
            value = ours(db_field)
            if value is not None:
                return value
        if callable(previous) and not isinstance(previous, type):
            return previous(db_field)
        return previous or {}

    override.ita_buddhist_era = True
    return override


def _date_override(db_field):
    return {"form_class": BuddhistEraDateField, "widget": BuddhistEraDateInput}


def _datetime_override(db_field):
    return {
        "form_class": BuddhistEraDateTimeField,
        "widget": BuddhistEraDateTimeInput,
    }


def _decimal_override(db_field):
    if is_money_field(db_field):
        return {"form_class": AmountField, "widget": AmountInput}
    return None


def register_form_field_overrides():
    """Install the overrides in Wagtail's registry (idempotent).

    Wagtail's ``register_form_field_override`` keys by field class, one value
    per class, so each override keeps and defers to the value it replaces.
    """
    from wagtail.admin.forms.models import register_form_field_override, registry

    for field_class, ours in (
        (models.DateTimeField, _datetime_override),
        (models.DateField, _date_override),
        (models.DecimalField, _decimal_override),
    ):
        previous = registry.values_by_class.get(field_class)
        if getattr(previous, "ita_buddhist_era", False):
            continue
        register_form_field_override(field_class, override=_chained(previous, ours))
