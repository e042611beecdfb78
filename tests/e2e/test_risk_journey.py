"""A clerk enters the corruption-risk register in the Thai admin and publishes
it; the public 5×5 matrix puts each risk in its cell.

The site answers the OIT list of 2569; ``ita_setup`` has made the register's
draft. In the Thai admin the clerk adds two risks (procurement 4×5, very
high; vehicle use 2×2, medium) with their measures and publishes. The public
page shows R1 in the cell likelihood 4 / impact 5 and R2 in 2 / 2, with the
level in words. The report on the previous year (made in the database) is
checked too. axe-core finds nothing at 1280 and 390 px; screenshots at both
widths and in print go to ``/tmp/shots-risk/``.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

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

WIDTHS = (1280, 390)
SHOTS = Path("/tmp/shots-risk")


@pytest.fixture
def municipality(live_server):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from ita_wagtail.setup import setup_ita_section
    from ita_wagtail.thai import fiscal_year, today

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    year = fiscal_year(today())
    settings_row = ita.ComplianceSettings.for_site(site)
    ita.CriteriaSetChoice.objects.update_or_create(
        settings=settings_row, fiscal_year=year, defaults={"criteria_set": "oit-2569"}
    )
    setup_ita_section(site)
    index = ita.ItaIndexPage.objects.get()
    index.save_revision().publish()
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    return {"site": site, "year": year, "index": index}


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def add_risk(page, n, area, risk, likelihood, impact, measures):
    page.locator("#id_risks-ADD").click()
    page.locator(f"#id_risks-{n}-area").select_option(area)
    page.locator(f"#id_risks-{n}-risk").fill(risk)
    page.locator(f"#id_risks-{n}-likelihood").select_option(str(likelihood))
    page.locator(f"#id_risks-{n}-impact").select_option(str(impact))
    page.locator(f"#id_risks-{n}-measures").fill(measures)


def check_public(page, name, axe_script, failures):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{name} scrolls sideways at {width} px")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"{name} at {width} px: {describe(violations)}")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")


def test_clerk_enters_risks_and_the_matrix_shows_them(municipality, live_server, page):
    from ita_wagtail import models as ita

    SHOTS.mkdir(exist_ok=True)
    base, year = live_server.url, municipality["year"]
    draft = ita.RiskAssessmentPage.objects.get(slug="risk-assessment")
    assert draft.fiscal_year == year and not draft.live

    log_in(page, base)
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    assert page.get_by_text("ทะเบียนความเสี่ยงการทุจริต").first.is_visible()
    add_risk(
        page,
        0,
        "procurement",
        "แบ่งซื้อแบ่งจ้างเพื่อให้วงเงินต่ำกว่าเกณฑ์",
        4,
        5,
        "สืบราคาอย่างน้อย 3 ราย",
    )
    add_risk(
        page,
        1,
        "authority",
        "ใช้รถยนต์ส่วนกลางเพื่อประโยชน์ส่วนตน",
        2,
        2,
        "ตรวจเลขไมล์กับใบเบิกน้ำมันทุกเดือน",
    )
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    register = ita.RiskAssessmentPage.objects.get(pk=draft.pk)
    assert register.live
    assert [(r.likelihood, r.impact) for r in register.risks.all()] == [(4, 5), (2, 2)]

    # The previous year's register and its report, for the report's page.
    previous = ita.RiskAssessmentPage(
        title=f"การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {year - 1}",
        slug="risk-assessment-previous-year",
        fiscal_year=year - 1,
    )
    municipality["index"].add_child(instance=previous)
    previous.risks = [
        ita.CorruptionRisk(
            area="budget",
            risk="เบิกค่าเดินทางเกินจริง",
            likelihood=3,
            impact=4,
            measures="ตรวจหลักฐานทุกฎีกา",
        )
    ]
    previous.save_revision().publish()
    # The report's first edit offers the row of that register's risk.
    report = ita.RiskManagementReportPage.objects.get(slug="risk-management-report")
    page.goto(f"{base}/admin/pages/{report.pk}/edit/")
    offered = page.locator("#id_results-0-risk")
    assert offered.input_value() == str(
        ita.CorruptionRisk.objects.get(page_id=previous.pk).pk
    )
    page.locator("#id_results-0-action").fill("ตรวจหลักฐานครบ 84 ฎีกา")
    page.locator("#id_results-0-status").select_option("done")
    page.locator("#id_results-0-result").fill("พบเอกสารไม่ครบ 2 ฎีกา แก้ไขแล้ว")
    page.locator("#id_results-0-residual_likelihood").select_option("1")
    page.locator("#id_results-0-residual_impact").select_option("3")
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    report = ita.RiskManagementReportPage.objects.get(pk=report.pk)
    assert report.live and report.ita_missing_fields() == []

    axe_script = axe_script_path()
    failures = []
    page.goto(base + urlsplit(register.get_url()).path)
    matrix = page.locator("table.ita-risk-matrix")
    assert matrix.locator("tbody th[scope=row]").all_inner_texts() == [
        f"โอกาสเกิด {n}" for n in (5, 4, 3, 2, 1)
    ]
    top = matrix.locator('td[data-likelihood="4"][data-impact="5"]').inner_text()
    assert "R1" in top and "สูงมาก" in top
    low = matrix.locator('td[data-likelihood="2"][data-impact="2"]').inner_text()
    assert "R2" in low and "ปานกลาง" in low
    empty = matrix.locator('td[data-likelihood="5"][data-impact="5"]').inner_text()
    assert empty.startswith("0")
    assert "การจัดซื้อจัดจ้าง" in page.locator("table.ita-table").inner_text()
    check_public(page, "risk-assessment", axe_script, failures)

    page.goto(base + urlsplit(report.get_url()).path)
    text = page.locator("main, body").first.inner_text()
    assert "ตรวจหลักฐานครบ 84 ฎีกา" in text and "(ลดลง)" in text
    check_public(page, "risk-management-report", axe_script, failures)

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
