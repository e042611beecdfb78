"""Registers that are not pages plug into the engine per kind."""

from datetime import timedelta

import pytest

from ita_wagtail.scoring import (
    ASPECT_CURRENT,
    STATUS_INCOMPLETE,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_STALE,
    Finding,
    Outcome,
    evaluate_site,
    register_check,
    register_evaluator,
    unregister_check,
    unregister_evaluator,
)
from ita_wagtail.scoring.plugins import (
    PROCUREMENT_PLAN,
    PROCUREMENT_RECORDS,
    register_overdue_complaints,
    register_procurement,
)

from .builders import T0

pytestmark = pytest.mark.django_db

TODAY = T0.date() + timedelta(days=10)


@pytest.fixture
def procurement():
    calls = []
    facts = {
        "has_plan": True,
        "total_records": 20,
        "complete_records": 20,
        "months_missing": [],
        "records_url": "/admin/procurement/",
    }

    def procurement_compliance(site, fiscal_year, today):
        calls.append((site, fiscal_year, today))
        return facts

    register_procurement(procurement_compliance)
    yield facts, calls
    unregister_evaluator(PROCUREMENT_PLAN)
    unregister_evaluator(PROCUREMENT_RECORDS)


def part(item, code):
    return next(p for p in item.parts if p.part.code == code)


def test_procurement_register_scores_5_7_once_per_evaluation(site, procurement):
    facts, calls = procurement
    item = evaluate_site(site, today=TODAY).item("5.7")
    assert part(item, "plan").status == STATUS_OK
    assert part(item, "records").status == STATUS_OK
    assert part(item, "records").details["total_records"] == 20
    # The summary part is still served by nothing: one part of three missing.
    assert part(item, "summary").status == STATUS_MISSING
    assert item.score == 67
    assert len(calls) == 1
    assert calls[0][1] == 2568
    assert part(item, "records").actions[0].url == "/admin/procurement/"


def test_incomplete_records_cost_their_share(site, procurement):
    facts, _calls = procurement
    facts["complete_records"] = 15
    records = part(evaluate_site(site, today=TODAY).item("5.7"), "records")
    assert records.status == STATUS_INCOMPLETE
    # 40 + 30 × 0.75 = 62.5 → 63, + 30 current
    assert records.score == 93
    assert "5 of 20" in str(records.reasons[0].text)


def test_months_without_a_record_or_declaration_are_not_current(site, procurement):
    facts, _calls = procurement
    facts["months_missing"] = [(2024, 10), (2024, 11)]
    records = part(evaluate_site(site, today=TODAY).item("5.7"), "records")
    assert records.status == STATUS_STALE
    assert "ต.ค. 2567" in str(records.reasons[0].text)
    assert "พ.ย. 2567" in str(records.reasons[0].text)


def test_no_plan_and_no_records_is_missing(site, procurement):
    facts, _calls = procurement
    facts.update(
        has_plan=False, total_records=0, complete_records=0, months_missing=[(2024, 10)]
    )
    item = evaluate_site(site, today=TODAY).item("5.7")
    assert item.status == STATUS_MISSING
    assert item.score == 0


def test_a_month_declared_without_procurement_is_present(site, procurement):
    facts, _calls = procurement
    facts.update(total_records=0, complete_records=0, months_missing=[])
    records = part(evaluate_site(site, today=TODAY).item("5.7"), "records")
    assert records.status == STATUS_OK


def test_a_second_evaluator_for_a_kind_is_refused(procurement):
    with pytest.raises(ValueError, match="already registered"):
        register_evaluator(PROCUREMENT_PLAN, lambda kind, ctx: Outcome(kind=kind))


def test_a_check_can_make_a_kind_not_current(site, complete):
    def overdue(kind, ctx, outcome):
        yield Finding(ASPECT_CURRENT, "3 complaints overdue", code="overdue")

    register_check("contact", overdue)
    try:
        item = evaluate_site(site, today=TODAY).item("5.1")
    finally:
        unregister_check("contact", overdue)
    contact = part(item, "contact")
    assert contact.status == STATUS_STALE
    assert [r.code for r in contact.reasons] == ["overdue"]
    assert contact.reasons[0].points == 30


def test_overdue_complaints_adapter(site, complete):
    register_overdue_complaints(lambda site, today: 2, kinds=("service_manuals",))
    try:
        item = evaluate_site(site, today=TODAY).item("5.9")
    finally:
        from ita_wagtail.scoring.registry import _checks

        _checks.pop("service_manuals", None)
    assert item.status == STATUS_STALE
    assert "2 complaints" in str(item.reasons[0].text)
    assert item.details["overdue_cases"] == 2


def test_findings_must_name_a_scored_aspect():
    with pytest.raises(ValueError):
        Finding("present", "x")
    with pytest.raises(ValueError):
        Finding(ASPECT_CURRENT, "x", share=2)


def test_suspended_kinds_are_scored_by_the_engine_alone_then_restored(site):
    from ita_wagtail.scoring.registry import registered_evaluators, suspended

    before = registered_evaluators()
    assert PROCUREMENT_PLAN in before  # registered by the app's ready()
    with suspended(PROCUREMENT_PLAN, PROCUREMENT_RECORDS):
        assert PROCUREMENT_PLAN not in registered_evaluators()
        item = evaluate_site(site, today=TODAY).item("5.7")
        assert all(r.code == "unsupported" for r in item.reasons)
    assert registered_evaluators() == before
