"""Real-looking spreadsheets for the import tests, generated on the fly."""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl import Workbook

from ita_wagtail.importing.layouts import COLUMNS_BY_KEY, TEMPLATE

from .factories import tax_id

SKR1_HEADER = [
    "ลำดับที่",
    "งานที่จัดซื้อหรือจัดจ้าง",
    "วงเงินที่จะซื้อหรือจ้าง\n(บาท)",
    "ราคากลาง\n(บาท)",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสรุป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
]

EGP_ITA_HEADER = [
    "ที่",
    "ปีงบประมาณ",
    "ชื่อหน่วยงาน",
    "อำเภอ",
    "จังหวัด",
    "กระทรวง",
    "ประเภทหน่วยงาน",
    "ชื่อรายการของงานที่ซื้อหรือจ้าง",
    "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
    "แหล่งที่มาของงบประมาณ",
    "สถานะการจัดซื้อจัดจ้าง",
    "วิธีการจัดซื้อจัดจ้าง",
    "ราคากลาง (บาท)",
    "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
    "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
    "เลขที่โครงการในระบบ e-GP",
]


def template_header(columns=TEMPLATE.columns):
    return [COLUMNS_BY_KEY[key].header for key in columns]


def template_row(**values):
    """A complete template row; keyword arguments override cells by key."""
    row = {
        "fiscal_year": 2568,
        "egp_number": "67109000001",
        "reference_number": "1/2568",
        "plan_code": "",
        "name": "จัดซื้อวัสดุสำนักงาน",
        "category": "ซื้อ",
        "budget": "50,000.00",
        "budget_source": "เทศบัญญัติ",
        "reference_price": "49,500.00",
        "method": "วิธีเฉพาะเจาะจง",
        "status": "ลงนามในสัญญาแล้ว",
        "announcement_date": "3/10/2567",
        "bids": f"ร้านรุ่งเรืองพาณิชย์ ({tax_id(1)}) 48,000.00\nร้านเจริญวัสดุ 49,000.00",
        "selected_supplier": "ร้านรุ่งเรืองพาณิชย์",
        "selected_supplier_tax_id": tax_id(1),
        "agreed_price": "48,000.00",
        "selection_reason": "เสนอราคาต่ำสุด",
        "contract_number": "1/2568",
        "contract_date": "10 ต.ค. 2567",
        "responsible_unit": "กองคลัง",
        "remarks": "",
    }
    row.update(values)
    return [row[key] for key in TEMPLATE.columns]


def xlsx(*sheets, merge=()):
    """``sheets``: (title, rows) pairs. ``merge``: (sheet index, range) pairs."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    for index, cells in merge:
        workbook.worksheets[index].merge_cells(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def template_xlsx(*rows):
    return xlsx(("ข้อมูล", [template_header(), *rows]))


def csv_bytes(rows, encoding="utf-8", delimiter=","):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    if encoding == "utf-8-sig":
        return "\ufeff".encode() + text.getvalue().encode("utf-8")
    return text.getvalue().encode(encoding)


def skr1_sheet(month_title="ตุลาคม 2567", rows=()):
    return [
        ["แบบ สขร.1"],
        [f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน {month_title}"],
        ["เทศบาลตำบลตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง"],
        [],
        SKR1_HEADER,
        *rows,
    ]


def patch_xlsx(data: bytes, member: str, transform) -> bytes:
    """Rewrite one part of an XLSX (to craft formulas with values, dimensions)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = transform(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return output.getvalue()
