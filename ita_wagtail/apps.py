from django.apps import AppConfig
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def _overdue_case_count(site, today):
    from ita_wagtail.models.channels.statistics import overdue_cases

    return overdue_cases(site, today).count()


class ItaWagtailConfig(AppConfig):
    name = "ita_wagtail"
    label = "ita_wagtail"
    verbose_name = _("ITA public disclosure")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ita_wagtail import checks  # noqa: F401  (registers the system checks)
        from ita_wagtail.admin_widgets import register_form_field_overrides
        from ita_wagtail.criteria import connect_signals
        from ita_wagtail.exporting import ocds  # noqa: F401 (its system check)
        from ita_wagtail.procurement.compliance import procurement_compliance
        from ita_wagtail.scoring import cache
        from ita_wagtail.scoring.plugins import (
            register_overdue_complaints,
            register_procurement,
        )

        connect_signals()
        cache.connect_signals()
        # A page unpublished for a replacement: its old address redirects.
        from ita_wagtail.linkcheck.guard import connect_signals as connect_guard

        connect_guard()
        # B.E. dates and "1,980,000.00" amounts in this app's admin forms.
        register_form_field_overrides()
        # Item 5.7 is scored from the procurement register, and overdue
        # complaints make item 5.11 out of date.
        register_procurement(procurement_compliance)
        # Both complaint channels' kinds: under the 2562 measure they serve
        # 5.11 together (the engine takes the better of the two), so each
        # carries the site's overdue cases, as the one shared kind did.
        register_overdue_complaints(
            _overdue_case_count,
            kinds=("complaint_channel", "corruption_complaint_channel"),
            cases_url=format_lazy("{}?overdue=yes", reverse_lazy("ita_cases:index")),
        )
