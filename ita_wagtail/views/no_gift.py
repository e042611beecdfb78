"""Admin for the gift register (No Gift Policy): a snippet viewset.

Staff with the register's model permissions (view/add/change/delete "gift
register entry") keep it; Wagtail logs every creation, edit and deletion in
the entry's history and the site's audit log.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.snippets.views.snippets import SnippetViewSet

from ita_wagtail.models.no_gift import GiftOutcome, GiftRegisterEntry
from ita_wagtail.thai import format_baht
from ita_wagtail.views.procurement import (
    NoWrapColumn,
    SiteDefaultCreateView,
    ThaiDateColumn,
)


def fiscal_year_choices():
    years = (
        GiftRegisterEntry.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return [(year, str(year)) for year in years]


class GiftRegisterFilterSet(WagtailFilterSet):
    fiscal_year = django_filters.ChoiceFilter(
        label=_("Fiscal year"), choices=fiscal_year_choices
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=GiftOutcome.choices
    )
    site = django_filters.ModelChoiceFilter(
        label=_("Site"), queryset=Site.objects.all()
    )

    class Meta:
        model = GiftRegisterEntry
        fields = ["fiscal_year", "outcome", "site"]


class BahtColumn(NoWrapColumn):
    def get_value(self, instance):
        value = super().get_value(instance)
        return format_baht(value) if value is not None else "—"


class GiftRegisterViewSet(SnippetViewSet):
    model = GiftRegisterEntry
    icon = "pick"
    menu_label = _("Gift register")
    menu_name = "ita-gift-register"
    url_prefix = "ita/gift-register"
    add_view_class = SiteDefaultCreateView
    copy_view_enabled = False
    filterset_class = GiftRegisterFilterSet
    search_fields = ["official_name", "giver", "description"]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        ThaiDateColumn("date", label=_("Date")),
        "official_name",
        "description",
        BahtColumn("value", label=_("Value")),
        Column("outcome", label=_("Outcome"), accessor="get_outcome_display"),
        Column("fiscal_year", label=_("Fiscal year")),
    ]
