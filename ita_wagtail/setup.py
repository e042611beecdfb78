"""Creating the ITA section of an existing site (``manage.py ita_setup``).

The tree is derived from the page types' own parent/subpage rules and the
criteria registry: a page type is created when it serves a kind of the
active criteria set, or when one of its subpage types does. Every kind no
page type serves gets a generic disclosure documents page, so each item of
the set has a page to fill from the first day.

A page type added later for a kind that a generic page answers is created
as a draft beside it (slug ``<slug>-new``) and recorded on the generic page;
its first publication takes over the generic page's URL
(``ita_wagtail.models.disclosure_documents.take_over``).
"""

from dataclasses import dataclass, field

from django.db import transaction

from ita_wagtail.models import (
    DisclosureDocumentsPage,
    DisclosurePageMixin,
    ItaIndexPage,
    ResponsibleUnit,
)
from ita_wagtail.models.base import Page
from ita_wagtail.models.compliance_settings import site_criteria_set
from ita_wagtail.models.disclosure_documents import (
    initial_fiscal_year,
    kind_slug,
    kind_title,
    structured_page_models,
    unserved_kinds,
)


@dataclass
class SetupStep:
    page: object
    created: bool
    depth: int
    #: The generic page this new structured page will take over, if any.
    replaces: object = None


@dataclass
class Answer:
    """Which page answers one item (or part) of the criteria set."""

    code: str
    title: str
    pages: list = field(default_factory=list)


@dataclass
class SetupReport:
    site: object
    parent: object
    dry_run: bool
    steps: list[SetupStep] = field(default_factory=list)
    units_created: list = field(default_factory=list)
    criteria_set: object = None
    answers: list[Answer] = field(default_factory=list)

    @property
    def created(self):
        return [step for step in self.steps if step.created]

    @property
    def existing(self):
        return [step for step in self.steps if not step.created]


def _serves(model, kinds):
    if issubclass(model, DisclosurePageMixin) and model.ita_kind in kinds:
        return True
    return any(
        _serves(sub, kinds)
        for sub in model.allowed_subpage_models()
        if sub is not model
    )


def _title_for(model, criteria_set):
    if issubclass(model, DisclosurePageMixin):
        return model.ita_default_title(criteria_set)
    return str(model._meta.verbose_name)


def _free_slug(parent, wanted):
    taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
    slug, number = wanted, 2
    while slug in taken:
        slug = f"{wanted}-{number}"
        number += 1
    return slug


def _generic_page_to_replace(index, model):
    """A generic page answering the kind ``model`` serves, not yet replaced."""
    if not (issubclass(model, DisclosurePageMixin) and model.ita_kind):
        return None
    return (
        DisclosureDocumentsPage.objects.descendant_of(index)
        .filter(kind=model.ita_kind, replaced_by__isnull=True)
        .order_by("path")
        .first()
    )


def _ensure_child(parent, model, report, depth, index=None):
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        report.steps.append(SetupStep(existing, created=False, depth=depth))
        return existing
    generic = _generic_page_to_replace(index, model) if index is not None else None
    if generic is not None:
        # Beside the generic page when the page type may live there: on its
        # first publication it takes the generic page's slug, hence its URL.
        generic_parent = generic.get_parent().specific
        if model.can_create_at(generic_parent):
            parent = generic_parent
    if generic is not None and parent.pk == generic.get_parent().pk:
        slug = _free_slug(parent, f"{generic.slug}-new")
    else:
        # Elsewhere in the tree, the page keeps its own slug; its first
        # publication redirects the generic page's URL to it.
        slug = getattr(model, "ita_slug", "") or None
        if slug:
            slug = _free_slug(parent, slug)
    page = model(
        title=_title_for(model, report.criteria_set),
        slug=slug,
        live=False,
        **model.ita_initial_values(parent)
        if hasattr(model, "ita_initial_values")
        else {},
    )
    parent.add_child(instance=page)
    page.save_revision(clean=False)
    if generic is not None:
        generic.replaced_by = page
        DisclosureDocumentsPage.objects.filter(pk=generic.pk).update(replaced_by=page)
    report.steps.append(SetupStep(page, created=True, depth=depth, replaces=generic))
    return page


def _ensure_subtree(parent, kinds, report, depth, index):
    for model in parent.specific_class.allowed_subpage_models():
        if model is parent.specific_class or not _serves(model, kinds):
            continue
        child = _ensure_child(parent, model, report, depth, index=index)
        _ensure_subtree(child, kinds, report, depth + 1, index)


def _pages_by_kind(index):
    """The pages under the ITA index that answer each kind, generic or not."""
    found = {}
    for model in structured_page_models():
        for page in model.objects.descendant_of(index).order_by("path"):
            found.setdefault(model.ita_kind, []).append(page)
    for page in DisclosureDocumentsPage.objects.descendant_of(index).order_by("path"):
        if page.taken_over_at is None:
            found.setdefault(page.kind, []).append(page)
    return found


def _ensure_generic_pages(index, criteria_set, report):
    """One draft generic page per kind of the set no page type serves."""
    existing = _pages_by_kind(index)
    for kind in unserved_kinds(criteria_set):
        if existing.get(kind):
            for page in existing[kind]:
                if isinstance(page, DisclosureDocumentsPage):
                    report.steps.append(SetupStep(page, created=False, depth=1))
            continue
        page = DisclosureDocumentsPage(
            title=kind_title(criteria_set, kind),
            slug=_free_slug(index, kind_slug(kind)),
            kind=kind,
            fiscal_year=initial_fiscal_year(criteria_set, kind),
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision(clean=False)
        report.steps.append(SetupStep(page, created=True, depth=1))
        existing[kind] = [page]
    return existing


def _answers(criteria_set, pages_by_kind):
    answers = []
    for item in criteria_set:
        entries = (
            [(part, part.kinds) for part in item.parts]
            if item.parts
            else [(None, item.kinds)]
        )
        for part, kinds in entries:
            pages = [page for kind in kinds for page in pages_by_kind.get(kind, [])]
            code = f"{item.code} {part.code}" if part is not None else item.code
            answers.append(Answer(code=code, title=(part or item).title, pages=pages))
    return answers


def setup_ita_section(site, parent=None, dry_run=False, criteria_set=None):
    """Create, as drafts, every ITA page the site lacks. Idempotent.

    ``criteria_set`` defaults to the site's set for the current fiscal year.
    """
    criteria_set = criteria_set or site_criteria_set(site)
    parent = parent or site.root_page
    report = SetupReport(
        site=site, parent=parent, dry_run=dry_run, criteria_set=criteria_set
    )
    kinds = set(criteria_set.kinds())
    with transaction.atomic():
        report.units_created = ResponsibleUnit.seed(criteria_set.units)
        index = ItaIndexPage.objects.descendant_of(
            site.root_page, inclusive=True
        ).first()
        if index is None:
            index = ItaIndexPage(
                title=ItaIndexPage.ita_default_title(),
                slug=ItaIndexPage.ita_slug,
                live=False,
            )
            parent.add_child(instance=index)
            index.save_revision(clean=False)
            report.steps.append(SetupStep(index, created=True, depth=0))
        else:
            report.steps.append(SetupStep(index, created=False, depth=0))
        _ensure_subtree(index, kinds, report, depth=1, index=index)
        pages_by_kind = _ensure_generic_pages(index, criteria_set, report)
        report.answers = _answers(criteria_set, pages_by_kind)
        if dry_run:
            transaction.set_rollback(True)
    return report
