"""Small builders for pages with realistic content, shared by the tests."""

from decimal import Decimal

from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.setup import setup_ita_section


def default_site():
    return Site.objects.get(is_default_site=True)


def publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ita_section(site=None):
    """Run ita_setup's engine and return {model class: draft page}."""
    report = setup_ita_section(site or default_site())
    return {type(step.page): step.page for step in report.steps}


def add_child(parent, page, live=True):
    page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page


def executive(name, position, wing, **extra):
    return ("executive", {"name": name, "position": position, "wing": wing, **extra})


def service(**overrides):
    value = {
        "name": "ขออนุญาตก่อสร้างอาคาร",
        "unit": "กองช่าง",
        "steps": [
            {"description": "ยื่นคำขอพร้อมเอกสาร", "duration": "15 นาที"},
            {"description": "เจ้าหน้าที่ตรวจสถานที่", "duration": "7 วัน"},
        ],
        "duration": "30 วัน",
        "channels": ["office", "online"],
        "no_fee": False,
        "fee": Decimal("20.00"),
        "required_documents": ["สำเนาบัตรประชาชน", "แบบแปลนอาคาร"],
    }
    value.update(overrides)
    return ("service", value)


def plan_project(name, budget, **overrides):
    values = {
        "name": name,
        "strategy": "ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
        "budget": Decimal(budget),
        "start_month": 10,
        "end_month": 3,
    }
    values.update(overrides)
    return ita.AnnualPlanProject(**values)
