"""Statistics on known data: the figures ITA assessors and the dashboard read."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Page, Site

from ita_wagtail import thai
from ita_wagtail.models import ResponsibleUnit
from ita_wagtail.models.channels import (
    CaseCategory,
    CaseStatus,
    Feedback,
    case_statistics,
    feedback_summary,
    overdue_cases,
    yearly_case_statistics,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569, quarter 2


def bangkok(y, m, d, hour=9):
    return timezone.make_aware(datetime(y, m, d, hour), thai.BANGKOK)


@pytest.fixture
def known(make_case):
    """Fiscal year 2569; the comments give each case's part in the figures."""
    cases = {}
    # Q1: answered in 4 days, within the 15-day target.
    cases["a"] = make_case(
        received_at=bangkok(2025, 10, 1),
        public_reply="ตอบแล้ว",
        status=CaseStatus.ANSWERED,
        answered_at=bangkok(2025, 10, 5),
    )
    # Q1: answered after 20 days (late), then closed.
    cases["b"] = make_case(
        received_at=bangkok(2025, 10, 10),
        public_reply="ตอบแล้ว",
        status=CaseStatus.CLOSED,
        answered_at=bangkok(2025, 10, 30),
        closed_at=bangkok(2025, 11, 2),
    )
    # Q1: a suggestion closed without a reply after 2 days (handled, within).
    cases["c"] = make_case(
        category=CaseCategory.SUGGESTION,
        received_at=bangkok(2025, 11, 1),
        status=CaseStatus.CLOSED,
        closed_at=bangkok(2025, 11, 3),
    )
    # Q1: corruption, still in progress after its 30 days: overdue.
    cases["d"] = make_case(
        category=CaseCategory.CORRUPTION,
        received_at=bangkok(2025, 12, 1),
        status=CaseStatus.IN_PROGRESS,
    )
    # Q1 by Bangkok time (00:30 on 1 October), 30 September by UTC.
    cases["f"] = make_case(
        received_at=datetime(2025, 9, 30, 17, 30, tzinfo=UTC),
        public_reply="ตอบแล้ว",
        status=CaseStatus.ANSWERED,
        answered_at=bangkok(2025, 10, 2),
    )
    # Fiscal year 2568: 23:30 on 30 September in Bangkok.
    cases["g"] = make_case(
        received_at=datetime(2025, 9, 30, 16, 30, tzinfo=UTC),
        status=CaseStatus.CLOSED,
        closed_at=bangkok(2025, 10, 1),
    )
    # Q2: received, not yet due on TODAY: not judged yet.
    cases["e"] = make_case(received_at=bangkok(2026, 1, 10))
    return cases


def test_quarter_figures(known, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        q1 = case_statistics(site, 2569, 1, today=TODAY)
    assert q1.total == 5
    assert q1.by_category == {"complaint": 3, "suggestion": 1, "corruption": 1}
    assert q1.by_status == {"received": 0, "in_progress": 1, "answered": 2, "closed": 2}
    assert sorted(q1.handling_days) == [1, 2, 4, 20]
    assert q1.median_handling_days == 3
    assert (q1.judged, q1.within_target, q1.overdue) == (5, 3, 1)
    assert q1.share_within_target == pytest.approx(0.6)
    assert q1.percent_within_target == 60.0
    assert (q1.first_day, q1.last_day) == (date(2025, 10, 1), date(2025, 12, 31))
    row = next(r for r in q1.rows if r.category == "complaint")
    assert row.by_status == {
        "received": 0,
        "in_progress": 0,
        "answered": 2,
        "closed": 1,
    }


def test_year_and_quarters_from_one_query(known, site, django_assert_num_queries):
    with django_assert_num_queries(1):
        year, quarters = yearly_case_statistics(site, 2569, today=TODAY)
    assert year.total == 6
    assert (year.judged, year.within_target) == (5, 3)
    assert [q.total for q in quarters] == [5, 1, 0, 0]
    assert quarters[1].share_within_target is None  # nothing judged yet
    assert quarters[1].median_handling_days is None
    assert case_statistics(site, 2568, today=TODAY).total == 1  # case g


def test_query_count_does_not_grow_with_cases(
    known, site, make_case, django_assert_num_queries
):
    for day in range(1, 29):
        make_case(received_at=bangkok(2026, 2, day))
    with django_assert_num_queries(1):
        year, _quarters = yearly_case_statistics(site, 2569, today=TODAY)
    assert year.total == 34


def test_other_sites_are_not_counted(known, site, make_case):
    root = Page.get_first_root_node().add_child(title="อีกแห่ง", slug="other-site")
    other = Site.objects.create(hostname="other.example", root_page=root)
    make_case(site=other, received_at=bangkok(2025, 10, 2))
    assert case_statistics(site, 2569, 1, today=TODAY).total == 5
    assert case_statistics(other, 2569, 1, today=TODAY).total == 1


def test_overdue_cases_for_the_dashboard(
    known, site, make_case, django_assert_num_queries
):
    unit = ResponsibleUnit.objects.get(code="legal")
    known["d"].unit = unit
    known["d"].save()
    late_complaint = make_case(received_at=bangkok(2025, 12, 20))  # due 4 January
    with django_assert_num_queries(1):
        overdue = list(overdue_cases(site, TODAY))
        assert overdue[0].unit.name == unit.name  # selected, no extra query
    # Oldest due first: the corruption case was due on 31 December.
    assert overdue == [known["d"], late_complaint]
    assert overdue_cases(site, date(2025, 12, 2)).count() == 0
    assert overdue_cases(None, TODAY).count() == 2


def test_public_statistics_page(client, channels, known):
    url = channels.complaint.url + "statistics/2569/q1/"
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "60%" in content
    assert ">5<" in content
    assert thai.format_quarter(2569, 1) in content
    assert known["a"].subject not in content
    assert known["a"].tracking_code not in content


def test_public_statistics_year_page_has_the_quarters(client, channels, known):
    content = client.get(channels.complaint.url + "statistics/2569/").content.decode()
    assert thai.format_fiscal_year(2569) in content
    assert "statistics/2569/q2/" in content
    assert "statistics/2568/" in content


def test_quarters_that_have_not_begun_are_not_linked(client, channels, known):
    # On 15 January 2569 (B.E.) quarter 2 of fiscal year 2569 is under way.
    with time_machine.travel(datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK)):
        content = client.get(
            channels.complaint.url + "statistics/2569/"
        ).content.decode()
        future = client.get(channels.complaint.url + "statistics/2569/q3/")
    assert "statistics/2569/q1/" in content and "statistics/2569/q2/" in content
    assert "statistics/2569/q3/" not in content
    assert "statistics/2569/q4/" not in content
    assert "ยังไม่ถึงไตรมาสนี้" in content  # the row still says why it is empty
    assert future.status_code == 404


def test_statistics_say_the_median_in_plain_words(client, channels, known):
    content = client.get(channels.complaint.url + "statistics/2569/").content.decode()
    assert "มัธยฐาน" not in content
    assert "ครึ่งหนึ่ง" in content


def test_statistics_default_to_the_current_fiscal_year(client, channels):
    current = thai.fiscal_year(thai.today())
    content = client.get(channels.complaint.url + "statistics/").content.decode()
    assert thai.format_fiscal_year(current) in content
    # The previous fiscal year, which ITA lists ask for, is one click away.
    assert f"statistics/{current - 1}/" in content
    assert (
        client.get(channels.complaint.url + f"statistics/{current + 1}/").status_code
        == 404
    )


def test_feedback_summary(site, django_assert_num_queries):
    for service, rating, day in [
        ("จดทะเบียนพาณิชย์", 5, 2),
        ("จดทะเบียนพาณิชย์", 4, 3),
        ("จดทะเบียนพาณิชย์", 1, 4),
        ("", 3, 5),
    ]:
        Feedback.objects.create(
            site=site,
            service_name=service,
            rating=rating,
            submitted_at=bangkok(2025, 10, day),
        )
    Feedback.objects.create(
        site=site, rating=5, submitted_at=bangkok(2025, 9, 30)
    )  # FY2568
    with django_assert_num_queries(1):
        overall, services = feedback_summary(site, 2569)
    assert overall.count == 4
    assert overall.average == pytest.approx(13 / 4)
    assert overall.percent_satisfied == 50.0
    registration = next(s for s in services if s.service_name == "จดทะเบียนพาณิชย์")
    assert registration.count == 3
    assert registration.average == pytest.approx(10 / 3)
    assert registration.distribution == {5: 1, 4: 1, 3: 0, 2: 0, 1: 1}
    assert feedback_summary(site, 2569, quarter=2)[0].count == 0


def test_due_date_follows_the_settings_at_receipt(site, make_case):
    from ita_wagtail.models.channels import ChannelSettings

    settings_ = ChannelSettings.for_site(site)
    settings_.complaint_target_days = 7
    settings_.save()
    case = make_case(received_at=bangkok(2026, 1, 1, hour=23))
    assert case.due_date == date(2026, 1, 8)
    settings_.complaint_target_days = 30
    settings_.save()
    case.save()
    assert case.due_date == date(2026, 1, 8)  # a later change does not move it
    assert case.received_on + timedelta(days=7) == case.due_date
