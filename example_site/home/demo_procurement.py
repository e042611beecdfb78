"""Procurement (item 5.7) of the demo municipality.

The previous fiscal year in full (October to September, for the annual
summary) and the current one up to today: the annual procurement plans, the
records of every method with their bidders, a month declared as "no
procurement", reference-price tables and plan documents as PDFs, and a
sample สขร.1 spreadsheet to try the importer with (three new rows, one
changed row, two unchanged ones).

``load_procurement_demo(site, stdout)`` is called by ``manage.py
ita_load_demo``. It is deterministic for a given day, and a second run
changes nothing; ``reset=True`` replaces the site's procurement data.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from example_site.home import demo_facts as facts
from ita_wagtail.exporting.procurement_sheets import skr1_sheet
from ita_wagtail.exporting.spreadsheets import Sheet, xlsx_bytes
from ita_wagtail.models import (
    NoProcurementDeclaration,
    Procurement,
    ProcurementBid,
    ProcurementDocument,
    ProcurementIndexPage,
    ProcurementPlan,
    ProcurementPlanItem,
    ProcurementPlanPage,
    ProcurementSummaryPage,
    ResponsibleUnit,
)
from ita_wagtail.models.base import Page
from ita_wagtail.models.procurement import (
    METHOD_THAI,
    calendar_month,
    fiscal_month_label,
    tax_id_check_digit,
)
from ita_wagtail.setup import setup_ita_section
from ita_wagtail.thai import (
    fiscal_months,
    fiscal_year,
    format_baht,
    format_fiscal_year,
    format_thai_date,
    today,
)

SAMPLE_PATH = "ita-demo/procurement-import-sample-skr1.xlsx"
CENT = Decimal("0.01")
#: Bids are listed once the bidding has closed: an invitation that is still
#: open ("announced") has no bidders to show yet.
STATUSES_WITH_BIDS = ("awarded", "contracted", "cancelled")


def sample_path() -> str:
    """Where the sample สขร.1 workbook is on disk ("" before the demo made it)."""
    if not default_storage.exists(SAMPLE_PATH):
        return ""
    try:
        path = default_storage.path(SAMPLE_PATH)
    except NotImplementedError:
        path = ""
    if path and os.path.isfile(path):
        return path
    # A storage without local files (cloud, in memory): its name there.
    return SAMPLE_PATH


def juristic_tax_id(seed: int) -> str:
    body = f"0{(3455 + seed) % 10000:04d}{(seed * 7919) % 10**7:07d}"
    return body + str(tax_id_check_digit(body))


def citizen_id(seed: int) -> str:
    body = f"3{(4100 + seed) % 10000:04d}{(seed * 104729) % 10**7:07d}"
    return body + str(tax_id_check_digit(body))


@dataclass(frozen=True)
class Supplier:
    name: str
    tax_id: str


SUPPLIERS = {
    "office": [
        Supplier("ร้านรุ่งเรืองพาณิชย์", citizen_id(1)),
        Supplier("บริษัท ไทยออฟฟิศซัพพลาย จำกัด", juristic_tax_id(1)),
        Supplier("หจก. เจริญภัณฑ์เครื่องเขียน", juristic_tax_id(2)),
    ],
    "fuel": [
        Supplier("หจก. ปั๊มน้ำมันตัวอย่างบริการ", juristic_tax_id(3)),
        Supplier("บริษัท พลังงานท้องถิ่น จำกัด", juristic_tax_id(4)),
    ],
    "repair": [
        Supplier("อู่ช่างหนึ่งการยนต์", citizen_id(2)),
        Supplier("หจก. ศรีเมืองเซอร์วิส", juristic_tax_id(5)),
        Supplier("ร้านมิตรภาพอะไหล่ยนต์", citizen_id(3)),
    ],
    # Refuse compactor trucks: a truck dealer or a body builder bids, not a
    # garage or a parts shop.
    "vehicles": [
        Supplier("บริษัท สยามทรัคแอนด์บอดี้ จำกัด", juristic_tax_id(15)),
        Supplier("บริษัท ไทยรุ่งเรืองยานยนต์ (2558) จำกัด", juristic_tax_id(16)),
        Supplier("บริษัท ตะวันออกมอเตอร์เซลส์ จำกัด", juristic_tax_id(17)),
    ],
    "construction": [
        Supplier("บริษัท ศรีสยามก่อสร้าง จำกัด", juristic_tax_id(6)),
        Supplier("หจก. ทรัพย์ทวีการโยธา", juristic_tax_id(7)),
        Supplier("หจก. ช่างดีก่อสร้าง", juristic_tax_id(8)),
        Supplier("บริษัท เมืองใหม่วิศวกรรม จำกัด", juristic_tax_id(9)),
    ],
    "food": [
        Supplier("สหกรณ์โคนมตัวอย่าง จำกัด", juristic_tax_id(10)),
        Supplier("บริษัท นมไทยสุขภาพ จำกัด", juristic_tax_id(11)),
    ],
    "services": [
        Supplier("บริษัท รักษาความปลอดภัยตัวอย่าง จำกัด", juristic_tax_id(12)),
        Supplier("หจก. สะอาดบริการ", juristic_tax_id(13)),
        Supplier("ร้านพรเพ็ญเต็นท์และเครื่องเสียง", citizen_id(4)),
    ],
    "consulting": [
        Supplier("มหาวิทยาลัยราชภัฏตัวอย่าง", "0994000123456"),
        Supplier("บริษัท ที่ปรึกษาพัฒนาเมือง จำกัด", juristic_tax_id(14)),
    ],
}


@dataclass(frozen=True)
class Kind:
    name: str
    category: str
    method: str
    suppliers: str
    low: int
    high: int
    unit: str
    bidders: int = 1


# Monthly purchases: small amounts, the specific method, one quote.
ROUTINE = [
    Kind(
        "จัดซื้อวัสดุสำนักงาน",
        "goods",
        "specific",
        "office",
        4_000,
        45_000,
        "clerk_office",
        2,
    ),
    Kind(
        "จัดซื้อวัสดุคอมพิวเตอร์", "goods", "specific", "office", 5_000, 60_000, "finance", 2
    ),
    Kind(
        "จัดซื้อน้ำมันเชื้อเพลิงและหล่อลื่น",
        "goods",
        "specific",
        "fuel",
        20_000,
        95_000,
        "engineering",
    ),
    Kind(
        "จ้างเหมาซ่อมแซมรถบรรทุกขยะ",
        "services",
        "specific",
        "repair",
        6_000,
        80_000,
        "public_health",
        2,
    ),
    Kind(
        "จ้างเหมาซ่อมแซมไฟฟ้าสาธารณะ",
        "services",
        "specific",
        "repair",
        8_000,
        60_000,
        "engineering",
    ),
    Kind(
        "จ้างเหมาจัดสถานที่และเครื่องเสียง",
        "services",
        "specific",
        "services",
        8_000,
        45_000,
        "clerk_office",
    ),
]
# Larger items: in the plan, bought by e-market or e-bidding. The works come
# first, from the annual plan (see construction_kinds()); then these.
PLANNED = [
    Kind(
        "จ้างเหมาบริการรักษาความปลอดภัยสำนักงาน",
        "services",
        "e_market",
        "services",
        180_000,
        360_000,
        "clerk_office",
        2,
    ),
    Kind(
        "จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก",
        "goods",
        "specific",
        "food",
        400_000,
        900_000,
        "education",
        1,
    ),
    Kind(
        "จ้างที่ปรึกษาสำรวจความพึงพอใจของผู้รับบริการ",
        "consulting",
        "consultant_specific",
        "consulting",
        30_000,
        60_000,
        "clerk_office",
        1,
    ),
    Kind(
        "จ้างออกแบบอาคารศูนย์พัฒนาเด็กเล็ก",
        "design",
        "design_specific",
        "construction",
        80_000,
        250_000,
        "engineering",
        1,
    ),
    Kind(
        "จัดซื้อครุภัณฑ์รถบรรทุกขยะ แบบอัดท้าย",
        "goods",
        "e_bidding",
        "vehicles",
        1_800_000,
        2_600_000,
        "public_health",
        3,
    ),
]

#: Above this, works are put out to e-bidding; below, the specific method.
E_BIDDING_THRESHOLD = Decimal("500000")


def construction_kinds(year, current_year, today_):
    """The annual plan's works of ``year`` as procurement: the same projects
    (name and budget) the annual plan publishes, so that both plans agree."""
    from example_site.home.demo import load_content, project_specs

    content = load_content(current_year, today_)
    kinds = []
    for spec in project_specs(content, year, current_year):
        if spec.pattern != "construction":
            continue
        budget = int(spec.budget)
        bidding = spec.budget > E_BIDDING_THRESHOLD
        kinds.append(
            Kind(
                "จ้าง" + spec.name.removeprefix("โครงการ"),
                "construction",
                "e_bidding" if bidding else "specific",
                "construction",
                budget,
                budget + 1,
                spec.unit_code,
                3 if bidding else 1,
            )
        )
    return kinds


REASONS = {
    "specific": "เป็นผู้ประกอบการที่มีอาชีพโดยตรง เสนอราคาไม่เกินวงเงินงบประมาณ และมีคุณสมบัติครบถ้วน",
    "e_market": "เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วนตามประกาศ",
    "e_bidding": "เสนอราคาต่ำสุดและมีคุณสมบัติถูกต้องครบถ้วนตามเอกสารประกวดราคา",
    "consultant_specific": "เป็นสถาบันการศึกษาที่มีความเชี่ยวชาญ ผลงานเป็นที่ยอมรับ",
    "design_specific": "มีผลงานออกแบบอาคารสาธารณะ และเสนอราคาเหมาะสม",
}


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


class ProcurementDemo:
    def __init__(self, site, stdout=None):
        self.site = site
        self.stdout = stdout
        self.today = today()
        self.fy = fiscal_year(self.today)
        self.rng = random.Random(self.fy)
        self.units = ResponsibleUnit.objects.by_code()
        self.records = 0
        self.serial = {}

    def say(self, text):
        if self.stdout is not None:
            self.stdout.write(text)

    # -- entry point ---------------------------------------------------------

    def run(self, reset=False):
        with transaction.atomic():
            if reset:
                self.clear()
            pages = self.pages()
            loaded = Procurement.objects.for_site(self.site).exists()
            if not loaded:
                self.media = self._media()
                for year in (self.fy - 1, self.fy):
                    plan = self.plan(year)
                    self.year(year, plan)
            for page in pages:
                if not page.live:
                    self.publish(page)
        if not loaded:
            self.sample()
            self.say(
                f"Procurement: {self.records} records of fiscal years "
                f"{self.fy - 1}–{self.fy}, and a sample สขร.1 workbook to import."
            )

    def clear(self):
        Procurement.objects.for_site(self.site).delete()
        ProcurementPlan.objects.for_site(self.site).delete()
        NoProcurementDeclaration.objects.filter(site=self.site).delete()

    def _media(self):
        from example_site.home.demo import ADMIN_USERNAME, DemoMedia

        user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
        return DemoMedia(user)

    # -- pages -----------------------------------------------------------------

    def pages(self):
        report = setup_ita_section(self.site)
        found = {}
        for step in report.steps:
            if isinstance(
                step.page,
                ProcurementIndexPage | ProcurementPlanPage | ProcurementSummaryPage,
            ):
                found[type(step.page)] = type(step.page).objects.get(pk=step.page.pk)
        register = found[ProcurementIndexPage]
        if not register.intro:
            register.intro = (
                "<p>ข้อมูลการจัดซื้อจัดจ้างของเทศบาลทุกรายการตามแผนการจัดซื้อจัดจ้างประจำปี "
                "ได้แก่ วงเงินงบประมาณ ราคากลาง วิธีการจัดซื้อจัดจ้าง ผู้เสนอราคาและราคาที่เสนอ "
                "ผู้ได้รับการคัดเลือกและราคาที่ตกลง เหตุผลที่คัดเลือกโดยสรุป "
                "และเลขที่และวันที่ของสัญญา ค้นหาและกรองตามปีงบประมาณ เดือน วิธี และสถานะได้</p>"
            )
        return list(found.values())

    def publish(self, page):
        page.responsible_unit = self.units.get("finance")
        revision = page.save_revision()
        revision.publish()
        days = {
            ProcurementIndexPage: 3,
            ProcurementPlanPage: 21,
            ProcurementSummaryPage: 5,
        }
        moment = timezone.now() - timedelta(days=days.get(type(page), 7), hours=2)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=moment - timedelta(days=30),
            last_published_at=moment,
            latest_revision_created_at=moment,
        )

    # -- plans and records ---------------------------------------------------

    def planned_kinds(self, year):
        return [*construction_kinds(year, self.fy, self.today), *PLANNED]

    def plan(self, year):
        start = date(year - 544, 10, 1)
        approved = start + timedelta(days=14)
        plan = ProcurementPlan.objects.create(
            site=self.site,
            fiscal_year=year,
            approved_on=approved,
            published_on=approved + timedelta(days=3),
            note="ประกาศเผยแพร่ในระบบ e-GP และเว็บไซต์ของเทศบาล",
        )
        items = []
        for number, kind in enumerate(self.planned_kinds(year), start=1):
            month = [11, 12, 1, 2, 3, 4, 5][number % 7]
            budget = (
                kind.low
                if kind.category == "construction"
                else self.rng.randrange(kind.low, kind.high, 1000)
            )
            items.append(
                ProcurementPlanItem(
                    plan=plan,
                    sort_order=number,
                    plan_code=f"P{(year - 1) % 100:02d}10{number:07d}",
                    name=kind.name.format(n=number),
                    budget=_money(budget),
                    budget_source="municipal" if number % 3 else "specific_subsidy",
                    category=kind.category,
                    method=kind.method,
                    expected_month=month,
                    responsible_unit=self.units.get(kind.unit),
                )
            )
        ProcurementPlanItem.objects.bulk_create(items)
        plan.document = self.media.document(
            f"แผนการจัดซื้อจัดจ้าง{format_fiscal_year(year)}",
            f"demo-procurement-plan-{year}.pdf",
            lambda: self._plan_pdf(plan, items),
        )
        plan.save()
        return plan

    def _plan_pdf(self, plan, items):
        from example_site.home.demo import Sheet as PdfSheet

        sheet = PdfSheet(self.site.site_name, str(plan), "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้าง")
        sheet.table(
            ["ที่", "รหัสแผน", "ชื่อโครงการ", "งบประมาณ (บาท)", "คาดว่าจะประกาศ"],
            [
                [
                    str(number),
                    item.plan_code,
                    item.name,
                    format_baht(item.budget, with_unit=False),
                    fiscal_month_label(
                        plan.fiscal_year, item.expected_month, abbreviated=True
                    ),
                ]
                for number, item in enumerate(items, start=1)
            ],
            [0.06, 0.17, 0.45, 0.17, 0.15],
            right=(3,),
        )
        head = facts.person("head_finance")
        sheet.signature(head["name"], head["position"], plan.approved_on)
        return sheet.pdf()

    def year(self, year, plan):
        months = fiscal_months(year)
        plan_items = list(plan.items.all())
        quiet_month = months[1] if year < self.fy else None  # November: nothing bought
        for index, (calendar_year, month) in enumerate(months):
            first = date(calendar_year, month, 1)
            if first >= self.today.replace(day=1):
                break
            if (calendar_year, month) == quiet_month:
                NoProcurementDeclaration.objects.create(
                    site=self.site,
                    fiscal_year=year,
                    month=month,
                    declared_on=first + timedelta(days=34),
                    note="ในเดือนนี้เทศบาลไม่มีการจัดซื้อจัดจ้าง รับรองโดยผู้อำนวยการกองคลัง",
                )
                continue
            for number in range(self.rng.randint(4, 8)):
                kind = ROUTINE[(index + number) % len(ROUTINE)]
                self.record(year, kind, first, month_index=index)
        for item, kind in zip(plan_items, self.planned_kinds(year), strict=False):
            calendar_year, month = calendar_month(year, item.expected_month)
            announced = date(calendar_year, month, 5 + item.sort_order)
            self.record(year, kind, announced, plan_item=item, planned=True)

    def record(
        self, year, kind, month_start, month_index=0, plan_item=None, planned=False
    ):
        serial = self.serial.get(year, 0) + 1
        self.serial[year] = serial
        rng = self.rng
        budget = (
            plan_item.budget
            if plan_item
            else _money(rng.randrange(kind.low, kind.high, 100))
        )
        reference = (budget * Decimal(rng.randrange(96, 100)) / 100).quantize(
            Decimal("1")
        )
        announced = month_start + timedelta(days=rng.randrange(0, 12))
        days_to_contract = 25 if kind.method == "e_bidding" else rng.randrange(2, 8)
        contracted = announced + timedelta(days=days_to_contract)
        status = "contracted"
        if announced > self.today:
            status, contracted = "planned", None
            announced = None
        elif contracted >= self.today:
            status = "announced" if kind.method == "e_bidding" else "awarded"
            contracted = None
        if planned and serial % 11 == 0 and status == "contracted":
            status = "cancelled"
        pool = SUPPLIERS[kind.suppliers]
        bidders = rng.sample(pool, k=min(kind.bidders, len(pool)))
        # Distinct prices: identical bids are a collusion flag, not demo data.
        prices = sorted(
            (reference * Decimal(percent) / 1000).quantize(CENT)
            for percent in rng.sample(range(860, 1000), k=len(bidders))
        )
        decided = status in ("awarded", "contracted")
        name = kind.name.format(n=(serial % 9) + 1) if not plan_item else plan_item.name
        # e-GP numbers for everything announced on e-GP; small specific-method
        # purchases often have none, and are keyed by the reference number.
        egp_number = ""
        if announced and (kind.method != "specific" or serial % 2):
            egp_number = (
                f"{(announced.year + 543) % 100:02d}{announced.month:02d}"
                f"{(year % 100) * 100000 + serial:07d}"
            )
        record = Procurement.objects.create(
            site=self.site,
            fiscal_year=year,
            egp_number=egp_number,
            reference_number=f"{serial}/{year}",
            plan_item=plan_item,
            name=name,
            category=kind.category,
            budget=budget,
            budget_source=plan_item.budget_source if plan_item else "municipal",
            reference_price=reference if status != "planned" else None,
            method=kind.method,
            status=status,
            announcement_date=announced,
            selected_supplier=bidders[0].name if decided else "",
            selected_supplier_tax_id=bidders[0].tax_id if decided else "",
            agreed_price=prices[0] if decided else None,
            selection_reason=REASONS.get(kind.method, REASONS["specific"])
            if decided
            else "",
            contract_type="contract" if budget >= 100_000 else "purchase_order",
            contract_number=f"{serial}/{year}" if status == "contracted" else "",
            contract_date=contracted if status == "contracted" else None,
            responsible_unit=self.units.get(kind.unit),
            remarks="ยกเลิกเนื่องจากได้รับจัดสรรงบประมาณไม่เพียงพอ"
            if status == "cancelled"
            else "",
        )
        if status in STATUSES_WITH_BIDS:
            ProcurementBid.objects.bulk_create(
                ProcurementBid(
                    procurement=record,
                    sort_order=order,
                    bidder_name=bidder.name,
                    tax_id=bidder.tax_id,
                    price=price,
                )
                for order, (bidder, price) in enumerate(
                    zip(bidders, prices, strict=True)
                )
            )
        if kind.method == "e_bidding" and status != "planned":
            document = self.media.document(
                "ตารางแสดงวงเงินงบประมาณและราคากลาง "
                f"({'บก.01' if kind.category == 'construction' else 'บก.06'}) {name}",
                f"demo-reference-price-{year}-{serial}.pdf",
                lambda: self._reference_pdf(record),
            )
            record.reference_price_document = document
            record.save(update_fields=["reference_price_document"])
            ProcurementDocument.objects.create(
                procurement=record, kind="reference_price", document=document
            )
        moment = datetime.combine(
            contracted or announced or self.today, datetime.min.time()
        )
        Procurement.objects.filter(pk=record.pk).update(
            created_at=timezone.make_aware(moment),
            updated_at=timezone.make_aware(moment),
        )
        self.records += 1
        return record

    def _reference_pdf(self, record):
        from example_site.home.demo import Sheet as PdfSheet

        works = record.category == "construction"
        sheet = PdfSheet(
            self.site.site_name,
            "ตารางแสดงวงเงินงบประมาณที่ได้รับจัดสรรและราคากลาง (ราคาอ้างอิง)",
            "ในงานจ้างก่อสร้าง (บก.01)"
            if works
            else "ในการจัดซื้อจัดจ้างที่มิใช่งานก่อสร้าง (บก.06)",
        )
        sheet.items(
            [
                f"ชื่อโครงการ {record.name}",
                f"หน่วยงานเจ้าของโครงการ {self.site.site_name}",
                f"วงเงินงบประมาณที่ได้รับจัดสรร {format_baht(record.budget)}",
                "ลักษณะงานโดยสังเขป ตามแบบแปลนของกองช่าง"
                if works
                else "รายละเอียดคุณลักษณะเฉพาะของพัสดุ ตามที่คณะกรรมการกำหนด",
                f"ราคากลางคำนวณ ณ วันที่ {format_thai_date(record.announcement_date)} "
                f"เป็นเงิน {format_baht(record.reference_price)}",
                f"วิธีการจัดซื้อจัดจ้าง {METHOD_THAI.get(record.method, '')}",
            ]
        )
        # The head of the unit that asked for the purchase chairs the committee.
        unit_code = record.responsible_unit.code if record.responsible_unit else ""
        chair = facts.unit_head(unit_code) or facts.person("head_engineering")
        sheet.signature(chair["name"], "ประธานคณะกรรมการกำหนดราคากลาง")
        return sheet.pdf()

    # -- the sample spreadsheet ------------------------------------------------

    def sample(self):
        """A สขร.1 of the last month with records, with rows to try the import on."""
        latest = (
            Procurement.objects.for_site(self.site)
            .filter(status="contracted", contract_date__isnull=False)
            .order_by("-contract_date")
            .first()
        )
        if latest is None:
            return None
        year, month = latest.fiscal_year, latest.contract_date.month
        records = list(
            Procurement.objects.for_site(self.site)
            .in_month(latest.contract_date.year, month)
            .prefetch_related("bids")
            .order_by("ita_record_date", "pk")[:3]
        )
        sheet = skr1_sheet(self.site, year, month, records)
        rows = [list(row) for row in sheet.rows]
        if len(rows) >= 3:
            # The third row's agreed price was corrected: an update.
            rows[2][6] = (
                f"{records[2].selected_supplier} ราคา {format_baht(records[2].agreed_price - 500)}"
            )
            rows = rows[:3]
        contract_day = latest.contract_date
        new_items = [
            (
                "จัดซื้อวัสดุงานบ้านงานครัว",
                12_500,
                "ร้านรุ่งเรืองพาณิชย์",
                12_300,
                "ร้านมิตรภาพการค้า",
                12_450,
            ),
            (
                "จ้างเหมาตัดหญ้าริมทางสาธารณะ",
                36_000,
                "หจก. สะอาดบริการ",
                35_500,
                "นายประสิทธิ์ ศรีวงศ์",
                35_900,
            ),
            (
                "จัดซื้อยางรถยนต์ส่วนกลาง",
                28_000,
                "หจก. ศรีเมืองเซอร์วิส",
                27_200,
                "ร้านมิตรภาพอะไหล่ยนต์",
                27_800,
            ),
        ]
        for offset, (name, budget, winner, price, other, other_price) in enumerate(
            new_items, 1
        ):
            rows.append(
                [
                    len(rows) + 1,
                    name,
                    Decimal(budget),
                    Decimal(budget),
                    METHOD_THAI["specific"],
                    f"1. {winner} {format_baht(price)}\n2. {other} {format_baht(other_price)}",
                    f"{winner} ราคา {format_baht(price)}",
                    "เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วน",
                    f"ใบสั่งซื้อเลขที่ {900 + offset}/{year} ลงวันที่ "
                    f"{format_thai_date(contract_day, style='short')}",
                ]
            )
        sample = Sheet(
            title=sheet.title,
            preamble=sheet.preamble,
            header=sheet.header,
            rows=rows,
            column_widths=sheet.column_widths,
        )
        data = xlsx_bytes([sample])
        if default_storage.exists(SAMPLE_PATH):
            default_storage.delete(SAMPLE_PATH)
        default_storage.save(SAMPLE_PATH, ContentFile(data))
        return data


def load_procurement_demo(site, stdout=None, reset=False):
    """Give the demo municipality a fiscal year of procurement; idempotent."""
    ProcurementDemo(site, stdout).run(reset=reset)
