"""A clerk records two gifts in the register and publishes the No Gift pages.

In the Thai admin the clerk adds two entries to the gift register (B.E.
dates, amounts in baht) for the previous fiscal year, creates and publishes
that year's gift report, and the current year's No Gift Policy page. The
public report shows the figures counted from the register; both public pages
pass axe-core (WCAG 2.1 AA) at 1280 and 390 px and do not scroll sideways.
Screenshots at 1280 px, 390 px and printed go to ``/tmp/shots-nogift/``.
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

WIDTHS = (1280, 390)
SHOTS = Path("/tmp/shots-nogift")


@pytest.fixture
def municipality(live_server, live_media):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    index = ita.ItaIndexPage(title="ข้อมูลสาธารณะ (ITA)", slug="ita")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    return {"site": site, "index": index}


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def publish(page):
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    try:
        page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    except Exception:
        page.screenshot(path=str(SHOTS / "publish-failed.png"), full_page=True)
        errors = page.locator(
            ".error-message, .help-critical, .messages"
        ).all_inner_texts()
        raise AssertionError(f"not published: {errors}") from None


def add_gift(page, base, day, what, giver, value, outcome):
    page.goto(f"{base}/admin/ita/gift-register/add/")
    page.fill("#id_date", day)
    page.fill("#id_official_name", "นายช่างโยธา ตั้งใจ")
    page.fill("#id_official_position", "ผู้อำนวยการกองช่าง")
    page.fill("#id_official_unit", "กองช่าง")
    page.select_option("#id_giver_type", "organisation")
    page.fill("#id_giver", giver)
    page.fill("#id_relationship", "ผู้รับจ้าง")
    page.fill("#id_description", what)
    page.fill("#id_value", value)
    page.select_option("#id_outcome", outcome)
    page.fill("#id_action", "ดำเนินการตามนโยบาย No Gift Policy")
    page.locator("form button[type=submit]").filter(has_text="บันทึก").first.click()
    page.wait_for_url(re.compile(r".*/admin/ita/gift-register/$"))


def check_public(page, url, name, axe_script, failures):
    page.goto(url)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
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


def test_clerk_records_gifts_and_publishes_the_no_gift_pages(
    municipality, live_server, page
):
    from ita_wagtail import models as ita
    from ita_wagtail.thai import fiscal_year, fiscal_year_bounds, today

    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    index = municipality["index"]
    year = fiscal_year(today())
    last_year = year - 1
    start, _end = fiscal_year_bounds(last_year)
    log_in(page, base)

    # Two gifts of last fiscal year, dates typed in B.E., amounts in baht.
    first_day = f"15/11/{start.year + 543}"
    second_day = f"10/01/{start.year + 544}"
    add_gift(
        page,
        base,
        first_day,
        "กระเช้าของขวัญปีใหม่",
        "ห้างหุ้นส่วนจำกัด ตัวอย่างการโยธา",
        "1,200.50",
        "returned",
    )
    add_gift(
        page,
        base,
        second_day,
        "ปฏิทินและสมุดบันทึก",
        "บริษัท ตัวอย่างวัสดุ จำกัด",
        "300",
        "accepted",
    )
    entries = list(ita.GiftRegisterEntry.objects.order_by("date"))
    assert [e.fiscal_year for e in entries] == [last_year, last_year]
    assert str(entries[0].value) == "1200.50"
    # The register lists them with B.E. dates and baht, filtered by year.
    page.goto(f"{base}/admin/ita/gift-register/?fiscal_year={last_year}")
    listing = page.locator("main").inner_text()
    assert "1,200.50 บาท" in listing
    assert str(last_year)[-2:] in listing or str(last_year) in listing

    # The gift report of last year: created, the year offered by default.
    page.goto(f"{base}/admin/pages/add/ita_wagtail/giftreportpage/{index.pk}/")
    assert page.locator("#id_fiscal_year").input_value() == str(last_year)
    page.fill("#id_title", f"รายงานการรับของขวัญ ปีงบประมาณ พ.ศ. {last_year}")
    # Wagtail fills the slug from the title when the title loses focus.
    page.locator("#id_title").press("Tab")
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")
    publish(page)
    report = ita.GiftReportPage.objects.get()
    assert report.live
    # The Thai title's slug is replaced by an ASCII one by year.
    assert report.slug == f"gift-report-{last_year}"

    # The No Gift Policy of this year.
    page.goto(f"{base}/admin/pages/add/ita_wagtail/nogiftpolicypage/{index.pk}/")
    page.fill("#id_title", f"ประกาศเจตนารมณ์ No Gift Policy ปีงบประมาณ พ.ศ. {year}")
    # Wagtail fills the slug from the title when the title loses focus.
    page.locator("#id_title").press("Tab")
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")
    page.fill("#id_executive_name", "นายประเสริฐ วงศ์ไพบูลย์")
    statement = page.locator("[data-contentpath='statement'] [contenteditable='true']")
    statement.click()
    statement.type("ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่")
    page.locator("#id_executive_name").click()  # Draftail saves on blur
    page.wait_for_timeout(500)
    publish(page)
    policy = ita.NoGiftPolicyPage.objects.get()
    assert policy.live and policy.fiscal_year == year

    axe_script = axe_script_path()
    failures = []

    # The public report: the figures counted from the register.
    report_url = urljoin(base, urlsplit(report.get_url()).path)
    page.goto(report_url)
    text = page.locator("main, body").first.inner_text()
    assert f"ปีงบประมาณ พ.ศ. {last_year}" in text
    assert "1,500.50 บาท" in text  # the total
    assert "1,200.50 บาท" in text and "300.00 บาท" in text
    assert "กระเช้าของขวัญปีใหม่" in text and "ปฏิทินและสมุดบันทึก" in text
    assert "ส่งคืนผู้ให้" in text
    assert page.locator("a.ita-doc", has_text="XLSX").count() == 1
    check_public(page, report_url, "gift-report", axe_script, failures)

    policy_url = urljoin(base, urlsplit(policy.get_url()).path)
    page.goto(policy_url)
    text = page.locator("main, body").first.inner_text()
    assert "นายประเสริฐ วงศ์ไพบูลย์" in text
    assert "ไม่รับของขวัญ" in text, text[:1500]
    check_public(page, policy_url, "no-gift-policy", axe_script, failures)

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
