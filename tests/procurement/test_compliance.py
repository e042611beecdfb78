"""``procurement_compliance``: what the scoring engine reads for item 5.7."""

from datetime import date

import pytest
from wagtail.models import Page, Site

from ita_wagtail.procurement.compliance import months_due, procurement_compliance

from .factories import declare_no_procurement, default_site, make_plan, make_procurement

pytestmark = pytest.mark.django_db

TODAY = date(2025, 2, 10)  # FY2568: October 2567 to January 2568 have ended


def test_months_due_are_the_ended_months_in_fiscal_order():
    assert months_due(2568, TODAY) == [(2024, 10), (2024, 11), (2024, 12), (2025, 1)]
    assert months_due(2568, date(2024, 10, 1)) == []
    assert len(months_due(2567, TODAY)) == 12
    assert months_due(2570, TODAY) == []


def test_empty_site():
    result = procurement_compliance(default_site(), 2568, TODAY)
    assert result.total_records == 0
    assert result.share_complete is None
    assert result.uncovered_months == result.months_due
    assert not result.plan_exists
    assert not result.plan_approved
    assert not result.plan_published


def test_counts_months_and_plan():
    site = default_site()
    make_procurement(
        announcement_date=date(2024, 10, 2), contract_date=None, status="announced"
    )
    make_procurement(
        announcement_date=date(2024, 10, 5), contract_date=date(2024, 12, 1)
    )
    make_procurement(
        contract_number="", announcement_date=None, contract_date=date(2024, 12, 20)
    )  # incomplete
    declare_no_procurement(site, month=11)
    make_plan(site, approved_on=date(2024, 10, 15), published_on=None)

    result = procurement_compliance(site, 2568, TODAY)

    assert result.total_records == 3
    assert result.complete_records == 2
    assert result.incomplete_records == 1
    assert result.share_complete == pytest.approx(2 / 3)
    assert result.months_with_records == ((2024, 10), (2024, 12))
    assert result.months_declared == ((2024, 11),)
    assert result.uncovered_months == ((2025, 1),)
    assert result.months_covered == 3
    assert result.plan_exists
    assert result.plan_approved
    assert not result.plan_published
    assert not result.plan_approved_and_published
    assert result.plan_item_count == 3


def test_other_sites_and_years_do_not_count():
    other_site = Site.objects.create(
        hostname="other.example", root_page=Page.objects.get(depth=1)
    )
    make_procurement(site=other_site, contract_date=date(2025, 1, 5))
    make_procurement(
        fiscal_year=2567,
        announcement_date=date(2024, 5, 1),
        contract_date=date(2024, 5, 10),
    )
    make_plan(other_site)
    result = procurement_compliance(default_site(), 2568, TODAY)
    assert result.total_records == 0
    assert (2025, 1) in result.uncovered_months
    assert not result.plan_exists


@pytest.mark.parametrize("records", [2, 25])
def test_constant_number_of_queries(records, django_assert_num_queries):
    site = default_site()
    for day in range(records):
        make_procurement(
            contract_date=date(2024, 10, 1 + day % 28),
            announcement_date=date(2024, 10, 1),
        )
    declare_no_procurement(site, month=11)
    make_plan(site)
    with django_assert_num_queries(4):
        result = procurement_compliance(site, 2568, TODAY)
    assert result.total_records == records


def test_links_to_the_list_to_fix_and_the_last_change(client, django_user_model):
    site = default_site()
    complete = make_procurement()
    lacking = make_procurement(selection_reason="", status="awarded")
    result = procurement_compliance(site, 2568, TODAY)
    assert result.last_updated == max(complete.updated_at, lacking.updated_at)
    # One incomplete record: the list opens on the year's incomplete records.
    client.force_login(django_user_model.objects.create_superuser("f", "f@x.th", "pw"))
    listing = client.get(result.records_url).content.decode()
    assert lacking.name in listing and complete.name not in listing
    plan = make_plan(site)
    assert procurement_compliance(site, 2568, TODAY).last_updated == plan.updated_at
    assert client.get(result.plan_url).status_code == 200
