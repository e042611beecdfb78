from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from ita_wagtail.views.units import ResponsibleUnitViewSet


class ItaViewSetGroup(SnippetViewSetGroup):
    """The "ITA" admin menu; later features add their viewsets here."""

    items = (ResponsibleUnitViewSet,)
    menu_label = _("ITA")
    menu_icon = "clipboard-list"
    menu_order = 250


register_snippet(ItaViewSetGroup)
