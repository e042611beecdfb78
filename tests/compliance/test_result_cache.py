"""Results kept between admin requests are replaced as soon as content changes."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ita_wagtail import models as ita
from ita_wagtail.scoring.cache import cached_evaluate_site

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

DAY_10 = T0 + timedelta(days=10)


@pytest.fixture
def frozen():
    with time_machine.travel(DAY_10, tick=False):
        yield


def test_second_request_costs_no_engine_queries(site, complete, frozen, settings_row):
    first = cached_evaluate_site(site)
    with CaptureQueriesContext(connection) as queries:
        second = cached_evaluate_site(site)
    assert second is first
    assert len(queries) <= 2  # the generation token, at most


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c[ita.OperatingManualsPage].unpublish(),
        lambda c: ita.record_review(c[ita.OperatingManualsPage]),
        lambda c: c[ita.ContactPage].delete(),
        lambda c: ita.ResponsibleUnit.objects.get(code="finance").save(),
        lambda c: ita.ComplianceSettings.for_site(
            c[ita.ItaIndexPage].get_site()
        ).save(),
        lambda c: publish(c[ita.ContactPage], email=""),
    ],
    ids=["unpublish", "review", "delete", "unit", "settings", "publish"],
)
def test_any_change_replaces_the_kept_result(site, complete, frozen, change):
    first = cached_evaluate_site(site)
    with at(DAY_10):
        change(complete)
    assert cached_evaluate_site(site) is not first


def test_a_new_day_is_a_new_result(site, complete):
    with time_machine.travel(DAY_10, tick=False):
        first = cached_evaluate_site(site)
    with time_machine.travel(DAY_10 + timedelta(days=1), tick=False):
        assert cached_evaluate_site(site) is not first


def test_caching_can_be_switched_off(site, complete, frozen, settings):
    settings.ITA_COMPLIANCE_CACHE_SECONDS = 0
    assert cached_evaluate_site(site) is not cached_evaluate_site(site)
