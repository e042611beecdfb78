"""The PDF documents the app publishes, each from the data of its page.

Each :class:`PdfSource` names one document by plain values (site id, year,
month, page or snapshot id), so that a background task can make it from
its name. It knows

* ``fingerprint()``: a short hash of what the document shows (for the
  procurement documents the number and latest ``updated_at`` of the
  records; for the others the content of their tables), which names the
  cached file: a new fingerprint is a new file;
* ``document()``: the :class:`~.rendering.PdfDocument` to render;
* ``filename()``: the Thai file name the visitor saves;
* ``slow()``: whether to make it in a background task rather than in the
  request.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db.models import Count, Max
from wagtail.models import Site

from ita_wagtail import thai

from .rendering import PdfDocument, Signature, thai_digits_setting

#: Raised when the template or the layout changes, so cached files are made again.
LAYOUT_VERSION = 1

#: Above this many table rows a PDF is made by a background task.
DEFAULT_INLINE_MAX_ROWS = 150


def inline_max_rows() -> int:
    return int(getattr(settings, "ITA_PDF_INLINE_MAX_ROWS", DEFAULT_INLINE_MAX_ROWS))


def _hash(*parts) -> str:
    text = json.dumps(parts, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _sheets_content(sheets) -> list:
    content = []
    for sheet in sheets:
        if not isinstance(sheet.rows, list):
            sheet.rows = list(sheet.rows)
        content.append(
            [sheet.title, sheet.preamble, sheet.header, sheet.rows, sheet.footer]
        )
    return content


class PdfSource:
    kind = ""

    def __init__(self, **params):
        self.params = params

    # -- naming --

    def stem(self) -> str:
        """The part of the stored name that stays when the data changes."""
        values = "-".join(str(self.params[key]) for key in sorted(self.params))
        return f"{self.kind}-{values}"

    def fingerprint(self) -> str:
        return _hash(LAYOUT_VERSION, thai_digits_setting(), self.data_fingerprint())

    def data_fingerprint(self):
        raise NotImplementedError

    def document(self) -> PdfDocument:
        raise NotImplementedError

    def filename(self) -> str:
        raise NotImplementedError

    def row_estimate(self) -> int:
        return 0

    def slow(self) -> bool:
        return self.row_estimate() > inline_max_rows()

    @property
    def site(self):
        if not hasattr(self, "_site"):
            self._site = Site.objects.get(pk=self.params["site_id"])
        return self._site


# --------------------------------------------------------------------------
# Procurement: สขร.1, the annual summary, the plan
# --------------------------------------------------------------------------


def _form_title(site):
    from ita_wagtail.exporting.procurement_sheets import organisation_name

    return organisation_name(site)


#: Relative widths of the nine สขร.1 columns on A4 landscape: amounts of
#: millions of baht fit on one line, "ลำดับที่" is not split.
SKR1_PDF_WIDTHS = [8, 28.5, 12, 12, 14, 30, 22, 20, 22]


def _skr1_document(site, fiscal_year, months) -> PdfDocument:
    """สขร.1 of one or several months: one table per month, header on every page."""
    from ita_wagtail.exporting.procurement_sheets import skr1_sheet, skr1_title
    from ita_wagtail.procurement.summary import month_declaration, month_records

    sheets = []
    for month in months:
        sheet = skr1_sheet(
            site,
            fiscal_year,
            month,
            month_records(site, fiscal_year, month),
            month_declaration(site, fiscal_year, month),
        )
        # The form's heading is the document's; each table keeps its month.
        sheet.title = skr1_title(fiscal_year, month)
        sheet.preamble = []
        sheet.column_widths = SKR1_PDF_WIDTHS
        sheets.append(sheet)
    if len(months) == 1:
        title = skr1_title(fiscal_year, months[0])
    else:
        title = (
            f"สรุปผลการดำเนินการจัดซื้อจัดจ้างรายเดือน {thai.format_fiscal_year(fiscal_year)}"
        )
    return PdfDocument(
        title=title,
        form_label="แบบ สขร.1",
        subtitle_lines=[_form_title(site)],
        sheets=sheets,
        landscape=True,
        sheet_titles=len(months) > 1,
    )


def _month_fingerprint(site, fiscal_year, month):
    from ita_wagtail.models import Procurement
    from ita_wagtail.models.procurement import calendar_month
    from ita_wagtail.procurement.summary import month_declaration

    year, calendar = calendar_month(fiscal_year, month)
    figures = (
        Procurement.objects.for_site(site)
        .in_month(year, calendar)
        .aggregate(count=Count("pk"), latest=Max("updated_at"))
    )
    declaration = month_declaration(site, fiscal_year, month)
    return [
        figures["count"],
        figures["latest"],
        declaration and [declaration.pk, declaration.declared_on, declaration.note],
    ]


class Skr1MonthPdf(PdfSource):
    """แบบ สขร.1 of one month (``site_id``, ``fiscal_year``, ``month``)."""

    kind = "skr1"

    def data_fingerprint(self):
        return [
            self.site.site_name,
            _month_fingerprint(
                self.site, self.params["fiscal_year"], self.params["month"]
            ),
        ]

    def row_estimate(self):
        from ita_wagtail.models import Procurement
        from ita_wagtail.models.procurement import calendar_month

        year, month = calendar_month(self.params["fiscal_year"], self.params["month"])
        return Procurement.objects.for_site(self.site).in_month(year, month).count()

    def document(self):
        return _skr1_document(
            self.site, self.params["fiscal_year"], [self.params["month"]]
        )

    def filename(self):
        from ita_wagtail.models.procurement import fiscal_month_label

        label = fiscal_month_label(self.params["fiscal_year"], self.params["month"])
        return f"สขร1-{label.replace(' ', '-')}.pdf"


class Skr1YearPdf(PdfSource):
    """The twelve monthly สขร.1 of a fiscal year in one file (``site_id``, ``fiscal_year``)."""

    kind = "skr1-year"

    def data_fingerprint(self):
        return [
            self.site.site_name,
            _year_fingerprint(self.site, self.params["fiscal_year"]),
        ]

    def row_estimate(self):
        from ita_wagtail.procurement.summary import records_of_year

        return records_of_year(self.site, self.params["fiscal_year"]).count()

    def document(self):
        return _skr1_document(
            self.site, self.params["fiscal_year"], fiscal_month_numbers()
        )

    def filename(self):
        return f"สขร1-ปีงบประมาณ-{self.params['fiscal_year']}.pdf"


def fiscal_month_numbers():
    return [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def _year_fingerprint(site, fiscal_year):
    from ita_wagtail.models import NoProcurementDeclaration
    from ita_wagtail.procurement.summary import records_of_year

    figures = records_of_year(site, fiscal_year).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    declarations = list(
        NoProcurementDeclaration.objects.filter(site=site, fiscal_year=fiscal_year)
        .order_by("month")
        .values_list("pk", "month", "declared_on", "note")
    )
    return [figures["count"], figures["latest"], declarations]


class AnnualSummaryPdf(PdfSource):
    """The year's procurement summary: by month and by method."""

    kind = "procurement-summary"

    def data_fingerprint(self):
        return [
            self.site.site_name,
            _year_fingerprint(self.site, self.params["fiscal_year"]),
        ]

    def document(self):
        from ita_wagtail.exporting.procurement_sheets import annual_summary_sheets
        from ita_wagtail.procurement.summary import annual_summary

        year = self.params["fiscal_year"]
        sheets = annual_summary_sheets(self.site, annual_summary(self.site, year))
        for sheet, title in zip(
            sheets, ["สรุปรายเดือน", "สรุปตามวิธีการจัดซื้อจัดจ้าง"], strict=False
        ):
            sheet.title = title
            sheet.preamble = []
        return PdfDocument(
            title=f"รายงานสรุปผลการจัดซื้อจัดจ้าง{thai.format_fiscal_year(year)}",
            subtitle_lines=[_form_title(self.site)],
            sheets=sheets,
            landscape=True,
        )

    def filename(self):
        return f"สรุปผลการจัดซื้อจัดจ้าง-ปีงบประมาณ-{self.params['fiscal_year']}.pdf"


class PlanPdf(PdfSource):
    """The year's procurement plan (``site_id``, ``fiscal_year``)."""

    kind = "procurement-plan"

    def plan(self):
        from ita_wagtail.models import ProcurementPlan

        return (
            ProcurementPlan.objects.for_site(self.site)
            .filter(fiscal_year=self.params["fiscal_year"])
            .first()
        )

    def data_fingerprint(self):
        plan = self.plan()
        if plan is None:
            return None
        return [
            self.site.site_name,
            plan.pk,
            plan.updated_at,
            plan.items.aggregate(count=Count("pk"))["count"],
        ]

    def document(self):
        from ita_wagtail.exporting.procurement_sheets import plan_sheet

        plan = self.plan()
        sheet = plan_sheet(self.site, plan)
        sheet.preamble = []
        return PdfDocument(
            title=str(plan),
            subtitle_lines=[_form_title(self.site)],
            sheets=[sheet],
            landscape=True,
        )

    def filename(self):
        return f"แผนการจัดซื้อจัดจ้าง-ปีงบประมาณ-{self.params['fiscal_year']}.pdf"


# --------------------------------------------------------------------------
# Complaint statistics, the quarterly report, the ITAS answer sheet
# --------------------------------------------------------------------------


class ComplaintStatisticsPdf(PdfSource):
    """The corruption-complaint statistics of a statistics page (``page_id``)."""

    kind = "complaint-statistics"

    @property
    def page(self):
        if not hasattr(self, "_page"):
            from ita_wagtail.models.channels.corruption import ComplaintStatisticsPage

            self._page = ComplaintStatisticsPage.objects.get(pk=self.params["page_id"])
        return self._page

    def sheets(self):
        if not hasattr(self, "_sheets"):
            self._sheets = self.page.statistics_sheets()
        return self._sheets

    def data_fingerprint(self):
        return [self.page.title, _sheets_content(self.sheets())]

    def document(self):
        sheets = self.sheets()
        first = sheets[0]
        lines, first.preamble = first.preamble[1:], []
        return PdfDocument(
            title=str(self.page.title),
            subtitle_lines=[_form_title(self.page.get_site()), *lines],
            sheets=sheets,
            landscape=False,
        )

    def filename(self):
        return f"สถิติเรื่องร้องเรียนการทุจริต-ปีงบประมาณ-{self.page.fiscal_year}.pdf"


QUARTERLY_PDF_WIDTHS = [
    [30, 70],
    [9, 24, 11, 9.5, 24.5, 13, 12, 24],
    [13, 7, 18, 22, 9, 11, 11, 11, 20],
    [20, 12, 68],
]


class QuarterlyReportPdf(PdfSource):
    """A quarterly report (``snapshot_id``): its tables and three signature lines."""

    kind = "quarterly-report"

    @property
    def snapshot(self):
        if not hasattr(self, "_snapshot"):
            from ita_wagtail.models import ComplianceSnapshot

            self._snapshot = ComplianceSnapshot.objects.select_related("site").get(
                pk=self.params["snapshot_id"]
            )
        return self._snapshot

    def sheets(self):
        if not hasattr(self, "_sheets"):
            from django.utils import translation

            from ita_wagtail.reports.rendering import report_sheets

            with translation.override("th"):
                self._sheets = report_sheets(self.snapshot)
        return self._sheets

    def data_fingerprint(self):
        return _sheets_content(self.sheets())

    def slow(self):
        # Every item, every out-of-date page and the recommendations.
        return True

    def document(self):
        from ita_wagtail.reports.quarterly import text

        snapshot = self.snapshot
        data = snapshot.data
        sheets = self.sheets()
        # Summary, items, out-of-date pages, recommendations: on A4 portrait
        # the addresses get less room than in Excel, the short columns more.
        for sheet, widths in zip(sheets, QUARTERLY_PDF_WIDTHS, strict=False):
            sheet.column_widths = widths
        return PdfDocument(
            title=(
                "รายงานผลการกำกับติดตามการเปิดเผยข้อมูลสาธารณะ (ITA) "
                f"{thai.format_quarter(snapshot.fiscal_year, snapshot.quarter)}"
            ),
            subtitle_lines=[data.get("municipality", "")],
            sheets=sheets,
            landscape=False,
            sheet_titles=True,
            font_size=9.5,
            signatures=[
                Signature(
                    role=text(row.get("role"), "th"),
                    name=row.get("name", ""),
                    position=row.get("position", ""),
                )
                for row in data.get("signatures", [])
            ],
        )

    def filename(self):
        snapshot = self.snapshot
        return f"รายงานITA-ไตรมาส{snapshot.quarter}-{snapshot.fiscal_year}.pdf"


class AnswerSheetPdf(PdfSource):
    """The ITAS answer sheet of a site (``site_id``), as the dashboard scores it."""

    kind = "itas-answer-sheet"

    def __init__(self, result=None, **params):
        super().__init__(**params)
        self.result = result

    def table(self):
        if not hasattr(self, "_table"):
            from ita_wagtail.reports.answer_sheet import (
                answer_sheet_rows,
                answer_sheet_table,
            )

            rows = answer_sheet_rows(self.site, result=self.result)
            self._table = answer_sheet_table(rows)
        return self._table

    def data_fingerprint(self):
        return [self.site.site_name, self.table()]

    def document(self):
        from ita_wagtail.exporting.spreadsheets import Sheet

        headers, body = self.table()
        return PdfDocument(
            title="แบบตอบ OIT ในระบบ ITAS",
            subtitle_lines=[
                _form_title(self.site),
                f"ข้อมูล ณ วันที่ {thai.format_thai_date(thai.today())}",
            ],
            sheets=[
                Sheet(
                    "ITAS",
                    headers,
                    body,
                    column_widths=[8, 26, 10, 26, 48, 12, 8.5, 16],
                )
            ],
            landscape=True,
        )

    def filename(self):
        return f"แบบตอบ-ITAS-{self.site.hostname}.pdf"


SOURCES = {
    source.kind: source
    for source in (
        Skr1MonthPdf,
        Skr1YearPdf,
        AnnualSummaryPdf,
        PlanPdf,
        ComplaintStatisticsPdf,
        QuarterlyReportPdf,
        AnswerSheetPdf,
    )
}


def source_for(kind: str, params: dict) -> PdfSource:
    return SOURCES[kind](**params)
