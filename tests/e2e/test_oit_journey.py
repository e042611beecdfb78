"""A clerk switches the site to a new OIT list and fills its one new item.

A site answers the B.E. 2562 measure with every page published. A new
year's list arrives as a file in ``ITA_CRITERIA_DIRS`` before the app has a
page type for all of it: here "oit-2570", the 2569 list whose O23 asks for
something no page type serves (a kind of its own). The clerk, in the Thai
admin, chooses it for the current fiscal year in Settings › ITA monitoring;
``ita_setup --criteria-set oit-2570`` adds the structured drafts the list
needs and a draft generic page for O23; the clerk writes O23's page,
uploads its PDF from the document chooser and publishes it. The dashboard then lists the 26 OIT items with O23
at 100 and the site score up by one item's share; the public ITA index links
O23 to the page, which shows the item's title and the document with its type
and size. Switching back to ita-2562 keeps every page and every URL.

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright against
``live_server``, as in ``tests/e2e/conftest.py``. Screenshots of the
dashboard and the public page at 1280 and 390 px are written to the test's
``tmp_path``; axe-core checks the public pages (``tests/e2e/axe.py``).
"""

import re
from datetime import timedelta
from io import StringIO
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OIT = "oit-2570"
#: The item the clerk fills: one page, current fiscal year, no parts; its
#: kind is new in the list, so no page type serves it.
ITEM = "O23"
ITEM_KIND = "anticorruption_campaign"
ITEM_TITLE = "แผนปฏิบัติการป้องกันการทุจริต"
WIDTHS = (1280, 390)


def new_year_list(folder):
    """oit-2569 as the next year's list, its O23 asking for a new kind."""
    from pathlib import Path

    import ita_wagtail.criteria

    shipped = Path(ita_wagtail.criteria.__file__).parent / "sets" / "oit-2569.toml"
    text = shipped.read_text(encoding="utf-8")
    for old, new in (
        ('key = "oit-2569"', f'key = "{OIT}"'),
        ("\nfiscal_year = 2569\n", "\nfiscal_year = 2570\n"),
        ("(ITA) พ.ศ. 2569", "(ITA) พ.ศ. 2570"),
        ("(ITA), B.E. 2569", "(ITA), B.E. 2570"),
        ('kinds = ["anticorruption_plan"]', f'kinds = ["{ITEM_KIND}"]'),
    ):
        assert old in text, old
        text = text.replace(old, new)
    (folder / f"{OIT}.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def municipality(settings, live_server, live_media, tmp_path_factory):
    """The 2562 measure's ITA section, every page published with this fiscal
    year's content, on the live server; a Thai-speaking superuser."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail.scoring.cache import invalidate
    from ita_wagtail.thai import fiscal_year, today
    from tests.compliance.builders import publish_complete
    from tests.factories import ita_section

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    lists = tmp_path_factory.mktemp("criteria")
    new_year_list(lists)
    # Overriding the setting clears the criteria cache (setting_changed).
    settings.ITA_CRITERIA_DIRS = [str(lists)]
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    published = publish_complete(
        ita_section(site),
        when=timezone.now() - timedelta(days=10),
        fiscal_year=fiscal_year(today()),
        quarter=4,
    )
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    invalidate()
    return {"site": site, "published": published, "fiscal_year": fiscal_year(today())}


def pages_and_urls(site):
    """{page id: url path} of every page of the site."""
    from wagtail.models import Page

    return dict(
        Page.objects.descendant_of(site.root_page, inclusive=True).values_list(
            "pk", "url_path"
        )
    )


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def site_score(page):
    return float(page.locator("[data-ita-site-score]").first.inner_text())


def item_codes(page):
    """Codes of the dashboard's item rows (not their parts), in order."""
    return page.locator("tr.ita-items__row:not(.ita-items__row--part)").evaluate_all(
        "rows => rows.map(row => row.dataset.itaItem)"
    )


def item_row(page, code):
    return page.locator(
        f'tr.ita-items__row:not(.ita-items__row--part)[data-ita-item="{code}"]'
    )


def item_score(page, code):
    return int(item_row(page, code).locator("[data-ita-score]").inner_text())


def choose_list(page, base, site, fiscal_year, key):
    """Settings › ITA monitoring: ``key`` for ``fiscal_year``, saved."""
    page.goto(f"{base}/admin/settings/ita_wagtail/compliancesettings/{site.pk}/")
    heading = page.get_by_text("รายการประเมินของแต่ละปีงบประมาณ").first
    heading.wait_for()
    year_field = page.locator("#id_criteria_set_choices-0-fiscal_year")
    if not year_field.count():
        page.locator("#id_criteria_set_choices-ADD").click()
        year_field.wait_for()
        year_field.fill(str(fiscal_year))
    page.locator("#id_criteria_set_choices-0-criteria_set").select_option(key)
    page.locator("form button[type=submit]").filter(has_text="บันทึก").first.click()
    # Wagtail's own Thai message: "ปรับปรุงการกำกับติดตาม ITAแล้ว".
    page.locator(".messages").get_by_text("ปรับปรุงการกำกับติดตาม ITA").wait_for()


def screenshot(page, folder, name):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        yield width, overflow
    page.set_viewport_size({"width": 1280, "height": 900})


def test_clerk_switches_to_a_new_oit_list_and_fills_its_new_item(
    municipality, live_server, page, tmp_path
):
    from django.core.management import call_command

    from ita_wagtail import models as ita

    base = live_server.url
    site, year = municipality["site"], municipality["fiscal_year"]
    shots = tmp_path / "screenshots"
    shots.mkdir()
    pages_at_start = pages_and_urls(site)

    log_in(page, base)

    # The 2562 measure: items 5.1–5.11, everything in order.
    page.goto(f"{base}/admin/ita/compliance/")
    assert page.get_by_text("คะแนนเว็บไซต์").first.is_visible()
    assert item_codes(page) == [f"5.{n}" for n in range(1, 12)]
    score_2562 = site_score(page)

    # The clerk chooses the new OIT list for this fiscal year.
    choose_list(page, base, site, year, OIT)
    assert ita.site_criteria_set(site, year).key == OIT

    # ita_setup adds the drafts the new list needs; nothing is lost.
    out = StringIO()
    call_command("ita_setup", "--criteria-set", OIT, stdout=out)
    generic = {p.kind: p for p in ita.DisclosureDocumentsPage.objects.all()}
    assert ITEM_KIND in generic and not generic[ITEM_KIND].live
    pages_after_setup = pages_and_urls(site)
    assert pages_at_start.items() <= pages_after_setup.items()
    target = generic[ITEM_KIND]

    # The dashboard now speaks the OIT list: 26 items, scored 100 or 0.
    page.goto(f"{base}/admin/ita/compliance/")
    assert item_codes(page) == [f"O{n}" for n in range(1, 27)]
    assert (
        page.locator("[data-ita-all-or-nothing]")
        .inner_text()
        .startswith("แต่ละข้อได้ 100 หรือ 0 คะแนน")
    )
    assert "(OIT)" in page.locator(".ita-compliance__subtitle").inner_text()
    assert item_score(page, ITEM) == 0
    assert (
        item_row(page, ITEM).locator(".ita-status__label").inner_text() == "ยังไม่มีข้อมูล"
    )
    score_before = site_score(page)
    scores_before = {code: item_score(page, code) for code in item_codes(page)}

    # The clerk opens the draft, writes the statement, uploads the plan.
    page.goto(f"{base}/admin/pages/{target.pk}/edit/")
    assert page.locator("#id_kind").input_value() == ITEM_KIND
    statement = page.locator("[data-contentpath='statement'] [contenteditable='true']")
    statement.click()
    statement.type("เทศบาลจัดทำแผนปฏิบัติการป้องกันการทุจริต 5 โครงการ งบประมาณ 120,000 บาท")
    page.locator("#id_documents-ADD").click()
    page.locator("#id_documents-0-document-chooser .unchosen button").click()
    modal = page.locator(".modal-dialog")
    modal.locator("#tab-label-upload").click()
    pdf = tmp_path / "anticorruption-plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n")
    modal.locator("#id_document-chooser-upload-title").fill(
        "แผนปฏิบัติการป้องกันการทุจริต ฉบับลงนาม"
    )
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(pdf))
    modal.locator(
        "#tab-upload button[type=submit], #tab-upload input[type=submit]"
    ).first.click()
    modal.wait_for(state="hidden")
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    target = ita.DisclosureDocumentsPage.objects.get(pk=target.pk)
    assert target.live
    assert [d.document.file_extension for d in target.documents.all()] == ["pdf"]

    # The dashboard: O23 at 100, the site score up by one item in 26.
    page.goto(f"{base}/admin/ita/compliance/")
    assert item_codes(page) == [f"O{n}" for n in range(1, 27)]
    assert item_score(page, ITEM) == 100
    assert item_row(page, ITEM).locator(".ita-status__label").inner_text() == "เรียบร้อย"
    after = site_score(page)
    assert after == pytest.approx(score_before + 100 / 26, abs=0.1)
    scores_after = {code: item_score(page, code) for code in item_codes(page)}
    assert {c for c in scores_after if scores_after[c] != scores_before[c]} == {ITEM}
    overflow = dict(screenshot(page, shots, "dashboard"))
    assert overflow[1280] <= 0, "the dashboard scrolls sideways at 1280 px"

    # The public ITA index lists O23 with a link to the page.
    index = ita.ItaIndexPage.objects.get()
    index_path = urlsplit(index.get_url()).path
    target_path = urlsplit(target.get_url()).path
    axe_script = axe_script_path()
    failures = []

    page.goto(urljoin(base, index_path))
    row = page.locator("tr.ita-index__item").filter(
        has=page.locator("td.ita-index__code", has_text=re.compile(rf"^\s*{ITEM}\s*$"))
    )
    assert ITEM_TITLE in row.locator("th").inner_text()
    link = row.locator("td.ita-index__where a")
    assert urlsplit(link.get_attribute("href")).path == target_path
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"index at {width} px: {describe(violations)}")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The page: the item's code and title, the statement, the PDF's type and size.
    link.click()
    page.wait_for_url(re.compile(re.escape(target_path) + "$"))
    main = page.locator("main, body").first
    text = main.inner_text()
    assert f"{ITEM} {ITEM_TITLE}" in text
    assert "สิ่งที่ข้อนี้กำหนดให้เปิดเผย" in text
    assert "เทศบาลจัดทำแผนปฏิบัติการป้องกันการทุจริต 5 โครงการ" in text
    assert f"ปีงบประมาณ พ.ศ. {year}" in text
    document_link = page.locator("a.ita-doc")
    assert "แผนปฏิบัติการป้องกันการทุจริต ฉบับลงนาม" in document_link.inner_text()
    meta = document_link.locator(".ita-doc__meta").inner_text()
    assert re.fullmatch(r"\(PDF, [\d.,]+\s*\S+\)", meta), meta
    response = page.request.get(urljoin(base, document_link.get_attribute("href")))
    assert response.status == 200
    for width, overflow in screenshot(page, shots, "public-page"):
        if overflow > 0:
            failures.append(f"public page scrolls sideways at {width} px")
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"public page at {width} px: {describe(violations)}")

    # Back to the 2562 measure: every page and URL as it was, the same score.
    pages_before_switch = pages_and_urls(site)
    page.set_viewport_size({"width": 1280, "height": 900})
    choose_list(page, base, site, year, "ita-2562")
    assert ita.site_criteria_set(site, year).key == "ita-2562"
    assert pages_and_urls(site) == pages_before_switch
    page.goto(f"{base}/admin/ita/compliance/")
    assert item_codes(page) == [f"5.{n}" for n in range(1, 12)]
    assert site_score(page) == score_2562
    page.goto(urljoin(base, target_path))
    assert page.get_by_text(ITEM_TITLE).first.is_visible()

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
