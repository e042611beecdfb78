"""The one formula-escaping function every export goes through."""

from datetime import date
from decimal import Decimal

import pytest

from ita_wagtail.exporting.escaping import FORMULA_TRIGGERS, escape_formula, escape_row
from ita_wagtail.exporting.spreadsheets import Sheet, cell_text, csv_text, xlsx_bytes


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_triggers_are_neutralised(prefix):
    assert escape_formula(f"{prefix}SUM(A1:A9)") == f"'{prefix}SUM(A1:A9)"


def test_the_triggers_are_the_issues_list():
    assert set(FORMULA_TRIGGERS) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize(
    "value",
    [
        "ร้านรุ่งเรือง",
        "1/2568",
        "",
        " =not at the start",
        "'=already quoted",
        None,
        5,
        Decimal("-1.00"),
    ],
)
def test_other_values_pass_unchanged(value):
    assert escape_formula(value) == value


def test_escape_row():
    assert escape_row(["=1", 2, "x"]) == ["'=1", 2, "x"]


def test_csv_cells_escape_text_and_format_numbers_and_dates():
    assert cell_text("=1+1") == "'=1+1"
    assert cell_text(Decimal("1234.5")) == "1234.50"
    assert cell_text(date(2024, 10, 5)) == "5/10/2567"
    text = csv_text(
        Sheet("s", header=["=h"], rows=[["-2+3", Decimal("1")]], preamble=["@title"])
    )
    assert text.splitlines() == ["\ufeff'@title", "'=h", "'-2+3,1.00"]


def test_xlsx_cells_are_never_formulas():
    import io

    from openpyxl import load_workbook

    data = xlsx_bytes(
        [
            Sheet(
                "s",
                header=["=h"],
                rows=[["=HYPERLINK(1)", Decimal("5")]],
                preamble=["+x"],
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.value for c in cells if c.value is not None] == [
        "'+x",
        "'=h",
        "'=HYPERLINK(1)",
        5,
    ]
    assert not any(cell.data_type == "f" for cell in cells)
