"""The pages under the corruption complaints channel (OIT 2568/2569 items).

* :class:`ComplaintStatisticsPage` (kind ``complaint_statistics``; OIT 2568
  O19, 2569 O18): the corruption-complaint figures of one fiscal year,
  computed live from the cases, with an XLSX download of the same figures
  at ``…/<page>/xlsx/`` and the signed PDF staff may attach. A year without
  cases says so, which is what the item's "if none, say so" rule asks for.
* :class:`ComplaintProcedurePage` (kind ``complaint_procedure``; OIT 2568
  O17, 2569 O16): how corruption complaints are handled: steps, who, time
  frames, the responsible unit and the channels.

Both sit under a :class:`~.pages.CorruptionComplaintPage`, which links to them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField

from ita_wagtail import thai

from ..base import Page
from ..completeness import Check, filled, names_list, stream_items
from ..documents import AttachedDocument, document_extension
from ..mixins import DisclosurePageMixin, fiscal_year_field, image_field
from ..per_year import (
    ParentAwarePageForm,
    ascii_slug_by_year,
    one_per_fiscal_year,
    parent_of,
    previous_fiscal_year,
)
from .blocks import OtherChannelBlock, ProcedureStepBlock
from .cases import CaseCategory

CORRUPTION_CATEGORIES = (CaseCategory.CORRUPTION,)

#: Steps of the procedure page ita_setup would start (Thai: the
#: municipality's own text, edited in the page).
PROCEDURE_STEPS = [
    (
        "step",
        {"title": title, "who": who, "duration": duration, "description": ""},
    )
    for title, who, duration in (
        ("รับเรื่องร้องเรียนและลงทะเบียน", "เจ้าหน้าที่ที่ได้รับมอบหมาย", "ภายใน 1 วันทำการ"),
        ("ตรวจสอบข้อเท็จจริงเบื้องต้น", "หน่วยงานที่รับผิดชอบ", "ภายใน 15 วัน"),
        (
            "เสนอผู้บริหารพิจารณาสั่งการ สอบข้อเท็จจริง หรือส่งต่อหน่วยงานที่มีอำนาจ",
            "ผู้บริหารท้องถิ่น",
            "ภายใน 30 วัน",
        ),
        ("แจ้งผลการดำเนินการให้ผู้ร้องทราบ", "หน่วยงานที่รับผิดชอบ", "ภายใน 15 วัน"),
    )
]


def statistics_slug(fiscal_year):
    return f"statistics-{fiscal_year}"


class ChannelDocument(AttachedDocument):
    """A document attached to a page under the corruption channel."""

    class Meta(AttachedDocument.Meta):
        abstract = True


class ChannelDocumentsMixin:
    """Documents listed on the page: what they are and their formats."""

    def ita_document_rows(self):
        rows = self.documents.all()
        if "documents" not in getattr(self, "_prefetched_objects_cache", {}):
            rows = rows.select_related("document")
        return [row for row in rows if row.document_id]

    def ita_published_formats(self, fiscal_year=None):
        return {
            ext
            for ext in (
                document_extension(row.document) for row in self.ita_document_rows()
            )
            if ext
        }


def _site_id(page):
    """The id of the page's site, from Wagtail's cached site roots: no query."""
    parts = page.get_url_parts()
    return parts[0] if parts else None


# -- statistics ---------------------------------------------------------------


class ComplaintStatisticsPageMixin(
    ChannelDocumentsMixin, RoutablePageMixin, DisclosurePageMixin
):
    ita_kind = "complaint_statistics"

    fiscal_year = fiscal_year_field(default=previous_fiscal_year)
    statement = RichTextField(
        _("statement"),
        blank=True,
        help_text=_(
            "Optional text shown above the figures, for example who certified "
            "them. The figures themselves are counted from the cases."
        ),
    )

    ita_content_panels = [
        FieldPanel("fiscal_year"),
        FieldPanel("statement"),
        InlinePanel(
            "documents",
            heading=_("Documents"),
            label=_("Document"),
            help_text=_("For example the signed statistics report (PDF)."),
        ),
        *DisclosurePageMixin.disclosure_panels,
    ]

    class Meta:
        abstract = True

    @classproperty
    def ita_slug(cls):
        return statistics_slug(previous_fiscal_year())

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        return _("Corruption complaint statistics, fiscal year %(year)s") % {
            "year": previous_fiscal_year()
        }

    @classmethod
    def ita_initial_values(cls, parent):
        return {"fiscal_year": previous_fiscal_year()}

    def clean(self):
        ascii_slug_by_year(self, statistics_slug(self.fiscal_year))
        super().clean()
        one_per_fiscal_year(
            self,
            ComplaintStatisticsPage,
            _("This channel already has a statistics page for fiscal year %(year)s."),
        )

    # -- figures --

    def statistics(self, today=None):
        """``(year, [q1…q4])`` of the corruption cases of the page's year."""
        from .statistics import yearly_case_statistics

        return yearly_case_statistics(
            _site_id(self),
            self.fiscal_year,
            today=today,
            categories=CORRUPTION_CATEGORIES,
        )

    def year_has_ended(self, today=None):
        if not self.fiscal_year:
            return False
        return (today or thai.today()) > thai.fiscal_year_bounds(self.fiscal_year)[1]

    def case_count(self):
        """Corruption cases received in the year: prepared for scoring, else one query."""
        if hasattr(self, "_ita_case_count"):
            return self._ita_case_count
        if not self.pk or not self.fiscal_year:
            return 0
        from .statistics import case_counts_by_year

        key = (_site_id(self), self.fiscal_year)
        self._ita_case_count = case_counts_by_year([key], CORRUPTION_CATEGORIES).get(
            key, 0
        )
        return self._ita_case_count

    def none_text(self):
        return _(
            "There were no corruption and misconduct complaints in fiscal year "
            "B.E. %(year)s."
        ) % {"year": self.fiscal_year}

    # -- hooks of the compliance engine --

    def ita_period(self):
        return (self.fiscal_year, None)

    def ita_published_formats(self, fiscal_year=None):
        from ita_wagtail.pdf.rendering import pdf_available

        generated = {"xlsx", "pdf"} if pdf_available()[0] else {"xlsx"}
        return generated | super().ita_published_formats()

    def ita_declares_none(self, today=None):
        """True when the year is over and no corruption case was received in it."""
        return self.year_has_ended(today) and self.case_count() == 0

    def ita_evidence(self, item, part, target_fiscal_year):
        files = "Excel/PDF" if "pdf" in self.ita_published_formats() else "Excel"
        return (
            self.full_url,
            f"ตารางสถิติเรื่องร้องเรียนการทุจริตฯ ปีงบประมาณ พ.ศ. {self.fiscal_year} "
            f"และไฟล์ {files} ท้ายหน้า",
        )

    def ita_completeness_checks(self, today=None):
        today = today or thai.today()
        ended = self.year_has_ended(today)
        count = self.case_count()
        return [
            Check(
                _("the figures of the year, or the statement that there were none"),
                bool(count) or ended,
            ),
            Check(
                _("a fiscal year that has ended"),
                ended,
                _("statistics for a year still running are not final")
                if self.fiscal_year and not ended
                else "",
            ),
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("documents__document")

    @classmethod
    def ita_prepare_scoring(cls, pages):
        from .statistics import case_counts_by_year

        keys = {page.pk: (_site_id(page), page.fiscal_year) for page in pages}
        counts = case_counts_by_year(
            [key for key in keys.values() if key[1]], CORRUPTION_CATEGORIES
        )
        for page in pages:
            page._ita_case_count = counts.get(keys[page.pk], 0)

    # -- views --

    @path("xlsx/", name="xlsx")
    def xlsx_view(self, request):
        from ita_wagtail.exporting.spreadsheets import xlsx_response

        return xlsx_response(
            self.statistics_sheets(),
            f"complaint-statistics-{self.fiscal_year}.xlsx",
        )

    def xlsx_url(self, request=None):
        return (self.get_url(request) or "") + self.reverse_subpage("xlsx")

    @path("pdf/", name="pdf")
    def pdf_view(self, request):
        from ita_wagtail.pdf.delivery import pdf_response
        from ita_wagtail.pdf.documents import ComplaintStatisticsPdf

        return pdf_response(request, ComplaintStatisticsPdf(page_id=self.pk))

    def pdf_url(self, request=None):
        return (self.get_url(request) or "") + self.reverse_subpage("pdf")

    def statistics_sheets(self, today=None):
        """The same figures as the page, as one worksheet."""
        from ita_wagtail.exporting.spreadsheets import Sheet

        today = today or thai.today()
        year, quarters = self.statistics(today)
        first_day, last_day = thai.fiscal_year_bounds(self.fiscal_year)
        preamble = [
            str(self.title),
            str(
                _(
                    "Corruption and misconduct complaints received from %(first)s to %(last)s"
                )
                % {
                    "first": thai.format_thai_date(first_day),
                    "last": thai.format_thai_date(last_day),
                }
            ),
            str(_("Figures as of %(date)s") % {"date": thai.format_thai_date(today)}),
        ]
        if not self.year_has_ended(today):
            preamble.append(
                str(_("The fiscal year has not ended: these figures are not final."))
            )
        elif not year.total:
            preamble.append(str(self.none_text()))
        rows = [
            [
                thai.format_quarter(self.fiscal_year, q.quarter),
                q.total,
                q.finished,
                q.in_progress,
            ]
            for q in quarters
        ]
        return [
            Sheet(
                title=str(_("Statistics")),
                header=[
                    str(_("Quarter")),
                    str(pgettext("complaint statistics", "Received")),
                    str(_("Finished")),
                    str(pgettext("case status", "In progress")),
                ],
                rows=rows,
                preamble=preamble,
                column_widths=[40, 16, 20, 22],
                footer=[
                    [
                        thai.format_fiscal_year(self.fiscal_year),
                        year.total,
                        year.finished,
                        year.in_progress,
                    ]
                ],
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = thai.today()
        year, quarters = self.statistics(today)
        context.update(
            today=today,
            year_statistics=year,
            quarter_statistics=quarters,
            category_rows=[
                row for row in year.rows if row.category in CORRUPTION_CATEGORIES
            ],
            year_ended=self.year_has_ended(today),
            channel=self.get_parent(),
            responsible_unit=self.get_responsible_unit(),
            xlsx_url=self.xlsx_url(request),
            pdf_url=self.pdf_url(request),
            document_rows=self.ita_document_rows(),
        )
        return context


class ComplaintStatisticsPage(ComplaintStatisticsPageMixin, Page):
    template = "ita_wagtail/channels/complaint_statistics_page.html"
    base_form_class = ParentAwarePageForm
    content_panels = (
        Page.content_panels + ComplaintStatisticsPageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.CorruptionComplaintPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("corruption complaint statistics")
        verbose_name_plural = _("corruption complaint statistics pages")


class ComplaintStatisticsDocument(ChannelDocument):
    page = ParentalKey(
        ComplaintStatisticsPage, on_delete=models.CASCADE, related_name="documents"
    )

    class Meta(ChannelDocument.Meta):
        verbose_name = _("statistics document")
        verbose_name_plural = _("statistics documents")


# -- procedure ----------------------------------------------------------------


class ComplaintProcedurePageMixin(ChannelDocumentsMixin, DisclosurePageMixin):
    ita_kind = "complaint_procedure"
    ita_slug = "procedure"

    intro = RichTextField(_("introduction"), blank=True)
    steps = StreamField(
        [("step", ProcedureStepBlock())],
        verbose_name=_("handling steps"),
        blank=True,
    )
    contact = models.TextField(
        _("contact"),
        blank=True,
        help_text=_(
            "Address, phone and e-mail of the unit that handles corruption "
            "complaints, if not the responsible unit's own."
        ),
    )
    other_channels = StreamField(
        [("channel", OtherChannelBlock())],
        verbose_name=_("other channels"),
        blank=True,
        help_text=_(
            "Besides this municipality's corruption complaints page (linked "
            "automatically): the NACC, the PACC, the Damrongdhama Centre."
        ),
    )
    flowchart = image_field(_("flowchart"))

    ita_content_panels = [
        FieldPanel("intro"),
        FieldPanel("steps"),
        MultiFieldPanel(
            [FieldPanel("responsible_unit"), FieldPanel("contact")],
            heading=_("Responsible unit"),
        ),
        FieldPanel("other_channels"),
        FieldPanel("flowchart"),
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
    ]

    class Meta:
        abstract = True

    @classmethod
    def ita_default_title(cls, criteria_set=None):
        found = cls.ita_criterion(criteria_set)
        if found:
            item, part = found
            return (part or item).title
        return _("Procedure for handling corruption and misconduct complaints")

    @classmethod
    def ita_initial_values(cls, parent):
        from .pages import CORRUPTION_OTHER_CHANNELS

        return {
            "steps": list(PROCEDURE_STEPS),
            "other_channels": [
                entry for entry in CORRUPTION_OTHER_CHANNELS if entry[1].get("link")
            ],
        }

    def clean(self):
        super().clean()
        parent = parent_of(self)
        if parent is None:
            return
        twins = ComplaintProcedurePage.objects.child_of(parent).exclude(pk=self.pk)
        if twins.exists():
            raise ValidationError(
                _("This channel already has a procedure page; edit that one.")
            )

    def ita_evidence(self, item, part, target_fiscal_year):
        return (
            self.full_url,
            f"หน้า “{self.title}”: ขั้นตอน ผู้รับผิดชอบ ระยะเวลา และช่องทางการร้องเรียนการทุจริตฯ",
        )

    def ita_completeness_checks(self, today=None):
        steps = list(stream_items(self.steps, "step"))
        no_time = [s.get("title") for s in steps if not filled(s.get("duration"))]
        channels = [
            c
            for c in stream_items(self.other_channels, "channel")
            if filled(c.get("name"))
        ]
        return [
            Check(_("at least one handling step"), bool(steps)),
            Check(
                _("the time frame of every step"),
                bool(steps) and not no_time,
                names_list(no_time),
            ),
            Check(
                _("the responsible unit or its contact details"),
                bool(self.responsible_unit_id) or filled(self.contact),
            ),
            Check(_("the channels for complaints besides this page"), bool(channels)),
        ]

    @classmethod
    def ita_scoring_queryset(cls, queryset):
        return queryset.prefetch_related("documents__document")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            channel=self.get_parent(),
            responsible_unit=self.get_responsible_unit(),
            document_rows=self.ita_document_rows(),
        )
        return context


class ComplaintProcedurePage(ComplaintProcedurePageMixin, Page):
    template = "ita_wagtail/channels/complaint_procedure_page.html"
    base_form_class = ParentAwarePageForm
    content_panels = (
        Page.content_panels + ComplaintProcedurePageMixin.ita_content_panels
    )
    parent_page_types = ["ita_wagtail.CorruptionComplaintPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("corruption complaint procedure")
        verbose_name_plural = _("corruption complaint procedures")


class ComplaintProcedureDocument(ChannelDocument):
    page = ParentalKey(
        ComplaintProcedurePage, on_delete=models.CASCADE, related_name="documents"
    )

    class Meta(ChannelDocument.Meta):
        verbose_name = _("procedure document")
        verbose_name_plural = _("procedure documents")
