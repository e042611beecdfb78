"""Staff enter the anti-corruption plan with two projects in the Thai admin,
publish it, then last year's report is published; the public pages show the
projects, totals and B.E. dates, fit at 1280 and 390 px and pass axe-core.

Screenshots (1280, 390, print) go to ``/tmp/shots-anticorruption/``.
"""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.axe import axe_script_path, axe_violations, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots-anticorruption")
WIDTHS = (1280, 390)


def close_date_pickers(page):
    """A date typed in leaves Wagtail's date picker open over the footer."""
    page.keyboard.press("Escape")
    page.locator("#id_title").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for(state="hidden")


@pytest.fixture
def section(live_server):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from tests.factories import add_child

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    index = add_child(site.root_page, ita.ItaIndexPage(title="ITA", slug="ita"))
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    return index


def look(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    axe = axe_script_path()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert overflow <= 0, (name, width, overflow)
        if axe:
            violations = axe_violations(page, axe)
            assert not violations, describe(violations)
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})


def be(day):
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def test_staff_enter_the_plan_then_the_report(section, live_server, page):
    from ita_wagtail import models as ita
    from ita_wagtail.thai import fiscal_year, fiscal_year_bounds, today

    base = live_server.url
    year = fiscal_year(today())
    start, end = fiscal_year_bounds(year)
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    page.goto(
        f"{base}/admin/pages/add/ita_wagtail/anticorruptionplanpage/{section.pk}/"
    )
    page.fill("#id_title", f"แผนปฏิบัติการป้องกันการทุจริต ปี {year}")
    page.fill("#id_fiscal_year", str(year))
    page.fill("#id_period_start", be(start))
    page.fill("#id_period_end", be(end))
    page.fill("#id_approved_by", "นายสมชาย ใจดี นายกเทศมนตรี")
    projects = [
        ("อบรมคุณธรรมจริยธรรมพนักงาน", "50000", start + timedelta(days=31)),
        ("ประกาศเจตจำนงสุจริต", "0", start + timedelta(days=5)),
    ]
    for n, (name, budget, day) in enumerate(projects):
        page.locator("#id_projects-ADD").click()
        page.locator(f"#id_projects-{n}-name").fill(name)
        page.locator(f"#id_projects-{n}-dimension").fill("สร้างสังคมที่ไม่ทนต่อการทุจริต")
        page.locator(f"#id_projects-{n}-budget").fill(budget)
        page.locator(f"#id_projects-{n}-start_date").fill(be(day))
        page.locator(f"#id_projects-{n}-end_date").fill(be(day))
    close_date_pickers(page)
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    plan = ita.AntiCorruptionPlanPage.objects.get()
    assert plan.live and plan.fiscal_year == year
    assert plan.total_budget == Decimal("50000.00")
    assert [p.budget for p in plan.projects.all()] == [Decimal("50000"), Decimal("0")]

    page.goto(plan.full_url)
    assert "50,000.00" in page.content()
    assert "ไม่มีงบประมาณ" in page.content()
    look(page, "plan")

    # The report on the same projects (the plan's year, for the journey).
    page.goto(
        f"{base}/admin/pages/add/ita_wagtail/anticorruptionreportpage/{section.pk}/"
    )
    page.fill("#id_title", f"รายงานผลการดำเนินการป้องกันการทุจริต ปี {year}")
    page.fill("#id_fiscal_year", str(year))
    page.locator("#id_fiscal_year").blur()
    for n, (project, spent) in enumerate(
        zip(plan.projects.all(), ("48500", "0"), strict=True)
    ):
        page.locator("#id_entries-ADD").click()
        page.locator(f"#id_entries-{n}-project").select_option(str(project.pk))
        page.locator(f"#id_entries-{n}-spent").fill(spent)
        page.locator(f"#id_entries-{n}-percent").fill("100")
        page.locator(f"#id_entries-{n}-result").fill("ดำเนินการแล้วเสร็จ")
    close_date_pickers(page)
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    report = ita.AntiCorruptionReportPage.objects.get()
    assert report.live
    figures = report.summary_figures()
    assert figures["spent"] == Decimal("48500.00")
    assert figures["spent_percent"] == Decimal("97.00")
    page.goto(report.full_url)
    assert "48,500.00" in page.content() and "2 จาก 2" in page.content()
    look(page, "report")
