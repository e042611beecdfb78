"""The shipped OIT lists of ITA 2568 and 2569 (criteria format 2).

What is asserted here comes from the research notes on the OIT lists: 26
items, the previous-fiscal-year rule of every report and statistics item,
PDF and Excel for 2569's procurement summaries and complaint statistics, and
a "to be confirmed" mark wherever the notes rest on one secondary source or
on none.
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from ita_wagtail.criteria import (
    BUILTIN_SETS_DIR,
    FreshnessRule,
    available_criteria_sets,
    get_criteria_set,
)

OIT_SETS = ["oit-2568", "oit-2569"]
CODES = [f"O{n}" for n in range(1, 27)]

# Items whose content is about the fiscal year that has ended.
PREVIOUS_YEAR = {
    "oit-2568": ["O7", "O11", "O13", "O15", "O19", "O22", "O24", "O26"],
    "oit-2569": ["O7", "O12", "O14", "O18", "O22", "O24", "O26"],
}
# Items about the fiscal year now running.
CURRENT_YEAR = {
    "oit-2568": ["O4", "O5", "O6", "O12", "O14", "O16", "O20", "O21", "O23", "O25"],
    "oit-2569": ["O4", "O5", "O6", "O13", "O15", "O19", "O20", "O21", "O23", "O25"],
}
# Items kept current by the 90-day review only.
KEPT_CURRENT = {
    "oit-2568": ["O1", "O2", "O3", "O8", "O9", "O10", "O17", "O18"],
    "oit-2569": ["O1", "O2", "O3", "O8", "O9", "O10", "O16", "O17"],
}
# Items covering every month of the fiscal year so far.
MONTHLY = {"oit-2568": [], "oit-2569": ["O11"]}
# Items (or facts of them) the notes mark one-source [P] or unconfirmed [U].
# 2569 rests on one source throughout, so every item.
NOT_CONFIRMED = {
    "oit-2568": [
        *("O2", "O4", "O5", "O6", "O7", "O8", "O9", "O10", "O11"),
        *("O15", "O16", "O17", "O18", "O19", "O20", "O21", "O22"),
        *("O24", "O25", "O26"),
    ],
    "oit-2569": CODES,
}
CONFIRMED_2568 = ["O1", "O3", "O12", "O13", "O14", "O23"]

# The title of every item, as the research notes give it.
TITLES_2568 = {
    "O1": "โครงสร้างและอำนาจหน้าที่",
    "O2": "ข้อมูลผู้บริหาร",
    "O3": "ข้อมูลการติดต่อ",
    "O4": "ข่าวประชาสัมพันธ์",
    "O5": "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
    "O8": "คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่",
    "O9": "คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ",
    "O10": "E-Service",
    "O11": "ข้อมูลสถิติการให้บริการ",
    "O12": "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
    "O13": "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
    "O14": "แผนการบริหารและพัฒนาทรัพยากรบุคคล(ประจำปี)",
    "O15": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี",
    "O16": "ประมวลจริยธรรมและการขับเคลื่อนจริยธรรม",
    "O17": "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "O18": "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "O19": "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี",
    "O20": "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
    "O21": "ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
    "O22": "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา",
    "O23": "การประเมินความเสี่ยงที่อาจเกิดการให้หรือรับสินบนจากการดำเนินงานตามภารกิจของหน่วยงาน",
    "O24": "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ",
    "O25": "แผนปฏิบัติการป้องกันการทุจริต",
    "O26": "รายงานผลการดำเนินการป้องกันการทุจริต",
}
TITLES_2569 = {
    "O1": "โครงสร้าง หน้าที่และอำนาจ",
    "O3": "ข้อมูลการติดต่อและช่องทางการสอบถาม",
    "O10": "ระบบการให้บริการผ่านช่องทางออนไลน์ (E-SERVICE)",
    "O11": "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
    "O12": "รายงานสรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุของหน่วยงาน",
    "O13": "หลักเกณฑ์และแผนการบริหารและพัฒนาทรัพยากรบุคคล",
    "O14": "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล",
    "O18": "ข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "O19": "ผลการเปิดโอกาสให้มีส่วนร่วมในการดำเนินงาน",
    "O20": "การขับเคลื่อนนโยบาย NO GIFT POLICY จากการปฏิบัติหน้าที่และการเสริมสร้างความรู้เกี่ยวกับหลักเกณฑ์การรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยาของเจ้าพนักงานของรัฐ",
    "O21": "การประเมินความเสี่ยงการทุจริตในหน่วยงานภาครัฐ",
    "O22": "รายงานผลการดำเนินการตามแผนบริหารจัดการความเสี่ยงการทุจริตของหน่วยงาน",
    "O23": "แผนปฏิบัติการป้องกันการทุจริต",
    "O24": "รายงานผลการดำเนินการป้องกันการทุจริต",
    "O25": "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
    "O26": "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
}

# Kinds the pages of ita-2562 declare keep serving the OIT lists (switching
# sets keeps every page); the general complaint page is not the corruption
# channel the OIT asks for.
KEPT_KINDS = {
    "org_structure",
    "executives",
    "authority_duties",
    "development_plan",
    "contact",
    "related_laws",
    "news",
    "integrity_declaration",
    "annual_plan",
    "plan_progress",
    "annual_report",
    "procurement_plan",
    "procurement_records",
    "procurement_summary",
    "operating_manuals",
    "service_manuals",
    "feedback_channel",
}
OPTIONAL_KINDS = {
    "related_laws",
    "feedback_channel",
    "integrity_declaration",
    "procurement_plan",
}


@pytest.fixture(params=OIT_SETS)
def oit(request):
    return get_criteria_set(request.param)


def places(criteria_set, kind):
    return [
        (item.code, part.code if part else None)
        for item, part in criteria_set.criteria_for_kind(kind)
    ]


def rule(criteria_set, code):
    return criteria_set.item(code).freshness


# --- the lists ---------------------------------------------------------------


def test_the_oit_sets_ship_beside_the_2562_measure():
    assert [path.stem for path in sorted(BUILTIN_SETS_DIR.glob("*.toml"))] == [
        "ita-2562",
        *OIT_SETS,
    ]
    sets = available_criteria_sets()
    assert [sets[key].fiscal_year for key in OIT_SETS] == [2568, 2569]


def test_each_oit_set_loads_with_26_items_o1_to_o26(oit):
    assert oit.format == 2
    assert [item.code for item in oit] == CODES
    assert len(oit) == 26


def test_oit_items_score_100_or_0_and_declare_no_pass_mark(oit):
    # The NACC scores an OIT item 100 or 0; the 85 often quoted has no source.
    assert oit.all_or_nothing
    assert oit.pass_mark is None


def test_every_item_has_a_thai_and_english_title_group_and_elements(oit):
    for item in oit:
        assert item.title_th and item.title_en, item.code
        assert item.group_th and item.group_en, item.code
        assert item.description_th and item.description_en, item.code
        assert item.elements_th, item.code
        assert len(item.elements_th) == len(item.elements_en), item.code


@pytest.mark.parametrize(
    ("key", "titles"), [("oit-2568", TITLES_2568), ("oit-2569", TITLES_2569)]
)
def test_thai_titles_are_those_of_the_source(key, titles):
    criteria_set = get_criteria_set(key)
    for code, title in titles.items():
        assert criteria_set.item(code).title_th == title


def test_every_item_has_a_responsible_unit_the_set_declares(oit):
    declared = {unit.code for unit in oit.units}
    for item in oit:
        assert item.responsible_unit in declared, item.code


def test_units_keep_the_2562_codes_and_add_personnel_and_planning(oit):
    ita2562 = get_criteria_set("ita-2562")
    codes = [unit.code for unit in oit.units]
    assert codes[: len(ita2562.units)] == [unit.code for unit in ita2562.units]
    for unit in ita2562.units:
        assert oit.unit(unit.code) == unit
    for code in ("personnel", "policy_plan"):
        assert oit.unit(code).parent == "clerk_office"
    assert oit.item("O14" if oit.key == "oit-2568" else "O13").responsible_unit == (
        "personnel"
    )


def test_every_kind_of_the_2562_pages_still_serves_an_item(oit):
    assert set(oit.kinds()) >= KEPT_KINDS
    assert "complaint_channel" not in oit.kinds()
    for kind in OPTIONAL_KINDS:
        for item, part in oit.criteria_for_kind(kind):
            assert part is not None and not part.required, (kind, item.code)


def test_the_corruption_channel_and_its_statistics_are_items_of_their_own():
    for key, channel, statistics in [
        ("oit-2568", "O18", "O19"),
        ("oit-2569", "O17", "O18"),
    ]:
        oit = get_criteria_set(key)
        assert places(oit, "corruption_complaint_channel") == [(channel, None)]
        assert places(oit, "complaint_statistics") == [(statistics, None)]
        assert places(oit, "complaint_procedure") == [
            (f"O{int(channel[1:]) - 1}", None)
        ]


def test_o3_asks_for_a_two_way_question_channel(oit):
    item = oit.item("O3")
    assert item.part("qa").kinds == ("qa_channel",)
    assert item.part("qa").required


# --- year rules --------------------------------------------------------------


def test_reports_and_statistics_are_for_the_previous_fiscal_year(oit):
    for code in PREVIOUS_YEAR[oit.key]:
        freshness = rule(oit, code)
        assert freshness.period == "fiscal_year", code
        assert freshness.fiscal_year_offset == -1, code


def test_plans_declarations_and_assessments_are_for_the_current_fiscal_year(oit):
    for code in CURRENT_YEAR[oit.key]:
        assert rule(oit, code) == FreshnessRule(90, "fiscal_year", 0), code


def test_other_items_are_kept_current_by_the_90_day_review(oit):
    for code in KEPT_CURRENT[oit.key]:
        assert rule(oit, code) == FreshnessRule(90), code
    # Every item has one of the rules above, or the monthly one.
    listed = [
        *PREVIOUS_YEAR[oit.key],
        *CURRENT_YEAR[oit.key],
        *KEPT_CURRENT[oit.key],
        *MONTHLY[oit.key],
    ]
    assert sorted(listed, key=lambda code: int(code[1:])) == CODES


def test_2569_monthly_summaries_cover_every_month_of_the_current_year():
    o11 = get_criteria_set("oit-2569").item("O11")
    assert o11.freshness == FreshnessRule(90, "month", 0)
    assert o11.rule(o11.part("summary")) == FreshnessRule(90, "month", 0)


def test_2568_procurement_list_covers_the_first_six_months_with_a_none_rule():
    item = get_criteria_set("oit-2568").item("O12")
    records = item.part("records")
    assert records.kinds == ("procurement_records",)
    assert item.rule(records) == FreshnessRule(90, "month", 0, months=6)
    assert item.allows_none_for(records)
    assert item.none_text_for(records) == "ไม่มีการจัดซื้อจัดจ้าง"
    assert records.to_confirm


def test_2569_gift_report_is_last_years_and_hr_rules_only_kept_current():
    oit = get_criteria_set("oit-2569")
    o20 = oit.item("O20")
    assert o20.rule(o20.part("report")) == FreshnessRule(90, "fiscal_year", -1)
    assert o20.rule(o20.part("declaration")) == FreshnessRule(90, "fiscal_year", 0)
    o13 = oit.item("O13")
    assert o13.rule(o13.part("criteria")) == FreshnessRule(90)
    assert o13.rule(o13.part("plan")) == FreshnessRule(90, "fiscal_year", 0)


# --- one page, several items; files; "none" ------------------------------------


def test_2569_procurement_summary_answers_two_items_with_different_views():
    oit = get_criteria_set("oit-2569")
    answers = oit.criteria_for_kind("procurement_summary")
    assert [(item.code, part.code if part else None) for item, part in answers] == [
        ("O11", "summary"),
        ("O12", None),
    ]
    (o11, summary), (o12, _none) = answers
    assert o11.view_for(summary) == "monthly"
    assert o12.view_for(None) == "annual"
    # Each with its own year rule: this year's months, last year's summary.
    assert o11.rule(summary) == FreshnessRule(90, "month", 0)
    assert o12.rule(None) == FreshnessRule(90, "fiscal_year", -1)


def test_2568_annual_procurement_report_is_the_summary_pages_annual_view():
    oit = get_criteria_set("oit-2568")
    assert places(oit, "procurement_summary") == [("O13", None)]
    o13 = oit.item("O13")
    assert o13.view == "annual"
    assert o13.freshness == FreshnessRule(90, "fiscal_year", -1)
    assert places(oit, "procurement_records") == [("O12", "records")]


def test_2569_asks_pdf_and_excel_for_procurement_summaries_and_complaint_figures():
    oit = get_criteria_set("oit-2569")
    o11 = oit.item("O11")
    assert o11.files_for(o11.part("summary")) == ("pdf", "xlsx")
    assert oit.item("O12").files == ("pdf", "xlsx")
    assert oit.item("O18").files == ("pdf", "xlsx")
    with_files = {
        item.code
        for item in oit
        if item.files or any(item.files_for(part) for part in item.parts)
    }
    assert with_files == {"O11", "O12", "O18"}
    assert not any(
        item.files or any(item.files_for(part) for part in item.parts)
        for item in get_criteria_set("oit-2568")
    )


def test_a_declared_absence_counts_for_empty_months_and_complaint_free_years():
    expected = {
        ("oit-2568", "O12", "records"): "ไม่มีการจัดซื้อจัดจ้าง",
        ("oit-2568", "O19", None): "ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        ("oit-2569", "O11", "summary"): "ไม่มีการจัดซื้อจัดจ้าง",
        ("oit-2569", "O11", "records"): "ไม่มีการจัดซื้อจัดจ้าง",
        ("oit-2569", "O18", None): "ไม่มีเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    }
    found = {}
    for key in OIT_SETS:
        for item in get_criteria_set(key):
            for part in (None, *item.parts):
                if item.allows_none_for(part) and (part is None or part.allows_none):
                    found[(key, item.code, part.code if part else None)] = (
                        item.none_text_for(part)
                    )
    assert found == expected
    # A service with no fee is stated inside the service guide, not an item rule.
    for key in OIT_SETS:
        o9 = get_criteria_set(key).item("O9")
        assert not o9.allows_none
        assert any("ไม่มีค่าธรรมเนียม" in element for element in o9.elements_th)


# --- to be confirmed ----------------------------------------------------------


def test_every_item_resting_on_one_source_or_none_is_marked_to_confirm(oit):
    for code in NOT_CONFIRMED[oit.key]:
        item = oit.item(code)
        assert item.to_confirm or any(p.to_confirm for p in item.parts), code


def test_confirmed_2568_items_carry_no_item_level_mark():
    oit = get_criteria_set("oit-2568")
    for code in CONFIRMED_2568:
        assert not oit.item(code).to_confirm, code


def test_the_unsourced_2569_items_say_they_are_assumed_from_2568():
    oit = get_criteria_set("oit-2569")
    for code in ("O2", "O6", "O7"):
        note = oit.item(code).to_confirm
        assert "not in the only source" in note and "2568" in note, code
    assert oit.item("O2").title_th == get_criteria_set("oit-2568").item("O2").title_th


def test_optional_parts_say_why_they_are_kept(oit):
    for item in oit:
        for part in item.parts:
            if not part.required:
                assert part.to_confirm, (item.code, part.code)


# --- next year's list: a copy with renumbered codes -------------------------------


def renumbered(text: str, key: str, prefix: str) -> str:
    text = text.replace('key = "oit-2569"', f'key = "{key}"')
    text = text.replace("fiscal_year = 2569", "fiscal_year = 2570")
    return re.sub(r'^code = "O(\d+)"$', rf'code = "{prefix}\1"', text, flags=re.M)


def test_a_renumbered_copy_loads_from_ita_criteria_dirs(tmp_path):
    source = (BUILTIN_SETS_DIR / "oit-2569.toml").read_text(encoding="utf-8")
    (tmp_path / "thatnaweng-2570.toml").write_text(
        renumbered(source, "thatnaweng-2570", "I"), encoding="utf-8"
    )
    with override_settings(ITA_CRITERIA_DIRS=[tmp_path]):
        sets = available_criteria_sets()
        assert list(sets) == ["ita-2562", *OIT_SETS, "thatnaweng-2570"]
        copy = get_criteria_set("thatnaweng-2570")
        assert copy.fiscal_year == 2570
        assert [item.code for item in copy] == [f"I{n}" for n in range(1, 27)]
        # Same kinds, new codes: the pages answer the renumbered items.
        original = get_criteria_set("oit-2569")
        assert copy.kinds() == original.kinds()
        assert [
            (item.code, part.code if part else None)
            for item, part in copy.criteria_for_kind("procurement_summary")
        ] == [("I11", "summary"), ("I12", None)]
        item, part = copy.item_for_kind("complaint_statistics")
        assert (item.code, item.files, item.allows_none) == (
            "I18",
            ("pdf", "xlsx"),
            True,
        )
        assert copy.item("I7").freshness == FreshnessRule(90, "fiscal_year", -1)
        assert copy.item("I2").to_confirm == original.item("O2").to_confirm
    # Gone again with the setting.
    assert "thatnaweng-2570" not in available_criteria_sets()
