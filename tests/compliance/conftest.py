import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from ita_wagtail import models as ita
from ita_wagtail.scoring.plugins import PROCUREMENT_PLAN, PROCUREMENT_RECORDS
from ita_wagtail.scoring.registry import suspended
from tests.factories import default_site, ita_section

from .builders import T0, publish_complete, publish_procurement

#: The kinds other features plug into the scoring engine (in
#: ``ItaWagtailConfig.ready()``): 5.7 from the procurement register, and the
#: overdue-complaints checks on 5.11 (one per complaint channel).
PLUGGED_KINDS = (
    PROCUREMENT_PLAN,
    PROCUREMENT_RECORDS,
    "complaint_channel",
    "corruption_complaint_channel",
)

#: Wagtail runs search and reference-index updates as tasks on every publish;
#: none of these tests reads either index, and holding the tasks makes the
#: fixtures three times faster. Tests of our own tasks switch back.
HELD_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def background_tasks_held(settings):
    settings.TASKS = HELD_TASKS


@pytest.fixture(autouse=True)
def fresh_results():
    """Each test's database starts over; so must the kept dashboard results."""
    from ita_wagtail.scoring.cache import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture(autouse=True)
def english():
    """Assert on the English source strings: the Thai catalogue is merged
    separately and its wording may change without breaking these tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def site(db):
    return default_site()


@pytest.fixture
def section(site):
    """ita_setup's draft pages: {page model: page}."""
    return ita_section(site)


@pytest.fixture(scope="module")
def _complete_module(django_db_setup, django_db_blocker):
    # Built once per module inside a transaction that each test's own
    # transaction nests in (as a savepoint), and rolled back at the end.
    with django_db_blocker.unblock(), override_settings(TASKS=HELD_TASKS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            site = default_site()
            published = publish_complete(ita_section(site), when=T0)
            publish_procurement(site)
            yield published
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def complete(_complete_module, db):
    """Every page of the ITA section published with complete content at T0,
    and a procurement register (plan and a record every month) for 2568."""
    return _complete_module


@pytest.fixture
def engine_alone():
    """Score with nothing plugged into the engine: no procurement register
    for 5.7 and no overdue-complaints check on 5.11 (restored afterwards)."""
    with suspended(*PLUGGED_KINDS):
        yield


@pytest.fixture
def settings_row(site):
    return ita.ComplianceSettings.for_site(site)


@pytest.fixture
def client():
    """A test client that asks for English, like the ``english`` fixture."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
