"""Tests for ita_wagtail.thai: none of them needs a database."""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from ita_wagtail import thai
from ita_wagtail.thai import (
    BE_OFFSET,
    THAI_MONTHS,
    THAI_MONTHS_ABBR,
    fiscal_months,
    fiscal_quarter,
    fiscal_year,
    fiscal_year_bounds,
    format_baht,
    format_fiscal_year,
    format_quarter,
    format_thai_date,
    format_thai_datetime,
    format_thai_month_year,
    last_ended_quarter,
    parse_amount,
    parse_thai_date,
    quarter_bounds,
    to_arabic_digits,
    to_be_year,
    to_ce_year,
    to_thai_digits,
)

ICT = timezone(timedelta(hours=7))

# --------------------------------------------------------------------------
# Years, digits, month names
# --------------------------------------------------------------------------


def test_be_offset():
    assert BE_OFFSET == 543


@pytest.mark.parametrize(
    ("ce", "be"), [(2024, 2567), (2025, 2568), (1957, 2500), (2000, 2543)]
)
def test_year_conversion_round_trip(ce, be):
    assert to_be_year(ce) == be
    assert to_ce_year(be) == ce


def test_month_names():
    assert len(THAI_MONTHS) == 12
    assert THAI_MONTHS[0] == "มกราคม"
    assert THAI_MONTHS[1] == "กุมภาพันธ์"
    assert THAI_MONTHS[6] == "กรกฎาคม"
    assert THAI_MONTHS[11] == "ธันวาคม"
    assert THAI_MONTHS_ABBR == (
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0123456789", "๐๑๒๓๔๕๖๗๘๙"),
        (2567, "๒๕๖๗"),
        ("1,234.50 บาท", "๑,๒๓๔.๕๐ บาท"),
        ("ไม่มีตัวเลข", "ไม่มีตัวเลข"),
        ("", ""),
        (None, ""),
    ],
)
def test_to_thai_digits(value, expected):
    assert to_thai_digits(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("๕ ก.ค. ๒๕๖๗", "5 ก.ค. 2567"),
        ("mixed ๑2๓", "mixed 123"),
        ("", ""),
    ],
)
def test_to_arabic_digits(text, expected):
    assert to_arabic_digits(text) == expected


# --------------------------------------------------------------------------
# Formatting dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("long", "5 กรกฎาคม 2567"),
        ("short", "5 ก.ค. 2567"),
        ("numeric", "5/7/2567"),
    ],
)
def test_format_thai_date_styles(style, expected):
    assert format_thai_date(date(2024, 7, 5), style=style) == expected


def test_format_thai_date_default_style_is_long():
    assert format_thai_date(date(2024, 7, 5)) == "5 กรกฎาคม 2567"


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("long", "๕ กรกฎาคม ๒๕๖๗"),
        ("short", "๕ ก.ค. ๒๕๖๗"),
        ("numeric", "๕/๗/๒๕๖๗"),
    ],
)
def test_format_thai_date_thai_digits(style, expected):
    assert format_thai_date(date(2024, 7, 5), style, thai_digits=True) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 2, 29), "29 กุมภาพันธ์ 2567"),
        (date(2024, 1, 1), "1 มกราคม 2567"),
        (date(2024, 12, 31), "31 ธันวาคม 2567"),
        (date(2024, 9, 30), "30 กันยายน 2567"),
        (date(2024, 10, 1), "1 ตุลาคม 2567"),
    ],
)
def test_format_thai_date_every_edge_month(d, expected):
    assert format_thai_date(d) == expected


def test_format_thai_date_none():
    assert format_thai_date(None) == ""
    assert format_thai_date(None, "short", thai_digits=True) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # 17:00 UTC is midnight in Bangkok: already the next day.
        (datetime(2024, 7, 4, 17, 0, tzinfo=UTC), "5 กรกฎาคม 2567"),
        (datetime(2024, 7, 4, 16, 59, 59, tzinfo=UTC), "4 กรกฎาคม 2567"),
        # New Year in Bangkok while it is still 31 December in UTC.
        (datetime(2024, 12, 31, 18, 30, tzinfo=UTC), "1 มกราคม 2568"),
        (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), "1 มกราคม 2568"),
        # Naive datetimes are Bangkok wall-clock time, not UTC.
        (datetime(2024, 7, 4, 23, 30), "4 กรกฎาคม 2567"),
        (datetime(2024, 7, 5, 0, 30, tzinfo=ICT), "5 กรกฎาคม 2567"),
    ],
)
def test_format_thai_date_datetime_in_bangkok(value, expected):
    assert format_thai_date(value) == expected


def test_format_thai_date_rejects_unknown_style():
    with pytest.raises(ValueError, match="รูปแบบวันที่"):
        format_thai_date(date(2024, 7, 5), style="iso")


def test_format_thai_date_rejects_non_dates():
    with pytest.raises(TypeError):
        format_thai_date("2024-07-05")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            datetime(2024, 7, 5, 7, 5, tzinfo=UTC),
            "5 กรกฎาคม 2567 เวลา 14:05 น.",
        ),
        (
            datetime(2024, 7, 4, 17, 5, tzinfo=UTC),
            "5 กรกฎาคม 2567 เวลา 00:05 น.",
        ),
        (
            datetime(2024, 12, 31, 16, 59, tzinfo=UTC),
            "31 ธันวาคม 2567 เวลา 23:59 น.",
        ),
        (
            datetime(2024, 12, 31, 17, 0, tzinfo=UTC),
            "1 มกราคม 2568 เวลา 00:00 น.",
        ),
        (datetime(2024, 7, 5, 14, 5), "5 กรกฎาคม 2567 เวลา 14:05 น."),
    ],
)
def test_format_thai_datetime(value, expected):
    assert format_thai_datetime(value) == expected


def test_format_thai_datetime_thai_digits():
    value = datetime(2024, 7, 5, 7, 5, tzinfo=UTC)
    assert format_thai_datetime(value, thai_digits=True) == (
        "๕ กรกฎาคม ๒๕๖๗ เวลา ๑๔:๐๕ น."
    )


def test_format_thai_datetime_none_and_plain_date():
    assert format_thai_datetime(None) == ""
    assert format_thai_datetime(date(2024, 7, 5)) == "5 กรกฎาคม 2567"


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 7, "กรกฎาคม 2567"),
        (2024, 1, "มกราคม 2567"),
        (2025, 12, "ธันวาคม 2568"),
    ],
)
def test_format_thai_month_year(year, month, expected):
    assert format_thai_month_year(year, month) == expected


@pytest.mark.parametrize("month", [0, 13, -1])
def test_format_thai_month_year_bad_month(month):
    with pytest.raises(ValueError):
        format_thai_month_year(2024, month)


# --------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234567"), "1,234,567.00 บาท"),
        (Decimal("1234567.89"), "1,234,567.89 บาท"),
        (1234567, "1,234,567.00 บาท"),
        ("1234567.89", "1,234,567.89 บาท"),
        ("1,234,567.89 บาท", "1,234,567.89 บาท"),
        ("๑,๒๓๔.๕", "1,234.50 บาท"),
        (Decimal("-1234.5"), "-1,234.50 บาท"),
        (-1234, "-1,234.00 บาท"),
        ("-1234.5", "-1,234.50 บาท"),
        (0, "0.00 บาท"),
        (Decimal("0"), "0.00 บาท"),
        (Decimal("0.00"), "0.00 บาท"),
        (Decimal("999.99"), "999.99 บาท"),
        (Decimal("1000"), "1,000.00 บาท"),
        (Decimal("0.5"), "0.50 บาท"),
    ],
)
def test_format_baht(amount, expected):
    assert format_baht(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("0.005"), "0.01 บาท"),
        (Decimal("0.004"), "0.00 บาท"),
        (Decimal("0.015"), "0.02 บาท"),
        (Decimal("0.025"), "0.03 บาท"),  # half-even would give 0.02
        (Decimal("2.675"), "2.68 บาท"),
        (Decimal("999.995"), "1,000.00 บาท"),
        (Decimal("-0.005"), "-0.01 บาท"),
        (Decimal("-1234.565"), "-1,234.57 บาท"),
        # Rounds to zero: must not be shown as minus nothing.
        (Decimal("-0.001"), "0.00 บาท"),
        (Decimal("-0.004"), "0.00 บาท"),
    ],
)
def test_format_baht_rounds_half_up(amount, expected):
    assert format_baht(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # The binary float nearest 2.675 is below it; Decimal(str()) is not.
        (2.675, "2.68 บาท"),
        (0.1 + 0.2, "0.30 บาท"),
        (1234.5, "1,234.50 บาท"),
        (-0.005, "-0.01 บาท"),
    ],
)
def test_format_baht_floats_go_through_str(amount, expected):
    assert format_baht(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("9999999999999.99"), "9,999,999,999,999.99 บาท"),
        # More digits than the default 28-digit decimal context holds.
        (
            Decimal("123456789012345678901234567890.125"),
            "123,456,789,012,345,678,901,234,567,890.13 บาท",
        ),
        (10**40, "10,000,000,000,000,000,000,000,000,000,000,000,000,000.00 บาท"),
    ],
)
def test_format_baht_large_amounts(amount, expected):
    assert format_baht(amount) == expected


def test_format_baht_options():
    assert format_baht(Decimal("1234.5"), with_unit=False) == "1,234.50"
    assert format_baht(Decimal("1234.5"), thai_digits=True) == "๑,๒๓๔.๕๐ บาท"
    assert (
        format_baht(Decimal("-1234.5"), with_unit=False, thai_digits=True)
        == "-๑,๒๓๔.๕๐"
    )


@pytest.mark.parametrize("amount", [None, "", "-", "  "])
def test_format_baht_empty(amount):
    assert format_baht(amount) == ""


@pytest.mark.parametrize(
    "amount", ["abc", "1,2,3", Decimal("NaN"), Decimal("Infinity"), float("inf")]
)
def test_format_baht_bad_values(amount):
    with pytest.raises(ValueError):
        format_baht(amount)


def test_format_baht_rejects_bool():
    with pytest.raises(TypeError):
        format_baht(True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567.89", Decimal("1234567.89")),
        ("1,234,567.89 บาท", Decimal("1234567.89")),
        ("1,234,567.89บาท", Decimal("1234567.89")),
        ("1234567.89", Decimal("1234567.89")),
        ("  1,234.50  ", Decimal("1234.50")),
        ("\u00a01,234.50\u00a0บาท\u00a0", Decimal("1234.50")),
        ("\u200b1,234.50", Decimal("1234.50")),
        ("๑,๒๓๔,๕๖๗.๘๙ บาท", Decimal("1234567.89")),
        ("๐", Decimal("0")),
        ("0", Decimal("0")),
        ("0.00", Decimal("0")),
        ("-1,234.50", Decimal("-1234.50")),
        ("-1,234.50 บาท", Decimal("-1234.50")),
        ("(1,234.50)", Decimal("-1234.50")),
        ("+500", Decimal("500")),
        ("฿1,500", Decimal("1500")),
        ("999", Decimal("999")),
        (".5", Decimal("0.5")),
        (
            "123456789012345678901234567890.12",
            Decimal("123456789012345678901234567890.12"),
        ),
    ],
)
def test_parse_amount(text, expected):
    result = parse_amount(text)
    assert isinstance(result, Decimal)
    assert result == expected


def test_parse_amount_keeps_exact_decimals():
    assert str(parse_amount("1,234.50")) == "1234.50"
    assert parse_amount("0.1") + parse_amount("0.2") == Decimal("0.3")


@pytest.mark.parametrize("text", ["-", "", "   ", "–", "—", None, "บาท"])
def test_parse_amount_nil(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "หนึ่งพันบาท",
        "1,23,456",
        "12,34",
        "1,234.5.6",
        "1.2.3",
        "1 234",
        "--5",
        "5-",
        "1,234 USD",
        "1e5",
        "NaN",
        "(5",
        ",",
        ".",
    ],
)
def test_parse_amount_rejects_garbage(text):
    with pytest.raises(ValueError, match="จำนวนเงินไม่ถูกต้อง"):
        parse_amount(text)


def test_parse_amount_passes_numbers_through():
    assert parse_amount(Decimal("12.30")) == Decimal("12.30")
    assert parse_amount(7) == Decimal("7")
    assert parse_amount(2.675) == Decimal("2.675")


# --------------------------------------------------------------------------
# Parsing dates
# --------------------------------------------------------------------------

JULY_5 = date(2024, 7, 5)


@pytest.mark.parametrize(
    "text",
    [
        "5 กรกฎาคม 2567",
        "5 ก.ค. 2567",
        "5 ก.ค. 67",
        "5/7/2567",
        "05/07/2567",
        "5-7-2567",
        "5.7.2567",
        "2567-07-05",
        "2567-7-5",
        "5/7/2024",
        "05/07/2024",
        "2024-07-05",
        "๕ กรกฎาคม ๒๕๖๗",
        "๕ ก.ค. ๒๕๖๗",
        "๕ ก.ค. ๖๗",
        "๕/๗/๒๕๖๗",
        "๐๕/๐๗/๒๕๖๗",
        "๒๕๖๗-๐๗-๐๕",
        "5/๗/2567",
        "วันที่ 5 กรกฎาคม 2567",
        "วันที่5 กรกฎาคม 2567",
        "วันที่ ๕ ก.ค. ๒๕๖๗",
        "วันที่ 5/7/2567",
        "  5 กรกฎาคม 2567  ",
        "5  กรกฎาคม   2567",
        "5กรกฎาคม2567",
        "5 กรกฎาคม พ.ศ. 2567",
        "5 ก.ค. พ.ศ.2567",
        "5 กรกฎาคม ค.ศ. 2024",
        "5 กค 2567",
        "5 ก.ค 2567",
        "\u200b5 กรกฎาคม 2567",
        "5 กรกฏาคม 2567",  # common misspelling with ฏ
        "วันศุกร์ที่ 5 กรกฎาคม 2567",
        "วันศุกร์ 5 ก.ค. 2567",
        "วัน ศุกร์ ที่ ๕/๗/๒๕๖๗",
    ],
)
def test_parse_thai_date_forms(text):
    assert parse_thai_date(text) == JULY_5


@pytest.mark.parametrize(
    ("text", "expected"),
    [(f"1 {name} 2567", date(2024, i, 1)) for i, name in enumerate(THAI_MONTHS, 1)]
    + [
        (f"1 {abbr} 2567", date(2024, i, 1))
        for i, abbr in enumerate(THAI_MONTHS_ABBR, 1)
    ],
)
def test_parse_thai_date_every_month_name(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29 กุมภาพันธ์ 2567", date(2024, 2, 29)),
        ("29/2/2567", date(2024, 2, 29)),
        ("29 ก.พ. 67", date(2024, 2, 29)),
        ("2024-02-29", date(2024, 2, 29)),
        ("31 ธ.ค. 2567", date(2024, 12, 31)),
        ("1/1/2568", date(2025, 1, 1)),
        ("30 ก.ย. 68", date(2025, 9, 30)),
        ("1 ต.ค. 2567", date(2024, 10, 1)),
        ("1 ม.ค. 00", date(1957, 1, 1)),  # 2500 B.E.
        ("1 ม.ค. 99", date(2056, 1, 1)),  # 2599 B.E.
        # The C.E./B.E. boundary: 2399 is C.E., 2400 is B.E.
        ("1/1/2399", date(2399, 1, 1)),
        ("1/1/2400", date(1857, 1, 1)),
    ],
)
def test_parse_thai_date_boundaries(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31/2/2567",
        "29/2/2568",  # 2025 is not a leap year
        "29 กุมภาพันธ์ 2568",
        "31 เม.ย. 2567",
        "32/1/2567",
        "0/1/2567",
        "1/13/2567",
        "1/0/2567",
        "2567-02-30",
        "2024-13-01",
    ],
)
def test_parse_thai_date_impossible_dates(text):
    with pytest.raises(ValueError, match="ไม่มีวันที่นี้ในปฏิทิน"):
        parse_thai_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "วันที่",
        "พรุ่งนี้",
        "5 July 2567",
        "5 กรกฏ 2567",
        "5 ก.ค.",
        "ก.ค. 2567",
        "5/7/67",  # two-digit years only after a month name
        "5/7",
        "5/7-2567",
        "2567/07-05",
        "5 ก.ค. 256",
        "5 ก.ค. 25670",
        "2024-07-05T10:00",
        "123/7/2567",
        "5 ก.ค. 2567 extra",
        "วัน 5 ก.ค. 2567",
        "วันศุกร์ที่",
        "วันหยุดที่ 5 ก.ค. 2567",
    ],
)
def test_parse_thai_date_rejects_garbage(text):
    with pytest.raises(ValueError) as excinfo:
        parse_thai_date(text)
    # Error messages are shown to Thai editors in import reports.
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(excinfo.value))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("วันจันทร์ที่ 1 กรกฎาคม 2567", date(2024, 7, 1)),
        ("วันอังคารที่ 2 กรกฎาคม 2567", date(2024, 7, 2)),
        ("วันพุธที่ 3 กรกฎาคม 2567", date(2024, 7, 3)),
        ("วันพฤหัสบดีที่ 4 กรกฎาคม 2567", date(2024, 7, 4)),
        ("วันพฤหัสที่ 4 ก.ค. 67", date(2024, 7, 4)),
        ("วันศุกร์ที่ 5 กรกฎาคม 2567", date(2024, 7, 5)),
        ("วันเสาร์ที่ 6 กรกฎาคม 2567", date(2024, 7, 6)),
        ("วันอาทิตย์ที่ 7 กรกฎาคม 2567", date(2024, 7, 7)),
        ("วันพฤหัสบดีที่ 29 กุมภาพันธ์ 2567", date(2024, 2, 29)),
    ],
)
def test_parse_thai_date_with_weekday(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["วันจันทร์ที่ 5 กรกฎาคม 2567", "วันศุกร์ที่ 5 กรกฎาคม 2568", "วันอาทิตย์ 5/7/2567"],
)
def test_parse_thai_date_rejects_wrong_weekday(text):
    with pytest.raises(ValueError, match="ไม่ตรงกับวันที่"):
        parse_thai_date(text)


def test_parse_thai_date_two_digit_ce_year_is_ambiguous():
    with pytest.raises(ValueError, match="ค.ศ."):
        parse_thai_date("5 ก.ค. ค.ศ. 24")


@pytest.mark.parametrize("value", [None, 20240705, 5.7])
def test_parse_thai_date_rejects_non_text(value):
    with pytest.raises(ValueError):
        parse_thai_date(value)


def test_parse_thai_date_accepts_date_objects():
    # Spreadsheet cells often arrive already typed as dates.
    assert parse_thai_date(JULY_5) == JULY_5
    assert parse_thai_date(datetime(2024, 7, 5, 9, 0)) == JULY_5
    assert parse_thai_date(datetime(2024, 7, 4, 18, 0, tzinfo=UTC)) == JULY_5


@pytest.mark.parametrize("d", [date(2024, 2, 29), date(2024, 7, 5), date(2025, 1, 1)])
@pytest.mark.parametrize("style", ["long", "short", "numeric"])
@pytest.mark.parametrize("thai_digits", [False, True])
def test_parse_reads_back_what_format_writes(d, style, thai_digits):
    assert parse_thai_date(format_thai_date(d, style, thai_digits)) == d


# --------------------------------------------------------------------------
# Fiscal year
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        (date(2024, 12, 31), 2568),
        (date(2025, 1, 1), 2568),
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (date(2024, 2, 29), 2567),
        (date(2023, 10, 1), 2567),
        (date(2023, 9, 30), 2566),
    ],
)
def test_fiscal_year(d, fy):
    assert fiscal_year(d) == fy


@pytest.mark.parametrize(
    ("value", "fy"),
    [
        # 30 Sep 17:00 UTC is already 1 October in Bangkok.
        (datetime(2024, 9, 30, 17, 0, tzinfo=UTC), 2568),
        (datetime(2024, 9, 30, 16, 59, tzinfo=UTC), 2567),
        (datetime(2024, 9, 30, 23, 0), 2567),
    ],
)
def test_fiscal_year_of_datetimes_uses_bangkok_date(value, fy):
    assert fiscal_year(value) == fy


@pytest.mark.parametrize(
    ("fy", "bounds"),
    [
        (2568, (date(2024, 10, 1), date(2025, 9, 30))),
        (2567, (date(2023, 10, 1), date(2024, 9, 30))),
        (2569, (date(2025, 10, 1), date(2026, 9, 30))),
    ],
)
def test_fiscal_year_bounds(fy, bounds):
    assert fiscal_year_bounds(fy) == bounds
    start, end = bounds
    assert fiscal_year(start) == fy
    assert fiscal_year(end) == fy
    assert fiscal_year(start - timedelta(days=1)) == fy - 1
    assert fiscal_year(end + timedelta(days=1)) == fy + 1


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 10, 1), (2568, 1)),
        (date(2024, 11, 15), (2568, 1)),
        (date(2024, 12, 31), (2568, 1)),
        (date(2025, 1, 1), (2568, 2)),
        (date(2025, 2, 28), (2568, 2)),
        (date(2025, 3, 31), (2568, 2)),
        (date(2025, 4, 1), (2568, 3)),
        (date(2025, 6, 30), (2568, 3)),
        (date(2025, 7, 1), (2568, 4)),
        (date(2025, 9, 30), (2568, 4)),
        (date(2025, 10, 1), (2569, 1)),
        (date(2024, 9, 30), (2567, 4)),
        (date(2024, 2, 29), (2567, 2)),
    ],
)
def test_fiscal_quarter(d, expected):
    assert fiscal_quarter(d) == expected


def test_fiscal_quarter_of_every_day_of_a_year():
    d, end = fiscal_year_bounds(2568)
    expected_q = {10: 1, 11: 1, 12: 1, 1: 2, 2: 2, 3: 2}
    expected_q.update({4: 3, 5: 3, 6: 3, 7: 4, 8: 4, 9: 4})
    while d <= end:
        assert fiscal_quarter(d) == (2568, expected_q[d.month]), d
        d += timedelta(days=1)


@pytest.mark.parametrize(
    ("fy", "q", "bounds"),
    [
        (2568, 1, (date(2024, 10, 1), date(2024, 12, 31))),
        (2568, 2, (date(2025, 1, 1), date(2025, 3, 31))),
        (2568, 3, (date(2025, 4, 1), date(2025, 6, 30))),
        (2568, 4, (date(2025, 7, 1), date(2025, 9, 30))),
        (2567, 2, (date(2024, 1, 1), date(2024, 3, 31))),  # leap year
        (2567, 4, (date(2024, 7, 1), date(2024, 9, 30))),
    ],
)
def test_quarter_bounds(fy, q, bounds):
    assert quarter_bounds(fy, q) == bounds
    start, end = bounds
    assert fiscal_quarter(start) == (fy, q)
    assert fiscal_quarter(end) == (fy, q)
    assert fiscal_quarter(start - timedelta(days=1)) != (fy, q)
    assert fiscal_quarter(end + timedelta(days=1)) != (fy, q)


def test_quarters_tile_the_fiscal_year():
    fy_start, fy_end = fiscal_year_bounds(2568)
    quarters = [quarter_bounds(2568, q) for q in range(1, 5)]
    assert quarters[0][0] == fy_start
    assert quarters[-1][1] == fy_end
    for (_, end), (next_start, _) in zip(quarters, quarters[1:], strict=False):
        assert next_start == end + timedelta(days=1)


@pytest.mark.parametrize("q", [0, 5, -1, "1", 1.0, True, None])
def test_quarter_must_be_1_to_4(q):
    with pytest.raises(ValueError):
        quarter_bounds(2568, q)
    with pytest.raises(ValueError):
        format_quarter(2568, q)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        # First day of a quarter: the previous one ended yesterday.
        (date(2024, 10, 1), (2567, 4)),
        (date(2025, 1, 1), (2568, 1)),
        (date(2025, 4, 1), (2568, 2)),
        (date(2025, 7, 1), (2568, 3)),
        # Last day of a quarter: it has not ended yet.
        (date(2024, 12, 31), (2567, 4)),
        (date(2025, 3, 31), (2568, 1)),
        (date(2025, 6, 30), (2568, 2)),
        (date(2025, 9, 30), (2568, 3)),
        # Middle of a quarter.
        (date(2024, 11, 15), (2567, 4)),
        (date(2024, 2, 29), (2567, 1)),
        (date(2025, 8, 1), (2568, 3)),
    ],
)
def test_last_ended_quarter(d, expected):
    assert last_ended_quarter(d) == expected
    fy, q = expected
    assert quarter_bounds(fy, q)[1] < d


def test_last_ended_quarter_datetime_near_midnight():
    # 31 Mar 2025 17:30 UTC is 1 Apr in Bangkok, so Q2 has just ended.
    assert last_ended_quarter(datetime(2025, 3, 31, 17, 30, tzinfo=UTC)) == (2568, 2)
    assert last_ended_quarter(datetime(2025, 3, 31, 16, 30, tzinfo=UTC)) == (2568, 1)


def test_fiscal_months():
    months = fiscal_months(2568)
    assert months == [
        (2024, 10),
        (2024, 11),
        (2024, 12),
        (2025, 1),
        (2025, 2),
        (2025, 3),
        (2025, 4),
        (2025, 5),
        (2025, 6),
        (2025, 7),
        (2025, 8),
        (2025, 9),
    ]
    for year, month in months:
        assert fiscal_year(date(year, month, 1)) == 2568


@pytest.mark.parametrize(
    ("fy", "expected"),
    [(2568, "ปีงบประมาณ พ.ศ. 2568"), (2567, "ปีงบประมาณ พ.ศ. 2567")],
)
def test_format_fiscal_year(fy, expected):
    assert format_fiscal_year(fy) == expected


def test_format_fiscal_year_thai_digits():
    assert format_fiscal_year(2568, thai_digits=True) == "ปีงบประมาณ พ.ศ. ๒๕๖๘"


@pytest.mark.parametrize(
    ("fy", "q", "expected"),
    [
        (2568, 1, "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2568"),
        (2568, 4, "ไตรมาสที่ 4 ปีงบประมาณ พ.ศ. 2568"),
        (2567, 2, "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2567"),
    ],
)
def test_format_quarter(fy, q, expected):
    assert format_quarter(fy, q) == expected


def test_format_quarter_thai_digits():
    assert format_quarter(2568, 3, thai_digits=True) == "ไตรมาสที่ ๓ ปีงบประมาณ พ.ศ. ๒๕๖๘"


# --------------------------------------------------------------------------
# Today
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2024, 9, 30, 16, 59, tzinfo=UTC), date(2024, 9, 30)),
        (datetime(2024, 9, 30, 17, 0, tzinfo=UTC), date(2024, 10, 1)),
        (datetime(2024, 12, 31, 20, 0, tzinfo=UTC), date(2025, 1, 1)),
    ],
)
def test_today_uses_django_clock_in_bangkok(monkeypatch, now, expected):
    from django.utils import timezone as dj_timezone

    monkeypatch.setattr(dj_timezone, "now", lambda: now)
    assert thai.today() == expected


def test_today_without_django(monkeypatch):
    class FrozenDateTime(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2024, 9, 30, 17, 30, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(thai, "_django_configured", lambda: False)
    monkeypatch.setattr(thai, "datetime", FrozenDateTime)
    assert thai.today() == date(2024, 10, 1)


def test_module_does_not_need_django_at_import():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(thai))
    top_level_imports = [
        node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    names = [
        node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
        for node in top_level_imports
    ]
    assert not any(
        name and name.split(".")[0] in {"django", "ita_wagtail"} for name in names
    )
