"""Importing whole files: every layout, idempotence, and bad input writing nothing."""

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ita_wagtail.importing.engine import import_procurement
from ita_wagtail.importing.rejected import rejected_rows_bytes
from ita_wagtail.models import Procurement, ProcurementBid

from .factories import bad_tax_id, default_site, make_plan, make_procurement, tax_id
from .files import (
    EGP_ITA_HEADER,
    csv_bytes,
    skr1_sheet,
    template_header,
    template_row,
    template_xlsx,
    xlsx,
)

pytestmark = pytest.mark.django_db


def run(data, write=True, name="file.xlsx", **kwargs):
    return import_procurement(data, name, default_site(), write=write, **kwargs)


def errors(report):
    return [(row, column, message) for _sheet, row, column, message in report.errors()]


def assert_nothing_written(report):
    assert not report.written
    assert Procurement.objects.count() == 0
    assert ProcurementBid.objects.count() == 0


# -- the product template -------------------------------------------------------


def test_template_xlsx_creates_complete_records():
    report = run(
        template_xlsx(
            template_row(),
            template_row(
                egp_number="67119000002",
                reference_number="2/2568",
                name="จ้างก่อสร้างถนน คสล. หมู่ที่ 4",
                category="",
                method="e-bidding",
                budget="1,500,000",
                reference_price="1,480,000.00",
                agreed_price="1,390,000",
                bids=f"บริษัท ศรีสยามก่อสร้าง จำกัด ({tax_id(5)}) 1,390,000\n"
                "หจก. ทรัพย์ทวีการโยธา 1,420,000",
                selected_supplier="บริษัท ศรีสยามก่อสร้าง จำกัด",
                selected_supplier_tax_id="",
                contract_date="20/11/2567",
                announcement_date="1 พ.ย. 67",
                responsible_unit="กองช่าง",
            ),
        )
    )
    assert report.is_valid, list(report.errors())
    assert report.counts == {"new": 2, "updated": 0, "unchanged": 0, "invalid": 0}
    assert report.sheets[0].layout == "template"
    road = Procurement.objects.get(egp_number="67119000002")
    assert road.category == "construction"  # inferred from the name
    assert road.method == "e_bidding"
    assert road.budget == Decimal("1500000.00")
    assert road.contract_date == date(2024, 11, 20)
    assert road.announcement_date == date(2024, 11, 1)
    # The selected supplier's tax id comes from its bid.
    assert road.selected_supplier_tax_id == tax_id(5)
    assert road.responsible_unit.name == "กองช่าง"
    assert [(b.bidder_name, b.price) for b in road.bids.all()] == [
        ("บริษัท ศรีสยามก่อสร้าง จำกัด", Decimal("1390000.00")),
        ("หจก. ทรัพย์ทวีการโยธา", Decimal("1420000.00")),
    ]
    assert road.is_complete


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_template_as_csv(encoding):
    data = csv_bytes([template_header(), template_row()], encoding=encoding)
    report = run(data, name="file.csv")
    assert report.counts["new"] == 1
    assert Procurement.objects.get().name == "จัดซื้อวัสดุสำนักงาน"


def test_reimporting_the_same_file_creates_nothing():
    data = template_xlsx(
        template_row(), template_row(egp_number="", reference_number="2/2568")
    )
    first = run(data)
    assert first.counts["new"] == 2
    records = list(Procurement.objects.values_list("pk", "updated_at"))
    second = run(data)
    assert second.counts == {"new": 0, "updated": 0, "unchanged": 2, "invalid": 0}
    assert second.written
    assert list(Procurement.objects.values_list("pk", "updated_at")) == records
    assert ProcurementBid.objects.count() == 4


def test_changed_rows_update_and_say_what_changed():
    run(template_xlsx(template_row()))
    record = Procurement.objects.get()
    report = run(
        template_xlsx(
            template_row(agreed_price="47,500.00", bids="ร้านรุ่งเรืองพาณิชย์ 47,500")
        )
    )
    assert report.counts == {"new": 0, "updated": 1, "unchanged": 0, "invalid": 0}
    outcome = report.outcomes[0]
    assert "agreed price (baht)" in outcome.changes
    assert "bidders and their prices" in outcome.changes
    record.refresh_from_db()
    assert record.agreed_price == Decimal("47500.00")
    assert [b.bidder_name for b in record.bids.all()] == ["ร้านรุ่งเรืองพาณิชย์"]


def test_matching_by_reference_number_when_egp_is_missing():
    make_procurement(egp_number="", reference_number="จ.5/2568", name="เดิม")
    report = run(
        template_xlsx(template_row(egp_number="", reference_number="จ.5/2568"))
    )
    assert report.counts["updated"] == 1
    assert Procurement.objects.count() == 1
    assert Procurement.objects.get().name == "จัดซื้อวัสดุสำนักงาน"


def test_an_egp_number_added_later_still_matches_by_reference():
    run(template_xlsx(template_row(egp_number="")))
    report = run(template_xlsx(template_row(egp_number="67109000099")))
    assert report.counts["updated"] == 1
    assert Procurement.objects.get().egp_number == "67109000099"


def test_empty_cells_do_not_erase_stored_values():
    run(template_xlsx(template_row()))
    report = run(template_xlsx(template_row(selection_reason="", remarks="", bids="")))
    assert report.counts["unchanged"] == 1
    record = Procurement.objects.get()
    assert record.selection_reason == "เสนอราคาต่ำสุด"
    assert record.bids.count() == 2


def test_zero_is_stored_as_zero():
    run(template_xlsx(template_row(reference_price="0")))
    assert Procurement.objects.get().reference_price == Decimal("0")


def test_import_is_in_the_audit_log(superuser):
    report = run(template_xlsx(template_row()), user=superuser, name="ตค67.xlsx")
    record = Procurement.objects.get()
    entry = ModelLogEntry.objects.get(object_id=str(record.pk))
    assert entry.action == "ita_wagtail.procurement.import"
    assert entry.user == superuser
    assert entry.data == {"file": "ตค67.xlsx", "created": True, "fields": []}
    assert "ตค67.xlsx" in str(entry.message)
    assert report.written


def test_plan_code_links_to_the_plan():
    plan = make_plan(items=2)
    item = plan.items.all()[1]
    report = run(template_xlsx(template_row(plan_code=item.plan_code)))
    assert Procurement.objects.get().plan_item == item
    report = run(
        template_xlsx(
            template_row(reference_number="9/2568", egp_number="", plan_code="P-NONE")
        )
    )
    assert report.written
    assert "P-NONE" in report.outcomes[0].warnings[0]


def test_status_follows_the_data_when_not_given():
    run(
        template_xlsx(
            template_row(
                status="",
                contract_number="",
                contract_date="",
                selected_supplier="",
                agreed_price="",
            )
        )
    )
    assert Procurement.objects.get().status == "announced"
    run(template_xlsx(template_row(status="")))
    assert Procurement.objects.get().status == "contracted"


def test_template_example_row_is_skipped():
    report = run(template_xlsx(template_row(reference_number="ตัวอย่าง-1/2568")))
    assert report.example_rows == 1
    assert report.file_errors or report.total_rows == 0


# -- สขร.1 ---------------------------------------------------------------------


def skr1_rows():
    return [
        [
            1,
            "จัดซื้อวัสดุสำนักงาน",
            "5,000.00",
            "5,000.00",
            "เฉพาะเจาะจง",
            "ร้านรุ่งเรือง 4,800.- บาท\nร้านเจริญ 4,900 บาท",
            "ร้านรุ่งเรือง ราคา 4,800.00 บาท",
            "ราคาต่ำสุด",
            "ใบสั่งซื้อเลขที่ 1/2568 ลว. 3 ต.ค. 67",
        ],
        [
            2,
            "จ้างซ่อมรถบรรทุกขยะ",
            12000,
            12000,
            "วิธีเฉพาะเจาะจง",
            f"อู่ช่างหนึ่ง ({tax_id(4)}) 11,500",
            "อู่ช่างหนึ่ง 11,500",
            "มีคุณสมบัติครบถ้วน",
            "สัญญาจ้างเลขที่ 2/2568 ลงวันที่ 10 ตุลาคม 2567",
        ],
        [None, None, None, None, None, "อู่ช่างสอง 11,900", None, None, None],
        [None, "รวม", "17,000", None, None, None, None, None, None],
        [None, "(ลงชื่อ)..............................ผู้รายงาน"],
        [None, "(นางสาวสมใจ ใจดี)"],
    ]


def test_skr1_monthly_form():
    report = run(xlsx(("ต.ค. 67", skr1_sheet(rows=skr1_rows()))))
    assert report.is_valid, errors(report)
    assert report.sheets[0].layout == "sor_kor_ror_1"
    assert report.summary_rows == 1
    assert report.counts["new"] == 2
    supplies = Procurement.objects.get(contract_number="1/2568")
    assert supplies.fiscal_year == 2568  # from the title "ในรอบเดือน ตุลาคม 2567"
    assert supplies.contract_type == "purchase_order"
    assert supplies.contract_date == date(2024, 10, 3)
    assert supplies.status == "contracted"
    assert supplies.category == "goods"
    assert supplies.selected_supplier == "ร้านรุ่งเรือง"
    assert supplies.agreed_price == Decimal("4800.00")
    assert supplies.is_complete
    repair = Procurement.objects.get(contract_number="2/2568")
    # The bidder on the row below joins the item above (merged cells).
    assert [b.bidder_name for b in repair.bids.all()] == ["อู่ช่างหนึ่ง", "อู่ช่างสอง"]
    assert repair.selected_supplier_tax_id == tax_id(4)
    assert run(xlsx(("ต.ค. 67", skr1_sheet(rows=skr1_rows())))).counts["unchanged"] == 2


def test_skr1_workbook_with_one_sheet_per_month():
    october = skr1_sheet("ตุลาคม 2567", skr1_rows()[:1])
    november_row = list(skr1_rows()[0])
    november_row[1] = "จัดซื้อน้ำดื่ม"
    november_row[8] = "ใบสั่งซื้อเลขที่ 9/2568 ลว. 4 พ.ย. 67"
    november = skr1_sheet("พฤศจิกายน 2567", [november_row])
    notes = [["หมายเหตุ"], ["จัดทำโดยกองคลัง"]]
    report = run(xlsx(("ต.ค.", october), ("พ.ย.", november), ("หมายเหตุ", notes)))
    assert report.counts["new"] == 2
    assert [s.name for s in report.sheets] == ["ต.ค.", "พ.ย."]
    assert report.skipped_sheets[0]["name"] == "หมายเหตุ"


def test_skr1_csv_in_tis620():
    rows = skr1_sheet(rows=skr1_rows()[:2])
    report = run(csv_bytes(rows, encoding="cp874"), name="skr1.csv")
    assert report.counts["new"] == 2


# -- the e-GP ITA sheet ------------------------------------------------------------


def test_egp_ita_sheet():
    row = [
        1,
        2568,
        "เทศบาลตำบลตัวอย่าง",
        "เมือง",
        "ตัวอย่าง",
        "กระทรวงมหาดไทย",
        "องค์กรปกครองส่วนท้องถิ่น",
        "จ้างก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 2",
        1_200_000,
        "งบประมาณรายจ่ายประจำปี",
        "อยู่ระหว่างระยะสัญญา",
        "e-bidding",
        1_180_000,
        1_050_000,
        "บริษัท ศรีสยามก่อสร้าง จำกัด",
        67119123456.0,
    ]
    report = run(xlsx(("ITA", [EGP_ITA_HEADER, row])))
    assert report.is_valid, errors(report)
    assert report.sheets[0].layout == "egp_ita"
    assert "อำเภอ" in report.sheets[0].ignored_columns
    record = Procurement.objects.get()
    assert record.egp_number == "67119123456"
    assert record.status == "contracted"
    assert record.budget_source == "municipal"
    assert record.agreed_price == Decimal("1050000.00")
    # The sheet has no contract number or bidders: the record says so.
    assert {rule.key for rule in record.missing_fields()} >= {
        "bids",
        "contract_number",
        "selection_reason",
    }


# -- bad input: a clear message and nothing written ------------------------------


@pytest.mark.parametrize(
    "overrides, column, text",
    [
        ({"contract_date": "31/02/2567"}, "วันที่ลงนามในสัญญา", "not a date"),
        ({"announcement_date": "เมื่อวาน"}, "วันที่ประกาศ", "not a date"),
        (
            {"selected_supplier_tax_id": bad_tax_id(2)},
            "เลขประจำตัวผู้เสียภาษีของผู้ได้รับการคัดเลือก",
            "check digit",
        ),
        ({"budget": "ห้าหมื่นบาท"}, "วงเงินงบประมาณ (บาท)", "not an amount"),
        ({"agreed_price": "-48,000"}, "ราคาที่ตกลงซื้อหรือจ้าง (บาท)", "negative"),
        ({"method": "ซื้อตามใจ"}, "วิธีการจัดซื้อจัดจ้าง", "not a procurement method"),
        ({"status": "ไม่ทราบ"}, "สถานะ", "not a status"),
        ({"egp_number": "12345"}, "เลขที่โครงการ e-GP", "11 digits"),
        ({"name": ""}, "ชื่อรายการที่จัดซื้อจัดจ้าง", "name is empty"),
        ({"fiscal_year": "ปีหน้า"}, "ปีงบประมาณ", "not a fiscal year"),
        ({"bids": "ร้าน ก 100\nร้าน ข"}, "รายชื่อผู้เสนอราคาและราคาที่เสนอ", "no price"),
        (
            {"announcement_date": "20/10/2567", "contract_date": "10/10/2567"},
            "วันที่ลงนามในสัญญา",
            "before the announcement",
        ),
    ],
)
def test_one_bad_row_writes_nothing(overrides, column, text):
    report = run(
        template_xlsx(
            template_row(egp_number="67109000010", reference_number="10/2568"),
            template_row(**overrides),
        )
    )
    assert not report.is_valid
    assert report.counts["invalid"] == 1
    assert report.counts["new"] == 1  # would have been new
    found = errors(report)
    assert any(
        row == 3 and col == column and text in message for row, col, message in found
    ), found
    assert_nothing_written(report)


def test_duplicate_rows_are_reported_with_the_first_row():
    report = run(template_xlsx(template_row(), template_row(name="ซ้ำ")))
    found = errors(report)
    assert found == [
        (3, "เลขที่โครงการ e-GP", "The same e-GP project number is already on row 2.")
    ] or (found[0][0] == 3 and "row 2" in found[0][2])
    assert_nothing_written(report)


def test_duplicate_reference_numbers_in_one_file():
    report = run(
        template_xlsx(
            template_row(egp_number="", reference_number="7/2568"),
            template_row(egp_number="", reference_number="7/2568", name="อื่น"),
        )
    )
    assert report.counts["invalid"] == 1
    assert_nothing_written(report)


def test_reference_number_of_another_record_is_refused():
    make_procurement(egp_number="67109000777", reference_number="3/2568")
    report = run(
        template_xlsx(template_row(egp_number="67109000888", reference_number="3/2568"))
    )
    assert report.counts["invalid"] == 1
    assert "already belongs" in errors(report)[0][2]
    assert Procurement.objects.count() == 1


def test_row_without_any_key_is_refused():
    report = run(
        template_xlsx(
            template_row(egp_number="", reference_number="", contract_number="")
        )
    )
    assert (
        "e-GP project number, reference number or contract number"
        in errors(report)[0][2]
    )
    assert_nothing_written(report)


def test_missing_columns_are_named():
    data = xlsx(("Sheet", [["ลำดับ", "ชื่อรายการที่จัดซื้อจัดจ้าง", "หมายเหตุ"], [1, "จัดซื้อ", ""]]))
    report = run(data)
    assert report.file_errors[0]["code"] == "missing_columns"
    assert "ปีงบประมาณ" in report.file_errors[0]["message"]
    assert_nothing_written(report)


def test_not_a_spreadsheet_writes_nothing():
    report = run(b"%PDF-1.4 fake", name="scan.pdf")
    assert report.file_errors[0]["code"] == "not_a_spreadsheet"
    assert_nothing_written(report)


def test_oversize_file_writes_nothing(settings):
    settings.ITA_IMPORT_MAX_BYTES = 2000
    report = run(
        template_xlsx(
            *(
                template_row(reference_number=f"{i}/2568", egp_number="")
                for i in range(30)
            )
        )
    )
    assert report.file_errors[0]["code"] == "file_too_large"
    assert_nothing_written(report)


def test_existing_records_are_untouched_when_a_row_is_bad():
    run(template_xlsx(template_row()))
    before = Procurement.objects.get()
    report = run(
        template_xlsx(
            template_row(agreed_price="40,000"),
            template_row(egp_number="67109000002", budget="abc"),
        )
    )
    assert not report.written
    after = Procurement.objects.get()
    assert after.agreed_price == before.agreed_price
    assert after.updated_at == before.updated_at


def test_rejected_rows_come_back_with_an_error_column():
    report = run(
        template_xlsx(
            template_row(),
            template_row(
                egp_number="67109000002", reference_number="2/2568", budget="+1+1"
            ),
        )
    )
    data = rejected_rows_bytes(report.to_json())
    sheet = load_workbook(__import__("io").BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "ข้อผิดพลาด"
    assert rows[0][:3] == ("ปีงบประมาณ", "เลขที่โครงการ e-GP", "เลขที่อ้างอิงของหน่วยงาน")
    assert len(rows) == 2
    assert rows[1][1] == "67109000002"
    assert rows[1][6] == "'+1+1"  # escaped, never a formula
    assert "วงเงินงบประมาณ" in rows[1][-1]


def test_progress_is_reported():
    seen = []
    totals = []
    run(
        template_xlsx(
            *(
                template_row(reference_number=f"{i}/2568", egp_number="")
                for i in range(5)
            )
        ),
        progress=seen.append,
        on_total=totals.append,
        write=False,
    )
    assert totals == [5]
    assert seen[-1] == 5
    assert Procurement.objects.count() == 0


def test_changed_tax_id_and_unit_are_updated():
    run(template_xlsx(template_row()))
    report = run(
        template_xlsx(
            template_row(selected_supplier_tax_id=tax_id(99), responsible_unit="กองช่าง")
        )
    )
    assert report.written
    record = Procurement.objects.get()
    assert record.selected_supplier_tax_id == tax_id(99)
    assert record.responsible_unit.name == "กองช่าง"
    # Changes are named by the fields' labels, in the active language.
    assert set(report.outcomes[0].changes) == {
        str(Procurement._meta.get_field(name).verbose_name)
        for name in ("selected_supplier_tax_id", "responsible_unit")
    }
