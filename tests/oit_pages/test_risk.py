"""Corruption-risk assessment (OIT 2569 O21) and the risk-management report
(2569 O22): the register, the 5×5 matrix, the report's figures, scoring."""

import json
import re
from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail import thai
from ita_wagtail.models.corruption_risk import (
    RISK_LEVEL_BANDS,
    RiskLevel,
    risk_level,
)
from ita_wagtail.scoring import evaluate_site
from ita_wagtail.setup import setup_ita_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    # 15 January 2026: fiscal year 2569; the previous one is 2568.
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


#: (area, likelihood, impact): six risks in known cells.
SIX = [
    ("procurement", 4, 5),  # R1 20 very high
    ("budget", 4, 5),  # R2 20 very high (same cell as R1)
    ("authority", 3, 3),  # R3 9 medium
    ("personnel", 2, 2),  # R4 4 medium
    ("service", 1, 3),  # R5 3 low
    ("other", 3, 4),  # R6 12 high
]


def risk(area, likelihood, impact, n, measures="ตรวจสอบโดยคณะกรรมการ"):
    return ita.CorruptionRisk(
        area=area,
        process=f"กระบวนงาน {n}",
        risk=f"ความเสี่ยงที่ {n}",
        likelihood=likelihood,
        impact=impact,
        existing_controls="ระเบียบกระทรวงมหาดไทย",
        measures=measures,
        period="ต.ค. 2568 – ก.ย. 2569",
    )


@pytest.fixture
def index(default_site):
    # The OIT 2569 list for fiscal year 2569: ita_setup adds both page types.
    choose("oit-2569", 2569)
    setup_ita_section(default_site)
    page = ita.ItaIndexPage.objects.get()
    page.save_revision().publish()
    return ita.ItaIndexPage.objects.get(pk=page.pk)


def drafts():
    """The two drafts ita_setup made under the index."""
    return (
        ita.RiskAssessmentPage.objects.get(slug="risk-assessment"),
        ita.RiskManagementReportPage.objects.get(slug="risk-management-report"),
    )


def fill_register(page, year, rows=SIX):
    page.fiscal_year = year
    page.risks = [risk(*row, n) for n, row in enumerate(rows, start=1)]
    page.save_revision().publish()
    return ita.RiskAssessmentPage.objects.get(pk=page.pk)


def add_register(index, year, rows=SIX):
    page = ita.RiskAssessmentPage(
        title=f"การประเมินความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. {year}",
        slug=f"risk-{year}",
        fiscal_year=year,
    )
    index.add_child(instance=page)
    return fill_register(page, year, rows)


# -- bands and matrix -----------------------------------------------------------


def test_level_bands_are_the_documented_ones():
    assert [(low, high) for low, high, _level in RISK_LEVEL_BANDS] == [
        (1, 3),
        (4, 9),
        (10, 16),
        (17, 25),
    ]
    expected = {
        1: "low",
        3: "low",
        4: "medium",
        9: "medium",
        10: "high",
        16: "high",
        17: "very_high",
        25: "very_high",
    }
    assert {score: risk_level(score) for score in expected} == expected
    assert risk_level(None) is None
    with translation.override("th"):
        assert [str(level.label) for level in RiskLevel] == [
            "ต่ำ",
            "ปานกลาง",
            "สูง",
            "สูงมาก",
        ]


def test_matrix_counts_and_codes_by_hand(index):
    page, _report = drafts()
    page = fill_register(page, 2569)
    matrix = page.matrix()
    assert [row["likelihood"] for row in matrix] == [5, 4, 3, 2, 1]
    assert [c["impact"] for c in matrix[0]["cells"]] == [1, 2, 3, 4, 5]
    cells = {(c["likelihood"], c["impact"]): c for row in matrix for c in row["cells"]}
    occupied = {
        key: [r.code for r in cell["risks"]]
        for key, cell in cells.items()
        if cell["count"]
    }
    assert occupied == {
        (4, 5): ["R1", "R2"],
        (3, 3): ["R3"],
        (2, 2): ["R4"],
        (1, 3): ["R5"],
        (3, 4): ["R6"],
    }
    assert sum(c["count"] for c in cells.values()) == 6
    assert cells[(4, 5)]["score"] == 20 and cells[(4, 5)]["level"] == "very_high"
    assert cells[(5, 1)]["level"] == "medium" and cells[(1, 1)]["level"] == "low"
    counts = {row["level"]: row["count"] for row in page.level_counts()}
    assert counts == {"low": 1, "medium": 2, "high": 1, "very_high": 2}


def test_public_page_shows_matrix_register_in_thai(index, client):
    page, _report = drafts()
    page = fill_register(page, 2569)
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569" in html
    # The matrix is a table with row and column headers, likelihood 5 first.
    matrix = html[html.index('class="ita-risk-matrix"') :]
    matrix = matrix[: matrix.index("</table>")]
    row_headers = re.findall(r'<th scope="row">([^<]+)</th>', matrix)
    assert [h.strip() for h in row_headers] == [
        f"โอกาสเกิด {n}" for n in (5, 4, 3, 2, 1)
    ]
    assert len(re.findall(r'<th scope="col">', matrix)) == 5
    cell = re.search(
        r'data-likelihood="4" data-impact="5">(.*?)</td>', matrix, re.S
    ).group(1)
    assert "R1, R2" in cell and ">2<" in cell and "สูงมาก (20)" in cell
    # The register, with its card labels and Thai area names.
    assert 'data-label="ด้านความเสี่ยง"' in html
    assert "การจัดซื้อจัดจ้าง" in html and "ระเบียบกระทรวงมหาดไทย" in html
    assert "คะแนน 17–25" in html


# -- creation rules ---------------------------------------------------------------


def test_creation_rules_and_one_page_per_year(index):
    assert ita.RiskAssessmentPage.parent_page_types == ["ita_wagtail.ItaIndexPage"]
    assert ita.RiskAssessmentPage.subpage_types == []
    assert ita.RiskManagementReportPage.subpage_types == []
    assert ita.RiskAssessmentPage.can_create_at(index)
    assert ita.RiskManagementReportPage.can_create_at(index)
    page, report = drafts()
    assert page.fiscal_year == 2569  # the current year
    assert report.fiscal_year == 2568  # the previous year
    page = fill_register(page, 2569)
    twin = ita.RiskAssessmentPage(title="ซ้ำ", slug="twin", fiscal_year=2569)
    twin._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "ปีงบประมาณ 2569" in str(error.value)
    twin_report = ita.RiskManagementReportPage(title="ซ้ำ", slug="tw", fiscal_year=2568)
    twin_report._ita_parent = index
    with pytest.raises(ValidationError):
        twin_report.full_clean()
    # Likelihood beyond 5 is refused.
    bad = risk("budget", 6, 1, 1)
    bad.page = page
    with pytest.raises(ValidationError):
        bad.full_clean()


def test_register_completeness(index):
    page, _report = drafts()
    assert page.ita_missing_fields()  # empty register
    page = fill_register(page, 2569, [("budget", 2, 2)])
    assert page.ita_missing_fields() == []
    page.risks = [risk("budget", 2, 2, 1, measures="")]
    with translation.override("en"):
        missing = [str(p) for p in page.ita_missing_fields()]
    assert missing == [
        "at least one risk with its area, likelihood, impact and measures",
        "measures for every risk (ความเสี่ยงที่ 1)",
    ]


# -- the report -------------------------------------------------------------------


def test_report_rows_offered_per_risk_and_summary(index, client):
    register = add_register(index, 2568)
    risks = list(register.risks.all())
    initial = ita.RiskManagementReportPage.ita_initial_values(index)
    assert initial["fiscal_year"] == 2568
    assert [row.risk_id for row in initial["results"]] == [r.pk for r in risks]

    _page, report = drafts()
    # R1 20→6 done (lower), R2 20→20 in progress, R3 9→2 done (lower),
    # R4 4 → no residual, not done; R5, R6 left out.
    report.results = [
        ita.RiskManagementResult(
            risk=risks[0],
            action="ประกาศราคากลาง",
            status="done",
            residual_likelihood=2,
            residual_impact=3,
        ),
        ita.RiskManagementResult(
            risk=risks[1],
            action="ตรวจฎีกา",
            status="in_progress",
            residual_likelihood=4,
            residual_impact=5,
        ),
        ita.RiskManagementResult(
            risk=risks[2],
            action="คำสั่งมอบอำนาจ",
            status="done",
            residual_likelihood=1,
            residual_impact=2,
        ),
        ita.RiskManagementResult(risk=risks[3], action="", status="not_done"),
    ]
    report.save_revision().publish()
    report = ita.RiskManagementReportPage.objects.get(pk=report.pk)
    figures = report.result_summary()
    assert figures["total"] == 4
    assert {row["status"]: row["count"] for row in figures["statuses"]} == {
        "done": 2,
        "in_progress": 1,
        "not_done": 1,
    }
    assert figures["reduced"] == 2
    with translation.override("en"):
        missing = [str(p) for p in report.ita_missing_fields()]
    assert missing == [
        "the result for every risk of the register "
        "(ความเสี่ยงที่ 4, ความเสี่ยงที่ 5, ความเสี่ยงที่ 6)"
    ]
    html = client.get(report.url).content.decode()
    assert "ลดลง" in html and "ประกาศราคากลาง" in html
    assert "ปีงบประมาณ พ.ศ. 2568" in html


def test_report_form_offers_only_that_years_register(index, admin_client):
    add_register(index, 2568, [("budget", 2, 2)])
    add_register(index, 2567, [("authority", 3, 3)])
    _page, report = drafts()
    response = admin_client.get(f"/admin/pages/{report.pk}/edit/")
    assert response.status_code == 200
    form = response.context["form"]
    risks = form.formsets["results"].empty_form.fields["risk"].queryset
    assert [r.risk for r in risks] == ["ความเสี่ยงที่ 1"]
    assert [r.page.fiscal_year for r in risks] == [2568]


# -- scoring ----------------------------------------------------------------------


def choose(key, year):
    site = Site.objects.get(is_default_site=True)
    settings_row = ita.ComplianceSettings.for_site(site)
    ita.CriteriaSetChoice.objects.update_or_create(
        settings=settings_row, fiscal_year=year, defaults={"criteria_set": key}
    )
    return site


def complete_report(index, register_year):
    register = ita.RiskAssessmentPage.objects.get(fiscal_year=register_year)
    _page, report = drafts()
    report.fiscal_year = register_year
    report.results = [
        ita.RiskManagementResult(risk=r, action="ดำเนินการแล้ว", status="done")
        for r in register.risks.all()
    ]
    report.save_revision().publish()
    return report


@pytest.mark.parametrize(
    ("key", "codes"), [("oit-2569", ("O21", "O22")), ("oit-2568", ("O23", "O24"))]
)
def test_scoring_current_register_and_previous_report(index, key, codes):
    site = choose(key, 2569)
    page, _report = drafts()
    fill_register(page, 2569)
    add_register(index, 2568)
    complete_report(index, 2568)
    scores = {item.code: item.score for item in evaluate_site(site).items}
    assert (scores[codes[0]], scores[codes[1]]) == (100, 100)


def test_scoring_wrong_years_fail(index):
    site = choose("oit-2569", 2569)
    page, _report = drafts()
    fill_register(page, 2568)  # last year's register: not the current one
    add_register(index, 2567)
    complete_report(index, 2567)  # the report on 2567: older than asked
    scores = {item.code: item.score for item in evaluate_site(site).items}
    assert (scores["O21"], scores["O22"]) == (0, 0)
    # The report on 2568 (the year the register now is) passes; a register
    # for 2569 makes O21 pass.
    report = ita.RiskManagementReportPage.objects.get()
    report.fiscal_year = 2568
    report.results = [
        ita.RiskManagementResult(risk=r, action="ทำแล้ว", status="done")
        for r in ita.RiskAssessmentPage.objects.get(fiscal_year=2568).risks.all()
    ]
    report.save_revision().publish()
    add_register(index, 2569)
    scores = {item.code: item.score for item in evaluate_site(site).items}
    assert (scores["O21"], scores["O22"]) == (100, 100)


def test_scoring_takes_a_fixed_number_of_queries(index, django_assert_num_queries):
    page, _report = drafts()
    fill_register(page, 2569)
    add_register(index, 2568)
    add_register(index, 2567)
    complete_report(index, 2568)
    model = ita.RiskManagementReportPage
    pages = list(model.ita_scoring_queryset(model.objects.all()))
    with django_assert_num_queries(1):
        model.ita_prepare_scoring(pages)
    with django_assert_num_queries(0):
        checks = [page.ita_completeness_checks() for page in pages]
    assert all(check.ok for check in checks[0])
    registers = list(
        ita.RiskAssessmentPage.ita_scoring_queryset(
            ita.RiskAssessmentPage.objects.all()
        )
    )
    with django_assert_num_queries(0):
        for register in registers:
            register.ita_completeness_checks()


# -- take-over --------------------------------------------------------------------


def test_takes_over_a_generic_page_keeping_its_url(index, client):
    ita.RiskAssessmentPage.objects.all().delete()
    generic = ita.DisclosureDocumentsPage(
        title="การประเมินความเสี่ยงการทุจริต",
        slug="risk-assessment",
        kind="risk_assessment",
    )
    index.add_child(instance=generic)
    generic.save_revision(clean=False).publish()
    url = ita.DisclosureDocumentsPage.objects.get(pk=generic.pk).url
    setup_ita_section(Site.objects.get(is_default_site=True))
    new = ita.RiskAssessmentPage.objects.get()
    assert new.slug == "risk-assessment-new" and not new.live
    new = fill_register(new, 2569)
    new.refresh_from_db()
    assert new.slug == "risk-assessment" and new.url == url
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].pk == new.pk


def test_first_edit_offers_one_row_per_risk_of_the_register(index, admin_client):
    register = add_register(index, 2568, [("budget", 2, 2), ("service", 3, 3)])
    _page, report = drafts()
    assert not report.results.exists()
    response = admin_client.get(f"/admin/pages/{report.pk}/edit/")
    assert response.status_code == 200
    forms = response.context["form"].formsets["results"].forms
    assert [f.initial.get("risk") for f in forms] == [
        r.pk for r in register.risks.all()
    ]
    html = response.content.decode()
    assert 'name="results-TOTAL_FORMS" value="2"' in html


def test_admin_refuses_a_second_register_for_a_year_in_thai(index, admin_client):
    fill_register(drafts()[0], 2569)
    url = f"/admin/pages/add/ita_wagtail/riskassessmentpage/{index.pk}/"
    data = {
        "title": "ซ้ำ",
        "slug": "risk-twin",
        "fiscal_year": "2569",
        "intro": json.dumps({"blocks": [], "entityMap": {}}),
        "risks-TOTAL_FORMS": "1",
        "risks-INITIAL_FORMS": "0",
        "risks-MIN_NUM_FORMS": "0",
        "risks-MAX_NUM_FORMS": "1000",
        "risks-0-area": "budget",
        "risks-0-risk": "เบิกจ่ายเกินจริง",
        "risks-0-likelihood": "2",
        "risks-0-impact": "2",
        "risks-0-ORDER": "1",
        "action-publish": "action-publish",
    }
    with translation.override("th"):
        response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200  # the form again, not a 500
    assert ita.RiskAssessmentPage.objects.count() == 1
    html = response.content.decode()
    assert "มีหน้าการประเมินความเสี่ยงการทุจริตของปีงบประมาณ 2569 อยู่แล้ว" in html
    # A likelihood beyond 5 is refused too, in Thai, and nothing is saved.
    data.update({"fiscal_year": "2570", "risks-0-likelihood": "9"})
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 200
    assert ita.RiskAssessmentPage.objects.count() == 1
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()
