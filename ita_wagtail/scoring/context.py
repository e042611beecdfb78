"""What evaluators are given: the site, the day, and shared, cached lookups.

Each lookup runs its query once per evaluation, however many kinds ask for
it, which keeps the engine's query count fixed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery

from ita_wagtail.models.base import Page
from ita_wagtail.models.reviews import PageReview
from ita_wagtail.models.units import ResponsibleUnit

from .freshness import Target, effective_days, target_for


class EvaluationContext:
    """One evaluation of one site against one criteria set on one day."""

    def __init__(self, site, criteria_set, today: date, settings=None):
        self.site = site
        self.criteria_set = criteria_set
        self.today = today
        self._settings = settings
        #: Scratch space for evaluators: results of calls that several kinds
        #: share (the procurement summary), computed once per evaluation.
        self.memo = {}
        #: The (item, part) being scored: in a set where one kind answers
        #: several items, the rule, view and files come from this one.
        self.focus = None

    # -- settings and criteria ------------------------------------------------

    @cached_property
    def settings(self):
        if self._settings is not None:
            return self._settings
        from ita_wagtail.models.compliance_settings import ComplianceSettings

        return ComplianceSettings.for_site(self.site)

    @property
    def freshness_days(self) -> int:
        return self.settings.freshness_days

    def criterion(self, kind: str):
        """(item, part) of the criteria set for ``kind``: the one being scored."""
        if self.focus is not None:
            item, part = self.focus
            if kind in (part.kinds if part is not None else item.kinds):
                return self.focus
        return self.criteria_set.item_for_kind(kind)

    def rule(self, kind: str):
        item, part = self.criterion(kind)
        return item.rule(part)

    def days(self, kind: str) -> int:
        return effective_days(self.rule(kind), self.freshness_days)

    def target(self, kind: str) -> Target:
        return target_for(self.rule(kind), self.today)

    # -- the site's tree --------------------------------------------------------

    @cached_property
    def root(self):
        return Page.objects.get(pk=self.site.root_page_id)

    def pages_under_site(self, queryset):
        """``queryset.descendant_of(root)``, written so an index can serve it.

        ``path LIKE 'prefix%'`` cannot use PostgreSQL's default btree index
        on ``path``, so every page query scanned the whole page table; the
        range ``root < path < next sibling of root`` can, and the
        ``startswith`` condition keeps the meaning exact whatever the
        database's collation.
        """
        from treebeard.exceptions import PathOverflow

        root = self.root
        try:
            upper = root._inc_path()
        except PathOverflow:
            return queryset.descendant_of(root)
        return queryset.filter(
            path__gt=root.path,
            path__lt=upper,
            path__startswith=root.path,
            depth__gt=root.depth,
        )

    @cached_property
    def restricted_paths(self) -> tuple[str, ...]:
        """Paths of pages with a view restriction (login, password, groups)."""
        from wagtail.models import PageViewRestriction

        return tuple(
            PageViewRestriction.objects.filter(
                page__path__startswith=self.root.path
            ).values_list("page__path", flat=True)
        )

    def is_restricted(self, page) -> bool:
        return any(page.path.startswith(path) for path in self.restricted_paths)

    @cached_property
    def units(self) -> dict:
        return {unit.pk: unit for unit in ResponsibleUnit.objects.all()}

    @cached_property
    def units_by_code(self) -> dict:
        return {unit.code: unit for unit in self.units.values() if unit.code}

    def default_unit(self, kind: str):
        item, _part = self.criterion(kind)
        return self.units_by_code.get(item.responsible_unit)

    # -- page types -------------------------------------------------------------

    @cached_property
    def page_models_by_kind(self) -> dict[str, list]:
        from ita_wagtail.models.index import disclosure_page_models

        by_kind = defaultdict(list)
        for model in disclosure_page_models():
            if not getattr(model, "ita_any_kind", False):
                by_kind[model.ita_kind].append(model)
        return dict(by_kind)

    @cached_property
    def any_kind_models(self) -> list:
        """Page types that answer whichever kind an editor picks (the generic
        disclosure documents page); structured types come first."""
        from ita_wagtail.models.index import any_kind_page_models

        return any_kind_page_models()

    def page_models(self, kind: str) -> list:
        return self.page_models_by_kind.get(kind, []) + self.any_kind_models

    @cached_property
    def _content_type_ids(self) -> dict:
        models = [m for ms in self.page_models_by_kind.values() for m in ms]
        models += self.any_kind_models
        if not models:
            return {}
        by_model = ContentType.objects.get_for_models(*models)
        return {model: content_type.pk for model, content_type in by_model.items()}

    def content_type_id(self, model) -> int | None:
        return self._content_type_ids.get(model)

    def live_pages(self, model):
        """Live pages of ``model`` under the site, with their latest review.

        The review date comes as an annotation, so it costs no query of its own.
        """
        latest_review = PageReview.objects.filter(page_id=OuterRef("pk")).order_by(
            "-reviewed_at"
        )
        return self.pages_under_site(model.objects.live()).annotate(
            ita_latest_review=Subquery(latest_review.values("reviewed_at")[:1])
        )

    @cached_property
    def drafts_by_content_type(self) -> dict[int, list]:
        """Never-published disclosure pages under the site, by content type."""
        ids = list(self._content_type_ids.values())
        drafts = defaultdict(list)
        if not ids:
            return drafts
        rows = (
            self.pages_under_site(Page.objects.filter(live=False))
            .filter(content_type_id__in=ids)
            .order_by("path")
            .values("pk", "title", "content_type_id")
        )
        for row in rows:
            drafts[row["content_type_id"]].append(row)
        return drafts

    def any_kind_pages(self, model) -> dict[str, list]:
        """Live pages of an any-kind type under the site, by kind: one query
        (plus the type's prefetches) for every kind it answers."""
        cache = self.__dict__.setdefault("_any_kind_pages", {})
        if model not in cache:
            by_kind = defaultdict(list)
            queryset = model.ita_scoring_queryset(self.live_pages(model))
            pages = list(queryset.order_by("path"))
            # Prepared once for every kind they answer, not once per kind.
            model.ita_prepare_scoring(pages)
            for page in pages:
                by_kind[page.kind].append(page)
            cache[model] = dict(by_kind)
        return cache[model]

    @cached_property
    def any_kind_drafts(self) -> dict[str, list]:
        """Never-published pages of the any-kind types, by the kind they answer."""
        drafts = defaultdict(list)
        for model in self.any_kind_models:
            rows = (
                self.pages_under_site(model.objects.filter(live=False))
                .order_by("path")
                .values("pk", "title", "kind")
            )
            for row in rows:
                drafts[row["kind"]].append(row)
        return drafts

    def drafts(self, kind: str) -> list[dict]:
        found = []
        for model in self.page_models_by_kind.get(kind, []):
            found.extend(
                self.drafts_by_content_type.get(self.content_type_id(model), [])
            )
        if self.any_kind_models:
            found.extend(self.any_kind_drafts.get(kind, []))
        return found

    def creation_target(self, kind: str, fiscal_year: int | None = None):
        """(page model, parent page) where a missing page of ``kind`` is created.

        Prefers a parent for ``fiscal_year`` when the parent type has one (a
        progress report goes under the plan of its year). ``(None, None)``
        when the site has no place for it yet (``ita_setup`` not run).
        """
        for model in self.page_models_by_kind.get(kind, []):
            if not model.is_creatable:
                continue
            for parent_model in model.allowed_parent_page_models():
                if not issubclass(parent_model, Page):
                    continue
                queryset = parent_model.objects.descendant_of(
                    self.root, inclusive=True
                ).order_by("path")
                field_names = {f.name for f in parent_model._meta.get_fields()}
                if fiscal_year is not None and "fiscal_year" in field_names:
                    queryset = queryset.filter(fiscal_year=fiscal_year)
                parent = queryset.first()
                if parent is not None and model.can_create_at(parent):
                    return model, parent
        return None, None

    @cached_property
    def ita_index(self):
        from ita_wagtail.models.index import ItaIndexPage

        return (
            ItaIndexPage.objects.descendant_of(self.root, inclusive=True)
            .order_by("path")
            .first()
        )
