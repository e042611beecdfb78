"""The import template finance staff download from the import page.

One sheet to fill (Thai headers, an example row, drop-down lists for the
method, status, category and budget source, money and id columns formatted
so Excel keeps them as typed), one sheet of instructions, one sheet holding
the drop-down choices. The example row's reference number starts with
"ตัวอย่าง", which the importer skips, so a template imported unchanged
creates nothing.
"""

from __future__ import annotations

import io

from ita_wagtail.exporting.escaping import escape_formula
from ita_wagtail.models.plans import BudgetSource
from ita_wagtail.models.procurement import (
    BUDGET_SOURCE_THAI,
    CATEGORY_THAI,
    METHOD_THAI,
    STATUS_THAI,
    ProcurementCategory,
    ProcurementMethod,
    ProcurementStatus,
)
from ita_wagtail.thai import fiscal_year, format_thai_date, today

from .layouts import COLUMNS_BY_KEY, HELP_TH, TEMPLATE

DATA_SHEET = "ข้อมูลจัดซื้อจัดจ้าง"
HELP_SHEET = "คำอธิบาย"
CHOICES_SHEET = "ตัวเลือก"
EXAMPLE_PREFIX = "ตัวอย่าง"

_WIDTHS = {
    "name": 45,
    "bids": 50,
    "selection_reason": 35,
    "method": 34,
    "status": 24,
    "selected_supplier": 30,
    "budget_source": 28,
    "remarks": 25,
}
_TEXT_COLUMNS = {
    "egp_number",
    "reference_number",
    "selected_supplier_tax_id",
    "contract_number",
    "plan_code",
}
_MONEY_COLUMNS = {"budget", "reference_price", "agreed_price"}


def example_row(year: int | None = None):
    year = year or fiscal_year(today())
    start = today().replace(month=10, day=5, year=year - 544)
    values = {
        "fiscal_year": year,
        "egp_number": f"{(year - 1) % 100:02d}10900{1234:04d}",
        "reference_number": f"{EXAMPLE_PREFIX}-1/{year}",
        "plan_code": "",
        "name": "จ้างเหมาซ่อมแซมถนนลาดยาง หมู่ที่ 3",
        "category": CATEGORY_THAI[ProcurementCategory.CONSTRUCTION],
        "budget": 480000,
        "budget_source": BUDGET_SOURCE_THAI[BudgetSource.MUNICIPAL],
        "reference_price": 478500,
        "method": METHOD_THAI[ProcurementMethod.E_MARKET],
        "status": STATUS_THAI[ProcurementStatus.CONTRACTED],
        "announcement_date": format_thai_date(start, style="numeric"),
        "bids": "หจก. ทรัพย์ทวีการโยธา (0103551234563) 455,000.00\n"
        "บริษัท ศรีสยามก่อสร้าง จำกัด 462,500.00",
        "selected_supplier": "หจก. ทรัพย์ทวีการโยธา",
        "selected_supplier_tax_id": "0103551234563",
        "agreed_price": 455000,
        "selection_reason": "เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วนตามประกาศ",
        "contract_number": f"12/{year}",
        "contract_date": format_thai_date(start.replace(day=20), style="numeric"),
        "responsible_unit": "กองช่าง",
        "remarks": "แถวตัวอย่าง ระบบจะข้ามแถวนี้ ลบออกได้",
    }
    return [values[key] for key in TEMPLATE.columns]


def template_bytes() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    columns = TEMPLATE.columns
    for index, key in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=COLUMNS_BY_KEY[key].header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = wrap
        cell.comment = Comment(HELP_TH[key], "ITA")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _WIDTHS.get(key, 18)
    for index, value in enumerate(example_row(), start=1):
        cell = sheet.cell(row=2, column=index, value=escape_formula(value))
        cell.font = Font(italic=True, color="666666")
        cell.alignment = wrap
    for index, key in enumerate(columns, start=1):
        letter = get_column_letter(index)
        for row in range(2, 1002):
            if key in _TEXT_COLUMNS:
                sheet[f"{letter}{row}"].number_format = "@"
            elif key in _MONEY_COLUMNS:
                sheet[f"{letter}{row}"].number_format = "#,##0.00"
    sheet.freeze_panes = "A2"

    choices = workbook.create_sheet(CHOICES_SHEET)
    lists = {
        "method": list(METHOD_THAI.values()),
        "status": list(STATUS_THAI.values()),
        "category": list(CATEGORY_THAI.values()),
        "budget_source": list(BUDGET_SOURCE_THAI.values()),
    }
    for column, (key, options) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column)
        choices.cell(
            row=1, column=column, value=COLUMNS_BY_KEY[key].header
        ).font = header_font
        for row, option in enumerate(options, start=2):
            choices.cell(row=row, column=column, value=option)
        choices.column_dimensions[letter].width = 60
        validation = DataValidation(
            type="list",
            formula1=f"'{CHOICES_SHEET}'!${letter}$2:${letter}${len(options) + 1}",
            allow_blank=True,
            showErrorMessage=key in ("method", "status"),
            errorTitle="ค่าไม่อยู่ในรายการ",
            error="กรุณาเลือกจากรายการ",
        )
        target = get_column_letter(columns.index(key) + 1)
        validation.add(f"{target}2:{target}1001")
        sheet.add_data_validation(validation)
    choices.sheet_state = "hidden"

    help_sheet = workbook.create_sheet(HELP_SHEET, 1)
    help_sheet.append(["คอลัมน์", "ความหมายและรูปแบบที่รับได้"])
    help_sheet["A1"].font = header_font
    help_sheet["B1"].font = header_font
    for key in columns:
        help_sheet.append([COLUMNS_BY_KEY[key].header, HELP_TH[key]])
    help_sheet.append([])
    for line in (
        "นำเข้าซ้ำได้: ระบบจับคู่รายการเดิมด้วยเลขที่โครงการ e-GP หรือปีงบประมาณ + เลขที่อ้างอิง "
        "แล้วปรับปรุงแทนการเพิ่มรายการซ้ำ",
        "ช่องว่างไม่ลบข้อมูลเดิม หากต้องการลบข้อมูล ให้แก้ไขรายการในระบบ",
        "หากมีแถวใดผิด ระบบจะไม่บันทึกข้อมูลทั้งไฟล์ และแสดงแถว คอลัมน์ และสาเหตุให้แก้ไข",
        "รับไฟล์ Excel (.xlsx) หรือ CSV ขนาดไม่เกินที่ผู้ดูแลระบบกำหนด",
    ):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 42
    help_sheet.column_dimensions["B"].width = 110
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
