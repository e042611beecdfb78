"""Every public page of the demo municipality on a 1280 px screen, on a 390 px
phone and on A4 paper: tables show every column, phones never scroll
sideways, and axe-core finds no WCAG 2.1 AA violation.

One page of each public page type (and each routed view: a register record,
the annual and monthly summaries, the channel results and statistics, the
published quarterly report) is loaded once per width. Full-page screenshots
of สขร.1 at both widths and its printed PDF land in
``test-artifacts/screenshots/``.
"""

import re
from io import StringIO
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
CARDS_UP_TO = 600  # px: ita.css turns table rows into cards at and below this width

# A4 landscape less the 10 mm margins of ita.css's @page, in CSS pixels (96 dpi).
A4_LANDSCAPE_CONTENT_WIDTH = round((297 - 2 * 10) / 25.4 * 96)

SKR1_COLUMNS = [
    "ลำดับที่",
    "งานที่จัดซื้อหรือจัดจ้าง",
    "วงเงินที่จะซื้อหรือจ้าง (บาท)",
    "ราคากลาง (บาท)",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสรุป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
]

# Everything that can go wrong with the tables of the page as it is shown.
CHECK_TABLES = """
(cardsUpTo) => {
    const root = document.scrollingElement;
    const viewport = root.clientWidth;
    const cards = viewport <= cardsUpTo;
    const text = (el) => el.textContent.replace(/\\s+/g, " ").trim();
    const problems = [];
    if (root.scrollWidth > viewport) {
        problems.push(`the page scrolls sideways: ${root.scrollWidth} px in a ${viewport} px window`);
    }
    const tables = Array.from(document.querySelectorAll("main table"));
    tables.forEach((table, index) => {
        const name = table.caption ? `“${text(table.caption).slice(0, 50)}”` : `table ${index + 1}`;
        const head = table.tHead;
        const headerRow = head && head.rows[head.rows.length - 1];
        if (!headerRow) {
            problems.push(`${name}: no header row`);
            return;
        }
        if (table.matches(".ita-risk-matrix")) {
            // A grid read across and down (the 5×5 risk matrix): it stays a
            // grid at every width, whole inside the window.
            const r = table.getBoundingClientRect();
            if (r.left < -1 || r.right > viewport + 1) {
                problems.push(`${name}: the grid spans ${Math.round(r.left)}–${Math.round(r.right)} px in a ${viewport} px window`);
            }
            return;
        }
        const headers = [];
        for (const th of headerRow.cells) {
            // An abbreviated header (<abbr title="ตุลาคม">ต.ค.</abbr>) labels
            // its cards with the word in full.
            const abbr = th.querySelector("abbr[title]");
            const heading = abbr && text(th) === text(abbr) ? abbr.title.trim() : text(th);
            for (let k = 0; k < th.colSpan; k++) headers.push(heading);
        }
        // Every body and footer cell is labelled with its own column's header.
        for (const section of [...table.tBodies, table.tFoot].filter(Boolean)) {
            for (const row of section.rows) {
                let column = 0;
                for (const cell of row.cells) {
                    const header = headers[column];
                    column += cell.colSpan;
                    const label = cell.getAttribute("data-label");
                    if (label === null) {
                        if (cell.tagName === "TD" && cell.colSpan === 1 && text(cell)) {
                            problems.push(`${name}: a cell under “${header}” has no data-label`);
                        }
                    } else if (label.replace(/\\s+/g, " ").trim() !== header) {
                        problems.push(`${name}: a cell labelled “${label}” is under “${header}”`);
                    }
                }
            }
        }
        if (!cards) {
            // Every column header inside the window and inside the table's box.
            const box = table.parentElement.getBoundingClientRect();
            const left = Math.max(0, box.left);
            const right = Math.min(viewport, box.right);
            for (const th of headerRow.cells) {
                const r = th.getBoundingClientRect();
                if (r.left < left - 1 || r.right > right + 1) {
                    problems.push(`${name}: column “${text(th)}” at ${Math.round(r.left)}–${Math.round(r.right)} px is outside ${Math.round(left)}–${Math.round(right)} px`);
                }
            }
            return;
        }
        // Cards: no visible header row, rows as blocks, each cell showing its label.
        const headBox = head.getBoundingClientRect();
        if (headBox.width > 1 || headBox.height > 1) {
            problems.push(`${name}: the header row is still shown at ${viewport} px`);
        }
        const row = table.querySelector("tbody tr");
        if (row && getComputedStyle(row).display === "table-row") {
            problems.push(`${name}: the rows are not cards at ${viewport} px`);
        }
        for (const cell of table.querySelectorAll("tbody > tr > [data-label], tfoot > tr > [data-label]")) {
            if (getComputedStyle(cell).display === "none") continue;
            const r = cell.getBoundingClientRect();
            if (r.left < -1 || r.right > viewport + 1) {
                problems.push(`${name}: a “${cell.dataset.label}” cell is outside the window`);
            }
            const shown = getComputedStyle(cell, "::before").content;
            if (shown !== JSON.stringify(cell.dataset.label)) {
                problems.push(`${name}: a cell does not show its label “${cell.dataset.label}” (shows ${shown})`);
            }
        }
    });
    return {problems: [...new Set(problems)], tables: tables.length};
}
"""

MONTH_LINKS = """
(summaryPath) => {
    const pattern = new RegExp("^" + summaryPath + "\\\\d{4}/\\\\d{1,2}/$");
    const links = Array.from(document.querySelectorAll("main table a[href]"), (a) => new URL(a.href).pathname);
    return [...new Set(links.filter((p) => pattern.test(p)))];
}
"""


def path_of(page):
    return urlsplit(page.get_url()).path


@pytest.fixture
def public_paths(demo_site):
    """One page of each public type under the ITA index, with its routed views.

    Read from the database before the browser starts (see ``browser``).
    """
    from django.core.management import call_command
    from django.db.models import Count

    from ita_wagtail import models as ita
    from ita_wagtail.thai import fiscal_year, today

    # The demo's quarterly report, published as a page of the ITA section.
    call_command("ita_quarterly_report", "--replace", "--publish", stdout=StringIO())

    index = ita.ItaIndexPage.objects.live().get()
    paths = {"home": "/"}
    summary = None
    seen = set()
    for page in [index, *index.get_descendants().live().public().specific()]:
        if type(page) in seen:
            continue
        seen.add(type(page))
        base = path_of(page)
        paths[type(page).__name__] = base
        if isinstance(page, ita.ProcurementIndexPage):
            record = (
                page.records()
                .annotate(bid_count=Count("bids"))
                .order_by("-bid_count", "pk")
            ).first()
            paths["procurement record"] = f"{base}{record.pk}/"
        elif isinstance(page, ita.ProcurementSummaryPage):
            summary = base
            paths["annual summary"] = f"{base}{fiscal_year(today())}/"
        elif isinstance(page, ita.FeedbackPage):
            paths["feedback results"] = f"{base}results/"
        elif isinstance(page, ita.ComplaintPage):
            paths["complaint statistics"] = f"{base}statistics/"
            paths["complaint statistics, quarter"] = (
                f"{base}statistics/{fiscal_year(today())}/q1/"
            )
            paths["case status"] = f"{base}status/"
    assert ita.ComplianceReportPage in seen, "the quarterly report was not published"
    assert summary, "the demo has no procurement summary page"
    return paths, summary


@pytest.fixture
def axe_script():
    """Asked for first, so that a missing axe-core stops the test before the demo loads."""
    return axe_script_path()


def test_public_pages_fit_at_1280_and_390_px_with_no_axe_violation(
    axe_script, public_paths, live_server, browser, screenshots
):
    paths, summary_path = public_paths
    failures = []
    skr1_paths = []
    for width in WIDTHS:
        context = browser.new_context(
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            viewport={"width": width, "height": 900},
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        # The monthly summaries (สขร.1) are found on the summary page at the
        # first width and appended to the list being walked.
        queue = list(paths.items())
        if skr1_paths:
            queue += [(f"สขร.1 {p}", p) for p in skr1_paths]
        table_count = 0
        for name, path in queue:
            response = page.goto(urljoin(live_server.url, path))
            where = f"{width} px, {name} ({path})"
            if response.status != 200:
                failures.append(f"{where}: HTTP {response.status}")
                continue
            result = page.evaluate(CHECK_TABLES, CARDS_UP_TO)
            table_count += result["tables"]
            failures += [f"{where}: {problem}" for problem in result["problems"]]
            violations = axe_violations(page, axe_script) if axe_script else []
            if violations:
                failures.append(f"{where}: axe: {describe(violations)}")
            if path == summary_path and not skr1_paths:
                skr1_paths = page.evaluate(MONTH_LINKS, summary_path)
                queue += [(f"สขร.1 {p}", p) for p in skr1_paths]
            if name.startswith("สขร.1") and path == skr1_paths[0]:
                page.screenshot(path=screenshots / f"skr1-{width}.png", full_page=True)
            if name == "home" and width < CARDS_UP_TO:
                failures += [f"{where}: {p}" for p in menu_problems(page)]
        # The pages above carry tables: a run that saw none checked nothing.
        assert table_count >= 20, f"only {table_count} tables at {width} px"
        context.close()
    assert skr1_paths, "the procurement summary links no monthly summary (สขร.1)"
    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"layout checked, accessibility not: {missing_message(axe_location())}"
        )


def menu_problems(page):
    """On a phone every item of the demo's main menu can be reached."""
    problems = []
    toggle = page.locator(".main-nav__toggle")
    if toggle.is_visible():
        if toggle.get_attribute("aria-expanded") != "false":
            problems.append("the menu button does not start closed")
        toggle.click()
        if toggle.get_attribute("aria-expanded") != "true":
            problems.append("the menu button does not say the menu is open")
    viewport = page.evaluate("() => document.scrollingElement.clientWidth")
    links = page.locator(".main-nav__link")
    names = []
    for i in range(links.count()):
        link = links.nth(i)
        box = link.bounding_box()
        names.append(link.inner_text().strip())
        if not link.is_visible() or box is None or box["x"] < 0:
            problems.append(f"menu item “{names[-1]}” is hidden")
        elif box["x"] + box["width"] > viewport + 1:
            problems.append(f"menu item “{names[-1]}” is outside the window")
    for expected in ("ITA เปิดเผยข้อมูล", "ติดต่อเรา"):
        if expected not in names:
            problems.append(f"the menu has no “{expected}”")
    return problems


def test_skr1_prints_every_column_on_a4_landscape_without_the_host_navigation(
    public_paths, live_server, browser, screenshots
):
    paths, summary_path = public_paths
    context = browser.new_context(
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.goto(urljoin(live_server.url, summary_path))
    month_path = page.evaluate(MONTH_LINKS, summary_path)[0]
    page.goto(urljoin(live_server.url, month_path))

    # Laid out as the printer lays it out: print styles, the sheet's width.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_LANDSCAPE_CONTENT_WIDTH, "height": 800})
    headers = page.evaluate(COLUMN_HEADERS)
    assert [h["text"] for h in headers] == SKR1_COLUMNS
    assert not beyond_the_sheet(headers), beyond_the_sheet(headers)

    shown = page.evaluate(
        """() => Object.fromEntries(
            [".topbar", ".site-header", ".main-nav", ".site-footer", "main .ita"].map(
                (s) => [s, document.querySelector(s).getBoundingClientRect().height > 0]
            )
        )"""
    )
    assert shown == {
        ".topbar": False,
        ".site-header": False,
        ".main-nav": False,
        ".site-footer": False,
        "main .ita": True,
    }

    # The PDF Chromium prints: A4 landscape pages (842 × 595 pt), as @page asks.
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (screenshots / "skr1-print.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes
    for width, height in boxes:
        assert abs(float(width) - 841.9) < 1 and abs(float(height) - 595.3) < 1, (
            width,
            height,
        )

    # The other wide tables fit the sheet too.
    for name in ("ItaIndexPage", "ProcurementIndexPage", "complaint statistics"):
        page.goto(urljoin(live_server.url, paths[name]))
        headers = page.evaluate(COLUMN_HEADERS)
        assert headers, name
        assert not beyond_the_sheet(headers), (name, beyond_the_sheet(headers))
    context.close()


COLUMN_HEADERS = """
() => Array.from(document.querySelectorAll("main table thead th"), (th) => {
    const r = th.getBoundingClientRect();
    return {text: th.textContent.replace(/\\s+/g, " ").trim(), left: r.left, right: r.right};
})
"""


def beyond_the_sheet(headers):
    return [
        f"{h['text']} ({h['left']:.0f}–{h['right']:.0f} px of {A4_LANDSCAPE_CONTENT_WIDTH})"
        for h in headers
        if h["left"] < 0 or h["right"] > A4_LANDSCAPE_CONTENT_WIDTH + 0.5
    ]
