"""Scoring of sites that are not set up, or only partly published."""

from datetime import timedelta

import pytest

from ita_wagtail import models as ita
from ita_wagtail.scoring import STATUS_MISSING, evaluate_site

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

DAY_10 = T0.date() + timedelta(days=10)


def statuses(result):
    return {item.code: item.status for item in result.items}


def test_nothing_set_up_is_missing_without_a_place_to_create(site):
    result = evaluate_site(site, today=DAY_10)
    assert not result.has_ita_section
    assert set(statuses(result).values()) == {STATUS_MISSING}
    assert result.score == 0
    contact = result.item("5.2")
    assert [r.code for r in contact.reasons] == ["missing"]
    assert contact.actions == []


def test_drafts_only_are_missing_and_point_at_the_draft(site, section):
    result = evaluate_site(site, today=DAY_10)
    assert result.has_ita_section
    news = result.item("5.2")
    assert news.status == STATUS_MISSING
    assert [r.code for r in news.reasons] == ["draft_only"]
    assert news.actions[0].kind == "publish"
    assert news.actions[0].page_id == section[ita.NewsIndexPage].pk


def test_every_lost_point_has_a_reason(site, section):
    with at(T0):
        publish(section[ita.ContactPage], address="ที่อยู่")
        publish(section[ita.ServiceManualsPage])
    result = evaluate_site(site, today=T0.date() + timedelta(days=200))
    for item in result.items:
        assert sum(r.points for r in item.reasons) == 100 - item.score, item.code
        for part in item.parts:
            assert sum(r.points for r in part.reasons) == 100 - part.score
