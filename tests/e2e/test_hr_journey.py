"""An HR officer fills the HR plan and the ethics page in the Thai admin.

A site answers the OIT list of 2569; ``ita_setup`` has made the drafts and
the HR rules are published. The officer, in the Thai admin, writes the
plan's goals and two projects with their budgets, publishes; then fills the
ethics page's summary, Do's and Don'ts, one working-group member and one
activity (the code and the order were attached by a colleague), publishes.
The dashboard shows O13 and O15 passing; the public pages show the baht
total and the B.E. date, fit at 1280 and 390 px and pass axe-core.

Screenshots at 1280 px, 390 px and print go to ``/tmp/shots-hr/``.
"""

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.e2e.axe import (
    axe_location,
    axe_script_path,
    axe_violations,
    describe,
    missing_message,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots-hr")
WIDTHS = (1280, 390)


@pytest.fixture
def municipality(settings, live_server, live_media):
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from ita_wagtail.models.hr import HrRuleKind
    from ita_wagtail.scoring.cache import invalidate
    from tests.factories import ita_section

    settings.ITA_CRITERIA_SET = "oit-2569"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    pages = ita_section(site)
    pages[ita.ItaIndexPage].save_revision(clean=False).publish()

    def doc(title):
        return get_document_model().objects.create(
            title=title, file=ContentFile(b"%PDF-1.4\n" + b"0" * 3000, name="doc.pdf")
        )

    rules = pages[ita.HrCriteriaPage].specific
    rules.rules = [
        ita.HrRule(kind=kind, title=f"หลักเกณฑ์{label}", document=doc(str(label)))
        for kind, label in HrRuleKind.choices
    ]
    rules.save_revision(clean=False).publish()
    ethics = pages[ita.EthicsPage].specific
    ethics.code_document = doc("ประมวลจริยธรรมของพนักงานเทศบาล")
    ethics.group_order_document = doc("คำสั่งแต่งตั้งคณะทำงานขับเคลื่อนจริยธรรม")
    ethics.save_revision(clean=False)
    ita.EthicsPage.objects.filter(pk=ethics.pk).update(
        code_document=ethics.code_document,
        group_order_document=ethics.group_order_document,
    )
    user = get_user_model().objects.create_superuser(
        "hr", "hr@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    invalidate()
    return {"site": site, "plan": pages[ita.HrPlanPage], "ethics": ethics}


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "hr")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def publish(page):
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))


def rich_text(page, name, text):
    box = page.locator(f"[data-contentpath='{name}'] [contenteditable='true']")
    box.click()
    box.type(text)


def item_row(page, code):
    return page.locator(
        f'tr.ita-items__row:not(.ita-items__row--part)[data-ita-item="{code}"]'
    )


def check_public(page, name, axe_script, failures):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{name} scrolls sideways at {width} px")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"{name} at {width} px: {describe(violations)}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_hr_officer_fills_the_plan_and_the_ethics_page(municipality, live_server, page):
    from ita_wagtail import models as ita
    from ita_wagtail.thai import today

    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    log_in(page, base)
    failures = []
    axe_script = axe_script_path()

    # The HR plan: goals and two projects, 150,000 + 48,500.50 baht.
    plan = municipality["plan"]
    page.goto(f"{base}/admin/pages/{plan.pk}/edit/")
    rich_text(page, "goals", "พัฒนาพนักงานให้มีทักษะดิจิทัลและยึดมั่นในจริยธรรม")
    projects = [
        ("อบรมทักษะดิจิทัลสำหรับพนักงาน", "development", "มกราคม – มีนาคม", "150000"),
        ("สรรหาพนักงานจ้างทดแทนตำแหน่งว่าง", "management", "ตลอดปีงบประมาณ", "48500.50"),
    ]
    for n, (name, category, period, budget) in enumerate(projects):
        page.locator("#id_projects-ADD").click()
        page.locator(f"#id_projects-{n}-name").fill(name)
        page.locator(f"#id_projects-{n}-category").select_option(category)
        page.locator(f"#id_projects-{n}-target_group").fill("พนักงานเทศบาล 48 คน")
        page.locator(f"#id_projects-{n}-period").fill(period)
        page.locator(f"#id_projects-{n}-budget").fill(budget)
    publish(page)
    plan = ita.HrPlanPage.objects.get(pk=plan.pk)
    assert plan.live and plan.total_budget == pytest.approx(198500.50)

    # The ethics page: summary, Do's and Don'ts, a member, an activity today.
    ethics = municipality["ethics"]
    page.goto(f"{base}/admin/pages/{ethics.pk}/edit/")
    rich_text(page, "code_summary", "ซื่อสัตย์สุจริต รับผิดชอบ และคำนึงถึงประโยชน์ส่วนรวม")
    page.locator("#id_dos").fill("ให้บริการประชาชนอย่างเท่าเทียม\nแจ้งผลประโยชน์ทับซ้อน")
    page.locator("#id_donts").fill("ไม่รับของขวัญจากการปฏิบัติหน้าที่\nไม่ใช้ทรัพย์สินราชการส่วนตัว")
    page.locator("#id_members-ADD").click()
    page.locator("#id_members-0-name").fill("นางสาววิไลวรรณ จันทร์เพ็ญ")
    page.locator("#id_members-0-position").fill("ปลัดเทศบาล")
    page.locator("#id_members-0-role").fill("ประธานคณะทำงาน")
    day = today()
    page.locator("#id_activities-ADD").click()
    page.locator("#id_activities-0-date").fill(
        f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    )
    page.locator("#id_activities-0-title").fill("อบรมคุณธรรมจริยธรรมประจำปี")
    page.locator("#id_activities-0-participants").fill("61")
    page.locator("#id_activities-0-content").fill("ประมวลจริยธรรมและ Do's & Don'ts")
    page.keyboard.press("Escape")
    publish(page)
    ethics = ita.EthicsPage.objects.get(pk=ethics.pk)
    assert ethics.live and ethics.activities.get().date == day
    assert ethics.ita_missing_fields() == []

    # The dashboard: O13 (rules and plan) and O15 (ethics) pass.
    page.goto(f"{base}/admin/ita/compliance/")
    for code in ("O13", "O15"):
        row = item_row(page, code)
        assert row.locator("[data-ita-score]").inner_text().strip() == "100", code
        assert row.locator(".ita-status__label").inner_text() == "เรียบร้อย"

    # The public pages.
    page.goto(urljoin(base, urlsplit(plan.get_url()).path))
    text = page.locator("main, body").first.inner_text()
    assert "198,500.50" in text and "อบรมทักษะดิจิทัลสำหรับพนักงาน" in text
    check_public(page, "hr-plan", axe_script, failures)

    page.goto(urljoin(base, urlsplit(ethics.get_url()).path))
    text = page.locator("main, body").first.inner_text()
    assert "ไม่รับของขวัญจากการปฏิบัติหน้าที่" in text and "นางสาววิไลวรรณ จันทร์เพ็ญ" in text
    assert str(day.year + 543) in text
    meta = page.locator("a.ita-doc .ita-doc__meta").first.inner_text()
    assert re.fullmatch(r"\(PDF, [\d.,]+\s*\S+\)", meta), meta
    check_public(page, "ethics", axe_script, failures)

    page.goto(urljoin(base, urlsplit(ita.HrCriteriaPage.objects.get().get_url()).path))
    check_public(page, "hr-criteria", axe_script, failures)

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
