"""The demo municipality's corruption-risk pages pass O21 and O22 of ITA 2569."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.models import DisclosureDocumentsPage
from ita_wagtail.scoring import STATUS_OK, evaluate_site
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db


def test_demo_register_two_years_and_report_pass_under_oit_2569(client):
    call_command("ita_load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = fiscal_year(today())
    registers = {p.fiscal_year: p for p in ita.RiskAssessmentPage.objects.live()}
    assert set(registers) == {fy, fy - 1}
    assert all(len(p.risks.all()) == 6 for p in registers.values())
    report = ita.RiskManagementReportPage.objects.live().get()
    assert report.fiscal_year == fy - 1
    assert report.ita_missing_fields() == []
    figures = report.result_summary()
    assert {r["status"]: r["count"] for r in figures["statuses"]} == {
        "done": 4,
        "in_progress": 1,
        "not_done": 1,
    }
    # Scores 16→8, 15→8, 12→9 (high→medium), 6→3 (medium→low); 4→4 and
    # the risk not acted on stay where they were.
    assert figures["reduced"] == 4
    assert not DisclosureDocumentsPage.objects.filter(
        kind__in=["risk_assessment", "risk_management_report"]
    ).exists()
    result = evaluate_site(site)
    assert result.criteria_set.key == "oit-2569"
    statuses = {item.code: (item.status, item.score) for item in result.items}
    assert statuses["O21"] == (STATUS_OK, 100)
    assert statuses["O22"] == (STATUS_OK, 100)
    assert client.get(registers[fy].url).status_code == 200
    assert client.get(report.url).status_code == 200
