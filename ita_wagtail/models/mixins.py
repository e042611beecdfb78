from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model_string

from ita_wagtail.criteria import default_criteria_set

from .completeness import Check, filled
from .units import ResponsibleUnit

DEFAULT_BASE_TEMPLATE = "base.html"

#: Fiscal years are entered in B.E.; the bounds catch C.E. years typed by habit.
FISCAL_YEAR_VALIDATORS_HELP = _("Buddhist-era year, for example 2568.")


def fiscal_year_field(verbose_name=None, **kwargs):
    from django.core.validators import MaxValueValidator, MinValueValidator

    return models.PositiveSmallIntegerField(
        verbose_name or _("fiscal year (B.E.)"),
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
        help_text=FISCAL_YEAR_VALIDATORS_HELP,
        **kwargs,
    )


def document_field(verbose_name, **kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.ForeignKey(
        get_document_model_string(),
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


def image_field(verbose_name, **kwargs):
    from wagtail.images import get_image_model_string

    return models.ForeignKey(
        get_image_model_string(),
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class ItaPageMixin(models.Model):
    """Renders inside the host site's base template (``ITA_BASE_TEMPLATE``)."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ita_base_template"] = base_template()
        return context

    def serve_preview(self, request, *args, **kwargs):
        # The live page is served in the site's language (a before_serve_page
        # hook, see ita_wagtail.language); the editor's preview shows the same.
        from ita_wagtail.language import in_public_language

        with in_public_language():
            response = super().serve_preview(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class DisclosurePageMixin(ItaPageMixin):
    """What every ITA disclosure page knows: its kind and responsible unit.

    ``ita_kind`` is the stable key the criteria registry maps item codes to
    (see ``ita_wagtail.criteria``), so renumbered ITA lists need no code.
    """

    ita_kind: ClassVar[str] = ""
    #: True on page types whose pages each answer a kind the editor picks
    #: (kept in a ``kind`` field): the generic disclosure documents page.
    ita_any_kind: ClassVar[bool] = False
    #: ASCII slug ``ita_setup`` gives the page: URLs an assessor can paste.
    ita_slug: ClassVar[str] = ""

    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The unit that keeps this information correct and current. "
            "Left empty, the unit the criteria name is used."
        ),
    )

    disclosure_panels: ClassVar[list] = [FieldPanel("responsible_unit")]

    class Meta:
        abstract = True

    @classmethod
    def ita_criterion(cls, criteria_set=None):
        """The first (item, part) of ``criteria_set`` this page type serves
        (default: the default set for the current fiscal year)."""
        if not cls.ita_kind:
            return None
        return (criteria_set or default_criteria_set()).item_for_kind(cls.ita_kind)

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        found = cls.ita_criterion(criteria_set)
        if not found:
            return str(cls._meta.verbose_name)
        item, part = found
        return (part or item).title

    @classmethod
    def ita_initial_values(cls, parent):
        """Field values of the draft ``ita_setup`` creates under ``parent``."""
        return {}

    @property
    def ita_page_kind(self) -> str:
        """The kind this page answers: its type's, or its own on any-kind types."""
        if self.ita_any_kind:
            return getattr(self, "kind", "") or ""
        return self.ita_kind

    def ita_criteria_set(self):
        """The criteria set this page's site answers in the page's fiscal year
        (or the current one)."""
        from .compliance_settings import site_criteria_set

        fiscal_year, _quarter = self.ita_period()
        return site_criteria_set(self.get_site(), fiscal_year)

    def ita_criteria(self):
        """Every (item, part) of the site's set this page answers."""
        kind = self.ita_page_kind
        if not kind:
            return ()
        return self.ita_criteria_set().criteria_for_kind(kind)

    @property
    def ita_item(self):
        found = self.ita_criteria()
        return found[0][0] if found else None

    @property
    def ita_part(self):
        found = self.ita_criteria()
        return found[0][1] if found else None

    # -- What the OIT asks of published evidence ---------------------------

    def ita_published_formats(self) -> set[str]:
        """Lower-case extensions of the files this page publishes (uploaded
        documents and generated downloads), for items that require files."""
        return set()

    def ita_declares_none(self) -> bool:
        """True when the page states there was nothing to publish."""
        return False

    def ita_evidence(self, item, part, fiscal_year):
        """(URL, sentence) an assessor is given for ``item``: where on the
        page the evidence for ``fiscal_year`` is. The default is the page
        itself, with no more to say than the answer sheet's click path."""
        return self.get_full_url(), ""

    def get_responsible_unit(self):
        if self.responsible_unit_id:
            return self.responsible_unit
        item = self.ita_item
        if item is None:
            return None
        return ResponsibleUnit.objects.filter(code=item.responsible_unit).first()

    @property
    def ita_last_updated(self):
        return self.last_published_at

    # -- Completeness: one rule per page type, shared by scoring and reports --

    def ita_completeness_checks(self, today=None) -> list[Check]:
        """What a complete page of this type has, as a list of :class:`Check`.

        Page types override this; ``today`` (a date) is given for checks that
        depend on the date, such as a plan's period covering the current year.
        The default has no checks: a page that exists is complete.
        """
        return []

    def ita_missing_fields(self, today=None) -> list[str]:
        """Plain-language descriptions of what this page still lacks."""
        return [
            check.problem
            for check in self.ita_completeness_checks(today)
            if not check.ok
        ]

    @classmethod
    def ita_completeness_rules(cls) -> list[str]:
        """The labels of this page type's checks, for docs and help screens.

        Read from the checks of a blank page, built without a database (docs
        builds have none), so the list can never drift from the rule itself.
        """
        from datetime import date

        from django.db.models.base import ModelState

        blank = cls.__new__(cls)
        blank._state = ModelState()
        for field in cls._meta.concrete_fields:
            blank.__dict__[field.attname] = (
                None if field.null or field.is_relation else field.get_default()
            )
        blank._cluster_related_objects = {}
        # What the scoring engine would otherwise attach (see ita_prepare_scoring).
        blank._ita_plan_projects = []
        blank.ita_live_news_count = 0
        checks = blank.ita_completeness_checks(date(2000, 1, 1))
        return [str(check.label) for check in checks]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        """Add what ``ita_completeness_checks`` reads (prefetches, annotations).

        The scoring engine loads every page of a type with one queryset, so
        whatever the checks touch must come with it rather than one query
        per page.
        """
        return queryset

    @classmethod
    def ita_prepare_scoring(cls, pages) -> None:
        """Attach data the queryset cannot carry, in a fixed number of queries."""

    def ita_period(self):
        """(fiscal year, quarter) this page is for; ``None`` where not applicable."""
        return (getattr(self, "fiscal_year", None), getattr(self, "quarter", None))

    def _ita_field_label(self, name):
        return self._meta.get_field(name).verbose_name

    def _ita_filled_check(self, name):
        return Check(self._ita_field_label(name), filled(getattr(self, name)))


def base_template():
    return getattr(settings, "ITA_BASE_TEMPLATE", DEFAULT_BASE_TEMPLATE)
