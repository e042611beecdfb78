"""The demo municipality's corruption-risk assessment (OIT 2569 O21) for the
current fiscal year and the one before, and the report on how the previous
year's risks were managed (O22).

``fill_risk_pages(demo)`` is called by ``load_oit_demo`` with its
``OitDemo``: it fills the drafts ``ita_setup`` made (the current year's
register, the previous year's report), adds the previous year's register
and publishes them. Pages that have been published once are left alone.
"""

from example_site.home import demo_facts as facts
from ita_wagtail.models import (
    CorruptionRisk,
    ItaIndexPage,
    RiskAssessmentPage,
    RiskManagementReportPage,
    RiskManagementResult,
)

#: (area, process, risk, likelihood, impact, existing controls, measures, unit)
RISKS = [
    (
        "procurement",
        "การจัดซื้อจัดจ้างวิธีเฉพาะเจาะจง",
        "แบ่งซื้อแบ่งจ้างเพื่อให้วงเงินต่ำกว่าเกณฑ์และเลือกผู้ขายรายเดิม",
        4,
        4,
        "ระเบียบกระทรวงการคลังว่าด้วยการจัดซื้อจัดจ้างฯ พ.ศ. 2560",
        "สืบราคาอย่างน้อย 3 ราย รวมความต้องการของทุกกองในแผนจัดซื้อประจำปี "
        "และเผยแพร่ผลการจัดซื้อรายเดือน",
        "finance",
    ),
    (
        "procurement",
        "การตรวจรับงานจ้างก่อสร้าง",
        "คณะกรรมการตรวจรับงานโดยไม่ตรวจสถานที่จริง หรือรับงานที่ไม่ตรงแบบ",
        3,
        5,
        "แต่งตั้งคณะกรรมการตรวจรับพัสดุทุกโครงการ",
        "ถ่ายภาพก่อน ระหว่าง และหลังก่อสร้าง แนบในรายงานตรวจรับ และเชิญผู้นำชุมชนร่วมสังเกตการณ์",
        "engineering",
    ),
    (
        "service",
        "การออกใบอนุญาตก่อสร้างอาคาร",
        "เรียกรับเงินหรือสิ่งของเพื่อเร่งการพิจารณาอนุญาต",
        3,
        4,
        "คู่มือการให้บริการและระยะเวลาตามพระราชบัญญัติการอำนวยความสะดวกฯ",
        "รับคำขอผ่านระบบออนไลน์ ติดตามสถานะได้ ตรวจสอบคำขอโดยคณะทำงาน 2 คน",
        "engineering",
    ),
    (
        "budget",
        "การเบิกจ่ายค่าใช้จ่ายในการเดินทางไปราชการ",
        "เบิกค่าเดินทางหรือค่าที่พักเกินจริง",
        2,
        3,
        "ตรวจฎีกาโดยกองคลังก่อนอนุมัติ",
        "ตรวจสอบหลักฐานกับรายงานการเดินทางทุกฉบับ และสุ่มตรวจย้อนหลังรายไตรมาส",
        "finance",
    ),
    (
        "authority",
        "การใช้รถยนต์ส่วนกลางและทรัพย์สินของทางราชการ",
        "ใช้รถยนต์ส่วนกลางหรือน้ำมันเชื้อเพลิงเพื่อประโยชน์ส่วนตน",
        2,
        2,
        "สมุดบันทึกการใช้รถ",
        "ขออนุญาตใช้รถล่วงหน้าทุกครั้ง ตรวจเลขไมล์กับใบเบิกน้ำมันทุกเดือน",
        "clerk_office",
    ),
    (
        "personnel",
        "การสรรหาพนักงานจ้าง",
        "เอื้อประโยชน์แก่ญาติหรือผู้ใกล้ชิดในการคัดเลือก",
        2,
        4,
        "ประกาศรับสมัครและหลักเกณฑ์การคัดเลือกตามประกาศคณะกรรมการพนักงานเทศบาล",
        "ประกาศผลคะแนนทุกขั้นตอนบนเว็บไซต์ กรรมการที่มีส่วนได้เสียต้องถอนตัว",
        "clerk_office",
    ),
]

#: The previous year's results, one per risk above (its register is the same
#: list): (status, what was done, result, residual likelihood, impact).
RESULTS = [
    (
        "done",
        "สืบราคา 3 รายครบทุกโครงการ 46 โครงการ รวมแผนจัดซื้อวัสดุสำนักงานเป็นรายปี",
        "ไม่พบการแบ่งซื้อแบ่งจ้าง ผู้ขายไม่ซ้ำรายเดิมเกินร้อยละ 30",
        2,
        4,
    ),
    (
        "done",
        "ถ่ายภาพและแนบรายงานตรวจรับครบ 12 โครงการ ผู้นำชุมชนร่วมตรวจ 9 โครงการ",
        "ไม่มีงานที่ต้องแก้ไขหลังตรวจรับ",
        2,
        4,
    ),
    (
        "in_progress",
        "เปิดรับคำขออนุญาตออนไลน์ตั้งแต่เดือนมีนาคม มีผู้ยื่นออนไลน์ 21 จาก 55 ราย",
        "ยังมีผู้ยื่นคำขอด้วยตนเองเป็นส่วนใหญ่ จะประชาสัมพันธ์เพิ่มในปีถัดไป",
        3,
        3,
    ),
    (
        "done",
        "ตรวจหลักฐานการเดินทาง 84 ฎีกา สุ่มตรวจย้อนหลัง 4 ไตรมาส",
        "พบเอกสารไม่ครบ 2 ฎีกา แก้ไขก่อนเบิกจ่ายแล้ว",
        1,
        3,
    ),
    (
        "done",
        "ตรวจเลขไมล์กับใบเบิกน้ำมันทุกเดือน",
        "ไม่พบการใช้รถนอกภารกิจ",
        2,
        2,
    ),
    (
        "not_done",
        "ไม่มีการสรรหาพนักงานจ้างในปีงบประมาณ",
        "ยกยอดมาตรการไปปีถัดไป",
        None,
        None,
    ),
]


def _never_published(page):
    return not page.live and page.first_published_at is None


def _register_rows(demo, year):
    return [
        CorruptionRisk(
            area=area,
            process=process,
            risk=risk,
            likelihood=likelihood,
            impact=impact,
            existing_controls=controls,
            measures=measures,
            responsible_unit=demo.units.get(unit),
            period=f"ต.ค. {year - 1} – ก.ย. {year}",
        )
        for area, process, risk, likelihood, impact, controls, measures, unit in RISKS
    ]


def _intro(year):
    return (
        f"<p>{facts.NAME} ประเมินความเสี่ยงการทุจริตของปีงบประมาณ พ.ศ. {year} "
        "โดยคณะทำงานป้องกันการทุจริต ให้คะแนนโอกาสเกิดและผลกระทบ 1–5 "
        "คะแนนความเสี่ยง = โอกาสเกิด × ผลกระทบ และกำหนดมาตรการสำหรับทุกความเสี่ยง</p>"
    )


def _fill_register(demo, page, year):
    page.fiscal_year = year
    page.intro = _intro(year)
    page.risks = _register_rows(demo, year)
    page.assessment_document = demo.pdf(
        f"การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {year}",
        f"demo-oit-risk-assessment-{year}.pdf",
        [f"{risk[0]}: {risk[2]}" for risk in RISKS],
        "mayor",
        demo.signing_day(year),
    )
    demo.publish(page, "clerk_office", demo.signing_day(year))
    return RiskAssessmentPage.objects.get(pk=page.pk)


def fill_risk_pages(demo):
    index = ItaIndexPage.objects.descendant_of(demo.site.root_page).first()
    if index is None:
        return
    current = RiskAssessmentPage.objects.child_of(index).filter(fiscal_year=demo.fy)
    for page in current:
        if _never_published(page):
            _fill_register(demo, page, demo.fy)
    previous_year = demo.fy - 1
    register = (
        RiskAssessmentPage.objects.child_of(index)
        .filter(fiscal_year=previous_year)
        .first()
    )
    if register is None:
        register = RiskAssessmentPage(
            title=f"การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {previous_year}",
            slug=f"risk-assessment-{previous_year}",
            fiscal_year=previous_year,
            live=False,
            owner=demo.admin,
        )
        index.add_child(instance=register)
        register = _fill_register(demo, register, previous_year)
    risks = list(register.risks.all())
    reports = RiskManagementReportPage.objects.child_of(index).filter(
        fiscal_year=previous_year
    )
    for report in reports:
        if not _never_published(report):
            continue
        report.summary = (
            f"<p>ผลการดำเนินการตามมาตรการจัดการความเสี่ยงการทุจริตของ{facts.NAME} "
            f"ปีงบประมาณ พ.ศ. {previous_year} ครบ {len(risks)} ความเสี่ยง "
            "ไม่พบเรื่องร้องเรียนการทุจริตที่มีมูลในกระบวนงานที่ประเมิน</p>"
        )
        report.results = [
            RiskManagementResult(
                risk=risk,
                status=status,
                action=action,
                result=result,
                residual_likelihood=likelihood,
                residual_impact=impact,
            )
            for risk, (status, action, result, likelihood, impact) in zip(
                risks, RESULTS, strict=True
            )
        ]
        report.report_document = demo.pdf(
            f"รายงานผลการบริหารจัดการความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {previous_year}",
            f"demo-oit-risk-report-{previous_year}.pdf",
            [row[1] for row in RESULTS],
            "mayor",
            demo.signing_day(previous_year),
        )
        demo.publish(report, "clerk_office", demo.signing_day(previous_year))
