"""Every page type renders its structured content for citizens and assessors."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ita_wagtail import models as ita
from ita_wagtail.blocks import WING_PERMANENT, WING_POLITICAL
from ita_wagtail.thai import fiscal_year, today

from .factories import add_child, executive, ita_section, plan_project, publish, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    pages = ita_section()
    publish(pages[ita.ItaIndexPage])
    publish(pages[ita.BasicInformationPage])
    return pages


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page
    return response.content.decode()


def test_organisation_structure_shows_both_wings(client, section):
    page = publish(
        section[ita.OrganisationStructurePage],
        units=[
            ("unit", {"name": "สภาเทศบาล", "wing": WING_POLITICAL}),
            (
                "unit",
                {
                    "name": "กองคลัง",
                    "wing": WING_PERMANENT,
                    "head_position": "ผู้อำนวยการกองคลัง",
                },
            ),
        ],
    )
    html = html_of(client, page)
    assert "สภาเทศบาล" in html
    assert "ผู้อำนวยการกองคลัง" in html
    assert "ฝ่ายการเมือง" in html and "ฝ่ายประจำ" in html


def test_executives_show_name_position_and_contact(client, section):
    page = publish(
        section[ita.ExecutivesPage],
        executives=[
            executive(
                "นายสมชาย ใจดี", "นายกเทศมนตรี", WING_POLITICAL, phone="081-234-5678"
            ),
            executive(
                "นางสาวมาลี รักงาน",
                "ปลัดเทศบาล",
                WING_PERMANENT,
                email="palad@example.go.th",
            ),
        ],
    )
    html = html_of(client, page)
    for text in ["นายสมชาย ใจดี", "นายกเทศมนตรี", "081-234-5678", "palad@example.go.th"]:
        assert text in html


def test_authority_duties_show_the_legal_basis(client, section):
    page = publish(
        section[ita.AuthorityDutiesPage],
        duties=[
            (
                "duty",
                {
                    "duty": "รักษาความสะอาดของถนน",
                    "legal_basis": "พ.ร.บ.เทศบาล พ.ศ. 2496 มาตรา 50",
                },
            )
        ],
    )
    html = html_of(client, page)
    assert "รักษาความสะอาดของถนน" in html
    assert "มาตรา 50" in html


def test_development_plan_shows_period_in_be(client, section):
    page = publish(
        section[ita.DevelopmentPlanPage],
        plan_title="แผนพัฒนาท้องถิ่น",
        start_year=2566,
        end_year=2570,
        vision="น่าอยู่ ปลอดภัย",
        strategies=[("strategy", {"title": "ยุทธศาสตร์ด้านเศรษฐกิจ"})],
    )
    html = html_of(client, page)
    assert "2566" in html and "2570" in html
    assert "ยุทธศาสตร์ด้านเศรษฐกิจ" in html


def test_contact_shows_address_hours_and_channels(client, section):
    page = publish(
        section[ita.ContactPage],
        address="99 หมู่ 1 ตำบลตัวอย่าง",
        email="saraban@example.go.th",
        office_hours="จันทร์ – ศุกร์ 08.30 – 16.30 น.",
        phones=[("phone", {"label": "สำนักงาน", "number": "0-4200-0000"})],
        social_channels=[
            (
                "channel",
                {
                    "platform": "facebook",
                    "name": "เทศบาลตำบลตัวอย่าง",
                    "url": "https://www.facebook.com/example",
                },
            )
        ],
        latitude=Decimal("17.123456"),
        longitude=Decimal("104.123456"),
    )
    html = html_of(client, page)
    for text in [
        "99 หมู่ 1",
        "saraban@example.go.th",
        "08.30 – 16.30",
        "0-4200-0000",
        "https://www.facebook.com/example",
        "17.123456",
    ]:
        assert text in html


def test_related_laws_link_out(client, section):
    page = publish(
        section[ita.RelatedLawsPage],
        laws=[
            (
                "law",
                {
                    "title": "พระราชบัญญัติเทศบาล พ.ศ. 2496",
                    "category": "act",
                    "link": "https://www.krisdika.go.th/law-example",
                },
            )
        ],
    )
    html = html_of(client, page)
    assert "พระราชบัญญัติเทศบาล พ.ศ. 2496" in html
    assert "https://www.krisdika.go.th/law-example" in html


def test_news_index_lists_live_news_newest_first(client, section):
    news_index = publish(section[ita.NewsIndexPage])
    add_child(
        news_index,
        ita.NewsPage(title="ข่าวเก่า", slug="old", date=datetime.date(2024, 7, 5)),
    )
    add_child(
        news_index,
        ita.NewsPage(title="ข่าวใหม่", slug="new", date=datetime.date(2024, 8, 1)),
    )
    add_child(
        news_index,
        ita.NewsPage(title="ข่าวร่าง", slug="draft", date=datetime.date(2024, 8, 2)),
        live=False,
    )
    html = html_of(client, news_index)
    assert html.index("ข่าวใหม่") < html.index("ข่าวเก่า")
    assert "ข่าวร่าง" not in html
    article = ita.NewsPage.objects.get(slug="old")
    assert "5 กรกฎาคม 2567" in html_of(client, article)


def test_integrity_declaration(client, section):
    page = publish(
        section[ita.IntegrityDeclarationPage],
        executive_name="นายสมชาย ใจดี",
        declaration_date=datetime.date(2024, 10, 15),
        statement="<p>ข้าพเจ้าจะบริหารงานด้วยความซื่อสัตย์สุจริต</p>",
    )
    html = html_of(client, page)
    assert "นายสมชาย ใจดี" in html
    assert "15 ตุลาคม 2567" in html
    assert "ความซื่อสัตย์สุจริต" in html


def test_annual_plan_shows_projects_and_total_in_baht(client, section):
    plan = section[ita.AnnualPlanPage]
    plan.projects = [
        plan_project("ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3", "1234567.00"),
        plan_project("อบรมอาสาสมัครป้องกันภัย", "50000.50", start_month=1, end_month=1),
    ]
    publish(plan)
    html = html_of(client, plan)
    assert "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3" in html
    assert "1,234,567.00 บาท" in html
    assert "1,284,567.50 บาท" in html  # the computed total
    assert "ตุลาคม" in html  # months by their Thai names


def test_plan_progress_shows_each_project(client, section):
    plan = section[ita.AnnualPlanPage]
    plan.projects = [plan_project("ขุดลอกคลองสาธารณะ", "400000.00")]
    publish(plan)
    progress = section[ita.PlanProgressPage]
    progress.quarter = 1
    progress.entries = [
        ita.PlanProgressEntry(
            project=ita.AnnualPlanProject.objects.get(page=plan),
            progress_percent=60,
            budget_disbursed=Decimal("100000.00"),
        )
    ]
    publish(progress)
    html = html_of(client, progress)
    assert "ขุดลอกคลองสาธารณะ" in html
    assert "60" in html
    assert "100,000.00 บาท" in html
    assert progress.disbursement_percent == Decimal("25.00")


def test_annual_report_of_the_previous_year(client, section):
    page = publish(
        section[ita.AnnualReportPage],
        results=[
            (
                "result",
                {"topic": "ด้านโครงสร้างพื้นฐาน", "result": "ก่อสร้างถนนแล้วเสร็จ 12 สาย"},
            )
        ],
        assessment_findings="<p>การเบิกจ่ายล่าช้าในไตรมาสที่ 4</p>",
        recommendations=[
            ("recommendation", {"recommendation": "เร่งรัดการจัดซื้อจัดจ้างตั้งแต่ต้นปี"})
        ],
    )
    html = html_of(client, page)
    assert str(fiscal_year(today()) - 1) in html
    for text in ["ก่อสร้างถนนแล้วเสร็จ 12 สาย", "การเบิกจ่ายล่าช้า", "เร่งรัดการจัดซื้อจัดจ้าง"]:
        assert text in html


def test_service_manual_shows_every_field_and_no_fee(client, section):
    page = publish(
        section[ita.ServiceManualsPage],
        services=[
            service(),
            service(name="ลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ", no_fee=True, fee=None),
        ],
    )
    html = html_of(client, page)
    for text in [
        "ขออนุญาตก่อสร้างอาคาร",
        "ยื่นคำขอพร้อมเอกสาร",
        "30 วัน",
        "สำเนาบัตรประชาชน",
        "20.00 บาท",
    ]:
        assert text in html
    assert "ไม่เสียค่าธรรมเนียม" in html


def test_operating_manuals_page_renders(client, section):
    page = publish(section[ita.OperatingManualsPage], intro="<p>คู่มือสำหรับเจ้าหน้าที่</p>")
    assert "คู่มือสำหรับเจ้าหน้าที่" in html_of(client, page)


def test_disclosure_footer_names_unit_and_update_date(client, section):
    unit = ita.ResponsibleUnit.objects.get(code="finance")
    page = publish(section[ita.ContactPage], responsible_unit=unit)
    html = html_of(client, page)
    assert "กองคลัง" in html
    assert "ปรับปรุงล่าสุด" in html
    local = timezone.localtime(page.last_published_at)
    assert str(local.year + 543) in html


def test_ita_index_lists_every_item_and_links_only_live_pages(client, section):
    index = section[ita.ItaIndexPage]
    executives = publish(
        section[ita.ExecutivesPage],
        executives=[executive("นายสมชาย ใจดี", "นายกเทศมนตรี", WING_POLITICAL)],
    )
    html = html_of(client, index)
    for code in [
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "5.6",
        "5.7",
        "5.8",
        "5.9",
        "5.10",
        "5.11",
    ]:
        assert f'id="item-{code.replace(".", "-")}"' in html
    assert executives.url in html
    # Drafts made by ita_setup are not shown to the public.
    assert section[ita.ContactPage].url not in html
    assert "ยังไม่ได้เผยแพร่" in html


def test_ita_index_names_the_measure_and_the_sites_own_municipality(client, section):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.site_name = "เทศบาลตำบลหนองสองห้อง"
    site.save()
    index = section[ita.ItaIndexPage]
    html = html_of(client, index)
    subtitle = html.split('class="ita-header__subtitle">', 1)[1].split("</p>", 1)[0]
    # The measure's year, named as the measure's, never as this content's year.
    assert "พ.ศ. 2562" in subtitle
    assert "ประจำปีงบประมาณ พ.ศ. 2562" not in html
    # The site's own municipality, never the one the default set was written from.
    source = html.split('class="ita-source">', 1)[1].split("</p>", 1)[0]
    assert "เทศบาลตำบลหนองสองห้อง" in source
    assert "ธาตุนาเวง" not in html

    # The name in the ITA monitoring settings wins over the site name.
    settings_row = ita.ComplianceSettings.for_site(site)
    settings_row.municipality_name = "เทศบาลเมืองหนองสองห้อง"
    settings_row.save()
    assert "เทศบาลเมืองหนองสองห้อง" in html_of(client, index)


def test_public_pages_speak_the_sites_language_not_the_browsers(client, section):
    index = section[ita.ItaIndexPage]
    response = client.get(index.url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "รายการข้อมูลที่เปิดเผย" in html
    assert "Disclosure items" not in html
    assert response["Content-Language"] == "th"
    # Pages served from a route of a routable page follow the same rule.
    complaint = publish(section[ita.ComplaintPage])
    status = client.get(complaint.url + "status/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Tracking code" not in status.content.decode()


def test_the_language_rule_leaves_view_restrictions_in_force(client, section):
    from wagtail.models import PageViewRestriction

    index = section[ita.ItaIndexPage]
    PageViewRestriction.objects.create(
        page=index, restriction_type=PageViewRestriction.PASSWORD, password="ลับ"
    )
    html = client.get(index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="password"' in html
    assert 'id="item-5-1"' not in html


def test_a_multilingual_site_keeps_the_visitors_language(client, section, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    index = section[ita.ItaIndexPage]
    html = client.get(index.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Disclosure items" in html


def test_ita_index_queries_do_not_grow_with_pages(
    client, section, django_assert_max_num_queries
):
    index = section[ita.ItaIndexPage]
    news_index = publish(section[ita.NewsIndexPage])
    for number in range(3):
        add_child(news_index, ita.NewsPage(title=f"ข่าว {number}", slug=f"n{number}"))
    client.get(index.url)  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(60) as few:
        client.get(index.url)
    for number in range(3, 30):
        add_child(news_index, ita.NewsPage(title=f"ข่าว {number}", slug=f"n{number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url)
