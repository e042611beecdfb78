"""The demo municipality's participation, ITA follow-up and integrity report.

Fills the structured pages of OIT 2569 O19 (public participation), O25
(acting on the ITA results) and O26 (the report on promoting integrity and
transparency) for the current fiscal year, each with the year before as its
history: the drafts ``ita_setup`` created are filled and published, and a
page for the earlier year is added beside each. Run again, it changes
nothing it has already published.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from html import escape

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.models import (
    IntegrityReportMeasure,
    IntegrityReportPage,
    ItaImprovementMeasure,
    ItaImprovementPage,
    ItaIndexPage,
    ParticipationActivity,
    ParticipationPage,
)


def _p(*texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


# -- O19: the activities of each year, on the form's four points ----------------


def participation_activities(fy):
    """(title, month offset from 1 October, stage, issue, groups, number,
    outcome, use, photo motif) of fiscal year ``fy``."""
    return [
        (
            f"ประชุมประชาคมหมู่บ้านเพื่อทบทวนแผนพัฒนาท้องถิ่น ปี {fy}",
            1,
            "planning",
            "จัดลำดับความต้องการของแต่ละหมู่บ้านเพื่อบรรจุในแผนพัฒนาท้องถิ่น "
            f"และข้อบัญญัติงบประมาณรายจ่ายประจำปี พ.ศ. {fy + 1}",
            f"คณะกรรมการชุมชนและประชาชนทั้ง {facts.MUNICIPALITY['villages']} หมู่บ้าน "
            "ผู้นำท้องที่ อาสาสมัครสาธารณสุข",
            634,
            "ข้อเสนอ 41 เรื่อง ที่ประชุมเลือกซ่อมแซมถนนในหมู่ 3 และติดตั้งไฟฟ้า"
            "ส่องสว่างในหมู่ 7 เป็นลำดับแรก",
            "บรรจุ 27 โครงการในแผนพัฒนาท้องถิ่นเพิ่มเติม และตั้งงบประมาณ 2 โครงการ"
            "ลำดับแรกในข้อบัญญัติงบประมาณ",
            "people",
        ),
        (
            "เวทีรับฟังความคิดเห็นโครงการปรับปรุงตลาดสดเทศบาล",
            3,
            "doing",
            "รูปแบบการจัดแผงค้าและการจัดการขยะระหว่างปรับปรุงตลาดสด",
            "ผู้ค้าในตลาดสด ผู้ประกอบการร้านค้าโดยรอบ ประชาชนผู้ใช้บริการ",
            112,
            "ผู้ค้าขอให้ปรับปรุงทีละโซนเพื่อให้ค้าขายต่อได้ และขอจุดแยกขยะเปียก",
            "กองช่างแบ่งงานเป็น 3 ระยะตามโซน และเพิ่มจุดแยกขยะเปียก 4 จุดในสัญญาจ้าง",
            "road",
        ),
        (
            "คณะกรรมการติดตามและประเมินผลแผนพัฒนาท้องถิ่น",
            9,
            "monitoring",
            f"ติดตามผลการดำเนินโครงการตามแผนพัฒนาท้องถิ่น ปีงบประมาณ พ.ศ. {fy}",
            "ผู้แทนประชาคม 3 คน ผู้ทรงคุณวุฒิ 2 คน สมาชิกสภาเทศบาล 3 คน",
            11,
            "โครงการแล้วเสร็จร้อยละ 82 ให้เร่งรัดโครงการที่เลื่อนจากเหตุอุทกภัย",
            "รายงานต่อสภาเทศบาลและประกาศผลให้ประชาชนทราบ นำข้อเสนอไปจัดทำแผนปีถัดไป",
            "document",
        ),
    ]


def fill_participation(demo, page, fy):
    from example_site.home.demo import draw_news_image

    start = thai.fiscal_year_bounds(fy)[0]
    page.fiscal_year = fy
    page.intro = _p(
        f"{facts.NAME}เปิดโอกาสให้ประชาชนและผู้มีส่วนได้ส่วนเสียมีส่วนร่วมตั้งแต่การวางแผน "
        "การดำเนินงาน จนถึงการติดตามตรวจสอบ บันทึกตามแบบฟอร์มการมีส่วนร่วมของ "
        "สำนักงาน ป.ป.ช."
    )
    page.activities.clear()
    last = None
    for n, row in enumerate(participation_activities(fy), start=1):
        title, months, stage, issue, groups, count, outcome, use, motif = row
        held = start + timedelta(days=30 * months + 5)
        if held >= demo.today:
            if n > 1:
                continue  # not held yet this year
            # Early in a year, the first forum has just been held.
            held = max(start, demo.today - timedelta(days=1))
        last = held
        photo = demo.loader.media.image(
            f"ภาพกิจกรรม: {title}",
            f"demo-participation-{fy}-{n}.jpg",
            lambda title=title, motif=motif: draw_news_image(
                title, "#2f6f4f", motif, facts.NAME
            ),
            alt=f"ภาพบรรยากาศ{title}",
        )
        document = demo.pdf(
            f"แบบฟอร์มการมีส่วนร่วม: {title}",
            f"demo-participation-{fy}-{n}.pdf",
            [
                f"1. ประเด็น: {issue}",
                f"2. ผู้เข้าร่วม: {groups} รวม {count} คน",
                f"3. ผลการมีส่วนร่วม: {outcome}",
                f"4. การนำผลไปใช้: {use}",
            ],
            "clerk",
            held + timedelta(days=2),
        )
        page.activities.add(
            ParticipationActivity(
                title=title,
                held_on=held,
                stage=stage,
                issue=issue,
                participant_groups=groups,
                participant_count=count,
                outcome=outcome,
                use_of_outcome=use,
                photo=photo,
                document=document,
            )
        )
    demo.publish(page, "policy_plan", last)


# -- O25: last year's ITA result and this year's measures ---------------------------

#: Total, IIT, EIT, OIT of the assessment of each fiscal year (made up).
ITA_RESULTS = {
    0: (Decimal("88.52"), Decimal("92.10"), Decimal("85.34"), Decimal("88.00")),
    1: (Decimal("81.47"), Decimal("90.25"), Decimal("83.10"), Decimal("72.50")),
}

MEASURES = [
    (
        "ข้อมูลบนเว็บไซต์บางรายการไม่เป็นปัจจุบัน (ตัวชี้วัดที่ 9)",
        "ทบทวนข้อมูลบนเว็บไซต์ทุกไตรมาส และแจ้งเตือนหน่วยงานที่รับผิดชอบก่อนครบกำหนด",
        "clerk_office",
        "done",
        "ทบทวนครบทุกไตรมาส ข้อมูลทุกข้อปรับปรุงภายใน 90 วัน",
    ),
    (
        "สถิติเรื่องร้องเรียนเผยแพร่เป็นภาพ ไม่ใช่ไฟล์ที่นำไปใช้ต่อได้",
        "เผยแพร่สถิติเรื่องร้องเรียนเป็นไฟล์ PDF และ Excel",
        "clerk_office",
        "done",
        "เผยแพร่ไฟล์ Excel คู่กับฉบับลงนามแล้ว",
    ),
    (
        "ประชาชนไม่ทราบช่องทางร้องเรียนการทุจริต (EIT)",
        "ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริตในที่ประชุมประชาคมและรถแห่",
        "clerk_office",
        "in_progress",
        "ประชาสัมพันธ์แล้ว 6 จาก 11 หมู่บ้าน",
    ),
    (
        "บุคลากรเข้าใจเรื่องผลประโยชน์ทับซ้อนไม่ครบถ้วน (IIT)",
        "อบรมพนักงานเรื่องผลประโยชน์ทับซ้อนปีละ 1 ครั้ง",
        "legal",
        "planned",
        "",
    ),
]


def fill_improvement(demo, page, fy):
    total, iit, eit, oit = ITA_RESULTS[demo.fy - fy]
    page.fiscal_year = fy
    page.assessed_fiscal_year = fy - 1
    page.total_score, page.iit_score, page.eit_score, page.oit_score = (
        total,
        iit,
        eit,
        oit,
    )
    page.level = ""
    page.issues_found = _p(
        f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {fy - 1} ของ{facts.NAME} "
        f"ได้คะแนน {total} คะแนน ตัวชี้วัดที่ได้คะแนนต่ำสุดคือการเปิดเผยข้อมูล (OIT) "
        "และการแก้ไขปัญหาการทุจริต (EIT)"
    )
    signed = demo.signing_day(fy)
    page.result_document = demo.pdf(
        f"ผลการประเมิน ITA ปีงบประมาณ พ.ศ. {fy - 1} และแนวทางการปรับปรุง",
        f"demo-ita-result-{fy - 1}.pdf",
        [
            f"คะแนนรวม {total} (IIT {iit}, EIT {eit}, OIT {oit})",
            "ประเด็นที่ต้องปรับปรุงและมาตรการ ตามตารางบนหน้าเว็บไซต์",
        ],
        "mayor",
        signed,
    )
    start = thai.fiscal_year_bounds(fy)[0]
    end_year = thai.to_be_year(start.year + 1)
    page.measures.clear()
    done = fy < demo.fy
    for issue, measure, unit, status, result in MEASURES:
        page.measures.add(
            ItaImprovementMeasure(
                issue=issue,
                measure=measure,
                responsible_unit=demo.units.get(unit),
                period=f"ตุลาคม {fy - 1} – กันยายน {end_year}",
                status="done" if done else status,
                result=result or ("ดำเนินการแล้ว" if done else ""),
            )
        )
    demo.publish(page, "clerk_office", signed)


# -- O26: the report on the year that has ended ---------------------------------


def fill_integrity_report(demo, page, fy):
    page.fiscal_year = fy
    page.summary = _p(
        f"{facts.NAME}ดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ปีงบประมาณ พ.ศ. {fy} ครบทั้ง 4 มาตรการ"
    )
    page.problems = _p(
        "บุคลากรมีภารกิจประจำมาก การอบรมจึงจัดได้เพียงครั้งเดียว "
        "และบางหมู่บ้านไม่สะดวกเข้าร่วมประชาคมในวันทำงาน"
    )
    page.recommendations = _p(
        "จัดอบรมแบบออนไลน์เพิ่ม และจัดประชาคมวันหยุดในหมู่บ้านที่มีผู้ทำงานนอกพื้นที่มาก"
    )
    signed = demo.signing_day(fy)
    rows = [
        (
            "ทบทวนข้อมูลบนเว็บไซต์ทุกไตรมาส",
            "หัวหน้าหน่วยงานตรวจข้อมูลของตนทุกไตรมาส สำนักปลัดเทศบาลรวบรวมผล",
            "ทบทวนครบ 4 ไตรมาส ทุกข้อปรับปรุงภายใน 90 วัน",
        ),
        (
            "ประกาศเจตนารมณ์สุจริตและนโยบาย No Gift Policy",
            f"นายกเทศมนตรีประกาศเจตนารมณ์และนโยบาย ปีงบประมาณ พ.ศ. {fy}",
            "ไม่มีการรับของขวัญตลอดปี (รายงานในทะเบียนของขวัญ)",
        ),
        (
            "อบรมเรื่องผลประโยชน์ทับซ้อนและประมวลจริยธรรม",
            "จัดอบรม 1 ครั้ง โดยนิติกรของเทศบาล",
            "ผู้เข้าร่วม 44 คน ผ่านแบบทดสอบร้อยละ 95",
        ),
        (
            "ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริต",
            "ประชาสัมพันธ์ในที่ประชุมประชาคมทุกหมู่บ้านและบนเว็บไซต์",
            "ได้รับเรื่องร้องเรียนการทุจริต 2 เรื่อง ดำเนินการแล้วเสร็จทั้งหมด",
        ),
    ]
    page.measures.clear()
    for n, (measure, actions, result) in enumerate(rows, start=1):
        evidence = demo.pdf(
            f"หลักฐาน: {measure} ปีงบประมาณ พ.ศ. {fy}",
            f"demo-integrity-report-{fy}-{n}.pdf",
            [actions, result],
            "head_clerk_office",
            signed,
        )
        page.measures.add(
            IntegrityReportMeasure(
                measure=measure, actions=actions, result=result, document=evidence
            )
        )
    page.report_document = demo.pdf(
        f"รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. {fy}",
        f"demo-integrity-report-{fy}.pdf",
        [f"{measure}: {result}" for measure, _actions, result in rows],
        "mayor",
        signed,
    )
    demo.publish(page, "clerk_office", signed)


# -- all ----------------------------------------------------------------------

#: page type, fill, the years it shows (offsets from the current fiscal year).
PAGES = [
    (ParticipationPage, fill_participation, (-1, 0), "การมีส่วนร่วมของประชาชน"),
    (
        ItaImprovementPage,
        fill_improvement,
        (-1, 0),
        "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
    ),
    (
        IntegrityReportPage,
        fill_integrity_report,
        (-2, -1),
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
]


def load_participation_demo(demo):
    """Fill the three page types for ``demo`` (an ``OitDemo``): the draft of
    the current year ``ita_setup`` made, and the year before it."""
    index = ItaIndexPage.objects.descendant_of(demo.site.root_page).first()
    if index is None:
        return
    for model, fill, offsets, title in PAGES:
        pages = model.objects.child_of(index)
        for offset in offsets:
            fy = demo.fy + offset
            page = pages.filter(fiscal_year=fy).first()
            if page is None and offset == offsets[-1]:
                # The year ita_setup prepares: its draft (made for this year).
                page = pages.filter(live=False, first_published_at__isnull=True).first()
            if page is None:
                page = model(
                    title=f"{title} ปีงบประมาณ พ.ศ. {fy}",
                    slug=f"{model.ita_slug}-{fy}",
                    fiscal_year=fy,
                    live=False,
                    owner=demo.admin,
                )
                index.add_child(instance=page)
                page = model.objects.get(pk=page.pk)
            if page.live or page.first_published_at is not None:
                continue
            if offset == offsets[-1] and str(fy) not in page.title:
                page.title = f"{page.title} ปีงบประมาณ พ.ศ. {fy}"
            fill(demo, page, fy)
