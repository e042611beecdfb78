"""System checks for what an integrator must add to the host site.

The ITA pages render inside the host's base template (``ITA_BASE_TEMPLATE``)
and put everything, their stylesheet included, in its ``content`` block:
without that block they would show an empty page.
"""

from django.core.checks import Tags, Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode
from django.utils.translation import gettext as _

CONTENT_BLOCK = "content"


def _defines_content_block(template, seen=None):
    """Whether a Django template, or one it extends, has the content block.

    A parent named by a variable (``{% extends some_variable %}``) cannot be
    followed without a request: it is given the benefit of the doubt.
    """
    seen = seen if seen is not None else set()
    if template.origin.name in seen:
        return False
    seen.add(template.origin.name)
    blocks = template.nodelist.get_nodes_by_type(BlockNode)
    if any(node.name == CONTENT_BLOCK for node in blocks):
        return True
    for extends in template.nodelist.get_nodes_by_type(ExtendsNode):
        parent_name = extends.parent_name
        if parent_name.filters or not isinstance(parent_name.var, str):
            return True
        try:
            parent = template.engine.get_template(parent_name.var)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            return True  # Django reports it where the template is used.
        if _defines_content_block(parent, seen):
            return True
    return False


@register(Tags.templates)
def check_base_template(app_configs, **kwargs):
    from ita_wagtail.models.mixins import base_template

    name = base_template()
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return [
            Warning(
                _("The base template of the ITA pages, “%(name)s”, was not found.")
                % {"name": name},
                hint=_(
                    'Create it in a folder listed in TEMPLATES["DIRS"], or set '
                    "ITA_BASE_TEMPLATE to the template your pages extend."
                ),
                obj="ITA_BASE_TEMPLATE",
                id="ita_wagtail.W001",
            )
        ]
    except TemplateSyntaxError:
        return []  # Django reports it where the template is used.
    django_template = getattr(template, "template", None)
    if not hasattr(django_template, "nodelist"):
        return []  # another template engine: nothing to inspect
    if _defines_content_block(django_template):
        return []
    return [
        Warning(
            _(
                "The base template of the ITA pages, “%(name)s”, has no block "
                "named “content”: the ITA pages would show nothing."
            )
            % {"name": name},
            hint=_(
                "Add %(tag)s where the body of a page goes, or set "
                "ITA_BASE_TEMPLATE to a template that has it."
            )
            % {"tag": "{% block content %}{% endblock %}"},
            obj="ITA_BASE_TEMPLATE",
            id="ita_wagtail.W002",
        )
    ]


@register(Tags.database)
def check_chosen_criteria_sets(app_configs, databases=None, **kwargs):
    """``ita_wagtail.W401``: a site's chosen list is no longer installed.

    The choice is kept in the database (Settings › ITA monitoring); a
    criteria file removed from ``ITA_CRITERIA_DIRS`` would otherwise make
    the site fall back to the default list without anyone noticing. Run by
    ``migrate`` and ``check --database default``.
    """
    from django.db import DatabaseError

    from ita_wagtail.criteria import CriteriaError, available_criteria_sets
    from ita_wagtail.models import CriteriaSetChoice

    if not databases:
        return []
    try:
        known = available_criteria_sets()
        chosen = list(
            CriteriaSetChoice.objects.select_related("settings__site").order_by(
                "fiscal_year"
            )
        )
    except (DatabaseError, CriteriaError):
        # Tables not migrated yet, or a broken criteria file: the lookups
        # that need them report it themselves.
        return []
    return [
        Warning(
            _(
                "The site %(site)s answers the list %(key)r in fiscal year "
                "%(year)s, but no installed criteria set has that key."
            )
            % {
                "site": choice.settings.site,
                "key": choice.criteria_set,
                "year": choice.fiscal_year,
            },
            hint=_(
                "Put the list's file back in ITA_CRITERIA_DIRS, or choose "
                "another list in Settings › ITA monitoring. Until then the "
                "site is scored against the default list for that year."
            ),
            obj=choice,
            id="ita_wagtail.W401",
        )
        for choice in chosen
        if choice.criteria_set not in known
    ]


@register(Tags.compatibility, deploy=True)
def check_pdf_engine(app_configs, **kwargs):
    """PDF downloads need WeasyPrint and Pango: warn at ``check --deploy``."""
    from ita_wagtail.pdf.rendering import pdf_available

    available, why = pdf_available()
    if available:
        return []
    return [
        Warning(
            _("PDF files cannot be made: WeasyPrint does not load (%(why)s).")
            % {"why": why},
            hint=_(
                "Install Pango (Debian: libpango-1.0-0 and libpangoft2-1.0-0). "
                "Until then the PDF downloads answer “not available” and the "
                "pages do not count PDF among their published formats."
            ),
            obj="weasyprint",
            id="ita_wagtail.W420",
        )
    ]
