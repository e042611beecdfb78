"""The spreadsheet layouts finance staff keep, and how their headers are read.

Every column the importer understands has a key (the resource field it
feeds) and the header variants seen in real files. Headers are compared
after :func:`normalise_header`, so spacing, line breaks inside a cell,
units such as "(บาท)", column numbers such as "(1)" and Latin case do not
matter. A sheet's layout is recognised from which columns it has; the
header may sit below a title block and may span two rows (merged cells).

Layouts:

* ``template``: the product's own template (downloadable from the import
  page), one row per procurement with every field in its own column;
* ``sor_kor_ror_1``: the monthly summary form สขร.1, where bidders and
  their prices share one cell, as do the selected supplier and the agreed
  price, and the contract number and date;
* ``egp_ita``: the fixed-column ITA spreadsheet keyed on the e-GP project
  number (its organisation columns — ชื่อหน่วยงาน, อำเภอ, จังหวัด, … — are
  the same on every row and are not stored).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from ita_wagtail.thai import to_arabic_digits


@dataclass(frozen=True)
class ImportColumn:
    key: str
    #: The header the product writes (template, re-export). Thai data: the
    #: template is a Thai form whatever the interface language.
    header: str
    #: What the column holds, for the format reference and the template's
    #: comments.
    help: str
    variants: tuple[str, ...] = ()


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "sequence",
        "ลำดับ",
        "Row number in the form; not stored.",
        ("ลำดับที่", "ที่", "ลำดับ", "no", "no."),
    ),
    ImportColumn(
        "fiscal_year",
        "ปีงบประมาณ",
        "Fiscal year, B.E. (2568) or C.E. (2025).",
        ("ปีงบประมาณ", "ปีงบประมาณพศ", "ปีงบ", "fiscalyear", "budgetyear"),
    ),
    ImportColumn(
        "egp_number",
        "เลขที่โครงการ e-GP",
        "The 11-digit e-GP project number.",
        (
            "เลขที่โครงการe-gp",
            "เลขที่โครงการในระบบe-gp",
            "เลขที่โครงการegp",
            "เลขที่โครงการในระบบegp",
            "เลขโครงการe-gp",
            "เลขโครงการ",
            "เลขที่โครงการ",
            "รหัสโครงการe-gp",
            "projectid",
            "egpprojectnumber",
        ),
    ),
    ImportColumn(
        "reference_number",
        "เลขที่อ้างอิงของหน่วยงาน",
        "The municipality's own number for the item.",
        (
            "เลขที่อ้างอิง",
            "เลขที่อ้างอิงของหน่วยงาน",
            "เลขที่ภายใน",
            "เลขที่รายการ",
            "เลขอ้างอิง",
            "referencenumber",
        ),
    ),
    ImportColumn(
        "plan_code",
        "รหัสแผนจัดซื้อจัดจ้าง",
        "The plan code of the annual procurement plan, to link the item to it.",
        ("รหัสแผนจัดซื้อจัดจ้าง", "รหัสแผน", "เลขที่แผน", "plancode"),
    ),
    ImportColumn(
        "name",
        "ชื่อรายการที่จัดซื้อจัดจ้าง",
        "What is bought or hired.",
        (
            "ชื่อรายการที่จัดซื้อจัดจ้าง",
            "งานที่จัดซื้อหรือจัดจ้าง",
            "งานที่จัดซื้อจัดจ้าง",
            "งานที่ซื้อหรือจ้าง",
            "ชื่อรายการของงานที่ซื้อหรือจ้าง",
            "ชื่อรายการ",
            "รายการ",
            "ชื่อโครงการ",
            "ชื่องาน",
            "รายการจัดซื้อจัดจ้าง",
            "projectname",
            "itemname",
        ),
    ),
    ImportColumn(
        "category",
        "ประเภท",
        "ซื้อ / จ้างทั่วไป / จ้างก่อสร้าง / จ้างที่ปรึกษา / จ้างออกแบบและควบคุมงาน.",
        ("ประเภท", "ประเภทการจัดซื้อจัดจ้าง", "ประเภทงาน", "category"),
    ),
    ImportColumn(
        "budget",
        "วงเงินงบประมาณ (บาท)",
        "The budget (วงเงินงบประมาณ), in baht.",
        (
            "วงเงินงบประมาณ",
            "วงเงินที่จะซื้อหรือจ้าง",
            "วงเงินงบประมาณที่ได้รับจัดสรร",
            "วงเงินงบประมาณที่ได้รับ",
            "วงเงิน",
            "งบประมาณ",
            "งบประมาณโครงการ",
            "budget",
            "projectmoney",
        ),
    ),
    ImportColumn(
        "budget_source",
        "แหล่งที่มาของงบประมาณ",
        "Where the money comes from (เทศบัญญัติ, เงินอุดหนุนเฉพาะกิจ, เงินสะสม, …).",
        ("แหล่งที่มาของงบประมาณ", "แหล่งงบประมาณ", "แหล่งเงิน", "ประเภทเงิน"),
    ),
    ImportColumn(
        "reference_price",
        "ราคากลาง (บาท)",
        "The reference price (ราคากลาง), in baht.",
        ("ราคากลาง", "ราคากลางอ้างอิง", "pricebuild", "referenceprice"),
    ),
    ImportColumn(
        "method",
        "วิธีการจัดซื้อจัดจ้าง",
        "The method of the Act B.E. 2560 (e-bidding, e-market, สอบราคา, คัดเลือก, "
        "เฉพาะเจาะจง, …).",
        (
            "วิธีการจัดซื้อจัดจ้าง",
            "วิธีซื้อหรือจ้าง",
            "วิธีซื้อ/จ้าง",
            "วิธีการซื้อหรือจ้าง",
            "วิธีจัดซื้อจัดจ้าง",
            "วิธีการ",
            "purchasemethod",
            "method",
        ),
    ),
    ImportColumn(
        "status",
        "สถานะ",
        "อยู่ในแผน / อยู่ระหว่างดำเนินการ / ได้ผู้ชนะแล้ว / ลงนามในสัญญาแล้ว / "
        "ยกเลิก. Left empty, it follows from the other columns.",
        ("สถานะ", "สถานะการจัดซื้อจัดจ้าง", "สถานะโครงการ", "status"),
    ),
    ImportColumn(
        "announcement_date",
        "วันที่ประกาศ",
        "The date the invitation (or, for the specific method, the result) was "
        "announced.",
        (
            "วันที่ประกาศ",
            "วันที่ประกาศเชิญชวน",
            "วันที่ประกาศจัดซื้อจัดจ้าง",
            "announcedate",
        ),
    ),
    ImportColumn(
        "bids",
        "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
        "One bidder per line (or separated by “/”): name, optional 13-digit tax "
        "id, price.",
        (
            "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
            "รายชื่อผู้เสนอราคาและราคาที่เสนอบาท",
            "ผู้เสนอราคาและราคาที่เสนอ",
            "รายชื่อผู้เสนอราคา",
            "ผู้เสนอราคา",
            "bidders",
        ),
    ),
    ImportColumn(
        "selected_supplier",
        "ผู้ได้รับการคัดเลือก",
        "The selected supplier.",
        (
            "ผู้ได้รับการคัดเลือก",
            "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
            "ผู้ชนะการเสนอราคา",
            "ผู้รับจ้าง",
            "ผู้ขาย",
            "winner",
        ),
    ),
    ImportColumn(
        "selected_supplier_tax_id",
        "เลขประจำตัวผู้เสียภาษีของผู้ได้รับการคัดเลือก",
        "The selected supplier's 13-digit tax id.",
        (
            "เลขประจำตัวผู้เสียภาษีของผู้ได้รับการคัดเลือก",
            "เลขประจำตัวผู้เสียภาษี",
            "เลขผู้เสียภาษี",
            "winnertin",
            "taxid",
        ),
    ),
    ImportColumn(
        "agreed_price",
        "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
        "The agreed price, in baht.",
        (
            "ราคาที่ตกลงซื้อหรือจ้าง",
            "ราคาที่ตกลง",
            "ราคาที่ตกลงซื้อ/จ้าง",
            "priceagree",
            "sumpriceagree",
        ),
    ),
    ImportColumn(
        "supplier_and_price",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
        "สขร.1: the selected supplier and the agreed price in one cell.",
        (
            "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
            "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้างบาท",
            "ผู้ได้รับการคัดเลือกและราคาที่ตกลง",
        ),
    ),
    ImportColumn(
        "selection_reason",
        "เหตุผลที่คัดเลือกโดยสรุป",
        "The summary reason for the selection.",
        (
            "เหตุผลที่คัดเลือกโดยสรุป",
            "เหตุผลที่คัดเลือก",
            "เหตุผลการคัดเลือก",
            "เหตุผล",
        ),
    ),
    ImportColumn(
        "contract_number",
        "เลขที่สัญญาหรือใบสั่งซื้อ/สั่งจ้าง",
        "The contract, agreement or purchase-order number.",
        (
            "เลขที่สัญญาหรือใบสั่งซื้อ/สั่งจ้าง",
            "เลขที่สัญญา",
            "เลขที่สัญญา/ข้อตกลง",
            "เลขที่ใบสั่งซื้อ",
            "เลขที่ใบสั่งจ้าง",
            "เลขที่ใบสั่งซื้อ/สั่งจ้าง",
            "contractno",
        ),
    ),
    ImportColumn(
        "contract_date",
        "วันที่ลงนามในสัญญา",
        "The date of the contract or order.",
        (
            "วันที่ลงนามในสัญญา",
            "วันที่สัญญา",
            "วันที่ทำสัญญา",
            "วันที่ใบสั่งซื้อ",
            "วันที่ใบสั่งจ้าง",
            "ลงวันที่",
            "contractdate",
        ),
    ),
    ImportColumn(
        "contract",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
        "สขร.1: the contract or order number and its date in one cell.",
        (
            "เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง",
            "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
            "เลขที่และวันที่ของสัญญา",
            "เลขที่และวันที่ในการซื้อหรือจ้าง",
        ),
    ),
    ImportColumn(
        "responsible_unit",
        "หน่วยงานที่รับผิดชอบ",
        "The responsible unit (กองคลัง, กองช่าง, …), as named in the admin.",
        ("หน่วยงานที่รับผิดชอบ", "ส่วนราชการ", "หน่วยงานเจ้าของเรื่อง", "กอง/สำนัก"),
    ),
    ImportColumn(
        "remarks",
        "หมายเหตุ",
        "Remarks.",
        ("หมายเหตุ", "remarks", "note"),
    ),
)

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}

#: What each column holds and the forms accepted, for the template's
#: instructions sheet (Thai: the template is a Thai form).
HELP_TH = {
    "sequence": "ลำดับที่ในแบบฟอร์ม ไม่ถูกบันทึก",
    "fiscal_year": "ปีงบประมาณ พ.ศ. เช่น 2568 (พิมพ์ ค.ศ. 2025 ก็ได้ ระบบแปลงให้)",
    "egp_number": "เลขที่โครงการในระบบ e-GP 11 หลัก เช่น 67109123456 (ถ้าไม่มีให้เว้นว่าง)",
    "reference_number": "เลขที่อ้างอิงของหน่วยงานเอง เช่น จ.15/2568 ใช้จับคู่รายการเมื่อนำเข้าซ้ำ หากไม่มีเลขที่โครงการ e-GP ต้องกรอก",
    "plan_code": "รหัสแผนจัดซื้อจัดจ้างในแผนประจำปี เพื่อเชื่อมรายการกับแผน (ไม่บังคับ)",
    "name": "ชื่อรายการที่จัดซื้อจัดจ้าง (ต้องกรอก)",
    "category": "ซื้อ / จ้างทั่วไป / จ้างก่อสร้าง / จ้างที่ปรึกษา / จ้างออกแบบและควบคุมงาน (เว้นว่างได้ ระบบเดาจากชื่อรายการ)",
    "budget": "วงเงินงบประมาณ เป็นบาท เช่น 1,250,000.00 หรือ 1250000 (เว้นว่าง = ยังไม่มีข้อมูล, 0 = ศูนย์บาท)",
    "budget_source": "แหล่งที่มาของงบประมาณ เช่น เทศบัญญัติ เงินอุดหนุนทั่วไป เงินอุดหนุนเฉพาะกิจ เงินสะสม",
    "reference_price": "ราคากลาง เป็นบาท",
    "method": "วิธีจัดซื้อจัดจ้างตาม พ.ร.บ. ๒๕๖๐ เลือกจากรายการ เช่น วิธีเฉพาะเจาะจง, e-bidding, e-market, สอบราคา, วิธีคัดเลือก",
    "status": "สถานะ เลือกจากรายการ (เว้นว่างได้ ระบบดูจากข้อมูลสัญญาและผู้ได้รับคัดเลือก)",
    "announcement_date": "วันที่ประกาศ เช่น 5/10/2567, 5 ต.ค. 2567 หรือ 5 ตุลาคม 2567 (พ.ศ. หรือ ค.ศ. ก็ได้)",
    "bids": "ผู้เสนอราคาบรรทัดละราย (กด Alt+Enter เพื่อขึ้นบรรทัดใหม่) หรือคั่นด้วย / : ชื่อ (เลขประจำตัวผู้เสียภาษี 13 หลัก ไม่บังคับ) ราคา เช่น ร้านรุ่งเรือง (0105551234567) 48,000.00",
    "selected_supplier": "ชื่อผู้ได้รับการคัดเลือก",
    "selected_supplier_tax_id": "เลขประจำตัวผู้เสียภาษี 13 หลักของผู้ได้รับการคัดเลือก (ระบบตรวจเลขหลักสุดท้าย)",
    "agreed_price": "ราคาที่ตกลงซื้อหรือจ้าง เป็นบาท",
    "supplier_and_price": "แบบ สขร.1: ชื่อผู้ได้รับการคัดเลือกและราคาในช่องเดียว เช่น ร้านรุ่งเรือง ราคา 48,000.00 บาท",
    "selection_reason": "เหตุผลที่คัดเลือกโดยสรุป เช่น เสนอราคาต่ำสุดและมีคุณสมบัติครบถ้วน",
    "contract_number": "เลขที่สัญญาหรือใบสั่งซื้อ/ใบสั่งจ้าง เช่น 15/2568 หรือ ใบสั่งซื้อเลขที่ 15/2568",
    "contract_date": "วันที่ลงนามในสัญญาหรือใบสั่งซื้อ/สั่งจ้าง",
    "contract": "แบบ สขร.1: เลขที่และวันที่ในช่องเดียว เช่น สัญญาเลขที่ 15/2568 ลงวันที่ 5 ต.ค. 2567",
    "responsible_unit": "หน่วยงานที่รับผิดชอบ ตามชื่อที่ตั้งไว้ในระบบ เช่น กองคลัง กองช่าง",
    "remarks": "หมายเหตุ",
}

#: Columns of the e-GP ITA sheet that describe the municipality itself.
ORGANISATION_HEADERS = (
    "ชื่อหน่วยงาน",
    "อำเภอ",
    "จังหวัด",
    "กระทรวง",
    "ประเภทหน่วยงาน",
)


@dataclass(frozen=True)
class Layout:
    key: str
    name: str
    #: Columns a sheet must have to be read with this layout.
    required: tuple[str, ...]
    #: Columns only this layout has, to tell layouts apart.
    markers: tuple[str, ...] = ()
    #: The columns the layout is made of, in its order (documentation,
    #: template and re-export).
    columns: tuple[str, ...] = field(default=())


TEMPLATE = Layout(
    key="template",
    name=_("import template"),
    required=("name", "fiscal_year"),
    columns=(
        "fiscal_year",
        "egp_number",
        "reference_number",
        "plan_code",
        "name",
        "category",
        "budget",
        "budget_source",
        "reference_price",
        "method",
        "status",
        "announcement_date",
        "bids",
        "selected_supplier",
        "selected_supplier_tax_id",
        "agreed_price",
        "selection_reason",
        "contract_number",
        "contract_date",
        "responsible_unit",
        "remarks",
    ),
)

SOR_KOR_ROR_1 = Layout(
    key="sor_kor_ror_1",
    name=_("Monthly summary form สขร.1"),
    required=("name", "method", "bids", "supplier_and_price"),
    markers=("supplier_and_price", "contract"),
    columns=(
        "sequence",
        "name",
        "budget",
        "reference_price",
        "method",
        "bids",
        "supplier_and_price",
        "selection_reason",
        "contract",
    ),
)

EGP_ITA = Layout(
    key="egp_ita",
    name=_("e-GP fixed-column ITA sheet"),
    required=("fiscal_year", "name", "egp_number", "budget", "method"),
    markers=("organisation",),
    columns=(
        "sequence",
        "fiscal_year",
        "name",
        "budget",
        "budget_source",
        "status",
        "method",
        "reference_price",
        "agreed_price",
        "selected_supplier",
        "egp_number",
    ),
)

LAYOUTS = (EGP_ITA, SOR_KOR_ROR_1, TEMPLATE)
LAYOUTS_BY_KEY = {layout.key: layout for layout in LAYOUTS}

# --------------------------------------------------------------------------
# Header normalisation and matching
# --------------------------------------------------------------------------

#: A cell longer than this is data, never a header (and is not normalised
#: again and again while the header is looked for). The longest header known
#: is about 50 characters; units, numbering and line breaks add a few.
_MAX_HEADER_CHARS = 150

_NUMBERED = re.compile(r"\(\s*\d+\s*\)|^\s*\d+\s*[.)]\s*")
_DROP = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff()\[\]{}:;,.*'\"“”‘’_\-]+")
_UNITS = ("(บาท)", "บาท", "(พ.ศ.)")


def normalise_header(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", to_arabic_digits(str(value))).lower()
    text = _NUMBERED.sub(" ", text)
    text = _DROP.sub("", text)
    for unit in ("บาท", "พศ"):
        if text.endswith(unit) and len(text) > len(unit) + 3:
            text = text[: -len(unit)]
    return text


def _variant_index():
    index = {}
    for column in COLUMNS:
        for variant in (column.header, *column.variants):
            index.setdefault(normalise_header(variant), column.key)
    return index


_EXACT = _variant_index()
# Longest first, so that "ผู้ได้รับการคัดเลือกและราคา..." is not taken for
# "ผู้ได้รับการคัดเลือก".
_PREFIXES = sorted(
    ((variant, key) for variant, key in _EXACT.items() if len(variant) >= 8),
    key=lambda pair: -len(pair[0]),
)
_ORGANISATION = {normalise_header(header) for header in ORGANISATION_HEADERS}
# Prefix variants by their first characters: a cell is compared with the few
# variants that start like it, not with all of them.
_PREFIX_START = 8
_PREFIXES_BY_START: dict[str, list[tuple[str, str]]] = {}
for _variant, _key in _PREFIXES:
    _PREFIXES_BY_START.setdefault(_variant[:_PREFIX_START], []).append((_variant, _key))


@lru_cache(maxsize=4096)
def _match_text(value: str) -> str | None:
    text = normalise_header(value)
    if not text:
        return None
    if text in _EXACT:
        return _EXACT[text]
    if text in _ORGANISATION:
        return "organisation"
    for variant, key in _PREFIXES_BY_START.get(text[:_PREFIX_START], ()):
        if text.startswith(variant):
            return key
    return None


def match_header(value) -> str | None:
    """The column key a header cell stands for, or None."""
    if value is None:
        return None
    text = str(value)
    if len(text) > _MAX_HEADER_CHARS:
        return None
    return _match_text(text)


@dataclass
class HeaderMatch:
    """Where a sheet's header is and what each of its columns holds."""

    layout: Layout
    #: Index of the last header row (data starts on the next row).
    header_end: int
    #: Column index -> key.
    columns: dict[int, str]
    #: Column index -> header text as written in the file.
    headers: dict[int, str]
    #: Headers in the file that are not read, as written.
    ignored: list[str]

    @property
    def keys(self) -> set[str]:
        return set(self.columns.values())

    def header_for(self, key) -> str:
        for index, column_key in self.columns.items():
            if column_key == key:
                return self.headers[index]
        column = COLUMNS_BY_KEY.get(key)
        return column.header if column else key


def _cell_text(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if len(text) > _MAX_HEADER_CHARS:
        return ""
    return " ".join(text.split())


def _candidates(rows, start):
    """Header candidates at ``start``: one row, or two rows read as one."""
    first = rows[start] if start < len(rows) else ()
    yield start, [_cell_text(value) for value in first]
    if start + 1 >= len(rows):
        return
    second = rows[start + 1]
    width = max(len(first), len(second))
    joined, filled = [], []
    carried = ""
    for index in range(width):
        upper = _cell_text(first[index]) if index < len(first) else ""
        lower = _cell_text(second[index]) if index < len(second) else ""
        joined.append(" ".join(part for part in (upper, lower) if part))
        # A title merged over several columns only has text in its first
        # cell; carry it right for the sub-headers below it.
        carried = upper or (carried if lower else "")
        filled.append(" ".join(part for part in (carried, lower) if part))
    yield start + 1, joined
    yield start + 1, filled


def _match_row(cells):
    """(column index -> key, index -> header text, ignored headers, keys seen)."""
    columns, headers, ignored, keys = {}, {}, [], set()
    for index, text in enumerate(cells):
        if not text:
            continue
        key = match_header(text)
        if key is None or key in keys or key == "organisation":
            # The e-GP sheet's organisation columns are the same on every
            # row; they tell the layout apart and are not stored.
            if key == "organisation":
                keys.add(key)
            ignored.append(text)
            continue
        keys.add(key)
        columns[index] = key
        headers[index] = text
    return columns, headers, ignored, keys


def choose_layout(keys: set[str]) -> Layout | None:
    for layout in LAYOUTS:
        if not set(layout.required) <= keys:
            continue
        if layout.markers and not keys & set(layout.markers):
            continue
        return layout
    return None


def find_header(rows, scan=30) -> HeaderMatch | None:
    """The best header in the first ``scan`` rows of a sheet, or None."""
    best = None
    for start in range(min(scan, len(rows))):
        for end, cells in _candidates(rows, start):
            columns, headers, ignored, keys = _match_row(cells)
            layout = choose_layout(keys)
            if layout is None:
                continue
            score = len(keys)
            if best is None or score > best[0]:
                best = (
                    score,
                    HeaderMatch(
                        layout=layout,
                        header_end=end,
                        columns=columns,
                        headers=headers,
                        ignored=ignored,
                    ),
                )
    return best[1] if best else None


def closest_layout(rows, scan=30):
    """For the error message: the layout a sheet came nearest to, and what it lacks."""
    best = (None, (), -1)
    for start in range(min(scan, len(rows))):
        for _end, cells in _candidates(rows, start):
            _columns, _headers, _ignored, keys = _match_row(cells)
            for layout in LAYOUTS:
                found = len(keys & set(layout.required))
                if found > best[2]:
                    missing = tuple(k for k in layout.required if k not in keys)
                    best = (layout, missing, found)
    return best[0], best[1]
