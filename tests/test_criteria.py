"""The criteria registry: the default B.E. 2562 set, loading, selection, validation."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ita_wagtail import criteria
from ita_wagtail.criteria import (
    BUILTIN_SETS_DIR,
    CriteriaError,
    CriteriaSetNotFound,
    FreshnessRule,
    available_criteria_sets,
    clear_cache,
    connect_signals,
    criteria_set_for_fiscal_year,
    criteria_set_paths,
    default_criteria_set,
    get_criteria_set,
    load_criteria_set,
)

REPO = Path(__file__).resolve().parents[1]

# The kinds the product's pages and models declare, with the (item, part)
# each must land on in the B.E. 2562 set.
#: The sets ita-wagtail ships, in load order (file names sorted).
SHIPPED_SETS = ["ita-2562", "oit-2568", "oit-2569"]

PRODUCT_KINDS = {
    "org_structure": ("5.1", "structure"),
    "executives": ("5.1", "executives"),
    "authority_duties": ("5.1", "authority"),
    "development_plan": ("5.1", "plan"),
    "contact": ("5.1", "contact"),
    "related_laws": ("5.1", "laws"),
    "news": ("5.2", None),
    "integrity_declaration": ("5.3", None),
    "annual_plan": ("5.4", None),
    "plan_progress": ("5.5", None),
    "annual_report": ("5.6", None),
    "procurement_plan": ("5.7", "plan"),
    "procurement_records": ("5.7", "records"),
    "procurement_summary": ("5.7", "summary"),
    "operating_manuals": ("5.8", None),
    "service_manuals": ("5.9", None),
    "feedback_channel": ("5.10", None),
    "complaint_channel": ("5.11", None),
    "corruption_complaint_channel": ("5.11", None),
}

# Section 5 of the Thai measure, word for word (two typing slips corrected).
THAI_TITLES = {
    "5.1": "ข้อมูลพื้นฐานของหน่วยงานที่เป็นปัจจุบัน",
    "5.2": "ข่าวประชาสัมพันธ์ที่เกี่ยวข้องกับภารกิจของหน่วยงาน",
    "5.3": "เจตจำนงสุจริตของผู้บริหารสูงสุดของหน่วยงาน",
    "5.4": "แผนปฏิบัติราชการประจำปี",
    "5.5": "การกำกับติดตามการดำเนินงานตามแผนปฏิบัติราชการประจำปี",
    "5.6": "รายงานผลการปฏิบัติราชการประจำปีของรอบปีงบประมาณที่ผ่านมา",
    "5.7": "ข้อมูลการจัดซื้อจัดจ้าง",
    "5.8": "คู่มือหรือมาตรฐานการปฏิบัติงาน",
    "5.9": "คู่มือหรือมาตรฐานการให้บริการ",
    "5.10": "ช่องทางการรับฟังความคิดเห็นของผู้รับบริการ",
    "5.11": "ช่องทางการร้องเรียน/ข้อเสนอแนะ",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def ita2562():
    return load_criteria_set(BUILTIN_SETS_DIR / "ita-2562.toml")


# --- the default set ---------------------------------------------------------


def test_default_set_is_the_2562_measure_with_items_5_1_to_5_11(ita2562):
    assert ita2562.key == "ita-2562"
    assert ita2562.fiscal_year == 2562
    assert [item.code for item in ita2562] == [f"5.{n}" for n in range(1, 12)]
    assert len(ita2562) == 11
    assert "ITA" in ita2562.title_th and "2562" in ita2562.title_th
    assert ita2562.source


def test_default_set_is_what_the_registry_serves_without_settings(ita2562):
    assert default_criteria_set() == ita2562
    assert get_criteria_set() == ita2562
    assert get_criteria_set("ita-2562") == ita2562
    assert available_criteria_sets()["ita-2562"] == ita2562
    assert list(available_criteria_sets()) == SHIPPED_SETS


def test_item_5_1_has_the_six_parts_of_basic_information(ita2562):
    item = ita2562.item("5.1")
    assert [(p.code, p.kinds) for p in item.parts] == [
        ("structure", ("org_structure",)),
        ("executives", ("executives",)),
        ("authority", ("authority_duties",)),
        ("plan", ("development_plan",)),
        ("contact", ("contact",)),
        ("laws", ("related_laws",)),
    ]
    assert [p.title_th for p in item.parts] == [
        "โครงสร้างหน่วยงาน",
        "ข้อมูลผู้บริหาร",
        "อำนาจหน้าที่",
        "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
        "ข้อมูลการติดต่อหน่วยงาน",
        "กฎหมายที่เกี่ยวข้อง",
    ]
    assert all(p.required for p in item.parts)
    assert item.kinds == ()
    assert item.all_kinds == (
        "org_structure",
        "executives",
        "authority_duties",
        "development_plan",
        "contact",
        "related_laws",
    )


def test_item_5_7_has_plan_records_and_summary(ita2562):
    item = ita2562.item("5.7")
    assert [(p.code, p.kinds) for p in item.parts] == [
        ("plan", ("procurement_plan",)),
        ("records", ("procurement_records",)),
        ("summary", ("procurement_summary",)),
    ]
    assert item.part("records").title_th == (
        "ข้อมูลแสดงรายละเอียดการจัดซื้อจัดจ้างทุกรายการตามที่ระบุในแผนการจัดซื้อจัดจ้างประจำปี"
    )
    assert item.part("summary").title_th == "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"


def test_5_7_description_lists_every_field_the_measure_names(ita2562):
    description = ita2562.item("5.7").description_th
    for field in [
        "แผนการจัดซื้อจัดจ้างประจำปี",
        "ชื่อรายการที่จัดซื้อจัดจ้าง",
        "วงเงินงบประมาณ",
        "ราคากลาง",
        "วิธีการซื้อหรือจ้าง",
        "ผู้เสนอราคาและราคาที่เสนอ",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
        "เหตุผลที่คัดเลือกโดยสรุป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
        "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
    ]:
        assert field in description
    english = ita2562.item("5.7").description_en
    for field in ["reference price", "bidders", "contract", "summary reason"]:
        assert field in english


def test_items_without_parts_have_exactly_one_kind(ita2562):
    for item in ita2562:
        if item.code in ("5.1", "5.7"):
            continue
        assert item.parts == ()
        # 5.11: the general and the corruption complaint channels.
        assert len(item.kinds) == (2 if item.code == "5.11" else 1), item.code
        assert item.all_kinds == item.kinds


def test_every_product_kind_maps_to_exactly_one_item_or_part(ita2562):
    kinds = ita2562.kinds()
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == set(PRODUCT_KINDS)
    for kind, (code, part_code) in PRODUCT_KINDS.items():
        owners = [
            (item.code, part.code if part else None)
            for item in ita2562
            for part in (item.parts or (None,))
            if kind in (part.kinds if part else item.kinds)
        ]
        assert owners == [(code, part_code)], kind


@pytest.mark.parametrize(("kind", "expected"), PRODUCT_KINDS.items())
def test_item_for_kind(ita2562, kind, expected):
    item, part = ita2562.item_for_kind(kind)
    assert (item.code, part.code if part else None) == expected


def test_item_for_unknown_kind_is_none(ita2562):
    assert ita2562.item_for_kind("ethics_code") is None


@pytest.mark.parametrize(("code", "title_th"), THAI_TITLES.items())
def test_thai_titles_follow_the_measure(ita2562, code, title_th):
    item = ita2562.item(code)
    assert item.title_th == title_th
    assert item.description_th.startswith(title_th)
    assert item.title_en and item.description_en
    assert re.search(r"[\u0E00-\u0E7F]", item.reviewer)


@pytest.mark.parametrize(
    ("code", "period", "offset"),
    [
        ("5.1", None, 0),
        ("5.2", None, 0),
        ("5.3", "fiscal_year", 0),
        ("5.4", "fiscal_year", 0),
        ("5.5", "quarter", 0),
        ("5.6", "fiscal_year", -1),
        ("5.7", "month", 0),
        ("5.8", None, 0),
        ("5.9", None, 0),
        ("5.10", None, 0),
        ("5.11", None, 0),
    ],
)
def test_freshness_rule_per_item(ita2562, code, period, offset):
    # Section 6.5: reviewed at least every three months, whatever the item.
    assert ita2562.item(code).freshness == FreshnessRule(90, period, offset)


def test_procurement_plan_is_checked_per_fiscal_year_records_per_month(ita2562):
    item = ita2562.item("5.7")
    assert item.freshness_for("procurement_plan") == FreshnessRule(90, "fiscal_year", 0)
    assert item.freshness_for("procurement_records").period == "month"
    assert item.freshness_for("procurement_summary").period == "month"
    assert ita2562.item("5.6").freshness_for("annual_report").fiscal_year_offset == -1


@pytest.mark.parametrize(
    ("code", "unit", "section"),
    [
        ("5.1", "clerk_office", "6.1"),
        ("5.2", "clerk_office", "6.1"),
        ("5.3", "clerk_office", "6.1"),
        ("5.4", "clerk_office", "6.1"),
        ("5.5", "clerk_office", "6.1"),
        ("5.6", "clerk_office", "6.1"),
        ("5.7", "finance", "6.2"),
        ("5.8", "clerk_office", "6.3"),
        ("5.9", "clerk_office", "6.3"),
        ("5.10", "clerk_office", "6.4"),
        ("5.11", "clerk_office", "6.4"),
    ],
)
def test_responsible_unit_and_section_6_reference(ita2562, code, unit, section):
    item = ita2562.item(code)
    assert item.responsible_unit == unit
    assert item.section_ref == section


def test_reviewer_wording_follows_section_6(ita2562):
    assert "ปลัดเทศบาล" in ita2562.item("5.1").reviewer
    assert "หัวหน้าฝ่าย" in ita2562.item("5.1").reviewer
    assert ita2562.item("5.7").reviewer == "กองคลัง"
    assert ita2562.item("5.9").reviewer == "สำนักปลัดเทศบาล"
    assert ita2562.item("5.11").reviewer == "สำนักปลัดเทศบาล"


def test_default_units(ita2562):
    units = {(u.code, u.name_th, u.head_position_th, u.parent) for u in ita2562.units}
    assert units == {
        ("clerk_office", "สำนักปลัดเทศบาล", "หัวหน้าสำนักปลัดเทศบาล", None),
        ("finance", "กองคลัง", "ผู้อำนวยการกองคลัง", None),
        ("engineering", "กองช่าง", "ผู้อำนวยการกองช่าง", None),
        ("education", "กองการศึกษา", "ผู้อำนวยการกองการศึกษา", None),
        (
            "public_health",
            "กองสาธารณสุขและสิ่งแวดล้อม",
            "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม",
            None,
        ),
        ("legal", "งานนิติการ", "หัวหน้างานนิติการ", "clerk_office"),
    }
    assert ita2562.unit("finance").name_en == "Finance Division"
    assert all(u.name_en for u in ita2562.units)


def test_lookups_fail_with_a_message_naming_what_exists(ita2562):
    with pytest.raises(KeyError, match=r"no item '5\.12'.*5\.1, 5\.2"):
        ita2562.item("5.12")
    with pytest.raises(KeyError, match=r"no part 'photos'.*structure"):
        ita2562.item("5.1").part("photos")
    with pytest.raises(KeyError, match=r"no unit 'police'"):
        ita2562.unit("police")


def test_criteria_sets_are_hashable_values(ita2562):
    again = load_criteria_set(BUILTIN_SETS_DIR / "ita-2562.toml")
    assert again == ita2562
    assert hash(again) == hash(ita2562)
    with pytest.raises(AttributeError):
        ita2562.key = "other"


# --- freshness descriptions ------------------------------------------------------


def test_freshness_descriptions():
    previous_year = FreshnessRule(90, "fiscal_year", -1)
    assert previous_year.describe_th() == (
        "ปรับปรุงหรือทบทวนภายใน 90 วัน และต้องเป็นข้อมูลของปีงบประมาณก่อนหน้า (หรือปีที่ใหม่กว่า)"
    )
    assert previous_year.describe_en() == (
        "Updated or reviewed within 90 days, and must be for the previous fiscal year"
        " (or a later one)"
    )
    assert FreshnessRule().describe_th() == "ปรับปรุงหรือทบทวนภายใน 90 วัน"
    assert FreshnessRule(30).describe_en() == "Updated or reviewed within 30 days"
    assert FreshnessRule(90, "fiscal_year").describe_th().endswith("ปีงบประมาณปัจจุบัน")
    assert "ไตรมาสล่าสุดที่สิ้นสุดแล้ว" in FreshnessRule(90, "quarter").describe_th()
    assert "last quarter that has ended" in FreshnessRule(90, "quarter").describe_en()
    month = FreshnessRule(90, "month")
    assert "ครบทุกเดือน" in month.describe_th()
    assert "every month of the current fiscal year" in month.describe_en()
    assert "every month of the previous fiscal year" in (
        FreshnessRule(90, "month", -1).describe_en()
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": 0}, "at least 1"),
        ({"days": True}, "must be an integer"),
        ({"period": "yearly"}, "period must be one of"),
        ({"period": "quarter", "fiscal_year_offset": -1}, "only applies"),
        ({"fiscal_year_offset": 1}, "only applies"),
    ],
)
def test_freshness_rule_rejects_nonsense(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FreshnessRule(**kwargs)


# --- language -----------------------------------------------------------------


def test_title_follows_the_active_language(ita2562):
    from django.utils import translation

    item = ita2562.item("5.7")
    with translation.override("en"):
        assert item.title == "Procurement information"
        assert item.part("plan").title == "Annual procurement plan"
        assert ita2562.unit("legal").name == "Legal Affairs Unit"
        assert item.freshness.describe().startswith("Updated")
    with translation.override("th"):
        assert item.title == "ข้อมูลการจัดซื้อจัดจ้าง"
        assert item.description == item.description_th
        assert ita2562.title == ita2562.title_th
    with translation.override(None):
        assert item.title == "ข้อมูลการจัดซื้อจัดจ้าง"


def test_registry_works_without_django_settings_and_defaults_to_thai():
    script = (
        "import sys\n"
        "from ita_wagtail.criteria import default_criteria_set, get_criteria_set\n"
        "default_criteria_set()\n"
        "print(get_criteria_set('ita-2562').item('5.1').title)\n"
        "print(sorted(m for m in sys.modules if m.startswith('ita_wagtail')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    title, modules = result.stdout.splitlines()
    assert title == THAI_TITLES["5.1"]
    # Importing the registry must not drag in models or other layers.
    assert modules == str(
        [
            "ita_wagtail",
            "ita_wagtail.criteria",
            "ita_wagtail.criteria.loading",
            "ita_wagtail.criteria.types",
        ]
    )


def test_criteria_package_imports_nothing_else_from_ita_wagtail():
    for path in Path(criteria.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("ita_wagtail"):
                    assert name.startswith("ita_wagtail.criteria"), (path, name)


# --- several sets: ITA_CRITERIA_DIRS and fiscal years ---------------------------------

LATER_SET = """\
key = "muni-2568"
fiscal_year = 2568
title_th = "รายการ OIT ปีงบประมาณ พ.ศ. 2568"
title_en = "OIT list, fiscal year B.E. 2568"

[[units]]
code = "clerk_office"
name_th = "สำนักปลัดเทศบาล"
name_en = "Office of the Municipal Clerk"
head_position_th = "หัวหน้าสำนักปลัดเทศบาล"

[[items]]
code = "O1"
title_th = "โครงสร้าง"
title_en = "Structure"
responsible_unit = "clerk_office"
kinds = ["org_structure"]

[[items]]
code = "O2"
title_th = "ข้อมูลผู้บริหาร"
title_en = "Executives"
responsible_unit = "clerk_office"
kinds = ["executives"]
"""


def write_set(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_later_list_is_loaded_from_ita_criteria_dirs(settings, tmp_path):
    write_set(tmp_path, "muni-2568.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [str(tmp_path)]

    sets = available_criteria_sets()
    assert list(sets) == [*SHIPPED_SETS, "muni-2568"]
    later = sets["muni-2568"]
    assert [item.code for item in later] == ["O1", "O2"]
    item, part = later.item_for_kind("org_structure")
    assert (item.code, part) == ("O1", None)
    assert criteria_set_paths() == [
        *(BUILTIN_SETS_DIR / f"{key}.toml" for key in SHIPPED_SETS),
        tmp_path / "muni-2568.toml",
    ]
    # The site keeps working to the default until told otherwise.
    assert default_criteria_set().key == "ita-2562"
    settings.ITA_CRITERIA_SET = "muni-2568"
    assert default_criteria_set() == later


@pytest.mark.parametrize(
    ("fiscal_year", "key"),
    [
        (2560, "ita-2562"),  # before every set: the earliest
        (2562, "ita-2562"),
        (2567, "ita-2562"),
        (2568, "muni-2568"),
        (2569, "oit-2569"),  # the shipped OIT list is newer than muni-2568
        (2575, "oit-2569"),
    ],
)
def test_criteria_set_for_fiscal_year(settings, tmp_path, fiscal_year, key):
    write_set(tmp_path, "muni-2568.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [tmp_path]
    assert criteria_set_for_fiscal_year(fiscal_year).key == key


def test_same_fiscal_year_prefers_the_configured_then_the_last_loaded(
    settings, tmp_path
):
    # A municipality's adjusted copy of the shipped list, under its own key.
    adjusted = (BUILTIN_SETS_DIR / "ita-2562.toml").read_text(encoding="utf-8")
    adjusted = adjusted.replace('key = "ita-2562"', 'key = "thatnaweng-2562"')
    write_set(tmp_path, "thatnaweng.toml", adjusted)
    write_set(tmp_path, "muni-2568.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [tmp_path]

    # ITA_CRITERIA_SET defaults to ita-2562, so the site stays consistent with
    # default_criteria_set() until it selects its copy.
    assert criteria_set_for_fiscal_year(2562).key == "ita-2562"
    settings.ITA_CRITERIA_SET = "thatnaweng-2562"
    assert criteria_set_for_fiscal_year(2562).key == "thatnaweng-2562"
    assert criteria_set_for_fiscal_year(2565).key == "thatnaweng-2562"
    # Configured set not among the tied ones: the file read last wins.
    settings.ITA_CRITERIA_SET = "muni-2568"
    assert criteria_set_for_fiscal_year(2562).key == "thatnaweng-2562"
    assert criteria_set_for_fiscal_year(2568).key == "muni-2568"


def test_duplicate_keys_across_folders_are_an_error(settings, tmp_path):
    first = write_set(tmp_path / "a", "one.toml", LATER_SET)
    second = write_set(tmp_path / "b", "two.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [tmp_path / "a", tmp_path / "b"]
    with pytest.raises(CriteriaError) as caught:
        available_criteria_sets()
    message = str(caught.value)
    assert str(second) in message
    assert str(first) in message
    assert "'muni-2568' is already used" in message


def test_a_builtin_key_cannot_be_reused(settings, tmp_path):
    clash = (BUILTIN_SETS_DIR / "ita-2562.toml").read_text(encoding="utf-8")
    write_set(tmp_path, "copy.toml", clash)
    settings.ITA_CRITERIA_DIRS = [tmp_path]
    with pytest.raises(CriteriaError, match="'ita-2562' is already used"):
        available_criteria_sets()


def test_unknown_configured_set(settings):
    settings.ITA_CRITERIA_SET = "ita-2599"
    with pytest.raises(CriteriaSetNotFound) as caught:
        default_criteria_set()
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, CriteriaError)
    assert str(caught.value) == (
        "unknown criteria set 'ita-2599' (from the ITA_CRITERIA_SET setting); "
        "available: ita-2562, oit-2568, oit-2569"
    )
    with pytest.raises(KeyError, match="unknown criteria set 'nope'"):
        get_criteria_set("nope")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("/srv/criteria", "must be a list of folders"),
        ([42], "entries must be paths"),
        (["/nonexistent/ita-criteria"], "does not exist"),
    ],
)
def test_bad_ita_criteria_dirs(settings, value, message):
    settings.ITA_CRITERIA_DIRS = value
    with pytest.raises(CriteriaError, match=message):
        available_criteria_sets()


def test_parsed_sets_are_cached_until_cleared(settings, tmp_path):
    path = write_set(tmp_path, "muni-2568.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [tmp_path]
    first = get_criteria_set("muni-2568")
    assert get_criteria_set("muni-2568") is first

    path.write_text(LATER_SET.replace('"Structure"', '"Org chart"'), "utf-8")
    assert get_criteria_set("muni-2568").item("O1").title_en == "Structure"
    clear_cache()
    assert get_criteria_set("muni-2568").item("O1").title_en == "Org chart"


def test_overriding_a_criteria_setting_clears_the_cache(settings, tmp_path):
    connect_signals()
    connect_signals()  # idempotent: AppConfig.ready may run it again
    path = write_set(tmp_path, "muni-2568.toml", LATER_SET)
    settings.ITA_CRITERIA_DIRS = [tmp_path]
    assert get_criteria_set("muni-2568").item("O1").title_en == "Structure"

    path.write_text(LATER_SET.replace('"Structure"', '"Org chart"'), "utf-8")
    settings.ITA_CRITERIA_SET = "muni-2568"
    assert default_criteria_set().item("O1").title_en == "Org chart"


def test_the_documented_example_is_a_valid_later_list(tmp_path):
    doc = (REPO / "docs" / "reference" / "criteria-format.md").read_text("utf-8")
    block = re.search(
        r"<!-- criteria-example:start -->\s*```toml\n(.*?)```", doc, re.S
    ).group(1)
    example = load_criteria_set(write_set(tmp_path, "example.toml", block))
    assert example.fiscal_year == 2568
    assert example.item("O6").all_kinds == (
        "procurement_records",
        "procurement_summary",
    )
    assert example.item("O7").freshness == FreshnessRule(90, "fiscal_year", -1)
    assert set(example.kinds()) <= set(PRODUCT_KINDS)


# --- validation -------------------------------------------------------------------

VALID = """\
key = "test-2570"
fiscal_year = 2570
title_th = "ชุดทดสอบ"
title_en = "Test set"

[[units]]
code = "clerk_office"
name_th = "สำนักปลัดเทศบาล"
name_en = "Office of the Municipal Clerk"
head_position_th = "หัวหน้าสำนักปลัดเทศบาล"

[[units]]
code = "legal"
name_th = "งานนิติการ"
name_en = "Legal Affairs Unit"
head_position_th = "หัวหน้างานนิติการ"
parent = "clerk_office"

[[items]]
code = "A1"
title_th = "ข่าวประชาสัมพันธ์"
title_en = "News"
responsible_unit = "clerk_office"
kinds = ["news"]
freshness = { days = 90, period = "fiscal_year" }

[[items]]
code = "B2"
title_th = "ข้อมูลพื้นฐาน"
title_en = "Basic information"
responsible_unit = "legal"

[[items.parts]]
code = "structure"
title_th = "โครงสร้างหน่วยงาน"
title_en = "Organisation structure"
kinds = ["org_structure"]

[[items.parts]]
code = "contact"
title_th = "ข้อมูลการติดต่อหน่วยงาน"
title_en = "Contact information"
kinds = ["contact"]
"""


def test_the_validation_fixture_itself_is_valid(tmp_path):
    loaded = load_criteria_set(write_set(tmp_path, "ok.toml", VALID))
    assert [item.code for item in loaded] == ["A1", "B2"]
    assert loaded.item("B2").all_kinds == ("org_structure", "contact")
    assert loaded.item("A1").freshness == FreshnessRule(90, "fiscal_year", 0)
    assert loaded.source == ""


# (case id, text to replace, replacement, message fragment, item named or None)
INVALID = [
    (
        "toml-syntax",
        'title_en = "Test set"',
        'title_en = "Test set',
        "invalid TOML",
        None,
    ),
    (
        "missing-top-key",
        'title_th = "ชุดทดสอบ"\n',
        "",
        "missing required key 'title_th'",
        None,
    ),
    (
        "unknown-top-key",
        'title_en = "Test set"',
        'titel_en = "Test set"',
        "unknown key 'titel_en' (did you mean 'title_en'?)",
        None,
    ),
    (
        "format-version",
        'key = "test-2570"',
        'format = 3\nkey = "test-2570"',
        "format 3 is not supported",
        None,
    ),
    (
        "bad-set-key",
        'key = "test-2570"',
        'key = "Test 2570"',
        "key 'Test 2570' must be",
        None,
    ),
    (
        "christian-era-year",
        "fiscal_year = 2570",
        "fiscal_year = 2027",
        "not a Buddhist-era year",
        None,
    ),
    (
        "year-as-text",
        "fiscal_year = 2570",
        'fiscal_year = "2570"',
        "fiscal_year must be an integer",
        None,
    ),
    (
        "unknown-item-key",
        'code = "A1"\ntitle_th = "ข่าวประชาสัมพันธ์"',
        'code = "A1"\ntitle_th = "ข่าวประชาสัมพันธ์"\nresponsable_unit = "x"',
        "unknown key 'responsable_unit' (did you mean 'responsible_unit'?)",
        "A1",
    ),
    (
        "missing-item-title",
        'title_en = "News"\n',
        "",
        "missing required key 'title_en'",
        "A1",
    ),
    (
        "empty-item-title",
        'title_th = "ข่าวประชาสัมพันธ์"',
        'title_th = "  "',
        "title_th must not be empty",
        "A1",
    ),
    (
        "duplicate-item-code",
        'code = "B2"',
        'code = "A1"',
        "item code is declared twice",
        "A1",
    ),
    (
        "item-code-with-space",
        'code = "B2"',
        'code = "B 2"',
        "code must be letters, digits",
        "B 2",
    ),
    (
        "duplicate-part-code",
        'code = "contact"',
        'code = "structure"',
        "part 'structure': part code is declared twice",
        "B2",
    ),
    (
        "empty-kinds",
        'kinds = ["news"]',
        "kinds = []",
        "kinds must be a non-empty list",
        "A1",
    ),
    (
        "kinds-not-a-list",
        'kinds = ["news"]',
        'kinds = "news"',
        "kinds must be a non-empty list",
        "A1",
    ),
    (
        "empty-kind",
        'kinds = ["news"]',
        'kinds = ["news", ""]',
        "kinds must be non-empty strings",
        "A1",
    ),
    (
        "kind-not-a-string",
        'kinds = ["news"]',
        "kinds = [5]",
        "kinds must be non-empty strings",
        "A1",
    ),
    (
        "kind-badly-formed",
        'kinds = ["news"]',
        'kinds = ["News Items"]',
        "kind 'News Items' must be",
        "A1",
    ),
    (
        "kind-used-twice",
        'kinds = ["contact"]',
        'kinds = ["news"]',
        "kind 'news' is already used by item A1",
        "B2",
    ),
    (
        "kinds-and-parts",
        'responsible_unit = "legal"',
        'responsible_unit = "legal"\nkinds = ["annual_plan"]',
        "give either 'kinds' or 'parts'",
        "B2",
    ),
    (
        "neither-kinds-nor-parts",
        'kinds = ["news"]\n',
        "",
        "give either 'kinds' or 'parts'",
        "A1",
    ),
    (
        "unknown-unit",
        'responsible_unit = "legal"',
        'responsible_unit = "finance"',
        "responsible_unit 'finance' is not declared in [[units]]",
        "B2",
    ),
    (
        "bad-period",
        'period = "fiscal_year"',
        'period = "yearly"',
        "freshness: period 'yearly' is not one of",
        "A1",
    ),
    (
        "unknown-freshness-key",
        "days = 90,",
        "day = 90,",
        "freshness: unknown key 'day' (did you mean 'days'?)",
        "A1",
    ),
    (
        "zero-days",
        "days = 90,",
        "days = 0,",
        "freshness: days must be at least 1",
        "A1",
    ),
    (
        "offset-without-year",
        'period = "fiscal_year"',
        'period = "quarter", fiscal_year_offset = -1',
        "freshness: fiscal_year_offset only applies",
        "A1",
    ),
    (
        "freshness-not-a-table",
        'freshness = { days = 90, period = "fiscal_year" }',
        "freshness = 90",
        "freshness: must be a table",
        "A1",
    ),
    (
        "bad-part-freshness",
        'kinds = ["contact"]',
        'kinds = ["contact"]\nfreshness = { period = "weekly" }',
        "part 'contact': freshness: period 'weekly' is not one of",
        "B2",
    ),
    (
        "required-not-bool",
        'kinds = ["contact"]',
        'kinds = ["contact"]\nrequired = "yes"',
        "required must be true or false",
        "B2",
    ),
    (
        "unknown-part-key",
        'kinds = ["contact"]',
        'kinds = ["contact"]\noptional = true',
        "part 'contact': unknown key 'optional'",
        "B2",
    ),
    (
        "parent-declared-later",
        'parent = "clerk_office"',
        'parent = "finance"',
        "unit 'legal': parent 'finance' must be a unit declared earlier",
        None,
    ),
    (
        "duplicate-unit",
        'code = "legal"',
        'code = "clerk_office"',
        "unit 'clerk_office': unit code is declared twice",
        None,
    ),
    (
        "unit-missing-head",
        'head_position_th = "หัวหน้างานนิติการ"\n',
        "",
        "unit 'legal': missing required key 'head_position_th'",
        None,
    ),
    ("unknown-table", "[[items]]", "[[others]]", "unknown key 'others'", None),
]


@pytest.mark.parametrize(
    ("old", "new", "message", "item"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_validation_errors_name_the_file_and_the_item(
    tmp_path, old, new, message, item
):
    assert old in VALID, "the case no longer matches the fixture"
    path = write_set(tmp_path, "broken.toml", VALID.replace(old, new, 1))
    with pytest.raises(CriteriaError) as caught:
        load_criteria_set(path)
    error = caught.value
    text = str(error)
    assert text.startswith(f"{path}: ")
    assert message in text
    assert error.path == str(path)
    assert error.item == item
    if item is not None:
        assert f"item {item!r}: " in text


def test_an_item_without_code_is_located_by_position(tmp_path):
    broken = VALID.replace('code = "B2"\n', "", 1)
    path = write_set(tmp_path, "broken.toml", broken)
    with pytest.raises(CriteriaError, match=r"items\[2\]: missing required key 'code'"):
        load_criteria_set(path)


def test_missing_and_undecodable_files(tmp_path):
    missing = tmp_path / "missing.toml"
    with pytest.raises(CriteriaError, match="missing.toml: cannot read file"):
        load_criteria_set(missing)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(VALID.encode("utf-8").replace(b"\xe0", b"\xff", 1))
    with pytest.raises(CriteriaError, match="latin.toml: file is not UTF-8"):
        load_criteria_set(latin)


def test_a_broken_file_in_ita_criteria_dirs_surfaces_on_lookup(settings, tmp_path):
    write_set(tmp_path, "broken.toml", VALID.replace('code = "B2"', 'code = "A1"'))
    settings.ITA_CRITERIA_DIRS = [tmp_path]
    with pytest.raises(CriteriaError, match=r"broken\.toml: item 'A1'"):
        default_criteria_set()
