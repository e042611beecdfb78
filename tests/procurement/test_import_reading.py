"""Reading uploaded files safely: sizes, kinds, zip bombs, formulas, encodings."""

import io
import time
import zipfile
from datetime import datetime

import pytest

from ita_wagtail.importing.layouts import find_header, match_header, normalise_header
from ita_wagtail.importing.reading import SpreadsheetError, read_spreadsheet

from .files import (
    EGP_ITA_HEADER,
    SKR1_HEADER,
    csv_bytes,
    patch_xlsx,
    skr1_sheet,
    template_header,
    template_row,
    xlsx,
)


def refused(data, code):
    with pytest.raises(SpreadsheetError) as error:
        read_spreadsheet(data)
    assert error.value.code == code, error.value.message
    assert error.value.message
    return error.value.message


def test_oversize_file_is_refused(settings):
    settings.ITA_IMPORT_MAX_BYTES = 1000
    message = refused(csv_bytes([["a"] * 10] * 100), "file_too_large")
    assert "1000" in message.replace(",", "") or "KB" in message


def test_empty_file_is_refused():
    refused(b"", "empty")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x00\x01\x02binary\x00data",
    ],
)
def test_non_spreadsheets_are_refused(data):
    refused(data, "not_a_spreadsheet")


def test_word_document_is_refused():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    refused(output.getvalue(), "not_a_spreadsheet")


def test_old_xls_gets_its_own_message():
    refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "xls")


def test_damaged_xlsx_is_refused():
    data = xlsx(("Sheet", [["a"]]))
    refused(data[: len(data) // 2], "bad_xlsx")


def test_zip_bomb_is_refused_before_inflating():
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        # 60 MB of zeros compress to about 60 KB.
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    data = output.getvalue()
    assert len(data) < 200_000
    started = time.perf_counter()
    refused(data, "zip_bomb")
    assert time.perf_counter() - started < 1


def test_total_uncompressed_size_is_capped(settings):
    settings.ITA_IMPORT_MAX_UNCOMPRESSED_BYTES = 50_000
    rows = [template_header()] + [
        template_row(reference_number=f"{i}/2568") for i in range(200)
    ]
    refused(xlsx(("Sheet", rows)), "zip_bomb")


def test_huge_declared_dimensions_do_not_blow_up():
    data = xlsx(("Sheet", [["ปีงบประมาณ", "ชื่อรายการ"], [2568, "จัดซื้อวัสดุ"]]))
    data = patch_xlsx(
        data,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<dimension ref="A1:B2"/>', '<dimension ref="A1:XFD1048576"/>'
        ),
    )
    started = time.perf_counter()
    workbook = read_spreadsheet(data)
    assert time.perf_counter() - started < 5
    assert workbook.sheets[0].rows == [("ปีงบประมาณ", "ชื่อรายการ"), (2568, "จัดซื้อวัสดุ")]


def test_wrong_small_dimension_is_ignored():
    rows = [["ปีงบประมาณ", "ชื่อรายการ"], *([[2568, f"รายการ {i}"] for i in range(5)])]
    data = patch_xlsx(
        xlsx(("Sheet", rows)),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace('<dimension ref="A1:B6"/>', '<dimension ref="A1"/>'),
    )
    assert len(read_spreadsheet(data).sheets[0].rows) == 6


def test_columns_are_capped(settings):
    settings.ITA_IMPORT_MAX_COLUMNS = 5
    workbook = read_spreadsheet(xlsx(("Sheet", [list(range(50))])))
    assert workbook.sheets[0].rows == [(0, 1, 2, 3, 4)]


def test_too_many_rows(settings):
    settings.ITA_IMPORT_MAX_ROWS = 5
    refused(csv_bytes([["a", "b"]] * 10), "too_many_rows")
    rows = [["a", "b"]] * 10
    refused(xlsx(("Sheet", rows)), "too_many_rows")


def test_formulas_are_read_as_their_cached_values():
    data = xlsx(("Sheet", [["ชื่อรายการ", "วงเงินงบประมาณ"], ["จัดซื้อวัสดุ", 1]]))

    def add_formula(xml):
        # What Excel writes for =SUM(...) with its last computed value.
        return xml.replace(
            '<c r="B2" t="n"><v>1</v></c>',
            '<c r="B2"><f>SUM(C2:D2)</f><v>48000</v></c>',
        )

    workbook = read_spreadsheet(
        patch_xlsx(data, "xl/worksheets/sheet1.xml", add_formula)
    )
    assert workbook.sheets[0].rows[1] == ("จัดซื้อวัสดุ", 48000)


def test_formula_without_a_value_is_not_evaluated():
    data = xlsx(("Sheet", [["ชื่อรายการ", "วงเงินงบประมาณ"], ["จัดซื้อวัสดุ", "=1+1"]]))
    workbook = read_spreadsheet(data)
    assert workbook.sheets[0].rows[1] == ("จัดซื้อวัสดุ",)


def test_dates_and_sheets():
    data = xlsx(
        ("ต.ค. 67", [["วันที่"], [datetime(2024, 10, 5)]]),
        ("พ.ย. 67", [["วันที่"], ["5/11/2567"]]),
    )
    workbook = read_spreadsheet(data)
    assert [sheet.name for sheet in workbook.sheets] == ["ต.ค. 67", "พ.ย. 67"]
    assert workbook.sheets[0].rows[1][0] == datetime(2024, 10, 5)


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp874", "tis-620", "utf-16"]
)
def test_csv_encodings(encoding):
    rows = [template_header(), template_row()]
    workbook = read_spreadsheet(csv_bytes(rows, encoding=encoding))
    assert workbook.kind == "csv"
    assert workbook.sheets[0].rows[1][4] == "จัดซื้อวัสดุสำนักงาน"


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_delimiters(delimiter):
    workbook = read_spreadsheet(
        csv_bytes([template_header(), template_row()], delimiter=delimiter)
    )
    assert workbook.sheets[0].rows[0][0] == "ปีงบประมาณ"


# -- headers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, key",
    [
        ("ราคากลาง (บาท)", "reference_price"),
        ("ราคากลาง\n(บาท)", "reference_price"),
        ("  ราคา กลาง  ", "reference_price"),
        ("วงเงินที่จะซื้อหรือจ้าง\n(บาท)", "budget"),
        ("(3) วิธีซื้อหรือจ้าง", "method"),
        ("เลขที่โครงการในระบบ e-GP", "egp_number"),
        ("เลขที่โครงการ E-GP", "egp_number"),
        ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "supplier_and_price"),
        ("ผู้ได้รับการคัดเลือก", "selected_supplier"),
        ("ราคาที่ตกลงซื้อหรือจ้าง (บาท) รวมภาษีมูลค่าเพิ่ม", "agreed_price"),
        ("ปีงบประมาณ พ.ศ.", "fiscal_year"),
        ("สีที่ชอบ", None),
    ],
)
def test_header_variants(header, key):
    assert match_header(header) == key


def test_normalise_header():
    assert normalise_header(" ราคากลาง\n( บาท ) ") == "ราคากลาง"


def test_skr1_header_below_a_title_block():
    match = find_header(skr1_sheet())
    assert match.layout.key == "sor_kor_ror_1"
    assert match.header_end == 4
    assert set(match.columns.values()) >= {
        "name",
        "bids",
        "supplier_and_price",
        "contract",
    }


def test_two_row_header_with_merged_group_title():
    rows = [
        [
            "ลำดับ",
            "ชื่อรายการ",
            "วงเงินงบประมาณ",
            "วิธีการจัดซื้อจัดจ้าง",
            "ผู้ได้รับการคัดเลือก",
            None,
            "ปีงบประมาณ",
        ],
        [None, None, "(บาท)", None, "ชื่อ", "ราคาที่ตกลงซื้อหรือจ้าง", None],
    ]
    match = find_header(rows)
    assert match.header_end == 1
    assert set(match.columns.values()) >= {
        "name",
        "budget",
        "method",
        "selected_supplier",
        "agreed_price",
        "fiscal_year",
    }


def test_egp_ita_sheet_is_recognised():
    match = find_header([EGP_ITA_HEADER])
    assert match.layout.key == "egp_ita"
    assert "organisation" not in match.columns.values()
    assert "อำเภอ" in match.ignored


def test_template_is_recognised():
    assert find_header([template_header()]).layout.key == "template"


def test_unrelated_sheet_has_no_header():
    assert find_header([["ชื่อ", "ที่อยู่", "โทรศัพท์"], ["สมชาย", "บ้าน", "081"]]) is None


def test_skr1_header_variants_are_not_mistaken():
    assert find_header([SKR1_HEADER]).layout.key == "sor_kor_ror_1"
