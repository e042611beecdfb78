"""The corruption channel's statistics and procedure pages in a browser: on a
1280 px screen, on a 390 px phone and printed on A4, every table shows every
column (cards on the phone), nothing scrolls sideways, and axe-core finds no
WCAG 2.1 AA violation. Screenshots land in ``test-artifacts/screenshots/``.
"""

from datetime import datetime
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from tests.e2e.axe import (
    axe_location,
    axe_script_path,
    axe_violations,
    describe,
    missing_message,
)
from tests.e2e.test_tables_fit import (
    A4_LANDSCAPE_CONTENT_WIDTH,
    CARDS_UP_TO,
    CHECK_TABLES,
    WIDTHS,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def corruption_pages(live_server, live_media):
    """Paths of the corruption channel, its procedure and a statistics page
    with cases, read before the browser starts (see ``browser``)."""
    from wagtail.models import Site

    from ita_wagtail import models as ita
    from ita_wagtail import thai
    from ita_wagtail.models.channels import Case, CaseCategory, CaseStatus

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()

    def add(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    index = add(site.root_page, ita.ItaIndexPage(title="ITA", slug="ita"))
    model = ita.CorruptionComplaintPage
    channel = add(
        index,
        model(
            title=str(model.ita_default_title()),
            slug=model.ita_slug,
            **model.ita_initial_values(index),
        ),
    )
    year = thai.fiscal_year(thai.today()) - 1
    first_day, _last = thai.fiscal_year_bounds(year)
    for number, status in enumerate(
        [CaseStatus.ANSWERED, CaseStatus.IN_PROGRESS, CaseStatus.CLOSED]
    ):
        Case(
            site=site,
            category=CaseCategory.CORRUPTION,
            subject="เรียกรับเงินค่าออกใบอนุญาต",
            details="เจ้าหน้าที่เรียกรับเงินนอกระบบ",
            status=status,
            public_reply="ตรวจสอบแล้ว" if status == CaseStatus.ANSWERED else "",
            received_at=timezone.make_aware(
                datetime(first_day.year, first_day.month + number, 5, 10),
                thai.BANGKOK,
            ),
        ).save()
    statistics = add(
        channel,
        ita.ComplaintStatisticsPage(
            title=f"สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ ปีงบประมาณ พ.ศ. {year}",
            slug=f"statistics-{year}",
            fiscal_year=year,
        ),
    )
    procedure = add(
        channel,
        ita.ComplaintProcedurePage(
            title="แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
            slug="procedure",
            **ita.ComplaintProcedurePage.ita_initial_values(channel),
        ),
    )
    return {
        "channel": urlsplit(channel.get_url()).path,
        "statistics": urlsplit(statistics.get_url()).path,
        "procedure": urlsplit(procedure.get_url()).path,
    }


def test_corruption_pages_fit_screen_phone_and_paper(
    corruption_pages, live_server, browser, screenshots
):
    axe_script = axe_script_path()
    failures = []
    for width in WIDTHS:
        context = browser.new_context(
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            viewport={"width": width, "height": 900},
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        for name, path in corruption_pages.items():
            response = page.goto(urljoin(live_server.url, path))
            where = f"{width} px, {name} ({path})"
            if response.status != 200:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            result = page.evaluate(CHECK_TABLES, CARDS_UP_TO)
            failures += [f"{where}: {problem}" for problem in result["problems"]]
            if name != "channel" and not result["tables"]:
                failures.append(f"{where}: no table")
            violations = axe_violations(page, axe_script) if axe_script else []
            if violations:
                failures.append(f"{where}: axe: {describe(violations)}")
            if name != "channel":
                page.screenshot(
                    path=screenshots / f"corruption-{name}-{width}.png", full_page=True
                )
        context.close()
    # Printed: A4 landscape, no cards, every column on the paper.
    context = browser.new_context(
        locale="th-TH",
        viewport={"width": A4_LANDSCAPE_CONTENT_WIDTH, "height": 900},
    )
    page = context.new_page()
    page.emulate_media(media="print")
    for name in ("statistics", "procedure"):
        page.goto(urljoin(live_server.url, corruption_pages[name]))
        result = page.evaluate(CHECK_TABLES, 0)
        failures += [f"print, {name}: {problem}" for problem in result["problems"]]
        page.pdf(path=str(screenshots / f"corruption-{name}.pdf"), landscape=True)
    context.close()
    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"layout checked, accessibility not: {missing_message(axe_location())}"
        )
