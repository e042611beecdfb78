"""Pages kept one per fiscal year under their parent (plans, declarations,
reports of the OIT items): the parent of a page being created, the rule
itself, and the years new pages start on."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm

from ita_wagtail import thai


def current_fiscal_year():
    """Today's fiscal year (B.E.): the one plans and declarations are for."""
    return thai.fiscal_year(thai.today())


def previous_fiscal_year():
    """The fiscal year before today's: the one reports and statistics are for."""
    return current_fiscal_year() - 1


class ParentAwarePageForm(WagtailAdminPageForm):
    """Lets the model's ``clean`` see the parent of a page being created,
    which Wagtail only attaches when the page is saved."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        if parent_page is not None and not self.instance.pk:
            self.instance._ita_parent = parent_page


def parent_of(page):
    """The page's parent, also for a page being created in the admin."""
    if page.pk and page.path:
        return page.get_parent()
    return getattr(page, "_ita_parent", None)


def one_per_fiscal_year(page, model, message):
    """Refuse, on the fiscal year field, a second page of ``model`` for the
    same year under the same parent. ``message`` takes ``%(year)s``."""
    parent = parent_of(page)
    if parent is None or not page.fiscal_year:
        return
    twins = (
        model.objects.child_of(parent)
        .filter(fiscal_year=page.fiscal_year)
        .exclude(pk=page.pk)
    )
    if twins.exists():
        raise ValidationError({"fiscal_year": message % {"year": page.fiscal_year}})


def ascii_slug_by_year(page, slug):
    """Give a new page ``slug`` when its own follows a Thai title (or is
    empty): an ASCII URL with the year reads well where assessors paste it."""
    if page.fiscal_year and not page.pk and not (page.slug or "é").isascii():
        page.slug = slug
