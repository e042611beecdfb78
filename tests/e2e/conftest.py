"""Browser tests: Debian's Chromium driven by Playwright against ``live_server``.

Nothing is downloaded: the browser is ``/usr/bin/chromium`` (Debian package
``chromium``; Thai glyphs come from ``fonts-thai-tlwg``). Without either the
browser or the ``playwright`` package the tests are skipped, not failed.
"""

import shutil
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
MISSING_BROWSER = (
    "Debian chromium not installed: apt-get install -y chromium fonts-thai-tlwg"
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def sync_playwright():
    """Playwright's sync API, or a skip saying what to install."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING_BROWSER)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip(
            "playwright is not installed: pip install -e '.[test]' "
            "(the browser itself comes from Debian, never from playwright install)"
        )
    return sync_playwright


@pytest.fixture
def browser(sync_playwright, monkeypatch):
    """Headless Debian Chromium, for one test.

    Per test, not per session: while Playwright's sync API is started its
    event loop counts as running in this thread. Django then refuses ORM
    calls (hence ``DJANGO_ALLOW_ASYNC_UNSAFE``) and keeps database
    connections in a separate, async-context store, so the connection that
    holds the ``serialized_rollback`` contents would be out of reach for every
    later transactional test. Stopping Playwright after each test leaves the
    thread synchronous again for the database teardown and the rest of the run.
    """
    from django.db import connections

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            chromium_sandbox=False,
        )
        yield browser
        browser.close()
    finally:
        # Connections the test opened next to the loop: PostgreSQL would
        # otherwise refuse to drop the test database at the end of the run.
        connections.close_all()
        playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session", autouse=True)
def screenshots():
    """The folder screenshots go to (git-ignored), emptied of earlier runs
    before the first browser test, whichever module that is."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


@pytest.fixture
def live_media(settings, tmp_path):
    """Files as the example site serves them, from the live server.

    Uploads go to a temporary ``MEDIA_ROOT`` on disk (the suite's in-memory
    store has no URL), served by ``tests.e2e.urls``; static files include the
    example site's own ``static/`` folder, as in ``example_site.settings``.
    """
    from django.core.cache import caches

    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.MEDIA_ROOT = str(media_root)
    settings.STATICFILES_DIRS = [str(REPO_ROOT / "example_site" / "static")]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.ROOT_URLCONF = "tests.e2e.urls"
    # Wagtail caches renditions by image ID; earlier tests' renditions live in
    # the in-memory store, and IDs repeat, so they would 404 here (and ours
    # would be missing from the in-memory store for later tests).
    for cache in caches.all():
        cache.clear()
    yield media_root
    for cache in caches.all():
        cache.clear()
    shutil.rmtree(media_root, ignore_errors=True)


@pytest.fixture
def demo_site(live_server, live_media):
    """The demo municipality (``ita_load_demo``), its default Site on the live server."""
    from django.core.management import call_command
    from wagtail.models import Site

    call_command("ita_load_demo", stdout=StringIO())
    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = address.hostname
    site.port = address.port
    site.save()
    return site
