"""A clerk's journey through the compliance screens, in a real browser.

Log in → the dashboard shows a missing item → create it → the score rises →
mark an out-of-date page as reviewed → it leaves the out-of-date list.

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright against
``live_server``; skipped, not failed, when either is missing. The fixtures
follow the shared harness of ``tests/e2e/conftest.py`` (same launch options)
so this module also runs on its own.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import SCREENSHOTS

# serialized_rollback, like every browser test: the site and the seeded
# units must be back for the tests that run after this one.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def tab(browser):
    # English admin: this journey reads Wagtail's own English labels.
    context = browser.new_context(
        locale="en-GB",
        timezone_id="Asia/Bangkok",
        viewport={"width": 1280, "height": 1000},
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


@pytest.fixture
def municipality(settings):
    """An ITA section with everything published except the operating manuals
    (missing) and with the related laws untouched for four months (stale)."""
    from django.contrib.auth import get_user_model
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from ita_wagtail.scoring.cache import invalidate
    from ita_wagtail.thai import fiscal_year, today
    from tests.compliance.builders import publish_complete
    from tests.factories import ita_section

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    section = ita_section()
    # Content for the current fiscal year (a report for a later quarter also
    # counts for the last one that ended), so only the two planted problems show.
    published = publish_complete(
        section,
        when=timezone.now() - timedelta(days=10),
        fiscal_year=fiscal_year(today()),
        quarter=4,
    )
    published[ita.OperatingManualsPage].delete()
    laws = published[ita.RelatedLawsPage]
    ita.RelatedLawsPage.objects.filter(pk=laws.pk).update(
        last_published_at=timezone.now() - timedelta(days=125)
    )
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    invalidate()
    return {"laws": laws}


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"compliance-{name}.png"), full_page=True)


def status_of(row):
    return row.locator(".ita-status__label").first.inner_text().strip()


def site_score(page):
    return float(page.locator("[data-ita-site-score]").first.inner_text())


def test_clerk_fixes_a_missing_item_and_reviews_a_stale_page(
    live_server, tab, municipality
):
    page = tab
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    # The dashboard shows the operating manuals (5.8) as missing.
    page.goto(f"{live_server.url}/admin/ita/compliance/")
    row = page.locator('[data-ita-item="5.8"]')
    assert status_of(row) == "Missing"
    before = site_score(page)
    shot(page, "1-dashboard-missing")

    # Create it from the dashboard's button, and publish it.
    row.locator('[data-ita-action="create"]').click()
    page.wait_for_url(re.compile(r".*/pages/add/ita_wagtail/operatingmanualspage/\d+/"))
    page.fill("#id_title", "คู่มือการปฏิบัติงาน")
    # Wagtail fills the slug from the title when the title loses focus.
    page.locator("#id_title").press("Tab")
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/"))

    # Back on the dashboard, the item exists and the score has risen.
    page.goto(f"{live_server.url}/admin/ita/compliance/")
    row = page.locator('[data-ita-item="5.8"]')
    assert status_of(row) != "Missing"
    after = site_score(page)
    assert after > before
    shot(page, "2-dashboard-after-create")

    # The related laws page is out of date; mark it as reviewed from the report.
    laws_id = municipality["laws"].pk
    page.goto(f"{live_server.url}/admin/ita/out-of-date/")
    stale_row = page.locator(f'[data-ita-stale-page="{laws_id}"]')
    assert stale_row.count() == 1
    shot(page, "3-out-of-date-report")
    stale_row.locator('[data-ita-action="review"]').click()
    page.wait_for_url(re.compile(rf".*/ita/compliance/review/{laws_id}/.*"))
    page.fill("textarea[name='note']", "ตรวจสอบแล้ว กฎหมายยังเป็นฉบับปัจจุบัน")
    shot(page, "4-review-form")
    page.locator("[data-ita-confirm-review]").click()
    page.wait_for_url(re.compile(r".*/admin/ita/out-of-date/.*"))
    assert page.locator(f'[data-ita-stale-page="{laws_id}"]').count() == 0
    shot(page, "5-out-of-date-after-review")

    # …and the dashboard counts it as current again.
    page.goto(f"{live_server.url}/admin/ita/compliance/")
    assert site_score(page) > after
