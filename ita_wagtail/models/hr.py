"""Human resource pages (OIT 2569 O13–O14, OIT 2568 O14–O15).

* :class:`HrCriteriaPage` (kind ``hr_criteria``): the standing rules for
  recruitment and appointment, promotion, and performance appraisal, each
  with a summary, its legal basis and the document. Kept current.
* :class:`HrPlanPage` (kind ``hr_plan``): the human resource management and
  development plan of a fiscal year: goals and projects with their budget.
* :class:`HrReportPage` (kind ``hr_report``): the results of a year's plan,
  per project (status, spending, participants), totals computed.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from ita_wagtail.thai import fiscal_year, today

from .base import Page
from .completeness import Check, filled, names_list, rich_text_filled
from .documents import document_extension
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field
from .per_year import (
    ParentAwarePageForm,
    one_per_fiscal_year,
    previous_fiscal_year,
)
from .plans import money_field
from .units import ResponsibleUnit


def _formats(*documents):
    return {ext for ext in (document_extension(doc) for doc in documents if doc) if ext}


# -- rules ---------------------------------------------------------------------


class HrRuleKind(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment and appointment")
    PROMOTION = "promotion", _("Promotion and transfer")
    APPRAISAL = "appraisal", _("Performance appraisal")


class HrCriteriaPageMixin(DisclosurePageMixin):
    ita_kind = "hr_criteria"
    ita_slug = "hr-criteria"

    intro = RichTextField(_("introduction"), blank=True)

    ita_content_panels = [
        FieldPanel("intro"),
        InlinePanel(
            "rules",
            heading=_("Human resource rules"),
            label=_("Rule"),
            help_text=_(
                "One entry per rule: recruitment and appointment, promotion or "
                "transfer, performance appraisal."
            ),
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("rules")

    def rules_of(self, kind):
        return [rule for rule in self.rules.all() if rule.kind == kind]

    def ita_completeness_checks(self, today=None):
        kinds = {rule.kind for rule in self.rules.all()}
        return [Check(label, value in kinds) for value, label in HrRuleKind.choices]

    def ita_published_formats(self, fiscal_year=None):
        rules = self.rules.all()
        if "rules" not in getattr(self, "_prefetched_objects_cache", {}):
            rules = rules.select_related("document")
        return _formats(*(rule.document for rule in rules if rule.document_id))


class HrCriteriaPage(HrCriteriaPageMixin, Page):
    content_panels = Page.content_panels + HrCriteriaPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("human resource rules")
        verbose_name_plural = _("human resource rules")


class HrRule(Orderable):
    page = ParentalKey(
        "ita_wagtail.HrCriteriaPage", on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField(
        pgettext_lazy("hr rule", "kind of rule"),
        max_length=20,
        choices=HrRuleKind.choices,
    )
    title = models.CharField(
        pgettext_lazy("hr rule", "title"),
        max_length=500,
        help_text=_("For example the announcement's title."),
    )
    summary = models.TextField(_("summary"), blank=True)
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=500,
        blank=True,
        help_text=_("The act, regulation or announcement the rule rests on."),
    )
    document = document_field(_("document"))

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldPanel("summary"),
        FieldPanel("legal_basis"),
        FieldPanel("document"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("human resource rule")
        verbose_name_plural = _("human resource rules")

    def __str__(self):
        return self.title


# -- plan ----------------------------------------------------------------------


class HrProjectCategory(models.TextChoices):
    MANAGEMENT = "management", _("Human resource management")
    DEVELOPMENT = "development", _("Human resource development")


class HrPlanPageMixin(DisclosurePageMixin):
    ita_kind = "hr_plan"
    ita_slug = "hr-plan"

    fiscal_year = fiscal_year_field()
    approved_on = models.DateField(_("date approved"), null=True, blank=True)
    goals = RichTextField(
        _("goals"),
        blank=True,
        help_text=_("What the plan aims at for the municipality's staff this year."),
    )
    plan_document = document_field(_("plan document"))

    ita_content_panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("approved_on")]),
        FieldPanel("goals"),
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

    def clean(self):
        super().clean()
        one_per_fiscal_year(
            self,
            HrPlanPage,
            _("There is already a human resource plan for fiscal year %(year)s."),
        )

    @property
    def total_budget(self):
        return sum((project.budget for project in self.projects.all()), Decimal("0"))

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("projects")

    def ita_completeness_checks(self, today=None):
        projects = list(self.projects.all())
        categories = {project.category for project in projects}
        no_period = [p.name for p in projects if not p.period.strip()]
        return [
            Check(self._ita_field_label("goals"), rich_text_filled(self.goals)),
            Check(
                _("projects of human resource management"),
                HrProjectCategory.MANAGEMENT in categories,
            ),
            Check(
                _("projects of human resource development"),
                HrProjectCategory.DEVELOPMENT in categories,
            ),
            Check(
                _("a period for every project"),
                bool(projects) and not no_period,
                names_list(no_period),
            ),
        ]

    def ita_published_formats(self, fiscal_year=None):
        return _formats(self.plan_document)


class HrPlanPage(HrPlanPageMixin, Page):
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + HrPlanPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("human resource plan")
        verbose_name_plural = _("human resource plans")


class HrPlanProject(Orderable):
    page = ParentalKey(
        "ita_wagtail.HrPlanPage", on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(_("project or activity"), max_length=500)
    category = models.CharField(
        pgettext_lazy("hr project", "category"),
        max_length=20,
        choices=HrProjectCategory.choices,
        default=HrProjectCategory.DEVELOPMENT,
    )
    objective = models.TextField(_("objective"), blank=True)
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    period = models.CharField(
        _("period"),
        max_length=255,
        blank=True,
        help_text=_("For example: January – March 2569."),
    )
    budget = money_field(_("budget (baht)"), default=Decimal("0"))
    responsible_unit = models.ForeignKey(
        ResponsibleUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldPanel("objective"),
        FieldRowPanel([FieldPanel("target_group"), FieldPanel("period")]),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("responsible_unit")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("human resource project")
        verbose_name_plural = _("human resource projects")

    def __str__(self):
        return self.name


# -- report --------------------------------------------------------------------


class HrResultStatus(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    PARTLY = "partly", _("Partly carried out")
    NOT_DONE = "not_done", _("Not carried out")


class HrReportPageForm(ParentAwarePageForm):
    """Offers only the projects of the plan the report follows."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        self.fields["plan"].queryset = HrPlanPage.objects.order_by("-fiscal_year")
        plan_id = self.data.get("plan") if self.is_bound else self.instance.plan_id
        try:
            plan_id = int(plan_id) if plan_id else None
        except (TypeError, ValueError):
            plan_id = None
        projects = HrPlanProject.objects.filter(page_id=plan_id)
        formset = self.formsets["results"]

        class ResultForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["project"].queryset = projects

        formset.form = ResultForm
        for form in formset.forms:
            form.fields["project"].queryset = projects
        formset.empty_form.fields["project"].queryset = projects


class HrReportPageMixin(DisclosurePageMixin):
    ita_kind = "hr_report"
    ita_slug = "hr-report"

    fiscal_year = fiscal_year_field(default=previous_fiscal_year)
    plan = models.ForeignKey(
        "ita_wagtail.HrPlanPage",
        verbose_name=_("plan reported on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The human resource plan of the same fiscal year. Save the page "
            "after choosing it to pick its projects below."
        ),
    )
    summary = RichTextField(_("summary"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    report_document = document_field(_("report document"))

    ita_content_panels = [
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("plan")]),
        FieldPanel("summary"),
        InlinePanel(
            "results", heading=_("Results per project"), label=_("Project result")
        ),
        FieldPanel("problems"),
        FieldPanel("recommendations"),
        FieldPanel("report_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": previous_fiscal_year()}

    def clean(self):
        super().clean()
        one_per_fiscal_year(
            self,
            HrReportPage,
            _("There is already a human resource report for fiscal year %(year)s."),
        )
        if self.plan_id and self.fiscal_year:
            plan_year = (
                HrPlanPage.objects.filter(pk=self.plan_id)
                .values_list("fiscal_year", flat=True)
                .first()
            )
            if plan_year is not None and plan_year != self.fiscal_year:
                raise ValidationError(
                    {
                        "plan": _(
                            "The plan is for fiscal year %(plan)s; the report is "
                            "for %(year)s."
                        )
                        % {"plan": plan_year, "year": self.fiscal_year}
                    }
                )

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.select_related("plan").prefetch_related(
            models.Prefetch(
                "results", queryset=HrReportResult.objects.select_related("project")
            ),
            "plan__projects",
        )

    def result_rows(self):
        return list(self.results.all())

    @property
    def total_budget(self):
        return sum(
            (row.project.budget for row in self.results.all() if row.project_id),
            Decimal("0"),
        )

    @property
    def total_spent(self):
        return sum((row.spent for row in self.results.all()), Decimal("0"))

    @property
    def total_participants(self):
        return sum((row.participants or 0 for row in self.results.all()), 0)

    @property
    def spent_percent(self):
        budget = self.total_budget
        if not budget:
            return None
        return (self.total_spent * 100 / budget).quantize(Decimal("0.01"))

    def ita_completeness_checks(self, today=None):
        results = list(self.results.all())
        reported = {row.project_id for row in results}
        plan = self.plan if self.plan_id else None
        projects = list(plan.projects.all()) if plan is not None else []
        unreported = [p.name for p in projects if p.pk not in reported]
        return [
            Check(_("at least one project's result"), bool(results)),
            Check(
                _("a result for every project of the plan"),
                bool(results) and not unreported,
                names_list(unreported),
            ),
            Check(
                _("problems, obstacles and recommendations"),
                filled(self.problems) and filled(self.recommendations),
            ),
        ]

    def ita_published_formats(self, fiscal_year=None):
        return _formats(self.report_document)


class HrReportPage(HrReportPageMixin, Page):
    base_form_class = HrReportPageForm
    content_panels = Page.content_panels + HrReportPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("human resource report")
        verbose_name_plural = _("human resource reports")


class HrReportResult(Orderable):
    page = ParentalKey(
        "ita_wagtail.HrReportPage", on_delete=models.CASCADE, related_name="results"
    )
    project = models.ForeignKey(
        HrPlanProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    status = models.CharField(
        pgettext_lazy("hr result", "status"),
        max_length=20,
        choices=HrResultStatus.choices,
        default=HrResultStatus.COMPLETED,
    )
    spent = money_field(_("spent (baht)"), default=Decimal("0"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)

    panels = [
        FieldPanel("project"),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("spent"), FieldPanel("participants")]
        ),
        FieldPanel("result"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("project result")
        verbose_name_plural = _("project results")

    def __str__(self):
        return str(self.project)
