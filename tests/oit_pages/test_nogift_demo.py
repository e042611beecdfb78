"""The demo municipality's No Gift Policy pages and gift register."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from ita_wagtail.models import (
    DisclosureDocumentsPage,
    GiftRegisterEntry,
    GiftReportPage,
    NoGiftPolicyPage,
)
from ita_wagtail.scoring import STATUS_OK, evaluate_site
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db


def test_demo_fills_the_no_gift_pages_and_o20_passes():
    call_command("ita_load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = fiscal_year(today())
    assert not DisclosureDocumentsPage.objects.filter(
        kind__in=["no_gift_policy", "gift_report"]
    ).exists()

    policies = {p.fiscal_year: p for p in NoGiftPolicyPage.objects.live()}
    assert set(policies) == {fy, fy - 1}
    current = policies[fy]
    assert current.ita_missing_fields() == []
    reports = {p.fiscal_year: p for p in GiftReportPage.objects.live()}
    assert set(reports) == {fy - 1, fy - 2}
    last = reports[fy - 1].report()
    assert last.count == 5 and last.total == 11550
    assert len(last.over_limit) == 2
    assert reports[fy - 2].ita_declares_none()
    assert GiftRegisterEntry.objects.filter(fiscal_year=fy - 1).count() == 5

    result = evaluate_site(site)
    assert result.criteria_set.key == "oit-2569"
    assert result.item("O20").status == STATUS_OK
    assert result.item("O20").score == 100

    client = Client()
    for page in [*policies.values(), *reports.values()]:
        assert client.get(page.url).status_code == 200, page.url
    html = client.get(reports[fy - 1].url).content.decode()
    assert "11,550.00 บาท" in html
    assert "ผู้ประกอบการรายหนึ่ง" not in html  # a private giver is not named
    assert (
        "ไม่มีการรับทรัพย์สินหรือประโยชน์อื่นใด"
        in client.get(reports[fy - 2].url).content.decode()
    )

    # A second run adds nothing.
    call_command("ita_load_demo", stdout=io.StringIO())
    assert NoGiftPolicyPage.objects.count() == 2
    assert GiftReportPage.objects.count() == 2
    assert GiftRegisterEntry.objects.filter(fiscal_year=fy - 1).count() == 5
