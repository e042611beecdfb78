"""Items 5.4 (annual operation plan) and 5.5 (monitoring of the plan)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import THAI_MONTHS, fiscal_year, today

from .base import Page
from .completeness import Check, names_list
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .units import ResponsibleUnit

# Fiscal order: October opens the Thai fiscal year.
FISCAL_MONTH_CHOICES = [(m, THAI_MONTHS[m - 1]) for m in (10, 11, 12, *range(1, 10))]
FISCAL_MONTH_ORDER = {
    month: position for position, (month, _label) in enumerate(FISCAL_MONTH_CHOICES)
}

QUARTER_CHOICES = [
    (1, _("Quarter 1 (October – December)")),
    (2, _("Quarter 2 (January – March)")),
    (3, _("Quarter 3 (April – June)")),
    (4, _("Quarter 4 (July – September)")),
]


class BudgetSource(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal budget (เทศบัญญัติ)")
    GENERAL_SUBSIDY = "general_subsidy", _("General subsidy")
    SPECIFIC_SUBSIDY = "specific_subsidy", _("Specific subsidy")
    ACCUMULATED = "accumulated", _("Accumulated funds (เงินสะสม)")
    OTHER = "other", _("Other")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("plan status", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("plan status", "In progress")
    COMPLETED = "completed", _("Completed")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", pgettext_lazy("plan status", "Cancelled")


def money_field(verbose_name, **kwargs):
    field = models.DecimalField(
        verbose_name,
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        **kwargs,
    )
    # Baht: the admin shows and reads it as "1,980,000.00".
    field.ita_money = True
    return field


class AnnualPlanPageMixin(DisclosurePageMixin):
    ita_kind = "annual_plan"
    ita_slug = "annual-plan"

    fiscal_year = fiscal_year_field()
    intro = RichTextField(_("introduction"), blank=True)
    approved_on = models.DateField(_("date approved"), null=True, blank=True)
    plan_document = document_field(_("plan document"))

    ita_content_panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("approved_on")]),
        FieldPanel("intro"),
        FieldPanel("plan_document"),
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

    @property
    def total_budget(self):
        return sum((project.budget for project in self.projects.all()), Decimal("0"))

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("projects")

    def ita_completeness_checks(self, today=None):
        # 5.4: projects or activities, their budget and their time frame.
        projects = list(self.projects.all())
        no_budget = [p.name for p in projects if not p.budget]
        no_months = [p.name for p in projects if not (p.start_month and p.end_month)]
        return [
            Check(_("at least one project or activity"), bool(projects)),
            Check(
                _("a budget for every project"),
                bool(projects) and not no_budget,
                names_list(no_budget),
            ),
            Check(
                _("a time frame (start and end month) for every project"),
                bool(projects) and not no_months,
                names_list(no_months),
            ),
        ]

    def budget_by_source(self):
        totals = {}
        for project in self.projects.all():
            label = project.get_budget_source_display()
            totals[label] = totals.get(label, Decimal("0")) + project.budget
        return totals

    def budget_by_strategy(self):
        totals = {}
        for project in self.projects.all():
            totals[project.strategy] = (
                totals.get(project.strategy, Decimal("0")) + project.budget
            )
        return totals

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["progress_reports"] = (
            PlanProgressPage.objects.live().child_of(self).order_by("-quarter")
        )
        return context


class AnnualPlanPage(AnnualPlanPageMixin, Page):
    content_panels = Page.content_panels + AnnualPlanPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = ["ita_wagtail.PlanProgressPage"]

    class Meta:
        verbose_name = _("annual operation plan (5.4)")
        verbose_name_plural = _("annual operation plans (5.4)")


class AnnualPlanProject(Orderable):
    page = ParentalKey(
        "ita_wagtail.AnnualPlanPage", on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("project or activity"), max_length=500)
    strategy = models.CharField(_("strategy"), max_length=255)
    budget = money_field(_("budget (baht)"))
    budget_source = models.CharField(
        _("budget source"),
        max_length=30,
        choices=BudgetSource.choices,
        default=BudgetSource.MUNICIPAL,
    )
    start_month = models.PositiveSmallIntegerField(
        _("start month"), choices=FISCAL_MONTH_CHOICES
    )
    end_month = models.PositiveSmallIntegerField(
        _("end month"), choices=FISCAL_MONTH_CHOICES
    )
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("strategy"),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("budget_source")]),
        FieldRowPanel([FieldPanel("start_month"), FieldPanel("end_month")]),
        FieldPanel("responsible_unit"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("plan project")
        verbose_name_plural = _("plan projects")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if (
            self.start_month
            and self.end_month
            and FISCAL_MONTH_ORDER[self.end_month]
            < FISCAL_MONTH_ORDER[self.start_month]
        ):
            raise ValidationError(
                {
                    "end_month": _(
                        "The end month is before the start month in the fiscal year."
                    )
                }
            )


class PlanProgressPageForm(WagtailAdminPageForm):
    """Offers only the projects of the plan this report sits under."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        plan = self.instance.get_parent() if self.instance.pk else parent_page
        projects = AnnualPlanProject.objects.filter(page_id=plan.pk if plan else None)
        formset = self.formsets["entries"]

        class PlanProjectForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["project"].queryset = projects

        formset.form = PlanProjectForm
        for form in formset.forms:
            form.fields["project"].queryset = projects


class PlanProgressPageMixin(DisclosurePageMixin):
    ita_kind = "plan_progress"
    ita_slug = "plan-progress"

    fiscal_year = fiscal_year_field()
    # Nullable so that a draft can wait for its quarter; required to publish.
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=QUARTER_CHOICES, null=True
    )
    summary = RichTextField(_("summary"), blank=True)
    report_document = document_field(_("report document"))

    ita_content_panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("quarter")]),
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
        plan_year = getattr(parent.specific, "fiscal_year", None)
        return {"fiscal_year": plan_year or fiscal_year(today())}

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        plan = self.get_parent().specific if self.pk else None
        if plan is not None and getattr(plan, "fiscal_year", None) not in (
            None,
            self.fiscal_year,
        ):
            raise ValidationError(
                {
                    "fiscal_year": _(
                        "The fiscal year must match the plan this report belongs to."
                    )
                }
            )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("entries")

    @classmethod
    def ita_prepare_scoring(cls, pages):
        # The plan a report follows is its parent page; load the projects of
        # every such plan at once instead of one get_parent() per report.
        parent_paths = {page.path[: -page.steplen] for page in pages}
        projects_by_path = {path: [] for path in parent_paths}
        if parent_paths:
            rows = AnnualPlanProject.objects.filter(
                page__path__in=parent_paths
            ).values_list("page__path", "pk", "name")
            for path, pk, name in rows:
                projects_by_path[path].append((pk, name))
        for page in pages:
            page._ita_plan_projects = projects_by_path.get(
                page.path[: -page.steplen], []
            )

    def _plan_projects(self):
        cached = getattr(self, "_ita_plan_projects", None)
        if cached is not None:
            return cached
        return list(
            AnnualPlanProject.objects.filter(
                page__path=self.path[: -self.steplen]
            ).values_list("pk", "name")
        )

    def ita_completeness_checks(self, today=None):
        # 5.5: the progress and spending of each project of the plan.
        reported = {entry.project_id for entry in self.entries.all()}
        projects = self._plan_projects()
        unreported = [name for pk, name in projects if pk not in reported]
        return [
            Check(self._ita_field_label("quarter"), bool(self.quarter)),
            Check(_("at least one project's progress"), bool(reported)),
            Check(
                _("progress for every project of the plan"),
                bool(reported) and not unreported,
                names_list(unreported),
            ),
        ]

    @property
    def total_disbursed(self):
        return sum(
            (entry.budget_disbursed for entry in self.entries.all()), Decimal("0")
        )

    @property
    def total_budget(self):
        return sum((entry.project.budget for entry in self.entries.all()), Decimal("0"))

    @property
    def disbursement_percent(self):
        budget = self.total_budget
        if not budget:
            return None
        return (self.total_disbursed * 100 / budget).quantize(Decimal("0.01"))


class PlanProgressPage(PlanProgressPageMixin, Page):
    base_form_class = PlanProgressPageForm
    content_panels = Page.content_panels + PlanProgressPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.AnnualPlanPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("plan progress report (5.5)")
        verbose_name_plural = _("plan progress reports (5.5)")


class PlanProgressEntry(Orderable):
    page = ParentalKey(
        "ita_wagtail.PlanProgressPage", on_delete=models.CASCADE, related_name="entries"
    )
    project = models.ForeignKey(
        AnnualPlanProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="progress_entries",
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    budget_disbursed = money_field(_("budget disbursed (baht)"), default=Decimal("0"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.IN_PROGRESS,
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldPanel("project"),
        FieldRowPanel(
            [
                FieldPanel("progress_percent"),
                FieldPanel("budget_disbursed"),
                FieldPanel("status"),
            ]
        ),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project progress")
        verbose_name_plural = _("project progress")

    def __str__(self):
        return str(self.project)
