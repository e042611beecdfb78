"""Fixtures shared by the whole suite.

* ``site_root``: the default Site's root page (specific), with database access;
* ``ita_section``: ``setup_ita_section`` run on the default site (its report);
* ``publish``: ``publish(page, ...)`` publishes pages and returns them fresh;
* every test leaves the scoring engine's registry as it found it.
"""

import pytest
from wagtail.models import Site

from ita_wagtail.scoring.registry import preserved
from ita_wagtail.setup import setup_ita_section


@pytest.fixture(autouse=True)
def scoring_registry_kept():
    """Undo whatever a test registers or unregisters in the scoring engine,
    so the plug-ins the app registered in ``ready()`` are back for the next."""
    with preserved():
        yield


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_root(default_site):
    return default_site.root_page.specific


@pytest.fixture
def ita_section(default_site):
    """The ITA section of the default site, as drafts: a ``SetupReport``."""
    return setup_ita_section(default_site)


@pytest.fixture
def publish():
    """``publish(page)`` (or several pages): publish a revision, return the page.

    With one page, returns that page reloaded as its specific type; with
    several, returns the list.
    """

    def _publish(*pages):
        published = []
        for page in pages:
            page.specific.save_revision(clean=False).publish()
            published.append(type(page.specific).objects.get(pk=page.pk))
        return published[0] if len(published) == 1 else published

    return _publish
