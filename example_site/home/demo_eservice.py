"""The demo municipality's online services (OIT 2569 O10, 2568 O10–O11).

Fills the E-Service page ``ita_setup`` created with four services, enters
their monthly request figures for the previous two fiscal years and the
months of this one so far, and publishes a statistics page for each of the
two ended years.
"""

from datetime import date

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.models import (
    EService,
    EServiceMonthlyFigure,
    EServicePage,
    ServiceStatisticsPage,
)
from ita_wagtail.models.e_service import FISCAL_MONTHS, statistics_slug

#: (name, what it does, path on the site, who may use it, hours, requests a
#: year). The previous fiscal year's totals add up to 412.
SERVICES = [
    (
        "ยื่นคำร้องทั่วไป",
        "ยื่นคำร้องเรื่องทั่วไปถึงเทศบาล เช่น ขอสำเนาเอกสาร แจ้งเหตุเดือดร้อน "
        "แนบเอกสารและติดตามผลด้วยเลขที่คำร้อง",
        "general-request",
        "ประชาชนทั่วไป",
        "ตลอด 24 ชั่วโมง เจ้าหน้าที่ดำเนินการในวันทำการ",
        187,
    ),
    (
        "ขอรับถังขยะ",
        "ขอรับถังขยะใหม่หรือเปลี่ยนถังที่ชำรุด สำหรับบ้านเรือนและร้านค้า",
        "waste-bin",
        "ผู้อยู่อาศัยและผู้ประกอบการในเขตเทศบาล",
        "ตลอด 24 ชั่วโมง จัดส่งภายใน 7 วันทำการ",
        96,
    ),
    (
        "ลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ",
        "ลงทะเบียนล่วงหน้าเพื่อรับเบี้ยยังชีพผู้สูงอายุ สำหรับผู้ที่จะมีอายุครบ 60 ปี",
        "elderly-allowance",
        "ผู้มีภูมิลำเนาในเขตเทศบาลที่มีอายุครบ 60 ปีในปีงบประมาณถัดไป",
        "ตลอด 24 ชั่วโมง ตรวจสอบสิทธิในวันทำการ",
        74,
    ),
    (
        "ขออนุญาตก่อสร้างอาคาร",
        "ยื่นคำขออนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร พร้อมแนบแบบแปลน",
        "building-permit",
        "เจ้าของอาคารหรือผู้รับมอบอำนาจ",
        "ตลอด 24 ชั่วโมง กองช่างตรวจแบบในวันทำการ",
        55,
    ),
]

#: Share of a year's requests per month, October first (sum 100).
WEIGHTS = (8, 9, 7, 10, 8, 9, 11, 8, 7, 9, 6, 8)


def monthly(total):
    """``total`` spread over the 12 months, exactly."""
    cells = [total * w // 100 for w in WEIGHTS]
    for i in range(total - sum(cells)):
        cells[i] += 1
    return cells


def _month_ended(fy, month, today):
    start = thai.fiscal_year_bounds(fy)[0]
    year = start.year if month >= 10 else start.year + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return following <= today


def fill_e_service(demo):
    """Fill the E-Service page and its statistics (``demo`` is an ``OitDemo``)."""
    root = demo.site.root_page
    page = EServicePage.objects.descendant_of(root).first()
    if page is None or page.live or page.first_published_at:
        return
    head = facts.person("head_clerk_office")
    page.intro = (
        f"<p>{facts.NAME} เปิดให้ประชาชนยื่นคำขอรับบริการทางออนไลน์ได้ตลอด "
        "24 ชั่วโมง โดยไม่ต้องเดินทางมาที่สำนักงาน ติดตามผลด้วยเลขที่คำร้อง "
        f"สอบถามการใช้งานได้ที่{head['position']} โทร {facts.MAIN_PHONE}</p>"
    )
    page.services.clear()
    for name, description, slug, audience, hours, _total in SERVICES:
        page.services.add(
            EService(
                name=name,
                description=description,
                url=f"https://www.{facts.DOMAIN}/e-service/{slug}",
                audience=audience,
                availability=hours,
            )
        )
    demo.publish(page, "clerk_office", demo.signing_day(demo.fy))
    services = list(EService.objects.filter(page_id=page.pk).order_by("sort_order"))
    for year, scale in ((demo.fy - 2, 0.9), (demo.fy - 1, 1.0), (demo.fy, 1.1)):
        for service, (*_rest, total) in zip(services, SERVICES, strict=True):
            for month, requests in zip(
                FISCAL_MONTHS, monthly(round(total * scale)), strict=True
            ):
                if year == demo.fy and not _month_ended(year, month, demo.today):
                    continue
                EServiceMonthlyFigure.objects.update_or_create(
                    service=service,
                    fiscal_year=year,
                    month=month,
                    defaults={
                        "requests": requests,
                        "completed": requests if year < demo.fy else None,
                    },
                )
    for year in (demo.fy - 1, demo.fy - 2):
        stats = (
            ServiceStatisticsPage.objects.child_of(page)
            .filter(fiscal_year=year)
            .first()
        )
        if stats is None:
            stats = ServiceStatisticsPage(
                title=f"สถิติการขอรับบริการผ่านช่องทางออนไลน์ ปีงบประมาณ พ.ศ. {year}",
                slug=statistics_slug(year),
                fiscal_year=year,
                live=False,
                owner=demo.admin,
            )
            page.add_child(instance=stats)
            stats = ServiceStatisticsPage.objects.get(pk=stats.pk)
        else:
            stats.title = f"สถิติการขอรับบริการผ่านช่องทางออนไลน์ ปีงบประมาณ พ.ศ. {year}"
        stats.statement = (
            f"<p>ตัวเลขจากระบบ E-Service ของ{facts.NAME} รับรองโดย{head['position']}</p>"
        )
        demo.publish(stats, "clerk_office", demo.signing_day(year))
