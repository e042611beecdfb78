"""Results kept between admin requests are replaced as soon as content changes."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ita_wagtail import models as ita
from ita_wagtail.importing.engine import import_procurement
from ita_wagtail.models.channels import Case
from ita_wagtail.scoring.cache import cached_evaluate_site
from tests.procurement.factories import make_procurement
from tests.procurement.files import template_row, template_xlsx

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


@pytest.mark.parametrize(
    "change",
    [
        lambda site: make_procurement(site, contract_date=DAY_10.date()),
        lambda site: ita.Procurement.objects.filter(site=site).first().delete(),
        lambda site: ita.NoProcurementDeclaration.objects.create(
            site=site, fiscal_year=2568, month=10
        ),
        lambda site: ita.ProcurementPlan.objects.filter(site=site).first().save(),
        lambda site: Case.objects.create(
            site=site,
            category="complaint",
            subject="ถนนชำรุด",
            details="หลุมบนถนนเทศบาล 3",
        ),
    ],
    ids=["procurement", "procurement-deleted", "declaration", "plan", "case"],
)
def test_register_changes_replace_the_kept_result(site, complete, frozen, change):
    first = cached_evaluate_site(site)
    change(site)
    assert cached_evaluate_site(site) is not first


def test_a_spreadsheet_import_replaces_the_kept_result(
    site, complete, frozen, django_capture_on_commit_callbacks
):
    first = cached_evaluate_site(site)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_procurement(
            template_xlsx(
                template_row(egp_number="67109000999", reference_number="999/2568")
            ),
            "แผนจัดซื้อ.xlsx",
            site=site,
            write=True,
        )
    assert report.counts["new"] == 1, report.errors
    assert cached_evaluate_site(site) is not first
