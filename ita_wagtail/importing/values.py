"""Reading the values finance staff type into procurement spreadsheets.

Dates in B.E. or C.E., Thai month names and abbreviations, Thai digits,
thousands separators, "บาท" and "฿", "5,000.-", empty versus zero, bidders
and their prices sharing one cell, contract number and date sharing another.
Each parser returns a Python value or raises :class:`ImportValueError` with a
Thai message that names what was found, so the preview can say what to fix.
Pure parsing lives in :mod:`ita_wagtail.thai`; this module adds what is
particular to procurement spreadsheets.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ita_wagtail.models.plans import BudgetSource
from ita_wagtail.models.procurement import (
    BUDGET_SOURCE_THAI,
    CATEGORY_THAI,
    METHOD_THAI,
    STATUS_THAI,
    ContractType,
    ProcurementCategory,
    ProcurementMethod,
    ProcurementStatus,
    normalise_egp_number,
    normalise_tax_id,
    tax_id_check_digit,
)
from ita_wagtail.thai import parse_amount, parse_thai_date, to_arabic_digits

_MAX_MONEY = Decimal("9999999999999.99")  # max_digits=15, decimal_places=2
_CENT = Decimal("0.01")
#: Cells that mean "nothing here", not zero.
NIL_TEXTS = {"", "-", "–", "—", "ไม่มี", "n/a", "na", "none", "null"}


#: How much of a cell an error message quotes.
QUOTE_CHARS = 60
_QUOTED = re.compile("“([^”]{" + str(QUOTE_CHARS + 1) + ",})”")


def shorten(text, limit: int = QUOTE_CHARS) -> str:
    """The first ``limit`` characters of ``text``, with "…" if there were more."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


class ImportValueError(ValueError):
    """A cell that cannot be read; the message is for the finance officer.

    A value quoted in the message (“…”) is cut to its first characters: a
    cell may hold 32,767 of them, and every error is kept in the report.
    """

    def __init__(self, message=""):
        message = str(message)
        if len(message) > 2 * QUOTE_CHARS:
            message = _QUOTED.sub(lambda m: f"“{shorten(m.group(1))}”", message)
        super().__init__(message)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value))
    return text.replace("\u200b", "").replace("\ufeff", "").replace("\xa0", " ").strip()


def is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return _text(value).lower() in NIL_TEXTS
    return False


def clean_text(value) -> str:
    """Text as typed, with numbers written without a trailing ".0"."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime | date):
        from ita_wagtail.thai import format_thai_date

        return format_thai_date(value, style="numeric")
    return _text(value)


def clean_line(value) -> str:
    """One-line text: runs of spaces and line breaks become one space."""
    return " ".join(clean_text(value).split())


# --------------------------------------------------------------------------
# Money
# --------------------------------------------------------------------------

_MONEY_WORDS = re.compile(
    r"^(?:ราคา(?:ที่เสนอ|ที่ตกลง|กลาง)?|เสนอราคา|เป็นเงิน|จำนวนเงิน|จำนวน|วงเงิน|รวม)\s*[:=]?\s*"
)
_MONEY_SUFFIX = re.compile(r"(?:\.-|-|\s*(?:บาท|thb|baht)\.?)+$", re.IGNORECASE)


def parse_money(value) -> Decimal | None:
    """Baht as Decimal; None for an empty cell (which is not zero)."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ImportValueError(
                _("“%(value)s” is not an amount of money.") % {"value": value}
            )
        return None
    if isinstance(value, Decimal | int | float):
        if isinstance(value, float) and value != value:  # NaN
            raise ImportValueError(_("The amount is not a number."))
        amount = Decimal(str(value))
    else:
        text = to_arabic_digits(_text(value))
        if text.lower() in NIL_TEXTS:
            return None
        cleaned = _MONEY_WORDS.sub("", text).replace("฿", "").strip()
        cleaned = _MONEY_SUFFIX.sub("", cleaned).strip()
        cleaned = re.sub(r"(?<=\d)\s+(?=[\d,])", "", cleaned)
        try:
            amount = parse_amount(cleaned)
        except (ValueError, InvalidOperation):
            raise ImportValueError(
                _("“%(value)s” is not an amount of money. Write it as 1,234,567.89.")
                % {"value": text}
            ) from None
        if amount is None:
            return None
    if not amount.is_finite():
        raise ImportValueError(_("The amount is not a number."))
    if amount < 0:
        raise ImportValueError(
            _("The amount %(value)s is negative; amounts cannot be negative.")
            % {"value": f"{amount:,.2f}"}
        )
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount > _MAX_MONEY:
        raise ImportValueError(
            _("The amount %(value)s is too large.") % {"value": f"{amount:,.2f}"}
        )
    return amount


# --------------------------------------------------------------------------
# Dates and years
# --------------------------------------------------------------------------

_DATE_PREFIX = re.compile(r"^(?:ลงวันที่|ลงวันที|ลว\.?|วันที่|date)\s*[:.]?\s*", re.IGNORECASE)
_SHORT_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2})$")
_EXCEL_SERIAL_RANGE = (20000, 80000)  # 1954 to 2119
_EXCEL_EPOCH = date(1899, 12, 30)


def _fix_be(value: date) -> date:
    # A B.E. date typed into a date cell of a C.E. Excel is stored as
    # year 2567; no procurement is dated after 2400 C.E.
    if value.year >= 2400:
        try:
            return value.replace(year=value.year - 543)
        except ValueError:  # 29 February of a year that is not leap in C.E.
            return value.replace(year=value.year - 543, day=28)
    return value


def parse_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return _fix_be(value.date())
    if isinstance(value, date):
        return _fix_be(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = _EXCEL_SERIAL_RANGE
        if low <= value <= high:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ImportValueError(
            _("“%(value)s” is not a date. Write it as 5/10/2567 or 5 ต.ค. 2567.")
            % {"value": _text(value)}
        )
    text = to_arabic_digits(_text(value))
    if text.lower() in NIL_TEXTS:
        return None
    text = _DATE_PREFIX.sub("", text).strip()
    if match := _SHORT_DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(2500 + year - 543, month, day)
        except ValueError:
            pass
    try:
        return parse_thai_date(text)
    except ValueError:
        raise ImportValueError(
            _("“%(value)s” is not a date. Write it as 5/10/2567 or 5 ต.ค. 2567.")
            % {"value": _text(value)}
        ) from None


_YEAR = re.compile(r"(\d{4}|\d{2})")


def parse_fiscal_year(value) -> int | None:
    if value is None or (isinstance(value, str) and is_blank(value)):
        return None
    if isinstance(value, datetime | date):
        raise ImportValueError(_("The fiscal year is a year such as 2568, not a date."))
    text = to_arabic_digits(_text(value))
    match = _YEAR.search(text.replace(",", ""))
    if not match or re.search(r"\d{5,}", text):
        raise ImportValueError(
            _("“%(value)s” is not a fiscal year. Write the B.E. year, such as 2568.")
            % {"value": text}
        )
    year = int(match.group(1))
    if year < 100:
        year += 2500
    elif 1900 <= year < 2400:
        year += 543
    if not 2500 <= year <= 2700:
        raise ImportValueError(
            _("“%(value)s” is not a fiscal year. Write the B.E. year, such as 2568.")
            % {"value": text}
        )
    return year


# --------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------


def parse_egp_number(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float):
        if not value.is_integer():
            raise ImportValueError(
                _("“%(value)s” is not an e-GP project number.") % {"value": value}
            )
        value = int(value)
    digits = normalise_egp_number(_text(value).lstrip("'"))
    if not digits.isdigit() or len(digits) != 11:
        raise ImportValueError(
            _(
                "“%(value)s” is not an e-GP project number: it must have 11 digits. "
                "If Excel shows it as 6.71E+10, format the column as text."
            )
            % {"value": _text(value)}
        )
    if not 1 <= int(digits[2:4]) <= 12:
        raise ImportValueError(
            _(
                "e-GP project number %(value)s is not valid: its third and fourth "
                "digits must be a month (01–12)."
            )
            % {"value": digits}
        )
    return digits


def parse_tax_id(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _text(value).lstrip("'")
    digits = normalise_tax_id(text)
    if isinstance(value, int) and len(digits) == 12:
        # Excel drops the leading zero of a juristic person's tax id.
        digits = "0" + digits
    if not digits.isdigit() or len(digits) != 13:
        raise ImportValueError(
            _("“%(value)s” is not a tax id: it must have 13 digits.") % {"value": text}
        )
    if tax_id_check_digit(digits[:12]) != int(digits[12]):
        raise ImportValueError(
            _("Tax id %(value)s has a wrong check digit; please check for a typo.")
            % {"value": digits}
        )
    return digits


# --------------------------------------------------------------------------
# Choices
# --------------------------------------------------------------------------


def _choice_key(text) -> str:
    text = unicodedata.normalize("NFC", to_arabic_digits(_text(text))).lower()
    text = re.sub(r"[\s()\[\]\-_.,:/]+", "", text)
    return text.replace("วิธี", "").replace("โดย", "")


def _alias_map(groups):
    mapping = {}
    for value, aliases in groups.items():
        for alias in aliases:
            mapping[_choice_key(alias)] = value
    return mapping


_METHOD_ALIASES = _alias_map(
    {
        ProcurementMethod.OPEN_INVITATION: [
            "ประกาศเชิญชวนทั่วไป",
            "ประกาศเชิญชวน",
            "open",
        ],
        ProcurementMethod.E_BIDDING: [
            "e-bidding",
            "ebidding",
            "e bidding",
            "ประกวดราคาอิเล็กทรอนิกส์",
            "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
            "ประกาศเชิญชวนทั่วไป (e-bidding)",
            "ประกาศเชิญชวนทั่วไป e-bidding",
            "ประกาศเชิญชวนทั่วไปโดยประกวดราคาอิเล็กทรอนิกส์",
            "e-bidding (ประกาศเชิญชวนทั่วไป)",
            "ประกวดราคา",
        ],
        ProcurementMethod.E_MARKET: [
            "e-market",
            "emarket",
            "ตลาดอิเล็กทรอนิกส์",
            "ตลาดอิเล็กทรอนิกส์ (e-market)",
            "ประกาศเชิญชวนทั่วไป (e-market)",
            "ประกาศเชิญชวนทั่วไป e-market",
            "e-market (ประกาศเชิญชวนทั่วไป)",
        ],
        ProcurementMethod.PRICE_INQUIRY: [
            "สอบราคา",
            "ประกาศเชิญชวนทั่วไป (สอบราคา)",
            "ประกาศเชิญชวนทั่วไปสอบราคา",
        ],
        ProcurementMethod.SELECTIVE: ["คัดเลือก", "selective"],
        ProcurementMethod.SPECIFIC: ["เฉพาะเจาะจง", "ตกลงราคา", "specific"],
        ProcurementMethod.CONSULTANT_OPEN: [
            "จ้างที่ปรึกษาโดยวิธีประกาศเชิญชวนทั่วไป",
            "ที่ปรึกษา ประกาศเชิญชวนทั่วไป",
            "จ้างที่ปรึกษา ประกาศเชิญชวนทั่วไป",
        ],
        ProcurementMethod.CONSULTANT_SELECTIVE: [
            "จ้างที่ปรึกษาโดยวิธีคัดเลือก",
            "ที่ปรึกษา คัดเลือก",
            "จ้างที่ปรึกษา คัดเลือก",
        ],
        ProcurementMethod.CONSULTANT_SPECIFIC: [
            "จ้างที่ปรึกษาโดยวิธีเฉพาะเจาะจง",
            "ที่ปรึกษา เฉพาะเจาะจง",
            "จ้างที่ปรึกษา เฉพาะเจาะจง",
        ],
        ProcurementMethod.DESIGN_OPEN: [
            "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีประกาศเชิญชวนทั่วไป",
            "จ้างออกแบบ ประกาศเชิญชวนทั่วไป",
            "ออกแบบ ประกาศเชิญชวนทั่วไป",
            "จ้างควบคุมงาน ประกาศเชิญชวนทั่วไป",
        ],
        ProcurementMethod.DESIGN_SELECTIVE: [
            "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีคัดเลือก",
            "จ้างออกแบบ คัดเลือก",
            "ออกแบบ คัดเลือก",
            "จ้างควบคุมงาน คัดเลือก",
        ],
        ProcurementMethod.DESIGN_SPECIFIC: [
            "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีเฉพาะเจาะจง",
            "จ้างออกแบบ เฉพาะเจาะจง",
            "ออกแบบ เฉพาะเจาะจง",
            "จ้างควบคุมงาน เฉพาะเจาะจง",
        ],
        ProcurementMethod.DESIGN_CONTEST: [
            "จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีประกวดแบบ",
            "ประกวดแบบ",
            "design contest",
        ],
    }
)
_STATUS_ALIASES = _alias_map(
    {
        ProcurementStatus.PLANNED: [
            "อยู่ในแผน",
            "แผน",
            "ตามแผน",
            "วางแผน",
            "ยังไม่ดำเนินการ",
            "ยังไม่ได้ดำเนินการ",
        ],
        ProcurementStatus.ANNOUNCED: [
            "ประกาศแล้ว",
            "ประกาศเชิญชวนแล้ว",
            "อยู่ระหว่างดำเนินการ",
            "ระหว่างดำเนินการ",
            "อยู่ระหว่างการจัดซื้อจัดจ้าง",
            "อยู่ระหว่างการพิจารณา",
        ],
        ProcurementStatus.AWARDED: [
            "ได้ผู้ชนะแล้ว",
            "ได้ผู้ชนะ",
            "ประกาศผู้ชนะ",
            "ประกาศผู้ชนะแล้ว",
            "ประกาศผู้ชนะการเสนอราคา",
            "ยังไม่ได้ลงนามในสัญญา",
            "ยังไม่ลงนามในสัญญา",
            "รอลงนามสัญญา",
            "รอลงนามในสัญญา",
            "อนุมัติสั่งซื้อสั่งจ้างแล้ว",
        ],
        ProcurementStatus.CONTRACTED: [
            "ลงนามในสัญญาแล้ว",
            "ลงนามสัญญาแล้ว",
            "ลงนามแล้ว",
            "ทำสัญญาแล้ว",
            "อยู่ระหว่างระยะสัญญา",
            "อยู่ระหว่างการดำเนินการตามสัญญา",
            "สิ้นสุดสัญญา",
            "สิ้นสุดระยะสัญญา",
            "ส่งมอบงานแล้ว",
            "ตรวจรับแล้ว",
            "เสร็จสิ้น",
            "แล้วเสร็จ",
            "ดำเนินการแล้วเสร็จ",
            "เบิกจ่ายแล้ว",
            "completed",
        ],
        ProcurementStatus.CANCELLED: [
            "ยกเลิก",
            "ยกเลิกการดำเนินการ",
            "ยกเลิกโครงการ",
            "ยกเลิกประกาศ",
            "canceled",
        ],
    }
)
_CATEGORY_ALIASES = _alias_map(
    {
        ProcurementCategory.GOODS: ["ซื้อ", "งานซื้อ", "จัดซื้อ", "ซื้อขาย"],
        ProcurementCategory.SERVICES: [
            "จ้าง",
            "จ้างทั่วไป",
            "งานจ้าง",
            "งานจ้างทั่วไป",
            "จ้างเหมา",
            "จ้างเหมาบริการ",
            "บริการ",
            "เช่า",
            "งานเช่า",
        ],
        ProcurementCategory.CONSTRUCTION: ["จ้างก่อสร้าง", "ก่อสร้าง", "งานก่อสร้าง"],
        ProcurementCategory.CONSULTING: ["ที่ปรึกษา", "จ้างที่ปรึกษา", "งานจ้างที่ปรึกษา"],
        ProcurementCategory.DESIGN: [
            "ออกแบบ",
            "ควบคุมงาน",
            "จ้างออกแบบ",
            "จ้างควบคุมงาน",
            "จ้างออกแบบและควบคุมงาน",
            "จ้างออกแบบและควบคุมงานก่อสร้าง",
            "งานจ้างออกแบบและควบคุมงานก่อสร้าง",
        ],
    }
)
_BUDGET_SOURCE_ALIASES = _alias_map(
    {
        BudgetSource.MUNICIPAL: [
            "เทศบัญญัติ",
            "ข้อบัญญัติ",
            "งบประมาณ",
            "เงินงบประมาณ",
            "งบประมาณรายจ่าย",
            "งบประมาณรายจ่ายประจำปี",
            "เงินงบประมาณรายจ่ายประจำปี",
            "เงินรายได้",
            "งบประมาณเทศบาล",
        ],
        BudgetSource.GENERAL_SUBSIDY: ["เงินอุดหนุนทั่วไป", "อุดหนุนทั่วไป"],
        BudgetSource.SPECIFIC_SUBSIDY: [
            "เงินอุดหนุนเฉพาะกิจ",
            "อุดหนุนเฉพาะกิจ",
            "เงินอุดหนุนระบุวัตถุประสงค์",
            "เงินอุดหนุนระบุวัตถุประสงค์/เฉพาะกิจ",
            "เงินอุดหนุนที่รัฐบาลให้โดยระบุวัตถุประสงค์",
        ],
        BudgetSource.ACCUMULATED: [
            "เงินสะสม",
            "เงินทุนสำรองเงินสะสม",
            "เงินสะสมของเทศบาล",
            "จ่ายขาดเงินสะสม",
        ],
    }
)


def _add_labels(mapping, choices, thai_labels):
    for value, label in choices:
        mapping.setdefault(_choice_key(value), value)
        mapping.setdefault(_choice_key(str(label)), value)
    for value, label in thai_labels.items():
        mapping.setdefault(_choice_key(label), value)


def _with_labels(mapping, choices, thai_labels):
    # English labels are lazy; read them when first needed, in English.
    from django.utils import translation

    with translation.override("en"):
        _add_labels(mapping, choices, thai_labels)
    return mapping


def _lookup(mapping_name, value, choices, thai_labels, message):
    if is_blank(value):
        return ""
    mapping = _LOADED.get(mapping_name)
    if mapping is None:
        mapping = _with_labels(dict(_ALIASES[mapping_name]), choices, thai_labels)
        _LOADED[mapping_name] = mapping
    found = mapping.get(_choice_key(value))
    if found is None:
        raise ImportValueError(message % {"value": _text(value)})
    return str(found)


_ALIASES = {
    "method": _METHOD_ALIASES,
    "status": _STATUS_ALIASES,
    "category": _CATEGORY_ALIASES,
    "budget_source": _BUDGET_SOURCE_ALIASES,
}
_LOADED: dict = {}


def parse_method(value) -> str:
    return _lookup(
        "method",
        value,
        ProcurementMethod.choices,
        METHOD_THAI,
        _(
            "“%(value)s” is not a procurement method of the Act B.E. 2560. Use "
            "e-bidding, e-market, สอบราคา, คัดเลือก, เฉพาะเจาะจง, ประกวดแบบ or "
            "the consultant and design forms of them."
        ),
    )


def parse_status(value) -> str:
    return _lookup(
        "status",
        value,
        ProcurementStatus.choices,
        STATUS_THAI,
        _(
            "“%(value)s” is not a status. Use อยู่ในแผน, อยู่ระหว่างดำเนินการ, "
            "ได้ผู้ชนะแล้ว, ลงนามในสัญญาแล้ว or ยกเลิก."
        ),
    )


def parse_category(value) -> str:
    return _lookup(
        "category",
        value,
        ProcurementCategory.choices,
        CATEGORY_THAI,
        _(
            "“%(value)s” is not a category. Use ซื้อ, จ้างทั่วไป, จ้างก่อสร้าง, "
            "จ้างที่ปรึกษา or จ้างออกแบบและควบคุมงาน."
        ),
    )


def parse_budget_source(value) -> tuple[str, str]:
    """(choice, details): an unknown source is kept as "other" with its text."""
    if is_blank(value):
        return "", ""
    try:
        found = _lookup(
            "budget_source",
            value,
            BudgetSource.choices,
            BUDGET_SOURCE_THAI,
            "%(value)s",
        )
    except ImportValueError:
        return str(BudgetSource.OTHER), clean_line(value)[:255]
    return found, ""


def infer_category(name: str) -> str:
    """The category an item name implies ("จ้างก่อสร้าง…" is construction)."""
    text = _choice_key(name)
    if not text:
        return ""
    if "ที่ปรึกษา" in text:
        return str(ProcurementCategory.CONSULTING)
    if "ออกแบบ" in text or "ควบคุมงาน" in text:
        return str(ProcurementCategory.DESIGN)
    if "ก่อสร้าง" in text:
        return str(ProcurementCategory.CONSTRUCTION)
    if text.startswith(("ซื้อ", "จัดซื้อ")):
        return str(ProcurementCategory.GOODS)
    if text.startswith(("จ้าง", "เช่า")):
        return str(ProcurementCategory.SERVICES)
    return ""


# --------------------------------------------------------------------------
# Bidders, the selected supplier, the contract
# --------------------------------------------------------------------------

_NUMBERING = re.compile(r"^\s*(?:\d{1,3}\s*[.)]|[-•*·])\s*")
_TAX_ID = re.compile(r"(?<!\d)(\d(?:[ -]?\d){12})(?!\d)")
_TAX_ID_WORDS = re.compile(
    r"(?:เลขประจำตัวผู้เสียภาษี(?:อากร)?|เลขผู้เสียภาษี|เลขประจำตัว|tin|tax\s*id)\s*[:.]?\s*",
    re.IGNORECASE,
)
_AMOUNT_AT_END = re.compile(
    r"(?P<amount>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:\.-|-)?\s*(?:บาท|฿|thb)?\.?\s*\)?\s*$",
    re.IGNORECASE,
)
_PRICE_WORDS = re.compile(
    r"(?:ราคาที่เสนอ|ราคาที่ตกลง(?:ซื้อ|จ้าง)?(?:หรือจ้าง)?|เสนอราคา|ราคา|เป็นเงิน|จำนวนเงิน)\s*[:=]?\s*$"
)
_TRAILING_PUNCTUATION = " \t-–—:=,;(/"


def _split_bid_lines(text: str) -> list[str]:
    lines = [line for line in (part.strip() for part in text.splitlines()) if line]
    if len(lines) == 1:
        for separator in ("/", ";", "|"):
            groups = _split_after_amounts(lines[0], separator)
            if len(groups) > 1:
                return groups
    return lines


def _split_after_amounts(line: str, separator: str) -> list[str]:
    """Split where a separator follows a price: "ร้าน ค/ง 5,000" stays whole."""
    groups, pending = [], []
    for part in line.split(separator):
        pending.append(part)
        if _AMOUNT_AT_END.search(to_arabic_digits(part)):
            groups.append(separator.join(pending).strip())
            pending = []
    if pending:
        return [line]
    return groups


def parse_party(line: str) -> dict:
    """ "1. บริษัท ก จำกัด (0105551234560) ราคา 99,000.- บาท" -> name, tax id, price."""
    text = to_arabic_digits(unicodedata.normalize("NFC", line)).strip()
    text = _NUMBERING.sub("", text)
    tax_id = ""
    if match := _TAX_ID.search(text):
        tax_id = parse_tax_id(match.group(1))
        text = (text[: match.start()] + " " + text[match.end() :]).strip()
        text = _TAX_ID_WORDS.sub(" ", text)
        text = re.sub(r"\(\s*\)", " ", text)
    price = None
    if match := _AMOUNT_AT_END.search(text):
        price = parse_money(match.group("amount"))
        text = text[: match.start()]
        text = _PRICE_WORDS.sub("", text.rstrip(_TRAILING_PUNCTUATION))
    name = " ".join(text.strip(_TRAILING_PUNCTUATION).split())
    name = name.rstrip(" (")
    return {"name": name, "tax_id": tax_id, "price": price}


def parse_bids(value) -> list[dict]:
    """Bidders and their prices from one cell, one bidder per line (or "/")."""
    if is_blank(value):
        return []
    bids = []
    for number, line in enumerate(_split_bid_lines(clean_text(value)), start=1):
        try:
            bid = parse_party(line)
        except ImportValueError as error:
            raise ImportValueError(
                _("Bidder %(number)s (“%(line)s”): %(error)s")
                % {"number": number, "line": line, "error": error}
            ) from None
        if not bid["name"]:
            raise ImportValueError(
                _("Bidder %(number)s (“%(line)s”) has a price but no name.")
                % {"number": number, "line": line}
            )
        if bid["price"] is None:
            raise ImportValueError(
                _(
                    "Bidder %(number)s (“%(line)s”) has no price. Write the price "
                    "at the end of the line, for example “ร้าน ก 5,000.00”."
                )
                % {"number": number, "line": line}
            )
        if len(bid["name"]) > 255:
            raise ImportValueError(
                _("Bidder %(number)s: the name is longer than 255 characters.")
                % {"number": number}
            )
        bids.append(bid)
    return bids


def parse_supplier_and_price(value) -> dict | None:
    """สขร.1's "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง" cell."""
    if is_blank(value):
        return None
    text = " ".join(clean_text(value).split())
    party = parse_party(text)
    if not party["name"]:
        raise ImportValueError(_("“%(value)s” names no supplier.") % {"value": text})
    if len(party["name"]) > 255:
        raise ImportValueError(_("The supplier's name is longer than 255 characters."))
    return party


_CONTRACT_DATE_MARKER = re.compile(r"(?:ลงวันที่|ลงวันที|ลว\.?|วันที่)\s*[:.]?\s*")
_NAMED_DATE_IN_TEXT = re.compile(
    r"\d{1,2}\s*[ก-๙][ก-๙.]*\.?\s*(?:พ\.?\s*ศ\.?\s*)?\d{2,4}"
)
_NUMERIC_DATE_IN_TEXT = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)")
_CONTRACT_WORDS = re.compile(
    r"(?:สัญญา(?:ซื้อขาย|จ้าง|ซื้อ)?|ใบสั่ง(?:ซื้อ|จ้าง)(?:/สั่ง(?:ซื้อ|จ้าง))?|"
    r"บันทึกข้อตกลง(?:การ(?:ซื้อ|จ้าง))?|ข้อตกลง|po|เลขที่|ที่)\s*[:.]?\s*",
    re.IGNORECASE,
)


def contract_type_of(text: str) -> str:
    if re.search(r"ใบสั่ง|(?<![a-z])po(?![a-z])", text, re.IGNORECASE):
        return str(ContractType.PURCHASE_ORDER)
    if "ข้อตกลง" in text:
        return str(ContractType.AGREEMENT)
    return str(ContractType.CONTRACT)


def parse_contract(value) -> dict | None:
    """ "สัญญาเลขที่ 12/2568 ลงวันที่ 5 ต.ค. 2567" -> type, number, date."""
    if is_blank(value):
        return None
    if isinstance(value, datetime | date):
        return {
            "type": str(ContractType.CONTRACT),
            "number": "",
            "date": parse_date(value),
        }
    original = " ".join(clean_text(value).split())
    text = to_arabic_digits(original)
    kind = contract_type_of(text)
    date_text = ""
    number_text = text
    marker = _CONTRACT_DATE_MARKER.search(text)
    if marker:
        number_text, date_text = text[: marker.start()], text[marker.end() :]
    else:
        found = _NAMED_DATE_IN_TEXT.search(text) or _NUMERIC_DATE_IN_TEXT.search(text)
        if found:
            number_text = text[: found.start()] + " " + text[found.end() :]
            date_text = found.group(0)
    contract_date = None
    if date_text.strip():
        try:
            contract_date = parse_date(date_text.strip())
        except ImportValueError:
            raise ImportValueError(
                _("Cannot read the date in “%(value)s”.") % {"value": original}
            ) from None
    number = _CONTRACT_WORDS.sub(" ", number_text)
    number = " ".join(number.split()).strip(_TRAILING_PUNCTUATION)
    if len(number) > 100:
        raise ImportValueError(_("The contract number is longer than 100 characters."))
    return {"type": kind, "number": number, "date": contract_date}


# --------------------------------------------------------------------------
# Sheet context: "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2567"
# --------------------------------------------------------------------------

_MONTH_IN_TITLE = re.compile(
    r"เดือน\s*(?P<month>[ก-๙][ก-๙.]*)\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4}|\d{2})"
)
_FISCAL_YEAR_IN_TITLE = re.compile(r"ปีงบประมาณ\s*(?:พ\.?\s*ศ\.?\s*)?(?P<year>\d{4})")


def title_context(lines) -> dict:
    """The report month and fiscal year a form's title block names, if any."""
    from ita_wagtail.thai import fiscal_year

    context = {}
    for line in lines:
        text = to_arabic_digits(" ".join(str(line).split()))
        if "month" not in context and (match := _MONTH_IN_TITLE.search(text)):
            try:
                first = parse_thai_date(f"1 {match['month']} {match['year']}")
            except ValueError:
                pass
            else:
                context["month"] = (first.year, first.month)
                context.setdefault("fiscal_year", fiscal_year(first))
        if match := _FISCAL_YEAR_IN_TITLE.search(text):
            context["fiscal_year"] = int(match["year"])
    return context
