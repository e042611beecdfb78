"""E-Service (OIT 2569 O10 and its statistics part; 2568 O10 and O11)."""

import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from ita_wagtail import criteria, thai
from ita_wagtail import models as ita
from ita_wagtail.importing.e_service import FigureImportError, import_figures
from ita_wagtail.scoring import STATUS_OK, evaluate_site

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569: 2568 has ended


@pytest.fixture
def _real_today():
    """The demo dates its pages from the real today."""
    return None


@pytest.fixture(autouse=True)
def _today(request):
    if "_real_today" in request.fixturenames:
        yield
        return
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


@pytest.fixture
def index(site_root):
    page = ita.ItaIndexPage(title="ข้อมูลสาธารณะ ITA", slug="ita")
    site_root.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_e_service(index, services=None):
    page = ita.EServicePage(
        title="E-Service", slug="e-service", intro="<p>บริการออนไลน์</p>"
    )
    if services is None:
        services = ("ขออนุญาตก่อสร้าง", "แจ้งซ่อมไฟฟ้า")
    for number, name in enumerate(services):
        page.services.add(
            ita.EService(
                name=name,
                description=f"ยื่นคำขอ{name}ผ่านระบบออนไลน์",
                url=f"https://eservice.example.go.th/{number}",
                audience="ประชาชนในเขตเทศบาล",
                availability="ตลอด 24 ชั่วโมง",
            )
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ita.EServicePage.objects.get(pk=page.pk)


def add_statistics(parent, fiscal_year):
    page = ita.ServiceStatisticsPage(
        title=f"สถิติการให้บริการออนไลน์ ปีงบประมาณ พ.ศ. {fiscal_year}",
        slug=f"statistics-{fiscal_year}",
        fiscal_year=fiscal_year,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ita.ServiceStatisticsPage.objects.get(pk=page.pk)


@pytest.fixture
def known(index):
    """FY 2568 figures, worked by hand.

    ก่อสร้าง: ต.ค. 3, พ.ย. 5, ก.ย. 2 → 10. ไฟฟ้า: ต.ค. 7, มี.ค. 4 → 11.
    Month totals: ต.ค. 10, พ.ย. 5, มี.ค. 4, ก.ย. 2; year 21.
    Not counted: ต.ค. 2569 (99) of ก่อสร้าง.
    """
    page = add_e_service(index)
    build, light = page.services.order_by("sort_order")
    for service, month, requests in (
        (build, 10, 3),
        (build, 11, 5),
        (build, 9, 2),
        (light, 10, 7),
        (light, 3, 4),
    ):
        ita.EServiceMonthlyFigure.objects.create(
            service=service, fiscal_year=2568, month=month, requests=requests
        )
    ita.EServiceMonthlyFigure.objects.create(
        service=build, fiscal_year=2569, month=10, requests=99
    )
    return page


# -- page rules ---------------------------------------------------------------


def test_e_service_only_under_the_index_and_statistics_only_under_it():
    assert ita.ItaIndexPage in ita.EServicePage.allowed_parent_page_models()
    assert ita.EServicePage.allowed_parent_page_models() == [ita.ItaIndexPage]
    assert ita.ServiceStatisticsPage.allowed_parent_page_models() == [ita.EServicePage]
    assert ita.EServicePage.max_count_per_parent == 1


def test_one_statistics_page_per_year_in_thai(index):
    page = add_e_service(index)
    add_statistics(page, 2568)
    twin = ita.ServiceStatisticsPage(title="ซ้ำ", slug="again", fiscal_year=2568)
    twin._ita_parent = page
    with pytest.raises(ValidationError) as error:
        twin.full_clean()
    assert "ปีงบประมาณ 2568" in str(error.value)


def test_statistics_default_to_the_previous_fiscal_year(index):
    page = add_e_service(index)
    assert ita.ServiceStatisticsPage.ita_initial_values(page) == {"fiscal_year": 2568}


def test_a_link_must_be_http_or_https(index):
    page = add_e_service(index)
    service = page.services.first()
    service.url = "javascript:alert(1)"
    with pytest.raises(ValidationError) as error:
        service.full_clean(exclude=["page"])
    assert "url" in error.value.message_dict


# -- figures ------------------------------------------------------------------


def test_year_table_totals_are_the_hand_worked_ones(known):
    stats = add_statistics(known, 2568)
    table = stats.year_table()
    assert [m for m, _n, _a in table.months] == [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [row["total"] for row in table.rows] == [10, 11]
    assert table.rows[0]["cells"] == [3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert table.month_totals == [10, 5, 0, 0, 0, 4, 0, 0, 0, 0, 0, 2]
    assert table.total == 21


def test_public_table_in_thai_with_totals_and_chart(client, known):
    stats = add_statistics(known, 2568)
    html = client.get(stats.url).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568" in html
    assert "ตุลาคม" in html and "กันยายน" in html
    assert "data-ita-year-total><strong>21</strong>" in html
    assert "<svg" in html and 'role="img"' in html
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    assert ">99<" not in table


def test_a_year_without_requests_says_so(client, index):
    page = add_e_service(index)
    stats = add_statistics(page, 2567)
    html = client.get(stats.url).content.decode()
    assert "ไม่มีการขอรับบริการผ่านช่องทางออนไลน์" in html
    assert stats.ita_declares_none()


def test_xlsx_has_the_same_table(client, known):
    stats = add_statistics(known, 2568)
    response = client.get(stats.url + "xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in values if row and row[0] == "บริการออนไลน์")
    assert header[1] == "ตุลาคม" and header[12] == "กันยายน"
    footer = values[-1]
    assert footer[0] == "รวม" and footer[-1] == 21


def test_e_service_page_lists_services_with_labelled_links(client, known):
    add_statistics(known, 2568)
    html = client.get(known.url).content.decode()
    assert "ใช้บริการ: ขออนุญาตก่อสร้าง" in html
    assert "https://eservice.example.go.th/0" in html
    assert "ประชาชนในเขตเทศบาล" in html
    assert "สถิติการให้บริการออนไลน์ ปีงบประมาณ พ.ศ. 2568" in html


def test_scoring_prepares_tables_in_a_fixed_number_of_queries(known, index):
    add_statistics(known, 2568)
    other = add_statistics(known, 2567)
    assert other
    model = ita.ServiceStatisticsPage
    pages = list(model.ita_scoring_queryset(model.objects.all()))
    with CaptureQueriesContext(connection) as queries:
        model.ita_prepare_scoring(pages)
        totals = sorted(p.year_table().total for p in pages)
    assert totals == [0, 21]
    assert len(queries) <= 2


# -- import -------------------------------------------------------------------


def csv_bytes(text):
    return text.encode("utf-8-sig")


def test_csv_import_with_thai_months_digits_and_be_years(known):
    data = csv_bytes(
        "บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\n"
        "ขออนุญาตก่อสร้าง,๒๕๖๘,ธันวาคม,๔\n"
        "แจ้งซ่อมไฟฟ้า,2568,ต.ค.,8\n"
        "แจ้งซ่อมไฟฟ้า,2568,1,6\n"
    )
    result = import_figures(known, data)
    assert (result.created, result.updated) == (2, 1)
    stats = add_statistics(known, 2568)
    # 21 + 4 (new Dec) + 1 (Oct 7 → 8) + 6 (new Jan) = 32
    assert stats.year_table().total == 32


def test_xlsx_import(known):
    book = Workbook()
    sheet = book.active
    sheet.append(["บริการ", "ปีงบประมาณ", "เดือน", "จำนวนคำขอ", "ดำเนินการแล้ว"])
    sheet.append(["แจ้งซ่อมไฟฟ้า", 2569, "พฤศจิกายน", 12, 10])
    out = io.BytesIO()
    book.save(out)
    import_figures(known, out.getvalue())
    figure = ita.EServiceMonthlyFigure.objects.get(fiscal_year=2569, month=11)
    assert (figure.requests, figure.completed) == (12, 10)


def test_one_bad_row_imports_nothing_and_names_row_column_reason(known):
    before = ita.EServiceMonthlyFigure.objects.count()
    data = csv_bytes(
        "บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\n"
        "ขออนุญาตก่อสร้าง,2568,ธันวาคม,4\n"
        "ขออนุญาตก่อสร้าง,2568,เดือนสิบสาม,4\n"
        "บริการที่ไม่มี,2568,1,x\n"
    )
    with pytest.raises(FigureImportError) as error:
        import_figures(known, data)
    messages = error.value.errors
    assert any("แถว 3" in m and "คอลัมน์ C" in m and "เดือน" in m for m in messages)
    assert any("แถว 4" in m and "บริการที่ไม่มี" in m for m in messages)
    assert any("แถว 4" in m and "คอลัมน์ D" in m for m in messages)
    assert ita.EServiceMonthlyFigure.objects.count() == before


def test_import_view_is_permission_gated(client, django_user_model, known):
    user = django_user_model.objects.create_user("staff", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/ita/e-service-import/").status_code in (302, 403)


def test_import_view_imports_a_csv(admin_client, known):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "figures.csv",
        csv_bytes("บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\nแจ้งซ่อมไฟฟ้า,2568,ก.พ.,5\n"),
        content_type="text/csv",
    )
    response = admin_client.post(
        "/admin/ita/e-service-import/", {"page": known.pk, "import_file": upload}
    )
    assert response.status_code == 302
    assert ita.EServiceMonthlyFigure.objects.filter(month=2, requests=5).exists()


def test_import_view_shows_errors_in_thai(admin_client, known):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "figures.csv",
        csv_bytes("บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\nแจ้งซ่อมไฟฟ้า,2568,ก.พ.,-5\n"),
    )
    response = admin_client.post(
        "/admin/ita/e-service-import/", {"page": known.pk, "import_file": upload}
    )
    assert response.status_code == 200
    assert "แถว 2" in response.content.decode()


# -- scoring ------------------------------------------------------------------


def _part(result, code, part_code=None):
    item = result.item(code)
    if part_code is None:
        return item
    return next(p for p in item.parts if p.code.endswith(f"/{part_code}"))


def test_scoring_oit_2569_passes_with_last_year_statistics(default_site, known):
    add_statistics(known, 2568)
    result = evaluate_site(
        default_site, criteria_set=criteria.get_criteria_set("oit-2569"), today=TODAY
    )
    assert _part(result, "O10").status == STATUS_OK


def test_scoring_oit_2569_statistics_of_the_wrong_year_do_not_pass(default_site, known):
    add_statistics(known, 2566)
    result = evaluate_site(
        default_site, criteria_set=criteria.get_criteria_set("oit-2569"), today=TODAY
    )
    assert _part(result, "O10", "statistics").status != STATUS_OK


def test_scoring_oit_2568_service_and_statistics_items(default_site, known):
    ita.EServiceMonthlyFigure.objects.create(
        service=known.services.first(), fiscal_year=2567, month=5, requests=1
    )
    add_statistics(known, 2567)
    today = date(2025, 1, 15)  # fiscal year 2568
    result = evaluate_site(
        default_site, criteria_set=criteria.get_criteria_set("oit-2568"), today=today
    )
    assert result.item("O10").status == STATUS_OK
    assert result.item("O11").status == STATUS_OK


def test_a_page_without_a_complete_service_is_incomplete(index):
    page = add_e_service(index, services=())
    checks = page.ita_completeness_checks()
    assert not all(check.ok for check in checks)


def test_a_year_without_requests_does_not_answer_the_item(default_site, known):
    """The item accepts no "none": a statistics page of a year without any
    request says so to the public but does not pass."""
    add_statistics(known, 2567)
    result = evaluate_site(
        default_site,
        criteria_set=criteria.get_criteria_set("oit-2568"),
        today=date(2025, 1, 15),
    )
    assert result.item("O11").status != STATUS_OK


# -- demo ---------------------------------------------------------------------


@pytest.mark.usefixtures("_real_today")
def test_the_demo_answers_e_service_under_oit_2569():
    import io as _io

    from django.core.management import call_command
    from wagtail.models import Site

    call_command("ita_load_demo", stdout=_io.StringIO())
    site = Site.objects.get(is_default_site=True)
    fy = thai.fiscal_year(thai.today())
    page = ita.EServicePage.objects.get(live=True)
    assert page.services.count() == 4
    stats = ita.ServiceStatisticsPage.objects.live().get(fiscal_year=fy - 1)
    assert stats.year_table().total == 412
    assert not ita.DisclosureDocumentsPage.objects.filter(
        kind__in=["e_service", "service_statistics"], live=True
    ).exists()
    result = evaluate_site(site, criteria_set=criteria.get_criteria_set("oit-2569"))
    assert result.item("O10").status == STATUS_OK
    assert result.item("O10").score == 100


def test_admin_pages_and_figure_register_render(admin_client, known):
    from django.urls import reverse

    figures = reverse(ita.EServiceMonthlyFigure.snippet_viewset.get_url_name("list"))
    assert admin_client.get(figures).status_code == 200
    assert admin_client.get(f"/admin/pages/{known.pk}/edit/").status_code == 200
    add = f"/admin/pages/add/ita_wagtail/servicestatisticspage/{known.pk}/"
    assert admin_client.get(add).status_code == 200
    assert admin_client.get("/admin/ita/e-service-import/").status_code == 200


def test_the_e_service_page_takes_over_a_generic_page_keeping_its_url(client, index):
    generic = ita.DisclosureDocumentsPage(
        title="E-Service", slug="online", kind="e_service", statement="<p>เดิม</p>"
    )
    index.add_child(instance=generic)
    generic.save_revision(clean=False).publish()
    url = ita.DisclosureDocumentsPage.objects.get(pk=generic.pk).url
    page = ita.EServicePage(title="ระบบการให้บริการออนไลน์", slug="online-new", live=False)
    page.services.add(
        ita.EService(
            name="แจ้งซ่อมไฟฟ้า",
            description="แจ้งไฟฟ้าสาธารณะดับ",
            url="https://eservice.example.go.th/light",
            audience="ประชาชนทั่วไป",
        )
    )
    index.add_child(instance=page)
    ita.DisclosureDocumentsPage.objects.filter(pk=generic.pk).update(replaced_by=page)
    page.save_revision(clean=False).publish()
    page = ita.EServicePage.objects.get(pk=page.pk)
    assert page.url == url
    assert not ita.DisclosureDocumentsPage.objects.get(pk=generic.pk).live
    assert "ใช้บริการ: แจ้งซ่อมไฟฟ้า" in client.get(url).content.decode()
