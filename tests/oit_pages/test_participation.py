"""Public participation (OIT O19/O20), acting on the ITA results (2569 O25)
and the report on promoting integrity and transparency (2569 O26)."""

from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation
from wagtail.documents import get_document_model

from ita_wagtail import models as ita
from ita_wagtail import thai
from ita_wagtail.criteria import get_criteria_set
from ita_wagtail.models.ita_follow_up import ita_level
from ita_wagtail.scoring.engine import evaluate_site

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)  # fiscal year 2569; 2568 has ended
IN_2568 = date(2025, 1, 15)  # fiscal year 2568; 2567 has ended


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(
        datetime(2026, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        yield


@pytest.fixture
def index(site_root):
    page = ita.ItaIndexPage(title="ข้อมูลสาธารณะ (ITA)", slug="ita")
    site_root.add_child(instance=page)
    page.save_revision().publish()
    return ita.ItaIndexPage.objects.get(pk=page.pk)


def document(title, name, content=b"%PDF-1.4 test file"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name)
    )


def publish(page):
    page.save_revision(clean=False).publish()
    return type(page).objects.get(pk=page.pk)


FOUR_POINTS = {
    "issue": "จัดลำดับโครงการถนนในแผนพัฒนาท้องถิ่น",
    "participant_groups": "คณะกรรมการชุมชน 8 ชุมชน ผู้นำท้องที่",
    "participant_count": 86,
    "outcome": "ที่ประชุมเลือกถนนสายหลังวัดเป็นลำดับแรก",
    "use_of_outcome": "บรรจุในแผนพัฒนาท้องถิ่น พ.ศ. 2566–2570 เพิ่มเติม ฉบับที่ 2",
}


def add_participation(index, fiscal_year=2569, activities=(FOUR_POINTS,)):
    page = ita.ParticipationPage(
        title=f"การมีส่วนร่วม ปีงบประมาณ พ.ศ. {fiscal_year}",
        slug=f"participation-{fiscal_year}",
        fiscal_year=fiscal_year,
    )
    for n, fields in enumerate(activities, start=1):
        page.activities.add(
            ita.ParticipationActivity(
                title=f"ประชาคมหมู่บ้าน ครั้งที่ {n}",
                held_on=date(2025, 11, 20),
                **fields,
            )
        )
    index.add_child(instance=page)
    return publish(page)


def add_improvement(index, fiscal_year=2569, total=Decimal("88.52"), measures=1):
    page = ita.ItaImprovementPage(
        title=f"การนำผลการประเมิน ITA ไปพัฒนา {fiscal_year}",
        slug=f"ita-improvement-{fiscal_year}",
        fiscal_year=fiscal_year,
        assessed_fiscal_year=fiscal_year - 1,
        total_score=total,
        iit_score=Decimal("92.10"),
        eit_score=Decimal("85.34"),
        oit_score=Decimal("88.00"),
        issues_found="<p>ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล ได้คะแนนต่ำ</p>",
    )
    for n in range(measures):
        page.measures.add(
            ita.ItaImprovementMeasure(
                issue="ข้อมูลจัดซื้อจัดจ้างไม่เป็นปัจจุบัน",
                measure=f"มาตรการที่ {n + 1}: ปรับปรุงข้อมูลทุกเดือน",
                period="ตุลาคม 2568 – มีนาคม 2569",
                status="in_progress",
                result="ปรับปรุงแล้ว 3 เดือน",
            )
        )
    index.add_child(instance=page)
    return publish(page)


def add_report(index, fiscal_year=2568, results=True):
    page = ita.IntegrityReportPage(
        title=f"รายงานผลการส่งเสริมคุณธรรมและความโปร่งใส {fiscal_year}",
        slug=f"integrity-report-{fiscal_year}",
        fiscal_year=fiscal_year,
        summary="<p>ดำเนินการครบทุกมาตรการ</p>",
        problems="<p>บุคลากรมีภารกิจมาก</p>",
        recommendations="<p>จัดอบรมออนไลน์เพิ่ม</p>",
    )
    page.measures.add(
        ita.IntegrityReportMeasure(
            measure="อบรมประมวลจริยธรรมพนักงานเทศบาล",
            actions="จัดอบรม 1 ครั้ง ผู้เข้าร่วม 54 คน",
            result="ผ่านการทดสอบร้อยละ 96" if results else "",
            document=document("รายงานการอบรม", "training.pdf"),
        )
    )
    index.add_child(instance=page)
    return publish(page)


# -- page-tree rules and one page per fiscal year -------------------------------

MODELS = [ita.ParticipationPage, ita.ItaImprovementPage, ita.IntegrityReportPage]


@pytest.mark.parametrize("model", MODELS)
def test_only_under_the_ita_index_and_no_children(model, index, site_root):
    assert model.can_create_at(index)
    assert not model.can_create_at(site_root)
    assert model.allowed_parent_page_models() == [ita.ItaIndexPage]
    assert model.allowed_subpage_models() == []


@pytest.mark.parametrize(
    ("add", "model", "message"),
    [
        (
            add_participation,
            ita.ParticipationPage,
            "มีหน้าการมีส่วนร่วมของปีงบประมาณ พ.ศ. 2569 อยู่แล้ว",
        ),
        (
            add_improvement,
            ita.ItaImprovementPage,
            "มีหน้าการนำผลการประเมิน ITA ไปสู่การพัฒนาของปีงบประมาณ พ.ศ. 2569 อยู่แล้ว",
        ),
    ],
)
def test_one_page_per_fiscal_year_in_thai(index, add, model, message):
    add(index)
    twin = model(title="ซ้ำ", slug="twin", fiscal_year=2569)
    twin._ita_parent = index  # as the admin form sets it
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert error.value.message_dict["fiscal_year"] == [message]
    other = model(title="ปีก่อน", slug="other", fiscal_year=2568)
    other._ita_parent = index
    other.clean()


def test_one_report_per_fiscal_year_in_thai(index):
    add_report(index, 2568)
    twin = ita.IntegrityReportPage(title="ซ้ำ", slug="twin", fiscal_year=2568)
    twin._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        twin.clean()
    assert error.value.message_dict["fiscal_year"] == [
        "มีรายงานผลการส่งเสริมคุณธรรมและความโปร่งใสของปีงบประมาณ พ.ศ. 2568 อยู่แล้ว"
    ]


def test_the_assessed_year_cannot_follow_the_year_of_the_measures(index):
    page = ita.ItaImprovementPage(
        title="ผล ITA", slug="x", fiscal_year=2569, assessed_fiscal_year=2570
    )
    page._ita_parent = index
    with translation.override("th"), pytest.raises(ValidationError) as error:
        page.clean()
    assert error.value.message_dict["assessed_fiscal_year"] == [
        "ปีที่ได้รับการประเมินต้องไม่อยู่หลังปีของมาตรการ"
    ]


def test_the_admin_refuses_a_second_participation_page(index, admin_client):
    add_participation(index)
    url = f"/admin/pages/add/ita_wagtail/participationpage/{index.pk}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    data = {
        "title": "การมีส่วนร่วมซ้ำ",
        "slug": "participation-copy",
        "fiscal_year": "2569",
        "intro": '{"blocks": [], "entityMap": {}}',
        "activities-TOTAL_FORMS": "0",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
    }
    with translation.override("th"):
        response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "มีหน้าการมีส่วนร่วมของปีงบประมาณ พ.ศ. 2569 อยู่แล้ว" in (response.content.decode())
    assert ita.ParticipationPage.objects.count() == 1


def test_setup_values_follow_the_year_rules(index):
    assert ita.ParticipationPage.ita_initial_values(index) == {"fiscal_year": 2569}
    assert ita.ItaImprovementPage.ita_initial_values(index) == {
        "fiscal_year": 2569,
        "assessed_fiscal_year": 2568,
    }
    assert ita.IntegrityReportPage.ita_initial_values(index) == {"fiscal_year": 2568}


# -- what the pages show ----------------------------------------------------------


def test_participation_page_shows_the_four_points_in_thai(client, index):
    second = dict(FOUR_POINTS, participant_count=40, stage="monitoring")
    page = add_participation(index, activities=(FOUR_POINTS, second))
    activity = page.activities.first()
    activity.document = document("รายงานการประชุมประชาคม", "minutes.pdf")
    activity.save()
    html = client.get(page.url).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2569" in html
    assert "20 พฤศจิกายน 2568" in html  # B.E. date
    for label in ("ประเด็น", "ผู้เข้าร่วม", "ผลการมีส่วนร่วม", "การนำผล"):
        assert label in html
    assert FOUR_POINTS["use_of_outcome"] in html
    assert "ขั้นการติดตามตรวจสอบ" in html  # the stage, in Thai
    assert "126 คน" in html  # 86 + 40 participants in all
    assert "รายงานการประชุมประชาคม" in html and "PDF" in html


def test_improvement_page_shows_the_result_and_the_measures(client, index):
    page = add_improvement(index)
    html = client.get(page.url).content.decode()
    assert "ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in html
    assert "88.52" in html and "92.10" in html
    assert ">A<" in html  # 88.52 is level A
    assert 'data-label="มาตรการปรับปรุง"' in html
    assert "ตุลาคม 2568 – มีนาคม 2569" in html
    assert "อยู่ระหว่างดำเนินการ" in html


def test_ita_levels_follow_the_nacc_bands():
    assert ita_level(Decimal("95.00")) == "AA"
    assert ita_level(Decimal("94.99")) == "A"
    assert ita_level(Decimal("85")) == "A"
    assert ita_level(Decimal("84.99")) == "B"
    assert ita_level(Decimal("64.99")) == "D"
    assert ita_level(Decimal("50")) == "E"
    assert ita_level(Decimal("49.99")) == "F"
    assert ita_level(None) == ""


def test_report_page_shows_measures_results_and_evidence(client, index):
    page = add_report(index)
    html = client.get(page.url).content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568" in html
    assert "อบรมประมวลจริยธรรมพนักงานเทศบาล" in html
    assert "ผ่านการทดสอบร้อยละ 96" in html
    assert "PDF" in html  # the evidence with its type
    assert "ปัญหาและอุปสรรค" in html and "ข้อเสนอแนะ" in html


# -- completeness ------------------------------------------------------------------


def test_participation_needs_an_activity_with_all_four_points(index):
    partial = dict(FOUR_POINTS, use_of_outcome="")
    page = add_participation(index, activities=(partial,))
    with translation.override("en"):
        missing = [str(p) for p in page.ita_missing_fields(TODAY)]
    assert len(missing) == 1 and "four points" in missing[0]
    assert "ประชาคมหมู่บ้าน ครั้งที่ 1" in missing[0]
    page.activities.add(ita.ParticipationActivity(title="เวที", **FOUR_POINTS))
    assert page.ita_missing_fields(TODAY) == []
    empty = ita.ParticipationPage(title="ว่าง", fiscal_year=2569)
    assert len(empty.ita_missing_fields(TODAY)) == 1


def test_improvement_needs_the_total_score_and_a_measure(index):
    assert add_improvement(index).ita_missing_fields(TODAY) == []
    page = add_improvement(index, fiscal_year=2568, total=None, measures=0)
    with translation.override("en"):
        missing = [str(p) for p in page.ita_missing_fields(TODAY)]
    assert missing == [
        "the ITA result (total score)",
        "at least one improvement measure",
    ]


def test_report_needs_a_result_for_every_measure(index):
    assert add_report(index).ita_missing_fields(TODAY) == []
    page = add_report(index, 2567, results=False)
    with translation.override("en"):
        missing = [str(p) for p in page.ita_missing_fields(TODAY)]
    assert missing == ["a result for every measure (อบรมประมวลจริยธรรมพนักงานเทศบาล)"]


def test_scoring_reads_every_page_with_a_fixed_number_of_queries(
    index, django_assert_num_queries
):
    for year in (2567, 2568, 2569):
        add_participation(index, year)
        add_report(index, year)
    for model, expected in (
        (ita.ParticipationPage, 2),  # pages, activities (no documents)
        (ita.IntegrityReportPage, 3),  # pages, measures, documents
    ):
        with django_assert_num_queries(expected):
            pages = list(model.ita_scoring_queryset(model.objects.all()))
            for page in pages:
                page.ita_completeness_checks(TODAY)
                page.ita_published_formats()
    assert all(page.ita_published_formats() == {"pdf"} for page in pages)


# -- scoring under the OIT lists ---------------------------------------------------


def item(result, code):
    return {i.code: i for i in result.items}[code]


def test_scoring_under_oit_2569(index, default_site):
    oit = get_criteria_set("oit-2569")
    add_participation(index, 2569)
    add_improvement(index, 2569)
    add_report(index, 2568)
    result = evaluate_site(default_site, oit, today=TODAY)
    for code in ("O19", "O25", "O26"):
        found = item(result, code)
        assert found.present and found.complete and found.current, code
        assert found.score == 100, code


def test_pages_of_the_wrong_year_do_not_pass_under_oit_2569(index, default_site):
    oit = get_criteria_set("oit-2569")
    add_participation(index, 2568)  # last year's participation
    add_improvement(index, 2568)  # last year's measures
    add_report(index, 2567)  # a report two years back
    result = evaluate_site(default_site, oit, today=TODAY)
    for code in ("O19", "O25", "O26"):
        found = item(result, code)
        assert found.present and not found.current, code
        assert found.score == 0, code


def test_scoring_under_oit_2568(index, default_site):
    oit = get_criteria_set("oit-2568")
    with time_machine.travel(
        datetime(2025, 1, 15, 10, tzinfo=thai.BANGKOK), tick=False
    ):
        add_participation(index, 2568)
        result = evaluate_site(default_site, oit, today=IN_2568)
        found = item(result, "O20")
        assert found.present and found.complete and found.current
        assert found.score == 100
        # A participation page of 2567 does not answer 2568's O20.
        ita.ParticipationPage.objects.update(fiscal_year=2567)
        result = evaluate_site(default_site, oit, today=IN_2568)
        assert not item(result, "O20").current


# -- taking over the generic page ------------------------------------------------


def test_the_participation_page_takes_over_the_generic_page_url(client, default_site):
    out = StringIO()
    call_command("ita_setup", "--criteria-set", "oit-2569", stdout=out)
    index = ita.ItaIndexPage.objects.get()
    publish(index)
    # A site set up before the page type existed: a generic page answers O19.
    ita.ParticipationPage.objects.all().delete()
    generic = ita.DisclosureDocumentsPage(
        title="การเปิดโอกาสให้เกิดการมีส่วนร่วม",
        slug="participation",
        kind="participation",
        fiscal_year=2569,
        statement="<p>แบบฟอร์มการมีส่วนร่วม</p>",
    )
    index.add_child(instance=generic)
    generic = publish(generic)
    url = generic.url
    call_command("ita_setup", "--criteria-set", "oit-2569", stdout=out)
    new = ita.ParticipationPage.objects.get()
    assert new.slug == "participation-new" and not new.live
    assert new.fiscal_year == 2569
    generic.refresh_from_db()
    assert generic.replaced_by_id == new.pk
    new.activities.add(ita.ParticipationActivity(title="ประชาคม", **FOUR_POINTS))
    new.save()
    new = publish(new)
    assert new.url == url
    generic.refresh_from_db()
    assert not generic.live
    assert client.get(url).context["page"].pk == new.pk


def test_a_score_above_100_is_refused_in_thai(index):
    page = ita.ItaImprovementPage(
        title="ผล ITA",
        slug="ita-improvement",
        fiscal_year=2569,
        total_score=Decimal("150"),
        level="Z",
    )
    with translation.override("th"), pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "content_type"])
    assert "total_score" in error.value.message_dict
    assert "100" in error.value.message_dict["total_score"][0]
    assert "level" in error.value.message_dict  # only AA … F
