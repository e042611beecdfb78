"""The demo municipality's channels: live pages and a quarter of realistic cases."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group

from example_site.home.demo_channels import STAFF_GROUPS, load_channels_demo
from ita_wagtail import thai
from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseStatus,
    ComplaintPage,
    CorruptionComplaintPage,
    Feedback,
    FeedbackPage,
    overdue_cases,
)

pytestmark = pytest.mark.django_db


def test_demo_has_both_pages_and_a_quarter_of_cases(site, client):
    out = StringIO()
    cases, ratings = load_channels_demo(site, out)
    assert cases >= 40 and ratings >= 60
    for model in (ComplaintPage, CorruptionComplaintPage, FeedbackPage):
        page = model.objects.get()
        assert page.live
        assert client.get(page.url).status_code == 200
    today = thai.today()
    received = [c.received_on for c in Case.objects.all()]
    assert min(received) >= today - timedelta(days=92)
    assert max(received) - min(received) > timedelta(days=75)
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= {CaseStatus.IN_PROGRESS, CaseStatus.ANSWERED, CaseStatus.CLOSED}
    assert Case.objects.filter(category=CaseCategory.CORRUPTION).exists()
    assert Case.objects.filter(contact_name="").exists()  # some anonymous
    assert overdue_cases(site, today).exists()
    assert set(STAFF_GROUPS) <= set(Group.objects.values_list("name", flat=True))
    stats = client.get(ComplaintPage.objects.get().url + "statistics/")
    assert stats.status_code == 200


def test_demo_runs_again_without_duplicates_and_resets(site):
    load_channels_demo(site, StringIO())
    counts = (Case.objects.count(), Feedback.objects.count())
    load_channels_demo(site, StringIO())
    assert (Case.objects.count(), Feedback.objects.count()) == counts
    load_channels_demo(site, StringIO(), reset=True)
    assert Case.objects.count() == counts[0]
