"""Thai dates, numbers and the Thai government fiscal year.

Pure Python so that importers, management commands and tests can use it
without a configured Django project. Month names and units are Thai data,
not translatable UI text: a Thai date is written this way whatever the
visitor's interface language.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal
from zoneinfo import ZoneInfo

__all__ = [
    "BANGKOK",
    "BE_OFFSET",
    "THAI_MONTHS",
    "THAI_MONTHS_ABBR",
    "fiscal_months",
    "fiscal_quarter",
    "fiscal_year",
    "fiscal_year_bounds",
    "format_baht",
    "format_fiscal_year",
    "format_quarter",
    "format_thai_date",
    "format_thai_datetime",
    "format_thai_month_year",
    "last_ended_quarter",
    "parse_amount",
    "parse_thai_date",
    "quarter_bounds",
    "to_arabic_digits",
    "to_be_year",
    "to_ce_year",
    "to_thai_digits",
    "today",
]

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR = (
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

BAHT = "บาท"
BAHT_SIGN = "\u0e3f"  # ฿

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")

# Text pasted from Word or web pages often carries invisible characters that
# would otherwise make a perfectly readable date or amount fail to parse.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))

# Below this a four-digit year cannot be B.E. for any record a municipality
# publishes (2400 B.E. = 1857 C.E.), and above it cannot be C.E.
_BE_THRESHOLD = 2400

_DATE_STYLES = ("long", "short", "numeric")


# --------------------------------------------------------------------------
# Years and digits
# --------------------------------------------------------------------------


def to_be_year(ce_year: int) -> int:
    return int(ce_year) + BE_OFFSET


def to_ce_year(be_year: int) -> int:
    return int(be_year) - BE_OFFSET


def to_thai_digits(value) -> str:
    if value is None:
        return ""
    return str(value).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    return str(text).translate(_TO_ARABIC)


def _digits(value, thai_digits: bool) -> str:
    text = str(value)
    return text.translate(_TO_THAI) if thai_digits else text


# --------------------------------------------------------------------------
# Formatting dates
# --------------------------------------------------------------------------


def _bangkok_datetime(value: datetime) -> datetime:
    # Naive datetimes are taken as Bangkok wall-clock time: that is what a
    # Thai site with USE_TZ=False stores and what spreadsheets contain.
    if value.tzinfo is None or value.utcoffset() is None:
        return value
    return value.astimezone(BANGKOK)


def _as_date(value) -> date:
    if isinstance(value, datetime):
        return _bangkok_datetime(value).date()
    if isinstance(value, date):
        return value
    raise TypeError(f"Expected a date or datetime, got {type(value).__name__}")


def format_thai_date(value, style: str = "long", thai_digits: bool = False) -> str:
    if value is None:
        return ""
    if style not in _DATE_STYLES:
        raise ValueError(
            f"รูปแบบวันที่ไม่ถูกต้อง: {style!r} (ใช้ได้: {', '.join(_DATE_STYLES)})"
        )
    d = _as_date(value)
    be_year = to_be_year(d.year)
    if style == "long":
        text = f"{d.day} {THAI_MONTHS[d.month - 1]} {be_year}"
    elif style == "short":
        text = f"{d.day} {THAI_MONTHS_ABBR[d.month - 1]} {be_year}"
    else:
        text = f"{d.day}/{d.month}/{be_year}"
    return _digits(text, thai_digits)


def format_thai_datetime(value, thai_digits: bool = False) -> str:
    if value is None:
        return ""
    if not isinstance(value, datetime):
        # A bare date has no time of day to show; better a date than nothing.
        return format_thai_date(value, thai_digits=thai_digits)
    local = _bangkok_datetime(value)
    text = f"{format_thai_date(local.date())} เวลา {local:%H:%M} น."
    return _digits(text, thai_digits)


def format_thai_month_year(year_ce: int, month: int, thai_digits: bool = False) -> str:
    month = int(month)
    if not 1 <= month <= 12:
        raise ValueError(f"เดือนไม่ถูกต้อง: {month}")
    return _digits(f"{THAI_MONTHS[month - 1]} {to_be_year(year_ce)}", thai_digits)


# --------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------

_CENT = Decimal("0.01")
_NIL_AMOUNTS = {"", "-", "–", "—"}
_AMOUNT_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_MINUS_SIGNS = "-\u2212\u2013"


def _to_decimal(amount) -> Decimal | None:
    if isinstance(amount, bool):
        # bool is an int subclass; True baht is a bug, not one baht.
        raise TypeError("จำนวนเงินไม่ถูกต้อง: ค่าตรรกะ (bool)")
    if isinstance(amount, Decimal):
        result = amount
    elif isinstance(amount, int):
        result = Decimal(amount)
    elif isinstance(amount, float):
        # str() gives the shortest repr, so 0.1 stays 0.1 rather than
        # 0.1000000000000000055511151231257827...
        result = Decimal(str(amount))
    elif isinstance(amount, str):
        return parse_amount(amount)
    else:
        raise TypeError(f"จำนวนเงินไม่ถูกต้อง: {amount!r}")
    if not result.is_finite():
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง: {amount}")
    return result


def _round_baht(amount: Decimal) -> Decimal:
    # The default context (28 digits) would raise on very large amounts;
    # give quantize room for every integer digit plus the two decimals.
    context = Context(prec=max(28, amount.adjusted() + 4))
    rounded = amount.quantize(_CENT, rounding=ROUND_HALF_UP, context=context)
    # -0.001 rounds to -0.00, which must not be shown as a negative amount.
    return rounded.copy_abs() if rounded.is_zero() else rounded


def format_baht(amount, with_unit: bool = True, thai_digits: bool = False) -> str:
    if amount is None:
        return ""
    value = _to_decimal(amount)
    if value is None:
        return ""
    text = f"{_round_baht(value):,.2f}"
    if with_unit:
        text = f"{text} {BAHT}"
    return _digits(text, thai_digits)


def parse_amount(text) -> Decimal | None:
    if text is None:
        return None
    if not isinstance(text, str):
        return _to_decimal(text)
    original = text
    cleaned = to_arabic_digits(text.translate(_INVISIBLE)).strip()
    if cleaned.endswith(BAHT):
        cleaned = cleaned[: -len(BAHT)].rstrip()
    if cleaned in _NIL_AMOUNTS:
        return None
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        # Thai financial statements write negatives in parentheses.
        negative = True
        cleaned = cleaned[1:-1].strip()
    elif cleaned[:1] in _MINUS_SIGNS:
        negative = True
        cleaned = cleaned[1:].lstrip()
    elif cleaned[:1] == "+":
        cleaned = cleaned[1:].lstrip()
    cleaned = cleaned.removeprefix(BAHT_SIGN).lstrip()
    if not _AMOUNT_RE.fullmatch(cleaned):
        raise ValueError(f"จำนวนเงินไม่ถูกต้อง: {original!r}")
    value = Decimal(cleaned.replace(",", ""))
    return -value if negative else value


# --------------------------------------------------------------------------
# Parsing dates
# --------------------------------------------------------------------------


def _month_key(token: str) -> str:
    return re.sub(r"[.\s]", "", token)


_MONTH_LOOKUP = {
    **{_month_key(name): i for i, name in enumerate(THAI_MONTHS, start=1)},
    **{_month_key(abbr): i for i, abbr in enumerate(THAI_MONTHS_ABBR, start=1)},
    # ฏ for ฎ is the most common misspelling in office documents.
    "กรกฏาคม": 7,
}

# Monday first, as date.weekday() counts.
_THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_WEEKDAY_LOOKUP = {name: i for i, name in enumerate(_THAI_WEEKDAYS)}
_WEEKDAY_LOOKUP["พฤหัส"] = 3

_ERA = r"(?:(?P<era>พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)\s*)?"
_NAMED_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})\s*(?P<month>[^\d\s][^\d]*?)\s*" + _ERA + r"(?P<year>\d{4}|\d{2})"
)
_DMY_RE = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
)
_YMD_RE = re.compile(
    r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
)
# Official letters write "วันศุกร์ที่ 5 กรกฎาคม 2567"; plain "วันที่ 5 ..." is
# the same prefix without the weekday.
_DAY_PREFIX_RE = re.compile(
    r"^วัน\s*(?:(?P<weekday>"
    + "|".join(sorted(_WEEKDAY_LOOKUP, key=len, reverse=True))
    + r")\s*(?:ที่)?|ที่)\s*"
)


def _year_to_ce(year_text: str, era: str | None, original: str) -> int:
    year = int(year_text)
    christian_era = bool(era) and era.startswith("ค")
    if len(year_text) == 2:
        if christian_era:
            raise ValueError(f"ปี ค.ศ. ต้องมี 4 หลัก: {original!r}")
        # Two-digit years are how Thai offices abbreviate B.E. (ก.ค. 67).
        return to_ce_year(2500 + year)
    if christian_era:
        return year
    if era:
        return to_ce_year(year)
    return to_ce_year(year) if year >= _BE_THRESHOLD else year


def parse_thai_date(text) -> date:
    if isinstance(text, (date, datetime)):
        return _as_date(text)
    if not isinstance(text, str):
        raise ValueError(f"วันที่ไม่ถูกต้อง: {text!r}")
    original = text
    cleaned = to_arabic_digits(text.translate(_INVISIBLE)).strip()
    weekday = None
    if prefix := _DAY_PREFIX_RE.match(cleaned):
        weekday = prefix["weekday"]
        cleaned = cleaned[prefix.end() :]
    cleaned = re.sub(r"\s+", " ", cleaned)

    era = None
    if match := _NAMED_DATE_RE.fullmatch(cleaned):
        month = _MONTH_LOOKUP.get(_month_key(match["month"]))
        if month is None:
            raise ValueError(f"ไม่รู้จักชื่อเดือน: {match['month']!r} ใน {original!r}")
        era = match["era"]
    elif (match := _DMY_RE.fullmatch(cleaned)) or (match := _YMD_RE.fullmatch(cleaned)):
        month = int(match["month"])
    else:
        raise ValueError(f"รูปแบบวันที่ไม่ถูกต้อง: {original!r}")

    year = _year_to_ce(match["year"], era, original)
    try:
        result = date(year, month, int(match["day"]))
    except ValueError:
        raise ValueError(f"ไม่มีวันที่นี้ในปฏิทิน: {original!r}") from None
    if weekday and result.weekday() != _WEEKDAY_LOOKUP[weekday]:
        # A contradiction usually means a mistyped day or year; guessing
        # which one is wrong would publish a wrong date.
        raise ValueError(
            f"วัน{weekday}ไม่ตรงกับวันที่ {format_thai_date(result)}: {original!r}"
        )
    return result


# --------------------------------------------------------------------------
# Fiscal year
# --------------------------------------------------------------------------

_FISCAL_START_MONTH = 10


def _check_quarter(q: int) -> int:
    if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= 4:
        raise ValueError(f"ไตรมาสต้องเป็น 1 ถึง 4: {q!r}")
    return q


def fiscal_year(d) -> int:
    d = _as_date(d)
    return to_be_year(d.year + (1 if d.month >= _FISCAL_START_MONTH else 0))


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    end_ce = to_ce_year(fy_be)
    return date(end_ce - 1, _FISCAL_START_MONTH, 1), date(end_ce, 9, 30)


def fiscal_quarter(d) -> tuple[int, int]:
    d = _as_date(d)
    return fiscal_year(d), (d.month - _FISCAL_START_MONTH) % 12 // 3 + 1


def _quarter_start(fy_be: int, q: int) -> date:
    start = fiscal_year_bounds(fy_be)[0]
    month_index = start.month - 1 + 3 * (_check_quarter(q) - 1)
    return date(start.year + month_index // 12, month_index % 12 + 1, 1)


def quarter_bounds(fy_be: int, q: int) -> tuple[date, date]:
    start = _quarter_start(fy_be, q)
    next_q_start = (
        _quarter_start(fy_be, q + 1) if q < 4 else fiscal_year_bounds(fy_be + 1)[0]
    )
    return start, next_q_start - timedelta(days=1)


def last_ended_quarter(d) -> tuple[int, int]:
    # The quarter containing d ends on or after d, so the one before it is
    # always the latest that has ended strictly before d.
    fy, q = fiscal_quarter(d)
    return (fy, q - 1) if q > 1 else (fy - 1, 4)


def fiscal_months(fy_be: int) -> list[tuple[int, int]]:
    start = fiscal_year_bounds(fy_be)[0]
    return [
        (start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1)
        for i in range(12)
    ]


def format_fiscal_year(fy_be: int, thai_digits: bool = False) -> str:
    return _digits(f"ปีงบประมาณ พ.ศ. {int(fy_be)}", thai_digits)


def format_quarter(fy_be: int, q: int, thai_digits: bool = False) -> str:
    _check_quarter(q)
    return _digits(f"ไตรมาสที่ {q} {format_fiscal_year(fy_be)}", thai_digits)


# --------------------------------------------------------------------------
# Today
# --------------------------------------------------------------------------


def _django_configured() -> bool:
    try:
        from django.conf import settings
    except ImportError:
        return False
    # settings.configured stays False until something touches settings, even
    # when DJANGO_SETTINGS_MODULE is set, so check the environment as well.
    return settings.configured or bool(os.environ.get("DJANGO_SETTINGS_MODULE"))


def today() -> date:
    if _django_configured():
        # Going through timezone.now() lets tests freeze time the Django way.
        from django.utils import timezone

        now = timezone.now()
        if now.tzinfo is None:
            # USE_TZ=False: now() is the server's local time.
            now = now.astimezone()
        return now.astimezone(BANGKOK).date()
    return datetime.now(BANGKOK).date()
