"""An assessor's journey: the ITA index of the demo municipality, then every item.

Full-page screenshots land in ``test-artifacts/screenshots/`` (git-ignored):
``index.png``, then one per page the index links to, named by item code and
slug (``O2-executives.png``, ``O4-news.png`` …).
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest

from ita_wagtail.models import DisclosurePageMixin, ItaIndexPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: The demo municipality answers the OIT list of ITA 2569 this fiscal year.
ITEM_CODES = [f"O{n}" for n in range(1, 27)]

# Every link inside the index's own content (its tables and lists), resolved.
COLLECT_LINKS = """
() => {
    const scope = document.querySelector("main") || document.body;
    const links = scope.querySelectorAll(
        "table a[href], ol a[href], ul a[href], dl a[href]"
    );
    return Array.from(links, (a) => a.href);
}
"""


def item_code_pattern(code):
    """``5.1`` but not inside ``5.10`` or ``15.1``."""
    return re.compile(rf"(?<![\d.]){re.escape(code)}(?![\d])")


def screenshot_name(page):
    """``<item code>-<slug>`` of the disclosure page at or above ``page``."""
    for candidate in [page, *reversed(page.get_ancestors().specific())]:
        if isinstance(candidate, DisclosurePageMixin) and candidate.ita_item:
            return f"{candidate.ita_item.code}-{page.slug}"
    return f"other-{page.slug}"


@pytest.fixture
def ita_index(demo_site):
    """The live ITA index's path, and a screenshot name per live page under it.

    Read from the database before the browser starts (see ``browser``).
    """
    index = ItaIndexPage.objects.live().get()
    names = {
        urlsplit(child.get_url()).path: screenshot_name(child)
        for child in index.get_descendants().live().public().specific()
    }
    return urlsplit(index.get_url()).path, names


def test_ita_index_journey(ita_index, live_server, screenshots, page):
    index_path, names_by_path = ita_index
    index_url = urljoin(live_server.url, index_path)
    server = urlsplit(live_server.url).netloc

    # Stylesheets, images and documents the pages ask the live server for.
    broken = []

    def check(response):
        address = urlsplit(response.url)
        if address.netloc != server or address.path == "/favicon.ico":
            return
        if response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    page.on("response", check)

    response = page.goto(index_url)
    assert response.status == 200, index_url
    assert page.locator("h1").count() >= 1, "no <h1> on the ITA index"
    page.screenshot(path=screenshots / "index.png", full_page=True)

    main = page.locator("main")
    text = main.first.inner_text() if main.count() else page.inner_text("body")
    missing = [code for code in ITEM_CODES if not item_code_pattern(code).search(text)]
    assert not missing, f"item codes missing from the ITA index: {missing}"

    targets = []
    for href in page.evaluate(COLLECT_LINKS):
        address = urlsplit(href)
        if address.netloc != server or address.path == index_path:
            continue
        if address.path.startswith(index_path) and address.path not in targets:
            targets.append(address.path)
    assert targets, "the ITA index links to no page under it"

    def page_path(path):
        # An item may name a view of a page (the procurement summary of one
        # fiscal year, ``…/summary/2570/``): the page is its nearest ancestor.
        while path not in names_by_path and path.count("/") > 2:
            path = path.rstrip("/").rsplit("/", 1)[0] + "/"
        return path

    visited = {}
    for path in targets:
        url = urljoin(live_server.url, path)
        owner = page_path(path)
        assert owner in names_by_path, f"{url} is not a live page under the index"
        response = page.goto(url)
        assert response.status == 200, url
        heading = page.locator("h1")
        assert heading.count() >= 1, f"no <h1> on {url}"
        assert heading.first.inner_text().strip(), f"empty <h1> on {url}"
        name = names_by_path[owner] + (
            "" if owner == path else "-" + path.split("/")[-2]
        )
        page.screenshot(path=screenshots / f"{name}.png", full_page=True)
        visited[name] = url

    assert not broken, "requests the live server failed:\n" + "\n".join(broken)

    # Every item that has a live page is reachable from the index.
    published = {name.split("-", 1)[0] for name in names_by_path.values()}
    published.discard("other")
    reached = {name.split("-", 1)[0] for name in visited}
    assert published <= reached, f"not linked from the index: {published - reached}"
