"""The demo municipality shows a dashboard worth looking at."""

from io import StringIO

import pytest

from example_site.home.demo_compliance import load_compliance_demo
from ita_wagtail import models as ita
from ita_wagtail.scoring import STATUS_MISSING, STATUS_OK, STATUS_STALE, evaluate_site

pytestmark = pytest.mark.django_db


def test_demo_has_ok_stale_and_missing_items_and_past_reports(site):
    out = StringIO()
    load_compliance_demo(site, out)
    result = evaluate_site(site)
    statuses = {item.code: item.status for item in result.items}
    assert statuses["5.2"] == statuses["5.9"] == STATUS_OK
    assert statuses["5.8"] == STATUS_STALE
    assert statuses["5.6"] == STATUS_MISSING
    assert len(result.stale_pages) == 2
    assert ita.PageReview.objects.count() == 1
    # The two quarters that have ended, and the last quarter of the year
    # before them: a municipality that improved.
    assert ita.ComplianceSnapshot.objects.count() == 3
    oldest, first, second = ita.ComplianceSnapshot.objects.order_by(
        "fiscal_year", "quarter"
    )
    assert (oldest.fiscal_year, oldest.quarter) == (first.fiscal_year - 1, 4) or (
        oldest.fiscal_year,
        oldest.quarter,
    ) == (first.fiscal_year - 2, 4)
    assert oldest.score <= first.score < second.score
    settings_row = ita.ComplianceSettings.for_site(site)
    assert settings_row.executive_name and settings_row.clerk_name
    assert ita.ResponsibleUnit.objects.get(code="clerk_office").email
    assert "quarterly report" in out.getvalue()

    # Running it again changes nothing it should not.
    load_compliance_demo(site, StringIO())
    assert ita.ComplianceSnapshot.objects.count() == 3
    assert ita.PageReview.objects.count() == 1
