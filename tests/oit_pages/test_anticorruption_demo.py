"""The demo municipality answers O23 and O24 with the structured pages."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.models import DisclosureDocumentsPage
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db


def test_demo_plan_and_report_pass():
    call_command("ita_load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = fiscal_year(today())
    result = evaluate_site(site)
    scores = {item.code: item.score for item in result.items}
    assert scores["O23"] == 100 and scores["O24"] == 100
    plans = {p.fiscal_year: p for p in ita.AntiCorruptionPlanPage.objects.live()}
    assert set(plans) == {fy - 1, fy}
    assert plans[fy].total_budget == Decimal("185000.00")
    report = ita.AntiCorruptionReportPage.objects.live().get()
    assert report.fiscal_year == fy - 1
    figures = report.summary_figures()
    assert (figures["done"], figures["total"]) == (4, 5)
    assert figures["spent"] == Decimal("101500.00")
    assert figures["spent_percent"] == Decimal("54.86")  # 101,500 / 185,000
    assert not DisclosureDocumentsPage.objects.filter(
        kind__in=["anticorruption_plan", "anticorruption_report"]
    ).exists()
