"""How the ITA pages sit inside the host site's base template."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def ita_show_breadcrumb():
    """False where the site sets ``ITA_SHOW_BREADCRUMB = False``: its base
    template already shows a breadcrumb, and two would say the same twice."""
    return bool(getattr(settings, "ITA_SHOW_BREADCRUMB", True))
