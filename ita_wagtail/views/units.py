from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from ita_wagtail.models import ResponsibleUnit


class ResponsibleUnitViewSet(SnippetViewSet):
    model = ResponsibleUnit
    icon = "group"
    menu_label = _("Responsible units")
    menu_name = "ita-responsible-units"
    list_display = ["name", "parent", "head_position", "email"]
    search_fields = ["name", "head_position", "email"]
    ordering = ["name"]
    copy_view_enabled = False
