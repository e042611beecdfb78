"""The demo municipality's No Gift Policy: declaration, gift register, report.

``load_no_gift_demo(demo)`` is called by ``load_oit_demo`` once the section
is set up (``demo`` is its :class:`~example_site.home.demo_oit.OitDemo`). It
fills the current fiscal year's No Gift Policy page and the previous year's
gift report that ``ita_setup`` created as drafts, adds last year's policy
page and the report of the year before (which had no gifts) as history, and
records gifts in the register for the previous and current years.

Only pages never published are filled and register entries are found again
by date and description, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from html import escape

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.models import (
    GiftRegisterEntry,
    GiftReportPage,
    IntegrityDeclarationPage,
    ItaIndexPage,
    NoGiftActivity,
    NoGiftPolicyPage,
)
from ita_wagtail.models.no_gift import GiftOutcome, GiverType


def _p(*paragraphs):
    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


#: (days after the year's 1 October, official key, giver type, giver,
#: relationship, what, value, outcome, what was done)
GIFTS_PREVIOUS_YEAR = [
    (
        85,
        "head_engineering",
        GiverType.ORGANISATION,
        "ห้างหุ้นส่วนจำกัด ตัวอย่างการโยธา",
        "ผู้รับจ้างโครงการก่อสร้างถนน",
        "กระเช้าของขวัญปีใหม่",
        "1200",
        GiftOutcome.RETURNED,
        "ส่งคืนพร้อมหนังสือขอบคุณและแจ้งนโยบาย No Gift Policy",
    ),
    (
        88,
        "mayor",
        GiverType.ORGANISATION,
        "บริษัท ตัวอย่างวัสดุก่อสร้าง จำกัด",
        "ผู้ประกอบการในพื้นที่",
        "สุราต่างประเทศพร้อมกล่องของขวัญ",
        "4500",
        GiftOutcome.REFUSED,
        "ปฏิเสธการรับ ณ วันที่มีผู้นำมามอบ",
    ),
    (
        92,
        "head_finance",
        GiverType.PERSON,
        "ผู้ประกอบการรายหนึ่ง",
        "ผู้ยื่นชำระภาษีป้าย",
        "ผลไม้ตามฤดูกาล",
        "500",
        GiftOutcome.ACCEPTED,
        "รับไว้โดยธรรมจรรยาและนำไปใช้ร่วมกันในสำนักงาน",
    ),
    (
        196,
        "clerk",
        GiverType.ORGANISATION,
        "มูลนิธิตัวอย่างเพื่อการศึกษา",
        "หน่วยงานที่ร่วมจัดกิจกรรมวันเด็ก",
        "ของที่ระลึก (กระเป๋าผ้าและแก้วน้ำ)",
        "350",
        GiftOutcome.ACCEPTED,
        "รับไว้โดยธรรมจรรยา",
    ),
    (
        200,
        "head_public_health",
        GiverType.ORGANISATION,
        "บริษัท ตัวอย่างเวชภัณฑ์ จำกัด",
        "ผู้เสนอราคาจัดซื้อวัสดุการแพทย์",
        "บัตรกำนัลห้างสรรพสินค้า",
        "5000",
        GiftOutcome.HANDED_OVER,
        "ส่งมอบให้เทศบาลตามประกาศ ป.ป.ช. และลงทะเบียนเป็นทรัพย์สินของทางราชการ",
    ),
]

GIFTS_CURRENT_YEAR = [
    (
        40,
        "head_engineering",
        GiverType.ORGANISATION,
        "ห้างหุ้นส่วนจำกัด ตัวอย่างการโยธา",
        "ผู้รับจ้างโครงการก่อสร้างถนน",
        "ชุดเครื่องดื่มบำรุงสุขภาพ",
        "900",
        GiftOutcome.RETURNED,
        "ส่งคืนพร้อมหนังสือขอบคุณ",
    ),
]


def _declaration_date(fy):
    return thai.fiscal_year_bounds(fy)[0] + timedelta(days=1)


def _record_gifts(demo, fy, gifts):
    start = thai.fiscal_year_bounds(fy)[0]
    count = 0
    for days, who, giver_type, giver, relation, what, value, outcome, done in gifts:
        day = start + timedelta(days=days)
        if day >= demo.today:
            continue
        person = facts.person(who)
        unit = facts.person(who).get("unit")
        unit_name = demo.units[unit].name if unit and unit in demo.units else ""
        _entry, created = GiftRegisterEntry.objects.get_or_create(
            site=demo.site,
            date=day,
            description=what,
            defaults={
                "official_name": person["name"],
                "official_position": person["position"],
                "official_unit": unit_name,
                "giver_type": giver_type,
                "giver": giver,
                "relationship": relation,
                "value": Decimal(value),
                "outcome": outcome,
                "action": done,
            },
        )
        count += created
    return count


def _fill_policy(demo, page, fy):
    mayor = facts.MAYOR
    integrity = IntegrityDeclarationPage.objects.filter(
        executive_photo__isnull=False
    ).first()
    page.fiscal_year = fy
    page.executive_name = mayor["name"]
    page.executive_position = mayor["position"]
    page.executive_photo = integrity.executive_photo if integrity else None
    signed = _declaration_date(fy)
    page.declaration_date = signed
    text = (
        f"ข้าพเจ้า {mayor['name']} {mayor['position']} ขอประกาศเจตนารมณ์ว่า "
        f"ผู้บริหาร สมาชิกสภา และพนักงานของ{facts.NAME}ทุกคน จะไม่รับของขวัญ "
        "ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ในทุกเทศกาลและทุกโอกาส "
        "และจะไม่ให้ของขวัญแก่ผู้บังคับบัญชาหรือหน่วยงานอื่น "
        f"ประจำปีงบประมาณ พ.ศ. {fy}"
    )
    page.statement = _p(
        text,
        "ขอความร่วมมือประชาชน ผู้ประกอบการ และหน่วยงานต่าง ๆ งดการมอบของขวัญแก่บุคลากรของเทศบาล",
    )
    page.statement_en = _p(
        f"I, the Mayor of Example Subdistrict Municipality, declare that in "
        f"fiscal year B.E. {fy} the executives, council members and staff of "
        "the municipality will accept no gifts or benefits of any kind in the "
        "course of their duties."
    )
    page.signed_document = demo.pdf(
        f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. {fy}",
        f"demo-oit-no-gift-policy-{fy}.pdf",
        [text],
        "mayor",
        signed,
    )
    page.rules_summary = _p(
        "ตามมาตรา 128 แห่งพระราชบัญญัติประกอบรัฐธรรมนูญว่าด้วยการป้องกันและปราบปรามการทุจริต "
        "พ.ศ. 2561 และประกาศคณะกรรมการ ป.ป.ช. เจ้าพนักงานของรัฐรับทรัพย์สินหรือประโยชน์อื่นใด"
        "โดยธรรมจรรยาได้ เฉพาะจากญาติตามจำนวนที่เหมาะสมตามฐานานุรูป "
        "หรือจากบุคคลอื่นมูลค่าไม่เกิน 3,000 บาท ต่อบุคคลต่อโอกาส",
        "หากได้รับเกิน 3,000 บาท ต้องรายงานผู้บังคับบัญชาภายใน 30 วัน "
        "เพื่อพิจารณาให้ส่งคืนหรือส่งมอบเป็นทรัพย์สินของเทศบาล",
    )
    page.rules_document = demo.pdf(
        "หลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา (มาตรา 128)",
        f"demo-oit-no-gift-rules-{fy}.pdf",
        [
            "1. รับจากญาติได้ตามจำนวนที่เหมาะสมตามฐานานุรูป",
            "2. รับจากบุคคลอื่นได้มูลค่าไม่เกิน 3,000 บาท ต่อบุคคลต่อโอกาส",
            "3. เกิน 3,000 บาท ให้รายงานผู้บังคับบัญชาภายใน 30 วัน",
        ],
        "clerk",
        signed,
    )
    start = thai.fiscal_year_bounds(fy)[0]
    activities = [
        (
            start + timedelta(days=2),
            "ประกาศเจตนารมณ์ No Gift Policy ต่อหน้าบุคลากร",
            "ผู้บริหารและพนักงานเทศบาล 86 คน",
            "นายกเทศมนตรีกล่าวประกาศเจตนารมณ์ในการประชุมประจำเดือน",
        ),
        (
            start + timedelta(days=60),
            "อบรมหลักเกณฑ์การรับของขวัญตามมาตรา 128",
            "พนักงานเทศบาลและพนักงานจ้าง 72 คน",
            "วิทยากรจากสำนักงาน ป.ป.ช. ประจำจังหวัดบรรยายและตอบข้อซักถาม",
        ),
        (
            start + timedelta(days=75),
            "ประชาสัมพันธ์งดให้ของขวัญช่วงเทศกาลปีใหม่",
            "ประชาชนและผู้ประกอบการในเขตเทศบาล",
            "ป้ายประชาสัมพันธ์หน้าสำนักงาน เว็บไซต์ และไลน์ของเทศบาล",
        ),
    ]
    page.activities.clear()
    for day, title, who, what in activities:
        if day < demo.today:
            page.activities.add(
                NoGiftActivity(
                    date=day, title=title, participants=who, description=what
                )
            )
    demo.publish(page, "clerk_office", signed)


def _fill_report(demo, page, fy):
    page.fiscal_year = fy
    page.statement = _p(
        f"สำนักปลัดเทศบาลรวบรวมรายงานการรับทรัพย์สินหรือประโยชน์อื่นใดของบุคลากร{facts.NAME} "
        f"ประจำปีงบประมาณ พ.ศ. {fy} เสนอนายกเทศมนตรีทราบ"
    )
    signed = thai.fiscal_year_bounds(fy)[1] + timedelta(days=20)
    signed = min(signed, demo.today - timedelta(days=1))
    demo.publish(page, "clerk_office", signed)


def _new_child(index, model, fy, slug, title):
    page = model(title=title, slug=slug, fiscal_year=fy)
    index.add_child(instance=page)
    return page


def load_no_gift_demo(demo):
    """See the module docstring; returns the number of register entries added."""
    fy = demo.fy
    index = ItaIndexPage.objects.descendant_of(demo.site.root_page).first()
    if index is None:
        return 0
    added = _record_gifts(demo, fy - 1, GIFTS_PREVIOUS_YEAR)
    added += _record_gifts(demo, fy, GIFTS_CURRENT_YEAR)

    policies = {p.fiscal_year: p for p in NoGiftPolicyPage.objects.child_of(index)}
    for year in (fy, fy - 1):
        page = policies.get(year)
        if page is None and year == fy:
            page = next((p for p in policies.values() if not p.live), None)
        if page is None:
            page = _new_child(
                index,
                NoGiftPolicyPage,
                year,
                f"no-gift-policy-{year}",
                f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. {year}",
            )
        if not page.first_published_at:
            _fill_policy(demo, page, year)

    reports = {p.fiscal_year: p for p in GiftReportPage.objects.child_of(index)}
    for year in (fy - 1, fy - 2):
        page = reports.get(year)
        if page is None:
            page = _new_child(
                index,
                GiftReportPage,
                year,
                f"gift-report-{year}",
                f"รายงานการรับทรัพย์สินหรือประโยชน์อื่นใด ปีงบประมาณ พ.ศ. {year}",
            )
        if not page.first_published_at:
            _fill_report(demo, page, year)
    return added
