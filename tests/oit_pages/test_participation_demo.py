"""The demo municipality fills participation (O19), acting on the ITA
results (O25) and the integrity report (O26) for this year and the last."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.models import DisclosureDocumentsPage
from ita_wagtail.scoring import STATUS_OK, evaluate_site
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db

KINDS = ("participation", "ita_improvement", "integrity_report")


def test_the_demo_answers_o19_o25_o26_with_structured_pages():
    call_command("ita_load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = fiscal_year(today())
    result = evaluate_site(site)
    assert result.criteria_set.key == "oit-2569"
    items = {item.code: item for item in result.items}
    for code in ("O19", "O25", "O26"):
        assert items[code].status == STATUS_OK, code
        assert items[code].score == 100, code

    # No generic page answers these kinds any more.
    assert not DisclosureDocumentsPage.objects.filter(kind__in=KINDS).exists()

    # This year's and last year's pages, live, with their records.
    def years(model):
        return sorted(model.objects.live().values_list("fiscal_year", flat=True))

    assert years(ita.ParticipationPage) == [fy - 1, fy]
    assert years(ita.ItaImprovementPage) == [fy - 1, fy]
    assert years(ita.IntegrityReportPage) == [fy - 2, fy - 1]
    current = ita.ParticipationPage.objects.get(fiscal_year=fy)
    assert current.slug == "participation"
    assert all(a.has_four_points and a.document_id for a in current.activities.all())
    last = ita.ParticipationPage.objects.get(fiscal_year=fy - 1)
    assert last.activities.count() == 3
    improvement = ita.ItaImprovementPage.objects.get(fiscal_year=fy)
    assert improvement.assessed_fiscal_year == fy - 1
    assert improvement.ita_level == "A"  # 88.52
    assert improvement.measures.count() == 4
    report = ita.IntegrityReportPage.objects.get(fiscal_year=fy - 1)
    assert report.ita_published_formats() == {"pdf"}

    client = Client()
    for page in (current, last, improvement, report):
        response = client.get(page.url)
        assert response.status_code == 200, page.url

    # Loaded again, nothing is added.
    call_command("ita_load_demo", stdout=io.StringIO())
    assert years(ita.ParticipationPage) == [fy - 1, fy]
    assert ita.IntegrityReportPage.objects.count() == 2
