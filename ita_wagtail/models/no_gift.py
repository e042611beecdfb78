"""No Gift Policy: the declaration, the gift register and its yearly report.

* :class:`NoGiftPolicyPage` (kind ``no_gift_policy``; OIT 2568 O21, 2569 O20
  "declaration" part): the top executive's No Gift declaration for the
  current fiscal year, the year's culture-building activities and what staff
  are told of the section-128 rules on customary gifts.
* :class:`GiftRegisterEntry`: one gift or benefit offered to an official,
  kept in the admin (not a page). Its fiscal year follows its date.
* :class:`GiftReportPage` (kind ``gift_report``; OIT 2568 O22, 2569 O20
  "report" part): the previous fiscal year's report, counted live from the
  register, with an XLSX download of the same figures.

The report is public, so it shows of each entry only the date, the
official's name and position, the unit, the giver as an organisation (a
private person is shown by the relationship only, never by name), what was
offered, its value and what was done. The giver's name when a private
person, and the internal note, stay in the admin.
"""

from collections import namedtuple
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Site

from ita_wagtail import thai

from .base import Page
from .channels.corruption import _site_id
from .completeness import Check, filled, rich_text_filled
from .mixins import DisclosurePageMixin, document_field, fiscal_year_field, image_field
from .per_year import (
    ParentAwarePageForm,
    ascii_slug_by_year,
    current_fiscal_year,
    one_per_fiscal_year,
    previous_fiscal_year,
)

#: Section 128 of the Organic Act on Anti-Corruption and the NACC's notice:
#: a customary gift from someone other than a relative is accepted only up
#: to this value per person per occasion.
CUSTOMARY_LIMIT = Decimal("3000")

NO_GIFTS_TEXT = "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด"


def _one_per_year(page, model, message):
    ascii_slug_by_year(page, f"{model.ita_slug}-{page.fiscal_year}")
    one_per_fiscal_year(page, model, message)


# -- the declaration ----------------------------------------------------------


class NoGiftPolicyPageMixin(DisclosurePageMixin):
    ita_kind = "no_gift_policy"
    ita_slug = "no-gift-policy"

    fiscal_year = fiscal_year_field(default=current_fiscal_year)
    # Blank allowed: a draft created by ita_setup can be published before it
    # is filled; the completeness checks (and the dashboard) name what is
    # missing, which the assessor would see.
    executive_name = models.CharField(_("executive's name"), max_length=255, blank=True)
    executive_position = models.CharField(
        _("executive's position"), max_length=255, default="นายกเทศมนตรี"
    )
    executive_photo = image_field(_("executive's photo"))
    declaration_date = models.DateField(
        _("date of the No Gift declaration"), null=True, blank=True
    )
    statement = RichTextField(
        _("text of the No Gift declaration"),
        blank=True,
        help_text=_(
            "The declaration: no gifts of any kind are given or accepted in "
            "the course of duty."
        ),
    )
    statement_en = RichTextField(
        _("statement in English"),
        blank=True,
        help_text=_("Optional: the same declaration in English."),
    )
    signed_document = document_field(_("signed declaration (document)"))
    rules_summary = RichTextField(
        _("summary of the section-128 rules"),
        blank=True,
        help_text=_(
            "What staff are told of the rules on accepting customary gifts "
            "(section 128 of the Organic Act on Anti-Corruption): from whom, "
            "on what occasions, up to 3,000 baht, and what to do beyond that."
        ),
    )
    rules_document = document_field(_("document on the rules"))

    ita_content_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("executive_name"), FieldPanel("executive_position")]
                ),
                FieldPanel("executive_photo"),
            ],
            heading=_("Executive"),
        ),
        FieldRowPanel([FieldPanel("fiscal_year"), FieldPanel("declaration_date")]),
        MultiFieldPanel(
            [
                FieldPanel("statement"),
                FieldPanel("statement_en"),
                FieldPanel("signed_document"),
            ],
            heading=_("Declaration"),
        ),
        InlinePanel(
            "activities",
            heading=_("Culture-building activities"),
            label=_("Activity"),
        ),
        MultiFieldPanel(
            [FieldPanel("rules_summary"), FieldPanel("rules_document")],
            heading=_("Rules on customary gifts (section 128)"),
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": current_fiscal_year()}

    def clean(self):
        _one_per_year(
            self,
            NoGiftPolicyPage,
            _("There is already a No Gift Policy page for fiscal year %(year)s."),
        )
        super().clean()

    def ita_published_formats(self, fiscal_year=None):
        from .documents import document_extension

        return {
            ext
            for ext in (
                document_extension(doc)
                for doc in (self.signed_document, self.rules_document)
                if doc is not None
            )
            if ext
        }

    def activity_count(self):
        """Activities of the page: annotated for scoring, else counted."""
        annotated = getattr(self, "_ita_activity_count", None)
        if annotated is not None:
            return annotated
        return len(self.activities.all())

    def ita_completeness_checks(self, today=None):
        activities = self.activity_count()
        return [
            self._ita_filled_check("executive_name"),
            self._ita_filled_check("declaration_date"),
            Check(self._ita_field_label("statement"), rich_text_filled(self.statement)),
            Check(_("at least one culture-building activity"), bool(activities)),
            Check(
                _("the rules on customary gifts (summary or document)"),
                rich_text_filled(self.rules_summary) or bool(self.rules_document_id),
            ),
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.select_related("signed_document", "rules_document").annotate(
            _ita_activity_count=models.Count("activities")
        )

    def ita_evidence(self, item, part, target_fiscal_year):
        return (
            self.full_url,
            f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. {self.fiscal_year} "
            "กิจกรรมสร้างวัฒนธรรม และหลักเกณฑ์การรับทรัพย์สินตามมาตรา 128",
        )


class NoGiftPolicyPage(NoGiftPolicyPageMixin, Page):
    template = "ita_wagtail/no_gift_policy_page.html"
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + NoGiftPolicyPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("No Gift Policy")
        verbose_name_plural = _("No Gift Policy pages")


class NoGiftActivity(Orderable):
    page = ParentalKey(
        NoGiftPolicyPage, on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("activity"), max_length=500)
    participants = models.CharField(
        _("participants"),
        max_length=500,
        blank=True,
        help_text=_("Who took part and how many, for example “staff, 45 people”."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("title")]),
        FieldPanel("participants"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("culture-building activity")
        verbose_name_plural = _("culture-building activities")

    def __str__(self):
        return self.title


# -- the register -------------------------------------------------------------


class GiftOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted (customary, up to 3,000 baht)")
    REFUSED = "refused", _("Refused")
    RETURNED = "returned", _("Returned to the giver")
    HANDED_OVER = "handed_over", _("Handed over to the organisation")
    OTHER = "other", _("Other")


class GiverType(models.TextChoices):
    PERSON = "person", _("Private person")
    ORGANISATION = "organisation", _("Organisation or company")


class GiftRegisterEntry(models.Model):
    """A gift or benefit offered to an official of the site's organisation."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField(_("date received or offered"))
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), editable=False, db_index=True
    )
    official_name = models.CharField(_("official's name"), max_length=255)
    official_position = models.CharField(_("official's position"), max_length=255)
    official_unit = models.CharField(_("official's unit"), max_length=255, blank=True)
    giver_type = models.CharField(
        _("giver is"),
        max_length=20,
        choices=GiverType.choices,
        default=GiverType.ORGANISATION,
    )
    giver = models.CharField(
        _("giver"),
        max_length=255,
        help_text=_(
            "Name of the person or organisation. The public report shows an "
            "organisation's name, but never a private person's."
        ),
    )
    relationship = models.CharField(
        _("relationship to the official"),
        max_length=255,
        blank=True,
        help_text=_("For example “contractor”, “service user”, “relative”."),
    )
    description = models.CharField(_("gift or benefit"), max_length=500)
    value = models.DecimalField(
        _("estimated value (baht)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    value.ita_money = True
    outcome = models.CharField(_("outcome"), max_length=20, choices=GiftOutcome.choices)
    action = models.CharField(
        _("what was done"),
        max_length=500,
        blank=True,
        help_text=_("For example “returned by letter of 5 Jan 2569”."),
    )
    note = models.TextField(
        _("internal note"), blank=True, help_text=_("Not shown on the public report.")
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("date"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("official_name"), FieldPanel("official_position")]
                ),
                FieldPanel("official_unit"),
            ],
            heading=_("Official"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("giver_type"), FieldPanel("giver")]),
                FieldPanel("relationship"),
            ],
            heading=_("Giver"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("value"),
                FieldRowPanel([FieldPanel("outcome"), FieldPanel("action")]),
            ],
            heading=_("Gift or benefit"),
        ),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("gift register entry")
        verbose_name_plural = _("gift register")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["site", "fiscal_year"])]

    def __str__(self):
        return f"{self.description} – {self.official_name}"

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date > thai.today():
            errors["date"] = _("The date cannot be in the future.")
        if (
            self.outcome == GiftOutcome.ACCEPTED
            and self.value is not None
            and self.value > CUSTOMARY_LIMIT
        ):
            errors["outcome"] = _(
                "Only gifts up to 3,000 baht can be kept as customary: record "
                "this one as returned, refused, handed over or other."
            )
        if self.outcome == GiftOutcome.OTHER and not filled(self.action):
            errors["action"] = _("Say what was done.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.date:
            self.fiscal_year = thai.fiscal_year(self.date)
        super().save(*args, **kwargs)

    @property
    def over_limit(self):
        return self.value is not None and self.value > CUSTOMARY_LIMIT

    @property
    def public_giver(self):
        """The giver as the public report shows it: never a private person's name."""
        if self.giver_type == GiverType.ORGANISATION:
            return self.giver
        label = str(GiverType.PERSON.label)
        return f"{label} ({self.relationship})" if self.relationship else label


OutcomeRow = namedtuple("OutcomeRow", "outcome label count total")
GiftReport = namedtuple(
    "GiftReport", "first_day last_day entries rows count total over_limit"
)


def entries_by_year(keys):
    """``{(site_id, fiscal_year): [entries]}`` for ``keys``, in one query."""
    keys = [key for key in keys if key[0] and key[1]]
    found = {key: [] for key in keys}
    if not keys:
        return found
    query = models.Q()
    for site_id, year in set(keys):
        query |= models.Q(site_id=site_id, fiscal_year=year)
    for entry in GiftRegisterEntry.objects.filter(query).order_by("date", "pk"):
        found.setdefault((entry.site_id, entry.fiscal_year), []).append(entry)
    return found


def gift_report(fiscal_year, entries):
    """The figures of a year from its entries: pure, no query."""
    first_day, last_day = thai.fiscal_year_bounds(fiscal_year)
    rows = []
    for outcome in GiftOutcome:
        chosen = [entry for entry in entries if entry.outcome == outcome.value]
        rows.append(
            OutcomeRow(
                outcome.value,
                outcome.label,
                len(chosen),
                sum((entry.value for entry in chosen), Decimal("0")),
            )
        )
    return GiftReport(
        first_day,
        last_day,
        list(entries),
        rows,
        len(entries),
        sum((entry.value for entry in entries), Decimal("0")),
        [entry for entry in entries if entry.over_limit],
    )


# -- the report ---------------------------------------------------------------


class GiftReportPageMixin(RoutablePageMixin, DisclosurePageMixin):
    ita_kind = "gift_report"
    ita_slug = "gift-report"

    fiscal_year = fiscal_year_field(default=previous_fiscal_year)
    statement = RichTextField(
        _("text above the figures"),
        blank=True,
        help_text=_(
            "Optional text above the figures, for example who certified the "
            "report. The figures are counted from the gift register."
        ),
    )
    signed_document = document_field(_("signed report (document)"))

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("statement"),
        FieldPanel("signed_document"),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": previous_fiscal_year()}

    def clean(self):
        _one_per_year(
            self,
            GiftReportPage,
            _("There is already a gift report for fiscal year %(year)s."),
        )
        super().clean()

    # -- figures --

    def register_entries(self):
        """The register's entries of the page's year: prepared, else one query."""
        if not hasattr(self, "_ita_gift_entries"):
            key = (_site_id(self), self.fiscal_year)
            self._ita_gift_entries = entries_by_year([key]).get(key, [])
        return self._ita_gift_entries

    def report(self):
        return gift_report(self.fiscal_year, self.register_entries())

    def year_has_ended(self, today=None):
        if not self.fiscal_year:
            return False
        return (today or thai.today()) > thai.fiscal_year_bounds(self.fiscal_year)[1]

    def none_text(self):
        return f"{NO_GIFTS_TEXT} ในปีงบประมาณ พ.ศ. {self.fiscal_year}"

    # -- hooks of the compliance engine --

    def ita_period(self):
        return (self.fiscal_year, None)

    def ita_published_formats(self, fiscal_year=None):
        from .documents import document_extension

        formats = {"xlsx"}
        if self.signed_document_id:
            ext = document_extension(self.signed_document)
            if ext:
                formats.add(ext)
        return formats

    def has_entries(self):
        """Whether the register has entries for the page's year: annotated
        by the scoring queryset, else from the entries (one query)."""
        annotated = getattr(self, "_ita_has_gifts", None)
        if annotated is not None:
            return annotated
        return bool(self.register_entries())

    def ita_declares_none(self, today=None):
        return self.year_has_ended(today) and not self.has_entries()

    def ita_evidence(self, item, part, target_fiscal_year):
        return (
            self.full_url,
            f"รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด ปีงบประมาณ พ.ศ. {self.fiscal_year} "
            "และไฟล์ Excel ท้ายหน้า",
        )

    def ita_completeness_checks(self, today=None):
        today = today or thai.today()
        ended = self.year_has_ended(today)
        # A page not saved yet (the docs' blank page among them) has no site
        # to read the register of.
        reported = ended or bool(self.fiscal_year and self.pk and self.has_entries())
        return [
            Check(
                _("the gifts of the year, or the statement that there were none"),
                reported,
            ),
            Check(
                _("a fiscal year that has ended"),
                ended,
                _("a report for a year still running is not final")
                if self.fiscal_year and not ended
                else "",
            ),
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        # Whether the page's site has entries in the page's year, in the
        # pages' own query: the site is the one whose root page's path
        # begins the page's path.
        entries = (
            GiftRegisterEntry.objects.filter(fiscal_year=OuterRef("fiscal_year"))
            .annotate(_root_length=Length("site__root_page__path"))
            .filter(
                site__root_page__path=Substr(OuterRef("path"), 1, F("_root_length"))
            )
        )
        return queryset.select_related("signed_document").annotate(
            _ita_has_gifts=Exists(entries)
        )

    @classmethod
    def load_entries(cls, pages):
        """Load the entries of every page in one query (for reports of many pages)."""
        keys = {page.pk: (_site_id(page), page.fiscal_year) for page in pages}
        found = entries_by_year(list(keys.values()))
        for page in pages:
            page._ita_gift_entries = found.get(keys[page.pk], [])

    # -- views --

    @path("xlsx/", name="xlsx")
    def xlsx_view(self, request):
        from ita_wagtail.exporting.spreadsheets import xlsx_response

        return xlsx_response(
            self.report_sheets(), f"gift-report-{self.fiscal_year}.xlsx"
        )

    def xlsx_url(self, request=None):
        return (self.get_url(request) or "") + self.reverse_subpage("xlsx")

    def report_sheets(self):
        from ita_wagtail.exporting.spreadsheets import Sheet

        report = self.report()
        preamble = [
            str(self.title),
            str(
                _("Gifts and benefits recorded from %(first)s to %(last)s")
                % {
                    "first": thai.format_thai_date(report.first_day),
                    "last": thai.format_thai_date(report.last_day),
                }
            ),
        ]
        if not report.count:
            preamble.append(self.none_text())
        summary = Sheet(
            title=str(_("Summary")),
            header=[str(_("Outcome")), str(_("Entries")), str(_("Value (baht)"))],
            rows=[[str(row.label), row.count, row.total] for row in report.rows],
            preamble=preamble,
            column_widths=[44, 12, 18],
            footer=[[str(_("Total")), report.count, report.total]],
        )
        entries = Sheet(
            title=str(_("Entries")),
            header=[
                str(_("Date")),
                str(_("Official")),
                str(_("Position")),
                str(_("Unit")),
                str(_("Giver")),
                str(_("Gift or benefit")),
                str(_("Value (baht)")),
                str(_("Outcome")),
                str(_("What was done")),
            ],
            rows=[
                [
                    thai.format_thai_date(entry.date, style="short"),
                    entry.official_name,
                    entry.official_position,
                    entry.official_unit,
                    entry.public_giver,
                    entry.description,
                    entry.value,
                    str(entry.get_outcome_display()),
                    entry.action,
                ]
                for entry in report.entries
            ],
            column_widths=[14, 24, 22, 20, 26, 30, 14, 28, 30],
        )
        return [summary, entries]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = thai.today()
        context.update(
            today=today,
            report=self.report(),
            year_ended=self.year_has_ended(today),
            limit=CUSTOMARY_LIMIT,
            xlsx_url=self.xlsx_url(request),
            responsible_unit=self.get_responsible_unit(),
        )
        return context


class GiftReportPage(GiftReportPageMixin, Page):
    template = "ita_wagtail/gift_report_page.html"
    base_form_class = ParentAwarePageForm
    content_panels = Page.content_panels + GiftReportPageMixin.ita_content_panels
    parent_page_types = ["ita_wagtail.ItaIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("gift report (No Gift Policy)")
        verbose_name_plural = _("gift reports (No Gift Policy)")
