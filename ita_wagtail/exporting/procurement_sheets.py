"""Procurement spreadsheets: สขร.1, the annual summary, the plan, the register.

Official forms keep their Thai headings whatever the interface language.
The monthly สขร.1 and the register export can be imported back unchanged:
they are written in layouts the importer reads.
"""

from __future__ import annotations

from django.conf import settings
from import_export import resources
from import_export.fields import Field

from ita_wagtail.importing.layouts import COLUMNS_BY_KEY, TEMPLATE
from ita_wagtail.models.procurement import (
    BUDGET_SOURCE_THAI,
    CATEGORY_THAI,
    METHOD_THAI,
    STATUS_THAI,
    Procurement,
    fiscal_month_label,
)
from ita_wagtail.thai import format_baht, format_fiscal_year, format_thai_date

from .spreadsheets import Sheet

SKR1_HEADER = [
    "ลำดับที่",
    "งานที่จัดซื้อหรือจัดจ้าง",
    "วงเงินที่จะซื้อหรือจ้าง (บาท)",
    "ราคากลาง (บาท)",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสรุป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
]
SKR1_WIDTHS = [8, 40, 16, 16, 24, 42, 34, 30, 34]
NO_PROCUREMENT = "ไม่มีการจัดซื้อจัดจ้าง"


def organisation_name(site) -> str:
    return (site.site_name if site else "") or getattr(
        settings, "WAGTAIL_SITE_NAME", ""
    )


def skr1_bids(record) -> str:
    return "\n".join(
        f"{number}. {bid.label}"
        for number, bid in enumerate(record.sorted_bids, start=1)
    )


def skr1_supplier(record) -> str:
    if not record.selected_supplier:
        return ""
    if record.agreed_price is None:
        return record.selected_supplier
    return f"{record.selected_supplier} ราคา {format_baht(record.agreed_price)}"


def skr1_rows(records):
    for number, record in enumerate(records, start=1):
        yield [
            number,
            record.name,
            record.budget,
            record.reference_price,
            record.method_thai,
            skr1_bids(record),
            skr1_supplier(record),
            record.selection_reason,
            record.contract_label,
        ]


def skr1_title(fiscal_year: int, month: int) -> str:
    return (
        f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน {fiscal_month_label(fiscal_year, month)}"
    )


def skr1_sheet(site, fiscal_year: int, month: int, records, declaration=None) -> Sheet:
    rows = list(skr1_rows(records))
    if not rows and declaration is not None:
        rows = [["", NO_PROCUREMENT, "", "", "", "", "", declaration.note, ""]]
    return Sheet(
        title=fiscal_month_label(fiscal_year, month, abbreviated=True),
        preamble=["แบบ สขร.1", skr1_title(fiscal_year, month), organisation_name(site)],
        header=SKR1_HEADER,
        rows=rows,
        column_widths=SKR1_WIDTHS,
    )


def annual_summary_sheets(site, summary) -> list[Sheet]:
    title = f"สรุปผลการจัดซื้อจัดจ้าง{format_fiscal_year(summary.fiscal_year)}"
    months = Sheet(
        title="รายเดือน",
        preamble=[title, organisation_name(site)],
        header=[
            "เดือน",
            "จำนวนรายการ",
            "ยกเลิก",
            "วงเงินงบประมาณ (บาท)",
            "ราคากลาง (บาท)",
            "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
            "หมายเหตุ",
        ],
        rows=[
            [
                month.label,
                month.totals.count,
                month.totals.cancelled,
                month.totals.budget,
                month.totals.reference_price,
                month.totals.agreed_price,
                NO_PROCUREMENT if month.declaration and not month.has_records else "",
            ]
            for month in summary.months
        ],
        footer=[
            [
                "รวม",
                summary.totals.count,
                summary.totals.cancelled,
                summary.totals.budget,
                summary.totals.reference_price,
                summary.totals.agreed_price,
                "",
            ]
        ],
        column_widths=[18, 14, 10, 22, 22, 26, 24],
    )
    methods = Sheet(
        title="ตามวิธี",
        preamble=[title, organisation_name(site)],
        header=[
            "วิธีการจัดซื้อจัดจ้าง",
            "จำนวนรายการ",
            "ยกเลิก",
            "วงเงินงบประมาณ (บาท)",
            "ราคากลาง (บาท)",
            "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
        ],
        rows=[
            [
                method.label,
                method.totals.count,
                method.totals.cancelled,
                method.totals.budget,
                method.totals.reference_price,
                method.totals.agreed_price,
            ]
            for method in summary.methods
        ],
        footer=[
            [
                "รวม",
                summary.totals.count,
                summary.totals.cancelled,
                summary.totals.budget,
                summary.totals.reference_price,
                summary.totals.agreed_price,
            ]
        ],
        column_widths=[60, 14, 10, 22, 22, 26],
    )
    return [months, methods]


def plan_sheet(site, plan) -> Sheet:
    return Sheet(
        title=f"แผน {plan.fiscal_year}",
        preamble=[str(plan), organisation_name(site)],
        header=[
            "ลำดับ",
            "รหัสแผนจัดซื้อจัดจ้าง",
            "ชื่อโครงการ",
            "งบประมาณโครงการ (บาท)",
            "แหล่งที่มาของงบประมาณ",
            "วิธีการจัดซื้อจัดจ้าง",
            "คาดว่าจะประกาศ (เดือน/ปี)",
        ],
        rows=[
            [
                number,
                item.plan_code,
                item.name,
                item.budget,
                BUDGET_SOURCE_THAI.get(item.budget_source, ""),
                METHOD_THAI.get(item.method, ""),
                item.expected_month_label,
            ]
            for number, item in enumerate(plan.items.all(), start=1)
        ],
        column_widths=[8, 18, 50, 20, 30, 40, 22],
    )


class ProcurementExportResource(resources.ModelResource):
    """The register in the import template's layout: export, edit, import back.

    This is the public download: natural persons' tax ids are left out (the
    importer keeps stored ids when a cell has none).
    """

    class Meta:
        model = Procurement
        fields = TEMPLATE.columns
        export_order = TEMPLATE.columns

    def __init__(self):
        super().__init__()
        for key in TEMPLATE.columns:
            if key not in self.fields:
                self.fields[key] = Field(attribute=key, column_name=key)
            self.fields[key].column_name = COLUMNS_BY_KEY[key].header

    def dehydrate_plan_code(self, record):
        return record.plan_item.plan_code if record.plan_item_id else ""

    def dehydrate_category(self, record):
        return CATEGORY_THAI.get(record.category, "")

    def dehydrate_budget_source(self, record):
        if record.budget_source_detail:
            return record.budget_source_detail
        return BUDGET_SOURCE_THAI.get(record.budget_source, "")

    def dehydrate_method(self, record):
        return METHOD_THAI.get(record.method, "")

    def dehydrate_status(self, record):
        return STATUS_THAI.get(record.status, "")

    def dehydrate_announcement_date(self, record):
        return format_thai_date(record.announcement_date, style="numeric")

    def dehydrate_contract_date(self, record):
        return format_thai_date(record.contract_date, style="numeric")

    def dehydrate_bids(self, record):
        return record.bids_summary(public=True)

    def dehydrate_selected_supplier_tax_id(self, record):
        return record.public_supplier_tax_id

    def dehydrate_responsible_unit(self, record):
        return record.responsible_unit.name if record.responsible_unit_id else ""

    def dehydrate_contract_number(self, record):
        return record.contract_number

    def dehydrate_budget(self, record):
        return record.budget

    def dehydrate_reference_price(self, record):
        return record.reference_price

    def dehydrate_agreed_price(self, record):
        return record.agreed_price


def register_sheet(records, fiscal_year: int) -> Sheet:
    queryset = records.select_related("plan_item", "responsible_unit").prefetch_related(
        "bids"
    )
    dataset = ProcurementExportResource().export(queryset)
    return Sheet(
        title=f"จัดซื้อจัดจ้าง {fiscal_year}",
        header=list(dataset.headers),
        rows=[list(row) for row in dataset],
        column_widths=[
            12,
            16,
            16,
            16,
            45,
            16,
            18,
            24,
            18,
            34,
            24,
            14,
            50,
            30,
            20,
            18,
            35,
            18,
            14,
            20,
            20,
        ],
    )
