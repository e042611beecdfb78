"""Realistic procurement spreadsheets of any size, for benchmarks and demos.

``template_workbook(rows, bids_per_row)`` writes the product template layout
(one row per procurement, bidders in one cell) with Thai names, B.E. dates,
baht amounts with separators and valid e-GP numbers and tax ids.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal

from ita_wagtail.importing.layouts import COLUMNS_BY_KEY, TEMPLATE
from ita_wagtail.models.procurement import tax_id_check_digit
from ita_wagtail.thai import format_thai_date

ITEMS = [
    ("จัดซื้อวัสดุสำนักงาน", "goods", "เฉพาะเจาะจง", (3_000, 90_000)),
    ("จัดซื้อวัสดุคอมพิวเตอร์", "goods", "เฉพาะเจาะจง", (5_000, 80_000)),
    ("จัดซื้อน้ำมันเชื้อเพลิงและหล่อลื่น", "goods", "เฉพาะเจาะจง", (10_000, 95_000)),
    ("จ้างเหมาซ่อมแซมรถบรรทุกขยะ", "services", "เฉพาะเจาะจง", (8_000, 150_000)),
    ("จ้างเหมาบริการรักษาความปลอดภัย", "services", "e-market", (120_000, 480_000)),
    ("จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก", "construction", "e-bidding", (600_000, 4_500_000)),
    ("จ้างก่อสร้างรางระบายน้ำ คสล.", "construction", "e-bidding", (500_000, 2_800_000)),
    ("จัดซื้อครุภัณฑ์การเกษตร", "goods", "e-market", (110_000, 450_000)),
    (
        "จ้างที่ปรึกษาจัดทำแผนพัฒนาท้องถิ่น",
        "consulting",
        "จ้างที่ปรึกษาโดยวิธีคัดเลือก",
        (200_000, 900_000),
    ),
    (
        "จ้างออกแบบอาคารศูนย์พัฒนาเด็กเล็ก",
        "design",
        "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีเฉพาะเจาะจง",
        (50_000, 300_000),
    ),
]
SHOPS = [
    "ร้านรุ่งเรืองพาณิชย์",
    "หจก. ทรัพย์ทวีการโยธา",
    "บริษัท ศรีสยามก่อสร้าง จำกัด",
    "ร้านเจริญวัสดุภัณฑ์",
    "บริษัท ไทยออฟฟิศซัพพลาย จำกัด",
    "หจก. ช่างดีการช่าง",
    "ร้านมิตรภาพการค้า",
    "บริษัท พัฒนาการเกษตร จำกัด",
]
UNITS = ["กองคลัง", "กองช่าง", "สำนักปลัดเทศบาล", "กองสาธารณสุขและสิ่งแวดล้อม"]


def tax_id(seed: int) -> str:
    body = f"0105{seed % 10**8:08d}"
    return body + str(tax_id_check_digit(body))


def rows(count: int, bids_per_row: int = 3, fiscal_year: int = 2568, seed: int = 2568):
    """Rows (lists of cells in TEMPLATE order) of one fiscal year."""
    rng = random.Random(seed)
    start = date(fiscal_year - 544, 10, 1)
    for number in range(1, count + 1):
        name, category, method, (low, high) = ITEMS[number % len(ITEMS)]
        budget = Decimal(rng.randrange(low, high, 100))
        reference = (budget * Decimal("0.98")).quantize(Decimal("1"))
        announced = start + timedelta(days=rng.randrange(0, 330))
        contracted = announced + timedelta(days=rng.randrange(3, 25))
        prices = sorted(
            (reference * Decimal(rng.randrange(90, 100)) / 100).quantize(
                Decimal("0.01")
            )
            for _ in range(bids_per_row)
        )
        shops = rng.sample(range(len(SHOPS)), k=min(bids_per_row, len(SHOPS)))
        bids = "\n".join(
            f"{SHOPS[shop]} ({tax_id(shop + 1)}) {price:,.2f}"
            for shop, price in zip(shops, prices, strict=False)
        )
        month = announced.month
        egp = f"{(announced.year + 543) % 100:02d}{month:02d}{number:07d}"
        values = {
            "fiscal_year": fiscal_year,
            "egp_number": egp,
            "reference_number": f"{number}/{fiscal_year}",
            "plan_code": "",
            "name": f"{name} รายการที่ {number}",
            "category": {
                "goods": "ซื้อ",
                "services": "จ้างทั่วไป",
                "construction": "จ้างก่อสร้าง",
                "consulting": "จ้างที่ปรึกษา",
                "design": "จ้างออกแบบและควบคุมงาน",
            }[category],
            "budget": f"{budget:,.2f}",
            "budget_source": "เทศบัญญัติ",
            "reference_price": f"{reference:,.2f}",
            "method": method,
            "status": "ลงนามในสัญญาแล้ว",
            "announcement_date": format_thai_date(announced, style="short"),
            "bids": bids,
            "selected_supplier": SHOPS[shops[0]],
            "selected_supplier_tax_id": tax_id(shops[0] + 1),
            "agreed_price": f"{prices[0]:,.2f}",
            "selection_reason": "เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วนตามที่กำหนด",
            "contract_number": f"{number}/{fiscal_year}",
            "contract_date": format_thai_date(contracted, style="numeric"),
            "responsible_unit": UNITS[number % len(UNITS)],
            "remarks": "",
        }
        yield [values[key] for key in TEMPLATE.columns]


def template_workbook(count: int, bids_per_row: int = 3, **kwargs) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ข้อมูลจัดซื้อจัดจ้าง")
    sheet.append([COLUMNS_BY_KEY[key].header for key in TEMPLATE.columns])
    for row in rows(count, bids_per_row, **kwargs):
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def bulk_register(site, count: int, fiscal_years, start: int = 0, bids: int = 2):
    """``count`` complete, contracted records spread over ``fiscal_years``
    (B.E.) and their months, each with ``bids`` bidders, written in bulk."""
    from ita_wagtail.models import Procurement, ProcurementBid
    from ita_wagtail.thai import fiscal_months, today

    methods = ["specific", "e_market", "e_bidding", "selective"]
    # Months that have begun: a register holds no contracts from the future.
    this_month = (today().year, today().month)
    months = [
        (year_be, year, month)
        for year_be in fiscal_years
        for year, month in fiscal_months(year_be)
        if (year, month) <= this_month
    ]
    batch = []
    for number in range(start, start + count):
        year_be, year, month = months[number % len(months)]
        day = date(year, month, 1 + number % 28)
        price = Decimal(9_500 + number % 90_000)
        batch.append(
            Procurement(
                site=site,
                fiscal_year=year_be,
                egp_number=f"{(year_be - 2500) % 100:02d}{month:02d}{number:07d}",
                reference_number=f"{number}/{year_be}",
                name=f"จัดซื้อวัสดุสำนักงาน รายการที่ {number}",
                category="goods",
                budget=Decimal(10_000 + number % 90_000),
                reference_price=Decimal(9_900 + number % 90_000),
                method=methods[number % 4],
                status="contracted",
                announcement_date=day,
                selected_supplier=SHOPS[number % len(SHOPS)],
                agreed_price=price,
                selection_reason="เสนอราคาต่ำสุด",
                contract_number=f"{number}/{year_be}",
                contract_date=day,
            )
        )
    records = Procurement.objects.bulk_create(batch, batch_size=1000)
    if bids and records and records[0].pk is None:
        records = list(
            Procurement.objects.filter(site=site).order_by("-pk")[: len(batch)]
        )
    ProcurementBid.objects.bulk_create(
        (
            ProcurementBid(
                procurement_id=record.pk,
                sort_order=n,
                bidder_name=SHOPS[(record.pk + n) % len(SHOPS)],
                tax_id=tax_id(record.pk * 10 + n),
                price=record.agreed_price + n * 100,
            )
            for record in records
            for n in range(bids)
        ),
        batch_size=2000,
    )
    return len(batch)
