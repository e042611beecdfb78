"""Criteria format 2 and a site's set per fiscal year, as the engine sees them.

A small OIT-like list (written here, loaded from ``ITA_CRITERIA_DIRS``)
scores the complete section of fiscal year 2568: one kind answering two
items through two views, required files, a previous-year rule, the NACC's
100-or-0 scoring, and switching a site between lists without touching a page.
"""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ita_wagtail import criteria
from ita_wagtail import models as ita
from ita_wagtail.criteria import CriteriaError, FreshnessRule, parse_criteria_set
from ita_wagtail.models.compliance_settings import site_criteria_set
from ita_wagtail.reports.answer_sheet import answer_sheet_rows
from ita_wagtail.reports.quarterly import take_snapshot
from ita_wagtail.scoring import STATUS_OK, evaluate_site
from ita_wagtail.scoring.plugins import _within_rule

from .builders import T0

pytestmark = pytest.mark.django_db

DAY_10 = T0.date() + timedelta(days=10)

UNITS = """
[[units]]
code = "clerk_office"
name_th = "สำนักปลัดเทศบาล"
name_en = "Office of the Municipal Clerk"
head_position_th = "หัวหน้าสำนักปลัดเทศบาล"

[[units]]
code = "finance"
name_th = "กองคลัง"
name_en = "Finance Division"
head_position_th = "ผู้อำนวยการกองคลัง"
"""

OIT_LIKE = (
    """\
format = 2
key = "test-oit-2568"
fiscal_year = 2568
title_th = "รายการทดสอบ 2568"
title_en = "Test list 2568"
scoring = "all_or_nothing"
"""
    + UNITS
    + """
[[items]]
code = "X1"
title_th = "ข่าวประชาสัมพันธ์"
title_en = "News"
group_th = "การประชาสัมพันธ์"
elements_th = ["ข่าวของปีงบประมาณปัจจุบัน"]
responsible_unit = "clerk_office"
kinds = ["news"]
freshness = { days = 90, period = "fiscal_year" }

[[items]]
code = "X2"
title_th = "สรุปผลการจัดซื้อจัดจ้างรายเดือน"
title_en = "Monthly procurement summaries"
responsible_unit = "finance"
kinds = ["procurement_summary"]
view = "monthly"
files = ["pdf", "xlsx"]
freshness = { days = 90, period = "month" }

[[items]]
code = "X3"
title_th = "รายงานสรุปผลการจัดซื้อจัดจ้างประจำปี"
title_en = "Annual procurement summary"
responsible_unit = "finance"
kinds = ["procurement_summary"]
view = "annual"
freshness = { days = 90, period = "fiscal_year", fiscal_year_offset = -1 }
to_confirm = "One source only."

[[items]]
code = "X4"
title_th = "คู่มือการขอรับบริการ"
title_en = "Service manuals"
responsible_unit = "clerk_office"
kinds = ["service_manuals"]
"""
)


@pytest.fixture
def oit_like(settings, tmp_path):
    (tmp_path / "test-oit-2568.toml").write_text(OIT_LIKE, encoding="utf-8")
    settings.ITA_CRITERIA_DIRS = [str(tmp_path)]
    yield criteria.get_criteria_set("test-oit-2568")
    criteria.clear_cache()


@pytest.fixture
def without_pdf_engine(monkeypatch):
    """A server that cannot make PDF files (no Pango): only uploaded PDFs count."""
    from ita_wagtail.pdf import rendering

    monkeypatch.setattr(rendering, "pdf_available", lambda: (False, "no Pango"))


def choose(site, key, fiscal_year=2568):
    settings_row = ita.ComplianceSettings.for_site(site)
    ita.CriteriaSetChoice.objects.update_or_create(
        settings=settings_row, fiscal_year=fiscal_year, defaults={"criteria_set": key}
    )


# --- the format -----------------------------------------------------------------


def test_format_2_reads_views_files_groups_and_marks(oit_like):
    assert oit_like.format == 2 and oit_like.all_or_nothing
    assert oit_like.pass_mark is None
    places = oit_like.criteria_for_kind("procurement_summary")
    assert [(item.code, item.view) for item, _part in places] == [
        ("X2", "monthly"),
        ("X3", "annual"),
    ]
    monthly, annual = (item for item, _part in places)
    assert monthly.files == ("pdf", "xlsx") and annual.files == ()
    assert annual.rule().fiscal_year_offset == -1
    assert annual.to_confirm == "One source only."
    assert oit_like.item("X1").group_th == "การประชาสัมพันธ์"
    assert oit_like.item("X1").elements_th == ("ข่าวของปีงบประมาณปัจจุบัน",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("format = 2", "format = 1"), "needs format = 2"),
        (("format = 2", "format = 3"), "format 3 is not supported"),
        (('files = ["pdf", "xlsx"]', 'files = ["PDF"]'), "lower-case file extension"),
        (('files = ["pdf", "xlsx"]', 'files = ["pdf", "pdf"]'), "lists 'pdf' twice"),
        (('view = "annual"', 'view = "Annual view"'), "view 'Annual view'"),
        (
            ('scoring = "all_or_nothing"', 'scoring = "strict"'),
            "scoring 'strict' is not one of",
        ),
        (('scoring = "all_or_nothing"', "pass_mark = 185"), "pass_mark must be"),
    ],
)
def test_format_2_mistakes_are_named(change, message):
    import tomllib

    old, new = change
    assert old in OIT_LIKE
    with pytest.raises(CriteriaError) as caught:
        parse_criteria_set(tomllib.loads(OIT_LIKE.replace(old, new, 1)))
    assert message in str(caught.value)


def test_a_kind_twice_in_one_item_is_still_refused():
    import tomllib

    text = OIT_LIKE.replace('kinds = ["news"]', 'kinds = ["news", "news"]')
    with pytest.raises(CriteriaError, match="already used by item X1"):
        parse_criteria_set(tomllib.loads(text))


def test_first_months_rule():
    rule = FreshnessRule(period="month", months=6)
    assert "6 เดือนแรก" in rule.describe_th()
    months = [(2024, 10), (2025, 3), (2025, 4), (2025, 9)]
    assert _within_rule(rule, months) == [(2024, 10), (2025, 3)]
    assert _within_rule(FreshnessRule(period="month"), months) == months
    with pytest.raises(ValueError, match="only applies when period is 'month'"):
        FreshnessRule(period="fiscal_year", months=6)


# --- which set a site answers -------------------------------------------------------


def test_default_is_the_newest_set_not_after_the_fiscal_year(settings, oit_like):
    del settings.ITA_CRITERIA_SET
    # Two sets start in 2568: the one from ITA_CRITERIA_DIRS, loaded last,
    # is a municipality's own copy and wins over the shipped oit-2568.
    assert criteria.default_criteria_set(2568).key == "test-oit-2568"
    assert criteria.default_criteria_set(2569).key == "oit-2569"
    assert criteria.default_criteria_set(2575).key == "oit-2569"
    assert criteria.default_criteria_set(2567).key == "ita-2562"


def test_a_site_choice_beats_the_default_and_is_per_year(site, oit_like):
    assert site_criteria_set(site, 2568).key == "ita-2562"
    choose(site, "test-oit-2568")
    assert site_criteria_set(site, 2568).key == "test-oit-2568"
    assert site_criteria_set(site, 2569).key == "ita-2562"


def test_a_choice_of_a_list_newer_than_the_year_is_refused(site, oit_like):
    choice = ita.CriteriaSetChoice(
        settings=ita.ComplianceSettings.for_site(site),
        fiscal_year=2567,
        criteria_set="test-oit-2568",
    )
    with pytest.raises(ValidationError) as caught:
        choice.full_clean()
    assert "criteria_set" in caught.value.message_dict


# --- scoring by the chosen list ------------------------------------------------------


def test_switching_lists_keeps_every_page_and_rescoring_follows_the_rules(
    site, complete, oit_like, without_pdf_engine
):
    pages_before = {
        page.pk: page.url_path
        for page in ita.ItaIndexPage.objects.first().get_descendants()
    }
    graded = evaluate_site(site, today=DAY_10)
    assert graded.criteria_set.key == "ita-2562" and graded.score == 100

    choose(site, "test-oit-2568")
    result = evaluate_site(site, today=DAY_10)
    assert result.criteria_set.key == "test-oit-2568"
    scores = {item.code: item.score for item in result.items}
    # News and service manuals are there: 100 each. The monthly summaries
    # are not published as PDF, and last year's summary has months with
    # neither records nor a declaration: 0 each, nothing in between.
    assert scores == {"X1": 100, "X2": 0, "X3": 0, "X4": 100}
    assert result.score == 50
    monthly = result.item("X2")
    assert [r.points for r in monthly.reasons] == [100]
    assert "No PDF file published" in str(monthly.decisive_reason.text)
    annual = result.item("X3")
    assert annual.decisive_reason.code == "months_missing"
    assert "2567" in str(annual.decisive_reason.text)

    # Nothing was moved, renamed or deleted by the switch, nor by going back.
    after = {
        page.pk: page.url_path
        for page in ita.ItaIndexPage.objects.first().get_descendants()
    }
    assert after == pages_before
    ita.CriteriaSetChoice.objects.all().delete()
    assert evaluate_site(site, today=DAY_10).score == 100


def test_the_same_page_answers_two_items_with_the_year_each_asks_for(
    site, complete, oit_like
):
    choose(site, "test-oit-2568")
    result = evaluate_site(site, today=DAY_10)
    rows = {row.code: row for row in answer_sheet_rows(site, result, language="en")}
    assert rows["X2"].urls[0].endswith("/summary/2568/")
    assert rows["X3"].urls[0].endswith("/summary/2567/")
    assert "monthly procurement summaries" in rows["X2"].explanation
    assert "procurement summary of" in rows["X3"].explanation


def test_ita_audit_asks_about_another_list_and_year(
    site, complete, oit_like, without_pdf_engine
):
    out = io.StringIO()
    call_command(
        "ita_audit",
        "--format",
        "json",
        "--criteria-set",
        "test-oit-2568",
        "--fiscal-year",
        "2568",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["criteria_set"] == "test-oit-2568"
    assert data["scoring"] == "all_or_nothing" and data["pass_mark"] is None
    assert [item["code"] for item in data["items"]] == ["X1", "X2", "X3", "X4"]
    # FY 2568 has ended (1 Oct 2567 – 30 Sep 2568): asked as on its last day.
    assert data["as_of"] == date(2025, 9, 30).isoformat()
    monthly = next(item for item in data["items"] if item["code"] == "X2")
    assert monthly["score"] == 0 and "PDF" in monthly["deciding_reason"]


def test_quarterly_report_keeps_its_list_and_quotes_no_pass_mark(
    site, complete, oit_like
):
    choose(site, "test-oit-2568")
    snapshot = take_snapshot(site, 2568, 1, today=date(2025, 1, 2))
    assert snapshot.criteria_set == "test-oit-2568"
    assert snapshot.data["criteria_set"]["scoring"] == "all_or_nothing"
    assert snapshot.data["criteria_set"]["pass_mark"] is None
    texts = [r["text"]["en"] for r in snapshot.data["recommendations"]]
    assert not any("pass mark" in text for text in texts)
    # Switching the site later does not rewrite what the snapshot was.
    ita.CriteriaSetChoice.objects.all().delete()
    snapshot.refresh_from_db()
    assert snapshot.criteria_set == "test-oit-2568"


def test_a_declared_pass_mark_is_quoted(site, complete, settings, tmp_path):
    graded = OIT_LIKE.replace('scoring = "all_or_nothing"', "pass_mark = 95")
    (tmp_path / "test-oit-2568.toml").write_text(graded, encoding="utf-8")
    settings.ITA_CRITERIA_DIRS = [str(tmp_path)]
    choose(site, "test-oit-2568")
    snapshot = take_snapshot(site, 2568, 1, today=date(2025, 1, 2))
    texts = [r["text"]["en"] for r in snapshot.data["recommendations"]]
    assert any("below the pass mark of 95" in text for text in texts)
    criteria.clear_cache()


def test_all_ok_items_have_no_deciding_reason(site, complete, oit_like):
    choose(site, "test-oit-2568")
    news = evaluate_site(site, today=DAY_10).item("X1")
    assert news.status == STATUS_OK and news.decisive_reason is None


def test_the_list_is_chosen_per_year_in_the_settings_screen(
    client, django_user_model, site, oit_like
):
    from django.urls import reverse

    admin = django_user_model.objects.create_superuser(
        "clerk", "clerk@example.go.th", "pw"
    )
    client.force_login(admin)
    url = reverse(
        "wagtailsettings:edit", args=["ita_wagtail", "compliancesettings", site.pk]
    )
    page = client.get(url).content.decode()
    assert "Assessment list per fiscal year" in page
    assert "test-oit-2568" in page  # offered as a choice
    form = {
        "freshness_days": "90",
        "reminder_lead_days": "14",
        "reminders_enabled": "on",
        "reminder_cc": "",
        "municipality_name": "เทศบาลตำบลตัวอย่าง",
        "reporting_officer_name": "",
        "reporting_officer_position": "นิติกร",
        "clerk_name": "",
        "clerk_position": "หัวหน้าสำนักปลัดเทศบาล",
        "executive_name": "",
        "executive_position": "นายกเทศมนตรี",
        "criteria_set_choices-TOTAL_FORMS": "1",
        "criteria_set_choices-INITIAL_FORMS": "0",
        "criteria_set_choices-MIN_NUM_FORMS": "0",
        "criteria_set_choices-MAX_NUM_FORMS": "1000",
        "criteria_set_choices-0-fiscal_year": "2568",
        "criteria_set_choices-0-criteria_set": "test-oit-2568",
        "criteria_set_choices-0-ORDER": "1",
        "criteria_set_choices-0-id": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert site_criteria_set(site, 2568).key == "test-oit-2568"
    # A list newer than the year is refused with the reason, nothing saved.
    ita.CriteriaSetChoice.objects.all().delete()
    form["criteria_set_choices-0-fiscal_year"] = "2567"
    response = client.post(url, form)
    assert response.status_code == 200
    assert "choose an older list" in response.content.decode()
    assert not ita.CriteriaSetChoice.objects.exists()


def test_the_generated_pdf_answers_the_file_rule(site, complete, oit_like):
    from ita_wagtail.pdf.rendering import pdf_available

    if not pdf_available()[0]:
        pytest.skip("WeasyPrint/Pango missing")
    choose(site, "test-oit-2568")
    monthly = evaluate_site(site, today=DAY_10).item("X2")
    assert monthly.score == 100, [str(r.text) for r in monthly.reasons]


def test_a_signed_pdf_of_the_year_answers_the_file_rule(
    site, complete, oit_like, without_pdf_engine
):
    from django.test import Client

    from .builders import document

    choose(site, "test-oit-2568")
    summary = ita.ProcurementSummaryPage.objects.get()
    pdf = document("สขร.1 ตุลาคม 2567 (ฉบับลงนาม)")
    # A copy for another year does not count for this one.
    ita.ProcurementSummaryCopy.objects.create(
        page=summary, fiscal_year=2567, month=10, title="สขร.1 ต.ค. 2566", document=pdf
    )
    assert evaluate_site(site, today=DAY_10).item("X2").score == 0
    ita.ProcurementSummaryCopy.objects.create(
        page=summary,
        fiscal_year=2568,
        month=10,
        title="สขร.1 ต.ค. 2567 (ฉบับลงนาม)",
        document=pdf,
    )
    monthly = evaluate_site(site, today=DAY_10).item("X2")
    assert monthly.score == 100, [str(r.text) for r in monthly.reasons]
    # The copy is offered beside the month's Excel file on the public page.
    html = Client().get(summary.url + "2568/").content.decode()
    assert pdf.url in html


def test_a_chosen_list_that_is_no_longer_installed_is_reported(site, settings):
    from ita_wagtail.checks import check_chosen_criteria_sets

    choose(site, "gone-2569", fiscal_year=2569)
    warnings = check_chosen_criteria_sets(None, databases=["default"])
    assert [w.id for w in warnings] == ["ita_wagtail.W401"]
    assert "gone-2569" in warnings[0].msg
    # Meanwhile the site is scored against the default list for the year.
    assert site_criteria_set(site, 2569).key == "ita-2562"
    assert check_chosen_criteria_sets(None, databases=None) == []


def test_reminders_speak_the_years_list(site, complete, oit_like, without_pdf_engine):
    from ita_wagtail.reminders import unit_reminders

    choose(site, "test-oit-2568")
    reminders = unit_reminders(site, today=DAY_10)
    codes = {
        entry.item_code
        for reminder in reminders
        for entry in reminder.overdue + reminder.due_soon
    }
    # The finance division is told about the monthly summaries' missing PDF
    # and last year's summary, by their codes in this list, not by 5.7.
    assert {"X2", "X3"} <= codes
    assert not any(code.startswith("5.") for code in codes)
    finance = next(r for r in reminders if r.unit.code == "finance")
    assert {e.item_code for e in finance.overdue + finance.due_soon} >= {"X2", "X3"}
