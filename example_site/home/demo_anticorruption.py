"""The demo municipality's anti-corruption action plans (2569 and 2568) and
its report on 2568 (OIT 2569 O23 and O24)."""

from datetime import date, timedelta
from decimal import Decimal

from ita_wagtail import thai
from ita_wagtail.models import (
    AntiCorruptionPlanPage,
    AntiCorruptionProgress,
    AntiCorruptionProject,
    AntiCorruptionReportPage,
    ItaIndexPage,
)
from ita_wagtail.models.anticorruption import ReportStatus

from . import demo_facts as facts

SOCIETY = "สร้างสังคมที่ไม่ทนต่อการทุจริต"
ADMINISTRATION = "บริหารราชการเพื่อป้องกันการทุจริต"
PARTICIPATION = "ส่งเสริมบทบาทและการมีส่วนร่วมของภาคประชาชน"
AUDIT = "เสริมสร้างและปรับปรุงกลไกการตรวจสอบการปฏิบัติราชการ"

#: (name, objective, dimension, budget, (start month, end month), unit, indicator)
#: Months are of the fiscal year (10 = October of the year before).
PROJECTS = [
    (
        "อบรมคุณธรรมจริยธรรมแก่ผู้บริหาร สมาชิกสภา และพนักงานเทศบาล",
        "ให้บุคลากรมีจิตสำนึกในการปฏิบัติงานอย่างซื่อสัตย์สุจริต",
        SOCIETY,
        "60000",
        (11, 12),
        "clerk_office",
        "ผู้เข้าร่วมอบรมไม่น้อยกว่าร้อยละ 80 ของบุคลากร",
    ),
    (
        "ประกาศเจตจำนงสุจริตของผู้บริหาร",
        "แสดงเจตนารมณ์ในการบริหารงานด้วยความซื่อสัตย์สุจริต",
        ADMINISTRATION,
        "0",
        (10, 10),
        "clerk_office",
        "ประกาศและเผยแพร่ภายในเดือนตุลาคม",
    ),
    (
        "เผยแพร่ข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์เทศบาลทุกเดือน",
        "ให้ประชาชนตรวจสอบการใช้จ่ายงบประมาณได้",
        ADMINISTRATION,
        "25000",
        (10, 9),
        "finance",
        "เผยแพร่ครบ 12 เดือน",
    ),
    (
        "ค่ายเยาวชนต้านทุจริต",
        "ปลูกฝังค่านิยมความซื่อสัตย์แก่เด็กและเยาวชน",
        PARTICIPATION,
        "80000",
        (3, 5),
        "education",
        "เยาวชนเข้าร่วม 100 คน",
    ),
    (
        "ประชุมคณะกรรมการตรวจรับพัสดุเรื่องการป้องกันผลประโยชน์ทับซ้อน",
        "ลดความเสี่ยงการทุจริตในการตรวจรับงาน",
        AUDIT,
        "20000",
        (1, 2),
        "legal",
        "ร้อยละ 100 ของกรรมการตรวจรับเข้าประชุม",
    ),
]
# 60,000 + 0 + 25,000 + 80,000 + 20,000 = 185,000 baht.

#: Fiscal year 2568's results, one row per project above: (status, spent,
#: percent, result, problems). Spent 58,500 + 0 + 24,000 + 0 + 19,000 =
#: 101,500 of 185,000 baht; four of five projects done.
RESULTS = [
    (ReportStatus.DONE, "58500", 100, "ผู้เข้าร่วมอบรม 96 คน (ร้อยละ 91)", ""),
    (ReportStatus.DONE, "0", 100, "ประกาศเมื่อ 7 ตุลาคม 2567", ""),
    (ReportStatus.DONE, "24000", 100, "เผยแพร่ครบ 12 เดือน", ""),
    (
        ReportStatus.CANCELLED,
        "0",
        0,
        "",
        "ยกเลิกเพราะอุทกภัย งบประมาณโอนไปช่วยเหลือผู้ประสบภัย",
    ),
    (ReportStatus.DONE, "19000", 100, "กรรมการเข้าประชุม 24 คน ครบทุกคน", ""),
]


def _month_day(fy, month, last=False):
    ce = fy - 543 - (1 if month >= 10 else 0)
    if not last:
        return date(ce, month, 1)
    following = date(ce + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def _fill_plan(demo, page, fy):
    start, end = thai.fiscal_year_bounds(fy)
    page.title = f"แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {fy}"
    page.fiscal_year = fy
    page.period_start, page.period_end = start, end
    signed = min(start + timedelta(days=20), demo.today - timedelta(days=1))
    page.approved_on = signed
    mayor = facts.MAYOR
    page.approved_by = f"{mayor['name']} {mayor['position']}"
    page.intro = (
        f"<p>แผนปฏิบัติการป้องกันการทุจริตของ{facts.NAME} ประจำปีงบประมาณ "
        f"พ.ศ. {fy} จัดทำตามยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปราม"
        "การทุจริต มี 5 โครงการ งบประมาณรวม 185,000 บาท</p>"
    )
    page.plan_document = demo.pdf(
        page.title,
        f"demo-anticorruption-plan-{fy}.pdf",
        [
            f"{name}: {int(Decimal(budget)):,} บาท"
            for name, _o, _d, budget, *_ in PROJECTS
        ],
        "mayor",
        signed,
    )
    page.projects = [
        AntiCorruptionProject(
            name=name,
            objective=objective,
            dimension=dimension,
            budget=Decimal(budget),
            start_date=_month_day(fy, first),
            end_date=_month_day(fy, last, last=True),
            responsible_unit=demo.units.get(unit),
            indicator=indicator,
        )
        for name, objective, dimension, budget, (first, last), unit, indicator in (
            PROJECTS
        )
    ]
    demo.publish(page, "policy_plan", signed)
    return page


def _fill_report(demo, page, plan, fy):
    page.title = f"รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. {fy}"
    page.fiscal_year = fy
    signed = demo.signing_day(fy)
    page.summary = (
        f"<p>{facts.NAME} ดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต "
        f"ประจำปีงบประมาณ พ.ศ. {fy} แล้วเสร็จ 4 โครงการจาก 5 โครงการ "
        "ใช้งบประมาณ 101,500 บาท จาก 185,000 บาท</p>"
    )
    page.report_document = demo.pdf(
        page.title,
        f"demo-anticorruption-report-{fy}.pdf",
        [
            "โครงการที่ดำเนินการแล้วเสร็จ 4 โครงการ จาก 5 โครงการ",
            "งบประมาณที่ใช้ 101,500 บาท จาก 185,000 บาท",
            "โครงการที่ยกเลิก: ค่ายเยาวชนต้านทุจริต (อุทกภัย)",
        ],
        "mayor",
        signed,
    )
    page.entries = [
        AntiCorruptionProgress(
            project=project,
            status=status,
            spent=Decimal(spent),
            percent=percent,
            result=result,
            problems=problems,
        )
        for project, (status, spent, percent, result, problems) in zip(
            AntiCorruptionProject.objects.filter(page_id=plan.pk).order_by(
                "sort_order"
            ),
            RESULTS,
            strict=True,
        )
    ]
    demo.publish(page, "policy_plan", signed)


def load_anticorruption_demo(demo):
    """Fills the drafts ``ita_setup`` made (this year's plan, last year's
    report) and adds last year's plan, which the report follows."""
    index = ItaIndexPage.objects.descendant_of(demo.site.root_page).first()
    if index is None:
        return
    fy = demo.fy
    plans = {p.fiscal_year: p for p in AntiCorruptionPlanPage.objects.child_of(index)}
    for year in (fy - 1, fy):
        page = plans.get(year)
        if page is None:
            page = AntiCorruptionPlanPage(
                title=f"แผนปฏิบัติการป้องกันการทุจริต {year}",
                slug=f"anticorruption-plan-{year}",
                fiscal_year=year,
                live=False,
            )
            index.add_child(instance=page)
        if page.first_published_at is None:
            plans[year] = _fill_plan(demo, page, year)
    report = (
        AntiCorruptionReportPage.objects.child_of(index)
        .filter(fiscal_year=fy - 1)
        .first()
    )
    if report is not None and report.first_published_at is None:
        _fill_report(demo, report, plans[fy - 1], fy - 1)
