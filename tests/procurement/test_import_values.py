"""Cell values as finance staff type them."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from ita_wagtail.importing import values
from ita_wagtail.importing.values import ImportValueError

from .factories import bad_tax_id, tax_id

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1,234,567.89", Decimal("1234567.89")),
        ("1234567.89", Decimal("1234567.89")),
        ("1,234,567.89 บาท", Decimal("1234567.89")),
        ("5,000.-", Decimal("5000.00")),
        ("5,000.- บาท", Decimal("5000.00")),
        ("฿ 5,000", Decimal("5000.00")),
        ("๑,๒๓๔,๕๖๗.๘๙", Decimal("1234567.89")),
        ("ราคา 48,000 บาท", Decimal("48000.00")),
        ("0", Decimal("0.00")),
        ("0.00", Decimal("0.00")),
        (48000, Decimal("48000.00")),
        (48000.5, Decimal("48000.50")),
        (0.1 + 0.2, Decimal("0.30")),
        ("", None),
        ("-", None),
        ("ไม่มี", None),
        (None, None),
    ],
)
def test_money(text, expected):
    assert values.parse_money(text) == expected


def test_empty_is_not_zero():
    assert values.parse_money("") is None
    assert values.parse_money("0") == Decimal("0")


@pytest.mark.parametrize("text", ["ห้าพันบาท", "12abc", "1.2.3", "TBA"])
def test_text_in_a_money_cell_is_refused(text):
    with pytest.raises(ImportValueError, match="not an amount"):
        values.parse_money(text)


@pytest.mark.parametrize("text", ["-500", "(500)", -500, "−1,000.00"])
def test_negative_amounts_are_refused(text):
    with pytest.raises(ImportValueError, match="negative"):
        values.parse_money(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5 กรกฎาคม 2567", date(2024, 7, 5)),
        ("5 ก.ค. 2567", date(2024, 7, 5)),
        ("5 ก.ค. 67", date(2024, 7, 5)),
        ("5/7/2567", date(2024, 7, 5)),
        ("05/07/67", date(2024, 7, 5)),
        ("5/7/2024", date(2024, 7, 5)),
        ("2024-07-05", date(2024, 7, 5)),
        ("ลงวันที่ 5 ก.ค. 2567", date(2024, 7, 5)),
        ("ลว. 5 ก.ค. 67", date(2024, 7, 5)),
        ("๕ กรกฎาคม ๒๕๖๗", date(2024, 7, 5)),
        ("5 กรกฏาคม 2567", date(2024, 7, 5)),
        (datetime(2024, 7, 5, 0, 0), date(2024, 7, 5)),
        # A B.E. date typed into a date cell of a C.E. Excel.
        (datetime(2567, 7, 5), date(2024, 7, 5)),
        (45478, date(2024, 7, 5)),  # Excel's serial number for 5 July 2024
        ("", None),
        ("-", None),
    ],
)
def test_dates(text, expected):
    assert values.parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/2/2567", "5 ฟฟ. 2567", "พรุ่งนี้", "2567", 12])
def test_bad_dates_are_refused(text):
    with pytest.raises(ImportValueError, match="not a date"):
        values.parse_date(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        (2568, 2568),
        (2568.0, 2568),
        ("2568", 2568),
        ("๒๕๖๘", 2568),
        ("ปีงบประมาณ พ.ศ. 2568", 2568),
        ("2025", 2568),
        ("68", 2568),
        ("", None),
    ],
)
def test_fiscal_year(text, expected):
    assert values.parse_fiscal_year(text) == expected


@pytest.mark.parametrize("text", ["1800", "3000", "ปีหน้า", "256800"])
def test_bad_fiscal_year(text):
    with pytest.raises(ImportValueError):
        values.parse_fiscal_year(text)


def test_egp_number_forms():
    assert values.parse_egp_number(67109123456) == "67109123456"
    assert values.parse_egp_number(67109123456.0) == "67109123456"
    assert values.parse_egp_number("'67109123456") == "67109123456"
    assert values.parse_egp_number("๖๗๑๐๙๑๒๓๔๕๖") == "67109123456"
    assert values.parse_egp_number("") == ""
    with pytest.raises(ImportValueError, match="11 digits"):
        values.parse_egp_number("6710912345")
    with pytest.raises(ImportValueError, match="month"):
        values.parse_egp_number("67209123456")


def test_tax_id_forms():
    valid = tax_id(77)
    dashed = f"{valid[0]}-{valid[1:5]}-{valid[5:10]}-{valid[10:12]}-{valid[12]}"
    assert values.parse_tax_id(dashed) == valid
    assert values.parse_tax_id(valid.translate(THAI)) == valid
    # Excel turned the id into a number and dropped the leading zero.
    assert values.parse_tax_id(int(valid)) == valid
    with pytest.raises(ImportValueError, match="check digit"):
        values.parse_tax_id(bad_tax_id(77))
    with pytest.raises(ImportValueError, match="13 digits"):
        values.parse_tax_id("12345")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("e-bidding", "e_bidding"),
        ("E-Bidding", "e_bidding"),
        ("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", "e_bidding"),
        ("วิธีประกาศเชิญชวนทั่วไป (ประกวดราคาอิเล็กทรอนิกส์ e-bidding)", "e_bidding"),
        ("e-market", "e_market"),
        ("ตลาดอิเล็กทรอนิกส์", "e_market"),
        ("สอบราคา", "price_inquiry"),
        ("วิธีคัดเลือก", "selective"),
        ("คัดเลือก", "selective"),
        ("เฉพาะเจาะจง", "specific"),
        ("วิธี เฉพาะ เจาะจง", "specific"),
        ("ประกาศเชิญชวนทั่วไป", "open_invitation"),
        ("จ้างที่ปรึกษาโดยวิธีคัดเลือก", "consultant_selective"),
        ("ประกวดแบบ", "design_contest"),
        ("จ้างออกแบบหรือควบคุมงานก่อสร้างโดยวิธีเฉพาะเจาะจง", "design_specific"),
        ("specific", "specific"),
        ("Selective method", "selective"),
    ],
)
def test_methods(text, expected):
    assert values.parse_method(text) == expected


def test_unknown_method():
    with pytest.raises(ImportValueError, match="not a procurement method"):
        values.parse_method("ซื้อตามใจ")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("อยู่ระหว่างระยะสัญญา", "contracted"),
        ("สิ้นสุดสัญญา", "contracted"),
        ("ยังไม่ได้ลงนามในสัญญา", "awarded"),
        ("ยกเลิกการดำเนินการ", "cancelled"),
        ("อยู่ในแผน", "planned"),
        ("Contracted", "contracted"),
    ],
)
def test_statuses(text, expected):
    assert values.parse_status(text) == expected


def test_budget_sources():
    assert values.parse_budget_source("เงินอุดหนุนเฉพาะกิจ") == ("specific_subsidy", "")
    assert values.parse_budget_source("งบประมาณรายจ่ายประจำปี") == ("municipal", "")
    assert values.parse_budget_source("เงินกู้ ก.ส.ท.") == ("other", "เงินกู้ ก.ส.ท.")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("จัดซื้อวัสดุสำนักงาน", "goods"),
        ("ซื้อน้ำมันเชื้อเพลิง", "goods"),
        ("จ้างเหมาทำความสะอาด", "services"),
        ("โครงการก่อสร้างถนน คสล.", "construction"),
        ("จ้างที่ปรึกษาสำรวจความพึงพอใจ", "consulting"),
        ("จ้างออกแบบอาคาร", "design"),
        ("อบรมเจ้าหน้าที่", ""),
    ],
)
def test_category_inferred_from_the_name(name, expected):
    assert values.infer_category(name) == expected


def test_bids_one_per_line():
    bids = values.parse_bids(
        f"1. บริษัท ศรีสยามก่อสร้าง จำกัด ({tax_id(5)}) ราคา 1,250,000.00 บาท\n"
        "2. หจก. ทรัพย์ทวีการโยธา 1,310,000.- บาท\n"
        "3) ร้าน 99 การช่าง เสนอราคา 1,400,000"
    )
    assert bids == [
        {
            "name": "บริษัท ศรีสยามก่อสร้าง จำกัด",
            "tax_id": tax_id(5),
            "price": Decimal("1250000.00"),
        },
        {"name": "หจก. ทรัพย์ทวีการโยธา", "tax_id": "", "price": Decimal("1310000.00")},
        {"name": "ร้าน 99 การช่าง", "tax_id": "", "price": Decimal("1400000.00")},
    ]


def test_bids_separated_by_slash():
    bids = values.parse_bids("ร้าน ก 4,800 / ร้าน ข 4,900 / ร้าน ค/ง 5,000")
    assert [bid["name"] for bid in bids] == ["ร้าน ก", "ร้าน ข", "ร้าน ค/ง"]


def test_bids_with_tax_id_label_and_thai_digits():
    bids = values.parse_bids(
        "ร้านเจริญ เลขประจำตัวผู้เสียภาษี " + tax_id(8).translate(THAI) + " ราคา ๔,๘๐๐.๐๐ บาท"
    )
    assert bids == [
        {"name": "ร้านเจริญ", "tax_id": tax_id(8), "price": Decimal("4800.00")}
    ]


def test_bid_errors_name_the_line():
    with pytest.raises(ImportValueError, match="Bidder 2.*no price"):
        values.parse_bids("ร้าน ก 100\nร้าน ข")
    with pytest.raises(ImportValueError, match="Bidder 1.*check digit"):
        values.parse_bids(f"ร้าน ก ({bad_tax_id(3)}) 100")


def test_supplier_and_price_cell():
    assert values.parse_supplier_and_price("ร้านรุ่งเรือง\nราคา 4,800.00 บาท") == {
        "name": "ร้านรุ่งเรือง",
        "tax_id": "",
        "price": Decimal("4800.00"),
    }


@pytest.mark.parametrize(
    "text, kind, number, when",
    [
        (
            "สัญญาเลขที่ 12/2568 ลงวันที่ 5 ต.ค. 2567",
            "contract",
            "12/2568",
            date(2024, 10, 5),
        ),
        (
            "ใบสั่งซื้อเลขที่ 15/2568 ลว. 5 ต.ค. 67",
            "purchase_order",
            "15/2568",
            date(2024, 10, 5),
        ),
        ("ใบสั่งจ้าง ที่ 3/2568\n1/11/2567", "purchase_order", "3/2568", date(2024, 11, 1)),
        (
            "บันทึกข้อตกลงเลขที่ 7/2568 วันที่ 12 ธันวาคม 2567",
            "agreement",
            "7/2568",
            date(2024, 12, 12),
        ),
        (
            "สัญญาจ้างเลขที่ 8/2568 ลงวันที่ ๑๒ ธ.ค. ๒๕๖๗",
            "contract",
            "8/2568",
            date(2024, 12, 12),
        ),
        ("PO 21/2568 5/10/2567", "purchase_order", "21/2568", date(2024, 10, 5)),
        ("12/2568", "contract", "12/2568", None),
    ],
)
def test_contract_cell(text, kind, number, when):
    assert values.parse_contract(text) == {"type": kind, "number": number, "date": when}


def test_contract_cell_with_bad_date():
    with pytest.raises(ImportValueError, match="Cannot read the date"):
        values.parse_contract("สัญญาเลขที่ 1/2568 ลงวันที่ 31 ก.พ. 2567")


def test_title_context():
    context = values.title_context(
        ["แบบ สขร.1", "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม พ.ศ. ๒๕๖๗"]
    )
    assert context == {"month": (2024, 10), "fiscal_year": 2568}
    assert values.title_context(["ประจำปีงบประมาณ พ.ศ. 2569"]) == {"fiscal_year": 2569}
