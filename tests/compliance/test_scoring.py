"""The scoring engine: every state an item can be in, around its boundaries.

Every test here starts from the complete section (built once per module).
"""

from datetime import date, datetime, timedelta

import pytest
from wagtail.models import PageViewRestriction

from ita_wagtail import models as ita
from ita_wagtail.scoring import (
    STATUS_INCOMPLETE,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_STALE,
    evaluate_site,
)
from ita_wagtail.thai import BANGKOK

from .builders import T0, at, image, publish

pytestmark = pytest.mark.django_db

#: Items served by page types alone, the feedback and complaint channels included.
PAGE_ITEMS = ["5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.8", "5.9", "5.10", "5.11"]
DAY_10 = T0.date() + timedelta(days=10)


def statuses(result):
    return {item.code: item.status for item in result.items}


def part(item, code):
    return next(p for p in item.parts if p.part.code == code)


def test_complete_site_scores_every_page_item_full(site, complete):
    result = evaluate_site(site, today=DAY_10)
    for code in PAGE_ITEMS:
        item = result.item(code)
        assert item.status == STATUS_OK, (code, [str(r.text) for r in item.reasons])
        assert item.score == 100
        assert item.reasons == []
    # 5.7: plan and records scored from the procurement register, the
    # summary from its page.
    procurement = result.item("5.7")
    assert procurement.status == STATUS_OK
    assert procurement.score == 100
    assert part(procurement, "records").details["total_records"] == 2
    assert result.score == 100
    assert result.ok_count == 11
    assert result.stale_pages == []


def test_procurement_pages_alone_do_not_see_the_register(site, complete, engine_alone):
    # Without the register's evaluators, 5.7's plan and records are scored
    # from their pages: a plan deleted from the register goes unnoticed.
    ita.ProcurementPlan.objects.filter(site=site).delete()
    item = evaluate_site(site, today=DAY_10).item("5.7")
    assert part(item, "plan").status == STATUS_OK
    assert "total_records" not in part(item, "records").details


def test_procurement_register_serves_5_7_plan_and_records(site, complete):
    item = evaluate_site(site, today=DAY_10).item("5.7")
    assert part(item, "plan").present
    records = part(item, "records")
    assert records.present
    assert records.details["total_records"] == 2
    assert records.details["months_missing"] == []
    assert item.reasons == []


def test_procurement_without_a_plan_is_missing_its_plan(site, complete):
    ita.ProcurementPlan.objects.filter(site=site, fiscal_year=2568).delete()
    plan = part(evaluate_site(site, today=DAY_10).item("5.7"), "plan")
    assert plan.status == STATUS_MISSING
    assert [r.code for r in plan.reasons] == ["missing"]
    assert "2568" in str(plan.reasons[0].text)


def test_procurement_plan_not_yet_announced_is_missing(site, complete):
    ita.ProcurementPlan.objects.filter(site=site, fiscal_year=2568).update(
        published_on=None
    )
    plan = part(evaluate_site(site, today=DAY_10).item("5.7"), "plan")
    assert plan.status == STATUS_MISSING


def test_procurement_month_without_record_or_declaration_is_not_current(site, complete):
    ita.Procurement.objects.filter(
        site=site, announcement_date__month=10, announcement_date__year=2024
    ).delete()
    records = part(evaluate_site(site, today=DAY_10).item("5.7"), "records")
    assert records.status == STATUS_STALE
    assert records.details["months_missing"] == ["ต.ค. 2567"]
    assert "months_missing" in [r.code for r in records.reasons]


def test_missing_part_offers_to_create_it_under_basic_information(site, complete):
    complete[ita.ContactPage].delete()
    item = evaluate_site(site, today=DAY_10).item("5.1")
    assert item.status == STATUS_INCOMPLETE
    assert not item.present
    contact = next(p for p in item.parts if p.part.code == "contact")
    assert contact.status == STATUS_MISSING
    action = contact.actions[0]
    assert action.kind == "create"
    assert action.model == "ita_wagtail.contactpage"
    assert action.parent_page_id == complete[ita.BasicInformationPage].pk
    # One of six parts lost: 5 × 100 / 6 = 83.3 → 83, and the reasons say why.
    assert item.score == 83
    assert sum(r.points for r in item.reasons) == 17


def test_incomplete_contact_names_the_missing_field(site, complete):
    with at(T0):
        publish(complete[ita.ContactPage], email="")
    item = evaluate_site(site, today=DAY_10).item("5.1")
    assert item.status == STATUS_INCOMPLETE
    contact = next(p for p in item.parts if p.part.code == "contact")
    # Three of four checks: 40 + 22.5 → 23 + 30.
    assert contact.score == 93
    assert any("email" in str(r.text) for r in contact.reasons)
    assert sum(r.points for r in contact.reasons) == 7
    assert contact.actions[0].kind == "edit"


def test_executives_without_photo_are_named(site, complete):
    with at(T0):
        publish(
            complete[ita.ExecutivesPage],
            executives=[
                (
                    "executive",
                    {
                        "name": "นายไม่มีรูป",
                        "position": "รองนายก",
                        "wing": "political",
                        "phone": "1",
                    },
                ),
                (
                    "executive",
                    {
                        "name": "นางมีรูป",
                        "position": "ปลัด",
                        "wing": "permanent",
                        "email": "a@b.th",
                        "photo": image("clerk"),
                    },
                ),
            ],
        )
    page = ita.ExecutivesPage.objects.get()
    assert [str(m) for m in page.ita_missing_fields()] == [
        str(page.ita_completeness_checks()[3].problem)
    ]
    assert "นายไม่มีรูป" in str(page.ita_missing_fields()[0])
    assert "นางมีรูป" not in str(page.ita_missing_fields()[0])


def test_stale_after_ninety_days_not_on_the_ninetieth(site, complete):
    on_day_90 = T0.date() + timedelta(days=90)
    assert statuses(evaluate_site(site, today=on_day_90))["5.8"] == STATUS_OK
    result = evaluate_site(site, today=on_day_90 + timedelta(days=1))
    manuals = result.item("5.8")
    assert manuals.status == STATUS_STALE
    assert manuals.score == 70
    assert [r.code for r in manuals.reasons] == ["stale"]
    assert "91" in str(manuals.reasons[0].text)
    assert [f.id for f in manuals.stale_pages] == [
        complete[ita.OperatingManualsPage].pk
    ]
    assert manuals.stale_pages[0].days_overdue == 1
    kinds = [a.kind for a in manuals.actions]
    assert kinds[:2] == ["review", "edit"]


def test_bangkok_midnight_decides_the_day(site, complete):
    # Published at 10:00 Bangkok on 15 Nov = 03:00 UTC: the Bangkok date counts.
    late = datetime(2024, 11, 15, 23, 30, tzinfo=BANGKOK)
    with at(late):
        publish(complete[ita.OperatingManualsPage])
    day_90 = late.date() + timedelta(days=90)
    assert statuses(evaluate_site(site, today=day_90))["5.8"] == STATUS_OK


def test_a_review_makes_a_stale_page_current_without_an_edit(site, complete):
    page = complete[ita.OperatingManualsPage]
    day_100 = T0 + timedelta(days=100)
    assert statuses(evaluate_site(site, today=day_100.date()))["5.8"] == STATUS_STALE
    with at(day_100):
        ita.record_review(page, note="ตรวจแล้ว ข้อมูลยังถูกต้อง")
    result = evaluate_site(site, today=day_100.date())
    assert result.item("5.8").status == STATUS_OK
    assert page.pk not in [f.id for f in result.stale_pages]
    # The review date now starts the clock: stale again 91 days after it.
    later = day_100.date() + timedelta(days=91)
    assert statuses(evaluate_site(site, today=later))["5.8"] == STATUS_STALE
    # And the page itself was not re-published.
    assert ita.OperatingManualsPage.objects.get(pk=page.pk).last_published_at == T0


def test_site_setting_can_only_tighten_the_rule(site, complete, settings_row):
    settings_row.freshness_days = 30
    settings_row.save()
    day_31 = T0.date() + timedelta(days=31)
    assert statuses(evaluate_site(site, today=day_31))["5.8"] == STATUS_STALE
    settings_row.freshness_days = 200
    settings_row.save()
    day_91 = T0.date() + timedelta(days=91)
    assert statuses(evaluate_site(site, today=day_91))["5.8"] == STATUS_STALE


def test_annual_items_need_the_new_fiscal_year_from_1_october(site, complete):
    # Keep everything fresh so only the fiscal year matters.
    with at(datetime(2025, 9, 20, 9, 0, tzinfo=BANGKOK)):
        for page in complete.values():
            ita.record_review(page)
    on_30_september = date(2025, 9, 30)
    on_1_october = date(2025, 10, 1)
    before = statuses(evaluate_site(site, today=on_30_september))
    assert before["5.3"] == before["5.4"] == before["5.6"] == STATUS_OK
    result = evaluate_site(site, today=on_1_october)
    for code in ("5.3", "5.4", "5.6"):
        item = result.item(code)
        assert item.status == STATUS_STALE, code
        assert [r.code for r in item.reasons] == ["wrong_period"]
        assert item.score == 70
    plan = result.item("5.4")
    assert "2569" in str(plan.reasons[0].text) and "2568" in str(plan.reasons[0].text)
    assert plan.actions[0].kind == "create"
    assert plan.actions[0].model == "ita_wagtail.annualplanpage"
    # The old plan is listed as stale from the day the new year began.
    assert plan.stale_pages[0].days_overdue == 0
    assert plan.stale_pages[0].id == complete[ita.AnnualPlanPage].pk


def test_plan_progress_needs_the_last_quarter_that_ended(site, complete):
    # Progress for Q1 of FY2568 (Oct–Dec 2567): current until Q2 ends on 31 March.
    with at(datetime(2025, 3, 20, 9, 0, tzinfo=BANGKOK)):
        for page in complete.values():
            ita.record_review(page)
    assert statuses(evaluate_site(site, today=date(2025, 3, 31)))["5.5"] == STATUS_OK
    item = evaluate_site(site, today=date(2025, 4, 1)).item("5.5")
    assert item.status == STATUS_STALE
    assert [r.code for r in item.reasons] == ["wrong_period"]
    assert "ไตรมาสที่ 2" in str(item.reasons[0].text)
    create = item.actions[0]
    assert create.kind == "create"
    assert create.parent_page_id == complete[ita.AnnualPlanPage].pk


def test_an_annual_report_on_a_later_year_than_asked_keeps_its_points(site, complete):
    # On 25 November 2567 (FY 2568) 5.6 asks for the report on FY 2567. A
    # report on FY 2568 is newer than that, not wrong: present 40 + complete
    # 30 + current 30 = 100, where the old rule gave 40 + 30 + 0 = 70.
    with at(T0):
        publish(complete[ita.AnnualReportPage], fiscal_year=2568)
    item = evaluate_site(site, today=DAY_10).item("5.6")
    assert item.status == STATUS_OK
    assert item.score == 100
    assert item.reasons == []


def test_an_annual_report_on_an_earlier_year_than_asked_loses_currency(site, complete):
    # A report on FY 2566 when FY 2567 is asked for: 40 + 30 + 0 = 70.
    with at(T0):
        publish(complete[ita.AnnualReportPage], fiscal_year=2566)
    item = evaluate_site(site, today=DAY_10).item("5.6")
    assert item.status == STATUS_STALE
    assert [r.code for r in item.reasons] == ["wrong_period"]
    assert item.score == 70


def test_next_years_plan_does_not_stand_in_for_this_years(site, complete):
    # A plan says what will be done in its year: the FY 2569 plan is no plan
    # for FY 2568, so 5.4 keeps the exact-year rule (40 + 30 + 0 = 70).
    with at(T0):
        publish(complete[ita.AnnualPlanPage], fiscal_year=2569)
    item = evaluate_site(site, today=DAY_10).item("5.4")
    assert [r.code for r in item.reasons] == ["wrong_period"]
    assert item.score == 70


def test_a_report_for_a_later_quarter_also_counts(site, complete):
    with at(T0):
        publish(complete[ita.PlanProgressPage], quarter=2)
    assert statuses(evaluate_site(site, today=DAY_10))["5.5"] == STATUS_OK


def test_plan_progress_must_cover_every_project(site, complete):
    progress = ita.PlanProgressPage.objects.get(pk=complete[ita.PlanProgressPage].pk)
    progress.entries = list(progress.entries.all())[:1]
    with at(T0):
        progress.save_revision(clean=False).publish()
    item = evaluate_site(site, today=DAY_10).item("5.5")
    assert item.status == STATUS_INCOMPLETE
    assert any("ฝึกอบรมอาสาสมัคร" in str(r.text) for r in item.reasons)


def test_restricted_page_is_not_present(site, complete):
    PageViewRestriction.objects.create(
        page=complete[ita.ServiceManualsPage],
        restriction_type=PageViewRestriction.LOGIN,
    )
    item = evaluate_site(site, today=DAY_10).item("5.9")
    assert item.status == STATUS_MISSING
    assert [r.code for r in item.reasons] == ["restricted"]


def test_unpublished_page_is_missing_again(site, complete):
    complete[ita.OperatingManualsPage].unpublish()
    item = evaluate_site(site, today=DAY_10).item("5.8")
    assert item.status == STATUS_MISSING
    assert [r.code for r in item.reasons] == ["draft_only"]


def test_news_is_current_when_news_is_published(site, complete):
    day_120 = T0 + timedelta(days=120)
    assert statuses(evaluate_site(site, today=day_120.date()))["5.2"] == STATUS_STALE
    index = complete[ita.NewsIndexPage]
    with at(day_120):
        article = ita.NewsPage(title="ข่าวใหม่", slug="new", date=day_120.date())
        index.add_child(instance=article)
        article.save_revision().publish()
    assert statuses(evaluate_site(site, today=day_120.date()))["5.2"] == STATUS_OK


def test_news_index_without_articles_is_incomplete(site, complete):
    ita.NewsPage.objects.all().delete()
    item = evaluate_site(site, today=DAY_10).item("5.2")
    assert item.status == STATUS_INCOMPLETE
    assert item.score == 70


def test_responsible_unit_comes_from_the_page_or_the_criteria(site, complete):
    finance = ita.ResponsibleUnit.objects.get(code="finance")
    with at(T0):
        publish(complete[ita.OperatingManualsPage], responsible_unit=finance)
    result = evaluate_site(site, today=DAY_10)
    assert result.item("5.8").unit == finance
    assert result.item("5.9").unit.code == "clerk_office"
    assert result.item("5.7").unit.code == "finance"
