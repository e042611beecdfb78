"""A finance officer picks a date from the B.E. calendar of a procurement record.

Wagtail's own date picker opens on the procurement form, shows the year as
2569, and the day picked fills "25/11/2569", which is saved as 2026-11-25.
Typed C.E. dates and amounts without separators are rewritten on leaving
the field. Screenshot: ``test-artifacts/screenshots/admin-date-picker.png``.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from ita_wagtail.models import Procurement
from tests.procurement.factories import make_procurement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "finance-pw-2569"


@pytest.fixture
def record(live_server):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("finance", "f@example.com", PASSWORD)
    return make_procurement(
        name="จัดซื้อรถบรรทุกขยะ แบบอัดท้าย ขนาด 10 ลูกบาศก์หลา",
        fiscal_year=2570,
        method="e_bidding",
        budget=Decimal("1980000.00"),
        reference_price=Decimal("1975000.00"),
        agreed_price=Decimal("1950000.00"),
        announcement_date=date(2026, 11, 22),
        contract_date=date(2026, 12, 20),
        bids=[("บริษัท สยามยานยนต์ จำกัด", "1950000.00")],
    )


def log_in(page, live_server):
    page.goto(urljoin(live_server.url, "/admin/login/"))
    page.fill("#id_username", "finance")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_pick_a_day_from_the_buddhist_era_calendar(
    record, live_server, page, screenshots
):
    log_in(page, live_server)
    edit = reverse(Procurement.snippet_viewset.get_url_name("edit"), args=[record.pk])
    page.goto(urljoin(live_server.url, edit))

    announcement = page.locator("#id_announcement_date")
    assert announcement.input_value() == "22/11/2569"
    assert page.locator("#id_budget").input_value() == "1,980,000.00"

    announcement.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for()
    assert picker.locator(".xdsoft_label.xdsoft_year span").inner_text() == "2569"
    assert picker.locator(".xdsoft_label.xdsoft_month span").inner_text() == (
        "พฤศจิกายน"
    )
    # The stored day is the one highlighted.
    assert picker.locator("td.xdsoft_current").inner_text() == "22"
    page.screenshot(path=screenshots / "admin-date-picker.png", full_page=False)

    picker.locator("td.xdsoft_date:not(.xdsoft_other_month)[data-date='25']").click()
    assert announcement.input_value() == "25/11/2569"

    # Typed C.E. and ISO dates, Thai digits and bare amounts are shown as
    # they were understood when the field is left.
    contract = page.locator("#id_contract_date")
    contract.fill("2026-12-21")
    budget = page.locator("#id_budget")
    budget.fill("๑๙๘๕๐๐๐")
    budget.press("Tab")
    assert contract.input_value() == "21/12/2569"
    assert budget.input_value() == "1,985,000.00"

    page.locator("button.action-save").click()
    page.wait_for_url("**/ita/procurement/")
    record.refresh_from_db()
    assert record.announcement_date == date(2026, 11, 25)
    assert record.contract_date == date(2026, 12, 21)
    assert record.budget == Decimal("1985000.00")
