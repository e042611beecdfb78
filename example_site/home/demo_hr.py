"""The demo municipality's HR rules, HR plans and report, and ethics pages.

``load_hr_demo(demo)`` runs inside the OIT demo (``demo_oit.OitDemo``), after
``ita_setup`` has created the drafts: it fills the HR rules, the HR plan of
the current fiscal year and of the two years before, with their HR
reports, and the ethics pages of both years. Pages
already published are left alone, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.models import (
    EthicsActivity,
    EthicsGroupMember,
    EthicsPage,
    HrCriteriaPage,
    HrPlanPage,
    HrPlanProject,
    HrReportPage,
    HrReportResult,
    HrRule,
    ItaIndexPage,
)
from ita_wagtail.models.hr import HrProjectCategory, HrResultStatus, HrRuleKind

UNIT = "personnel"

RULES = [
    (
        HrRuleKind.RECRUITMENT,
        "หลักเกณฑ์การสรรหา เลือกสรร และบรรจุแต่งตั้งพนักงานเทศบาลและพนักงานจ้าง",
        "สรรหาโดยการสอบแข่งขันหรือคัดเลือกอย่างเปิดเผย ประกาศรับสมัครล่วงหน้า "
        "ไม่น้อยกว่า 5 วันทำการ ประกาศผลและบัญชีผู้ผ่านการเลือกสรรบนเว็บไซต์",
        "ประกาศคณะกรรมการพนักงานเทศบาลจังหวัด เรื่อง หลักเกณฑ์และเงื่อนไข"
        "เกี่ยวกับการบริหารงานบุคคล; พ.ร.บ. ระเบียบบริหารงานบุคคลส่วนท้องถิ่น พ.ศ. 2542",
    ),
    (
        HrRuleKind.PROMOTION,
        "หลักเกณฑ์การเลื่อนระดับ การย้าย และการโอนพนักงานเทศบาล",
        "เลื่อนระดับตามคุณสมบัติและผลการประเมินผลงาน ย้ายหรือโอนตามความต้องการ"
        "ของส่วนราชการและความสมัครใจของพนักงาน โดยความเห็นชอบของ ก.ท.จ.",
        "ประกาศ ก.ท. เรื่อง มาตรฐานทั่วไปเกี่ยวกับการคัดเลือกเพื่อเลื่อนและแต่งตั้ง"
        "พนักงานเทศบาลให้ดำรงตำแหน่งในระดับที่สูงขึ้น",
    ),
    (
        HrRuleKind.APPRAISAL,
        "หลักเกณฑ์และวิธีการประเมินผลการปฏิบัติงานของพนักงานเทศบาล",
        "ประเมินปีละ 2 รอบ (1 ตุลาคม – 31 มีนาคม และ 1 เมษายน – 30 กันยายน) "
        "ผลสัมฤทธิ์ของงานร้อยละ 70 และพฤติกรรมการปฏิบัติราชการร้อยละ 30",
        "ประกาศ ก.ท. เรื่อง มาตรฐานทั่วไปเกี่ยวกับหลักเกณฑ์และวิธีการประเมินผล"
        "การปฏิบัติงานของพนักงานเทศบาล",
    ),
]

#: (name, category, objective, target group, period (months), budget, unit)
PROJECTS = [
    (
        "สรรหาและบรรจุพนักงานเทศบาลและพนักงานจ้างทดแทนตำแหน่งว่าง",
        HrProjectCategory.MANAGEMENT,
        "ให้มีบุคลากรครบตามกรอบอัตรากำลัง 3 ปี",
        "ผู้สมัครสอบและผู้ขอโอนย้าย",
        "ตุลาคม – กันยายน",
        Decimal("35000.00"),
        "clerk_office",
    ),
    (
        "ประเมินผลการปฏิบัติงานและสำรวจความพึงพอใจของบุคลากร",
        HrProjectCategory.MANAGEMENT,
        "ประเมินผลงานอย่างเป็นธรรมและรับฟังความเห็นของบุคลากร",
        "พนักงานเทศบาลและพนักงานจ้าง 48 คน",
        "มีนาคม – เมษายน และ สิงหาคม – กันยายน",
        Decimal("8500.00"),
        "clerk_office",
    ),
    (
        "อบรมการใช้ระบบ E-Service และงานสารบรรณอิเล็กทรอนิกส์",
        HrProjectCategory.DEVELOPMENT,
        "ให้บุคลากรให้บริการประชาชนทางออนไลน์ได้",
        "พนักงานเทศบาลและพนักงานจ้าง 48 คน",
        "ธันวาคม – มกราคม",
        Decimal("45000.00"),
        "clerk_office",
    ),
    (
        "อบรมคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน",
        HrProjectCategory.DEVELOPMENT,
        "ปลูกฝังความซื่อสัตย์สุจริตและการแยกประโยชน์ส่วนตนออกจากประโยชน์ส่วนรวม",
        "ผู้บริหาร สมาชิกสภา พนักงานเทศบาลและพนักงานจ้าง",
        "กุมภาพันธ์",
        Decimal("30000.00"),
        "legal",
    ),
    (
        "ส่งบุคลากรเข้ารับการฝึกอบรมตามสายงานกับสถาบันพัฒนาบุคลากรท้องถิ่น",
        HrProjectCategory.DEVELOPMENT,
        "เพิ่มสมรรถนะตามสายงาน",
        "พนักงานเทศบาลที่ยังไม่ผ่านหลักสูตรตามสายงาน 12 คน",
        "ตลอดปีงบประมาณ",
        Decimal("120000.00"),
        "clerk_office",
    ),
]

#: What happened to each project of last year's plan: (status, share spent,
#: participants, result).
RESULTS = [
    (HrResultStatus.COMPLETED, Decimal("0.80"), 4, "บรรจุแต่งตั้งได้ 4 จาก 5 ตำแหน่งว่าง"),
    (HrResultStatus.COMPLETED, Decimal("1.00"), 46, "ความพึงพอใจระดับดี (4.21 จาก 5)"),
    (HrResultStatus.COMPLETED, Decimal("0.95"), 46, "ผ่านการทดสอบหลังอบรมร้อยละ 93"),
    (HrResultStatus.COMPLETED, Decimal("0.90"), 61, "ผู้เข้าอบรมมีความรู้เพิ่มขึ้นร้อยละ 25"),
    (HrResultStatus.PARTLY, Decimal("0.70"), 9, "เข้ารับการอบรม 9 จาก 12 คน"),
]

DOS = [
    "ปฏิบัติหน้าที่ด้วยความซื่อสัตย์ สุจริต และเปิดเผย",
    "ให้บริการประชาชนอย่างเท่าเทียม สุภาพ และรวดเร็ว",
    "แจ้งผู้บังคับบัญชาเมื่อมีผลประโยชน์ทับซ้อน",
    "รักษาความลับของทางราชการและข้อมูลส่วนบุคคลของประชาชน",
]
DONTS = [
    "ไม่รับของขวัญ ของกำนัล หรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่ (No Gift Policy)",
    "ไม่ใช้รถยนต์หรือทรัพย์สินของทางราชการไปใช้ส่วนตัว",
    "ไม่เลือกปฏิบัติหรือเรียกรับเงินเพื่อเร่งรัดงาน",
    "ไม่ใช้ตำแหน่งหน้าที่เอื้อประโยชน์แก่ตนเองหรือพวกพ้อง",
]
MEMBERS = [
    ("clerk", "ประธานคณะทำงาน"),
    ("deputy_clerk", "รองประธานคณะทำงาน"),
    ("head_finance", "คณะทำงาน"),
    ("head_engineering", "คณะทำงาน"),
    ("legal_officer", "คณะทำงาน"),
    ("head_clerk_office", "คณะทำงานและเลขานุการ"),
]


def _p(*texts):
    from html import escape

    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _unpublished(page):
    return page is not None and not page.live and page.first_published_at is None


class HrDemo:
    def __init__(self, demo):
        self.demo = demo
        self.fy = demo.fy
        self.index = ItaIndexPage.objects.descendant_of(demo.site.root_page).first()

    def unit(self, code):
        return self.demo.units.get(code)

    def page_for(self, model, year, title):
        """The page of ``model`` for ``year`` under the index (a new draft if none)."""
        page = model.objects.child_of(self.index).filter(fiscal_year=year).first()
        if page is None:
            page = model(
                title=title,
                slug=f"{model.ita_slug}-{year}",
                fiscal_year=year,
                live=False,
                owner=self.demo.admin,
            )
            self.index.add_child(instance=page)
            page = model.objects.get(pk=page.pk)
        return page

    def doc(self, title, filename, lines, signer, when):
        return self.demo.pdf(title, filename, lines, signer, when)

    # -- rules --

    def rules(self):
        page = HrCriteriaPage.objects.child_of(self.index).first()
        if not _unpublished(page):
            return
        signed = self.demo.signing_day(self.fy)
        page.intro = _p(
            f"{facts.NAME} บริหารงานบุคคลตามประกาศคณะกรรมการพนักงานเทศบาลจังหวัด "
            "ทั้งการสรรหา การบรรจุแต่งตั้ง การเลื่อนระดับ และการประเมินผลการปฏิบัติงาน"
        )
        page.rules = [
            HrRule(
                kind=kind,
                title=title,
                summary=summary,
                legal_basis=basis,
                document=self.doc(
                    title,
                    f"demo-oit-hr-rule-{kind}.pdf",
                    [summary, basis],
                    "clerk",
                    signed,
                ),
            )
            for kind, title, summary, basis in RULES
        ]
        self.demo.publish(page, UNIT, signed)

    # -- plan and report --

    def plan(self, year):
        title = f"แผนการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {year}"
        page = self.page_for(HrPlanPage, year, title)
        if not _unpublished(page):
            return page
        start, _end = thai.fiscal_year_bounds(year)
        signed = (
            self.demo.signing_day(year)
            if year >= self.fy
            else start + timedelta(days=20)
        )
        page.title = title
        page.approved_on = signed
        page.goals = _p(
            f"พัฒนาพนักงานของ{facts.NAME}ทั้ง 48 คนให้มีทักษะดิจิทัล ให้บริการประชาชนได้ดี "
            "และยึดมั่นในคุณธรรมจริยธรรม",
            "บรรจุบุคลากรให้ครบตามกรอบอัตรากำลัง และประเมินผลงานอย่างเป็นธรรม",
        )
        page.plan_document = self.doc(
            title,
            f"demo-oit-hr-plan-{year}.pdf",
            [f"{n}. {name}" for n, (name, *_rest) in enumerate(PROJECTS, 1)],
            "mayor",
            signed,
        )
        page.projects = [
            HrPlanProject(
                name=name,
                category=category,
                objective=objective,
                target_group=target,
                period=period,
                budget=budget,
                responsible_unit=self.unit(unit),
            )
            for name, category, objective, target, period, budget, unit in PROJECTS
        ]
        self.demo.publish(page, UNIT, signed)
        return HrPlanPage.objects.get(pk=page.pk)

    def report(self, plan):
        year = plan.fiscal_year
        title = f"รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. {year}"
        page = self.page_for(HrReportPage, year, title)
        if not _unpublished(page):
            return
        signed = self.demo.signing_day(year)
        page.title = title
        page.plan = plan
        page.summary = _p(
            f"ในปีงบประมาณ พ.ศ. {year} {facts.NAME} ดำเนินการตามแผน 5 โครงการ "
            "เสร็จครบ 4 โครงการ บุคลากรได้รับการพัฒนา 46 คนจาก 48 คน"
        )
        page.results = [
            HrReportResult(
                project=project,
                status=status,
                spent=(project.budget * share).quantize(Decimal("0.01")),
                participants=participants,
                result=result,
            )
            for project, (status, share, participants, result) in zip(
                plan.projects.all(), RESULTS, strict=True
            )
        ]
        page.problems = (
            "บุคลากรกองช่างติดภารกิจภาคสนาม เข้าอบรมตามสายงานได้ไม่ครบ 3 คน\n"
            "ตำแหน่งนายช่างโยธาว่าง 1 ตำแหน่ง ไม่มีผู้สมัคร"
        )
        page.recommendations = (
            "จัดอบรมออนไลน์สำหรับผู้ปฏิบัติงานภาคสนาม\n"
            "ขอใช้บัญชีผู้สอบแข่งขันได้ของหน่วยงานอื่นสำหรับตำแหน่งนายช่างโยธา"
        )
        page.report_document = self.doc(
            title,
            f"demo-oit-hr-report-{year}.pdf",
            [result for *_rest, result in RESULTS],
            "clerk",
            signed,
        )
        self.demo.publish(page, UNIT, signed)

    # -- ethics --

    def ethics(self, year):
        title = f"ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม ปีงบประมาณ พ.ศ. {year}"
        page = self.page_for(EthicsPage, year, title)
        if not _unpublished(page):
            return
        start, _end = thai.fiscal_year_bounds(year)
        signed = min(start + timedelta(days=19), self.demo.today - timedelta(days=2))
        page.title = title
        page.code_summary = _p(
            f"{facts.NAME} ใช้ประมวลจริยธรรมของเจ้าหน้าที่ของรัฐ และประมวลจริยธรรม"
            "ของผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น และพนักงานเทศบาล",
            "ยึดมั่นในสถาบันหลักของประเทศ ซื่อสัตย์สุจริต กล้าตัดสินใจทำในสิ่งที่ถูกต้อง "
            "คิดถึงประโยชน์ส่วนรวม และปฏิบัติหน้าที่อย่างเป็นธรรม",
        )
        page.code_document = self.doc(
            "ประมวลจริยธรรมของพนักงานเทศบาล",
            f"demo-oit-ethics-code-{year}.pdf",
            ["ประมวลจริยธรรมของผู้บริหารท้องถิ่น สมาชิกสภาท้องถิ่น และพนักงานเทศบาล"],
            "mayor",
            signed,
        )
        page.group_order_date = signed
        page.group_order_document = self.doc(
            f"คำสั่งแต่งตั้งคณะทำงานขับเคลื่อนจริยธรรม ปีงบประมาณ พ.ศ. {year}",
            f"demo-oit-ethics-order-{year}.pdf",
            [f"{facts.person(key)['name']} {role}" for key, role in MEMBERS],
            "mayor",
            signed,
        )
        page.members = [
            EthicsGroupMember(
                name=facts.person(key)["name"],
                position=facts.person(key)["position"],
                role=role,
            )
            for key, role in MEMBERS
        ]
        page.dos = "\n".join(DOS)
        page.donts = "\n".join(DONTS)
        activity_day = min(
            start + timedelta(days=45), self.demo.today - timedelta(days=3)
        )
        page.activities = [
            EthicsActivity(
                date=activity_day,
                title="อบรมคุณธรรมจริยธรรมและการป้องกันผลประโยชน์ทับซ้อน",
                participants=61,
                content="ประมวลจริยธรรม, Do's & Don'ts, นโยบายไม่รับของขวัญ (No Gift Policy)",
            ),
            EthicsActivity(
                date=min(
                    start + timedelta(days=60), self.demo.today - timedelta(days=2)
                ),
                title="ยกย่องพนักงานดีเด่นด้านคุณธรรม",
                participants=48,
                content="มอบเกียรติบัตรแก่พนักงานที่ประพฤติตนเป็นแบบอย่าง",
            ),
        ]
        self.demo.publish(page, UNIT, signed)

    def run(self):
        if self.index is None:
            return
        self.rules()
        for year in (self.fy - 2, self.fy - 1):
            self.report(self.plan(year))
        self.plan(self.fy)
        self.ethics(self.fy - 1)
        self.ethics(self.fy)


def load_hr_demo(demo):
    """Fill the HR and ethics pages (see the module docstring)."""
    HrDemo(demo).run()
