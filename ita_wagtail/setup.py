"""Creating the ITA section of an existing site (``manage.py ita_setup``).

The tree is derived from the page types' own parent/subpage rules and the
criteria registry: a page type is created when it serves a kind of the
active criteria set, or when one of its subpage types does.
"""

from dataclasses import dataclass, field

from django.db import transaction

from ita_wagtail.criteria import default_criteria_set
from ita_wagtail.models import DisclosurePageMixin, ItaIndexPage, ResponsibleUnit


@dataclass
class SetupStep:
    page: object
    created: bool
    depth: int


@dataclass
class SetupReport:
    site: object
    parent: object
    dry_run: bool
    steps: list[SetupStep] = field(default_factory=list)
    units_created: list = field(default_factory=list)

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


def _title_for(model):
    if issubclass(model, DisclosurePageMixin):
        return model.ita_default_title()
    return str(model._meta.verbose_name)


def _ensure_child(parent, model, report, depth):
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        report.steps.append(SetupStep(existing, created=False, depth=depth))
        return existing
    page = model(
        title=_title_for(model),
        slug=getattr(model, "ita_slug", "") or None,
        live=False,
        **model.ita_initial_values(parent)
        if hasattr(model, "ita_initial_values")
        else {},
    )
    parent.add_child(instance=page)
    page.save_revision(clean=False)
    report.steps.append(SetupStep(page, created=True, depth=depth))
    return page


def _ensure_subtree(parent, kinds, report, depth):
    for model in parent.specific_class.allowed_subpage_models():
        if model is parent.specific_class or not _serves(model, kinds):
            continue
        child = _ensure_child(parent, model, report, depth)
        _ensure_subtree(child, kinds, report, depth + 1)


def setup_ita_section(site, parent=None, dry_run=False, criteria_set=None):
    """Create, as drafts, every ITA page the site lacks. Idempotent."""
    criteria_set = criteria_set or default_criteria_set()
    parent = parent or site.root_page
    report = SetupReport(site=site, parent=parent, dry_run=dry_run)
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
        _ensure_subtree(index, kinds, report, depth=1)
        if dry_run:
            transaction.set_rollback(True)
    return report
