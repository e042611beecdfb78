"""The anti-corruption action plan (OIT 2569 O23) and its report (O24)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import fiscal_year, fiscal_year_bounds, today

from .base import Page
from .completeness import Check, names_list
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .per_year import one_per_fiscal_year, parent_of
from .plans import money_field
from .units import ResponsibleUnit

ONE_PER_YEAR = _(
    "There is already a page of this type for fiscal year %(year)s; edit that one."
)


class ReportStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("plan status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan status", "In progress")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", pgettext_lazy("plan status", "Cancelled")


# -- plan ----------------------------------------------------------------------


def dates_outside_year(year, start, end):
    """The names of the project dates that fall outside fiscal year ``year``."""
    if not year:
        return []
    first, last = fiscal_year_bounds(year)
    return [
        name
        for name, value in (("start_date", start), ("end_date", end))
        if value and not (first <= value <= last)
    ]


class AntiCorruptionPlanPageForm(WagtailAdminPageForm):
    """Each project's dates lie within the plan's fiscal year."""

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("fiscal_year")
        formset = self.formsets["projects"]
        formset.is_valid()  # cleans the project forms first
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            for name in dates_outside_year(
                year, data.get("start_date"), data.get("end_date")
            ):
                form.add_error(
                    name,
                    _("The date is outside fiscal year %(year)s.") % {"year": year},
                )
        return cleaned


class AntiCorruptionPlanPageMixin(DisclosurePageMixin):
    ita_kind = "anticorruption_plan"
    ita_slug = "anticorruption-plan"

    fiscal_year = fiscal_year_field()
    intro = RichTextField(_("introduction"), blank=True)
    period_start = models.DateField(
        _("plan period from"),
        null=True,
        blank=True,
        help_text=_("A plan may cover several fiscal years (for example 2566–2570)."),
    )
    period_end = models.DateField(_("plan period to"), null=True, blank=True)
    approved_on = models.DateField(_("date approved"), null=True, blank=True)
    approved_by = models.CharField(
        _("approved by"),
        max_length=255,
        blank=True,
        help_text=_("Name and position of the executive who approved the plan."),
    )
    plan_document = document_field(_("plan document"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                FieldRowPanel([FieldPanel("approved_on"), FieldPanel("approved_by")]),
                FieldPanel("plan_document"),
            ],
            heading=_("Period and approval"),
        ),
        FieldPanel("intro"),
        InlinePanel(
            "projects", heading=_("Projects and activities"), label=_("Project")
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": fiscal_year(today())}

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("projects")

    def clean(self):
        super().clean()
        if (
            self.period_start
            and self.period_end
            and self.period_end < self.period_start
        ):
            raise ValidationError(
                {"period_end": _("The end of the period is before its start.")}
            )
        one_per_fiscal_year(self, AntiCorruptionPlanPage, ONE_PER_YEAR)

    @property
    def total_budget(self):
        return sum(
            (p.budget or Decimal("0") for p in self.projects.all()), Decimal("0")
        )

    def covers_fiscal_year(self):
        if not (self.fiscal_year and self.period_start and self.period_end):
            return False
        start, end = fiscal_year_bounds(self.fiscal_year)
        return self.period_start <= start and self.period_end >= end

    def ita_completeness_checks(self, today=None):
        projects = list(self.projects.all())
        no_budget = [p.name for p in projects if p.budget is None]
        no_period = [p.name for p in projects if not (p.start_date and p.end_date)]
        return [
            Check(_("at least one project or activity"), bool(projects)),
            Check(
                _("a budget for every project"),
                bool(projects) and not no_budget,
                names_list(no_budget),
            ),
            Check(
                _("a time frame for every project"),
                bool(projects) and not no_period,
                names_list(no_period),
            ),
            Check(
                _("a plan period covering the fiscal year"), self.covers_fiscal_year()
            ),
        ]


class AntiCorruptionPlanPage(AntiCorruptionPlanPageMixin, Page):
    base_form_class = AntiCorruptionPlanPageForm
    content_panels = (
        Page.content_panels + AntiCorruptionPlanPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("anti-corruption action plan")
        verbose_name_plural = _("anti-corruption action plans")


class AntiCorruptionProject(Orderable):
    page = ParentalKey(
        "ita_wagtail.AntiCorruptionPlanPage",
        on_delete=models.CASCADE,
        related_name="projects",
    )
    name = models.CharField(_("project or activity"), max_length=500)
    objective = models.TextField(_("objective"), blank=True)
    dimension = models.CharField(
        _("dimension or strategy"),
        max_length=255,
        blank=True,
        help_text=_("For example: สร้างสังคมที่ไม่ทนต่อการทุจริต"),
    )
    budget = money_field(
        _("budget (baht)"),
        null=True,
        blank=True,
        help_text=_("0 for an activity without a budget."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    indicator = models.TextField(_("indicator and target"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("objective"),
        FieldPanel("dimension"),
        FieldPanel("budget"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("responsible_unit"),
        FieldPanel("indicator"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("anti-corruption project")
        verbose_name_plural = _("anti-corruption projects")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)


# -- report --------------------------------------------------------------------


def _plan_projects_for(parent_path, year):
    return AntiCorruptionProject.objects.filter(
        page__path__startswith=parent_path,
        page__depth=len(parent_path) // AntiCorruptionPlanPage.steplen + 1,
        page__fiscal_year=year,
    ).order_by("page__path", "sort_order", "pk")


class AntiCorruptionReportPageForm(WagtailAdminPageForm):
    """Offers the projects of the plans beside this report; each chosen
    project must belong to the plan of the report's fiscal year."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        parent = self.instance.get_parent() if self.instance.pk else parent_page
        projects = (
            AntiCorruptionProject.objects.filter(
                page__path__startswith=parent.path, page__depth=parent.depth + 1
            ).select_related("page")
            if parent is not None
            else AntiCorruptionProject.objects.none()
        )
        formset = self.formsets["entries"]

        class ProjectForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["project"].queryset = projects

        formset.form = ProjectForm
        for form in formset.forms:
            form.fields["project"].queryset = projects

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("fiscal_year")
        formset = self.formsets["entries"]
        formset.is_valid()  # cleans the entry forms first
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            project = data.get("project")
            if data.get("DELETE") or project is None:
                continue
            if year and project.page.fiscal_year != year:
                form.add_error(
                    "project",
                    _("This project is not in the plan of fiscal year %(year)s.")
                    % {"year": year},
                )
            elif project.pk in seen:
                form.add_error(
                    "project",
                    _(
                        "A project is reported more than once; keep one row per project."
                    ),
                )
            seen.add(project.pk)
        return cleaned


class AntiCorruptionReportPageMixin(DisclosurePageMixin):
    ita_kind = "anticorruption_report"
    ita_slug = "anticorruption-report"

    fiscal_year = fiscal_year_field()
    summary = RichTextField(_("summary"), blank=True)
    report_document = document_field(_("report document"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("summary"),
        InlinePanel(
            "entries", heading=_("Progress per project"), label=_("Project progress")
        ),
        FieldPanel("report_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": fiscal_year(today()) - 1}

    def clean(self):
        super().clean()
        one_per_fiscal_year(self, AntiCorruptionReportPage, ONE_PER_YEAR)
        seen = set()
        for entry in self.entries.all():
            if entry.project_id in seen:
                raise ValidationError(
                    _("A project is reported more than once; keep one row per project.")
                )
            seen.add(entry.project_id)

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("entries")

    @classmethod
    def ita_prepare_scoring(cls, pages):
        # The plan a report follows is its sibling of the same fiscal year;
        # load every such plan's projects in one query.
        keys = {(page.path[: -page.steplen], page.fiscal_year) for page in pages}
        found = {key: [] for key in keys}
        if keys:
            parents = {path for path, _year in keys}
            years = {year for _path, year in keys}
            rows = AntiCorruptionProject.objects.filter(
                page__fiscal_year__in=years,
                page__depth__in={
                    len(p) // AntiCorruptionPlanPage.steplen + 1 for p in parents
                },
            ).values_list("page__path", "page__fiscal_year", "pk", "name", "budget")
            for path, year, pk, name, budget in rows:
                key = (path[: -AntiCorruptionPlanPage.steplen], year)
                if key in found:
                    found[key].append((pk, name, budget or Decimal("0")))
        for page in pages:
            page._ita_plan_projects = found.get(
                (page.path[: -page.steplen], page.fiscal_year), []
            )

    def _plan_projects(self):
        cached = getattr(self, "_ita_plan_projects", None)
        if cached is not None:
            return cached
        parent = parent_of(self)
        if parent is None:
            return []
        return [
            (pk, name, budget or Decimal("0"))
            for pk, name, budget in _plan_projects_for(
                parent.path, self.fiscal_year
            ).values_list("pk", "name", "budget")
        ]

    def ita_completeness_checks(self, today=None):
        reported = {entry.project_id for entry in self.entries.all()}
        projects = self._plan_projects()
        unreported = [name for pk, name, _b in projects if pk not in reported]
        return [
            Check(_("the plan of the same fiscal year has projects"), bool(projects)),
            Check(
                _("progress for every project of the plan"),
                bool(projects) and not unreported,
                names_list(unreported),
            ),
        ]

    def plan(self):
        parent = parent_of(self)
        if parent is None:
            return None
        return (
            AntiCorruptionPlanPage.objects.live()
            .child_of(parent)
            .filter(fiscal_year=self.fiscal_year)
            .first()
        )

    def summary_figures(self):
        """Projects done/total, spent against planned, in one query."""
        entries = list(self.entries.select_related("project"))
        planned = sum((e.project.budget or Decimal("0") for e in entries), Decimal("0"))
        spent = sum((e.spent or Decimal("0") for e in entries), Decimal("0"))
        done = sum(1 for e in entries if e.status == ReportStatus.DONE)
        percent = (spent * 100 / planned).quantize(Decimal("0.01")) if planned else None
        done_percent = (
            (Decimal(done) * 100 / len(entries)).quantize(Decimal("0.01"))
            if entries
            else None
        )
        return {
            "entries": entries,
            "total": len(entries),
            "done": done,
            "done_percent": done_percent,
            "planned": planned,
            "spent": spent,
            "spent_percent": percent,
        }


class AntiCorruptionReportPage(AntiCorruptionReportPageMixin, Page):
    base_form_class = AntiCorruptionReportPageForm
    content_panels = (
        Page.content_panels + AntiCorruptionReportPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("anti-corruption report")
        verbose_name_plural = _("anti-corruption reports")


class AntiCorruptionProgress(Orderable):
    page = ParentalKey(
        "ita_wagtail.AntiCorruptionReportPage",
        on_delete=models.CASCADE,
        related_name="entries",
    )
    project = models.ForeignKey(
        AntiCorruptionProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    status = models.CharField(
        pgettext_lazy("plan", "status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DONE,
    )
    spent = money_field(_("spent (baht)"), default=Decimal("0"))
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    result = models.TextField(_("result"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)

    panels = [
        FieldPanel("project"),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("spent"), FieldPanel("percent")]
        ),
        FieldPanel("result"),
        FieldPanel("problems"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")

    def __str__(self):
        return str(self.project)
