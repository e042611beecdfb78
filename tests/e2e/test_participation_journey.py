"""A planning officer records two participation activities and publishes.

The site answers the OIT list of 2569; ``ita_setup`` has made the draft
participation page (O19) for the current fiscal year. In the Thai admin the
officer adds two activities on the four points of the NACC form (the issue,
who took part, the outcome, how it was used), with a date, a stage and a PDF
of the minutes for the first, and publishes. The public page then shows
both activities in Thai with the B.E. date and the document's type and size;
axe-core finds nothing at 1280 and 390 px, and the page does not scroll
sideways. The pages on acting on the ITA results (O25) and the integrity
report (O26), filled in the database, are checked the same way. Screenshots
at 1280 px, 390 px and in print go to ``/tmp/shots-participation/``.
"""

import re
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from tests.e2e.axe import (
    axe_location,
    axe_script_path,
    axe_violations,
    describe,
    missing_message,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (1280, 390)
SHOTS = Path("/tmp/shots-participation")


@pytest.fixture
def municipality(live_server, live_media):
    """The OIT 2569 section as ita_setup makes it, the index published; a
    Thai-speaking superuser."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from ita_wagtail.thai import fiscal_year, today

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    year = fiscal_year(today())
    settings = ita.ComplianceSettings.for_site(site)
    ita.CriteriaSetChoice.objects.create(
        settings=settings, fiscal_year=year, criteria_set="oit-2569"
    )
    call_command("ita_setup", "--criteria-set", "oit-2569", stdout=StringIO())
    index = ita.ItaIndexPage.objects.get()
    index.save_revision(clean=False).publish()
    user = get_user_model().objects.create_superuser(
        "planner", "planner@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    return {"site": site, "fiscal_year": year, "index": index}


def log_in(page, base):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "planner")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))


def check_public(page, name, failures, axe_script):
    """Screenshots at each width and in print; overflow and axe at each width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        if overflow > 0:
            failures.append(f"{name} scrolls sideways at {width} px")
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"{name} at {width} px: {describe(violations)}")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})


def fill_activity(page, n, fields):
    prefix = f"#id_activities-{n}-"
    for name, value in fields.items():
        field = page.locator(prefix + name)
        if name == "stage":
            field.select_option(value)
        else:
            field.fill(value)
            field.blur()


def activity_photo():
    import io

    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.images import get_image_model

    data = io.BytesIO()
    Image.new("RGB", (960, 540), (47, 111, 79)).save(data, "JPEG")
    model = get_image_model()
    image = model(title="เวทีรับฟังความคิดเห็น ตลาดสด")
    if any(f.name == "description" for f in model._meta.get_fields()):
        image.description = "ภาพบรรยากาศเวทีรับฟังความคิดเห็น"
    image.file = ImageFile(data, name="forum.jpg")
    image.save()
    return image


def add_follow_up_pages(index, year):
    from ita_wagtail import models as ita

    improvement = ita.ItaImprovementPage(
        title="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
        slug="ita-improvement",
        fiscal_year=year,
        assessed_fiscal_year=year - 1,
        total_score=Decimal("88.52"),
        iit_score=Decimal("92.10"),
        eit_score=Decimal("85.34"),
        oit_score=Decimal("88.00"),
        issues_found="<p>การเปิดเผยข้อมูลจัดซื้อจัดจ้างยังไม่เป็นปัจจุบัน</p>",
    )
    improvement.measures.add(
        ita.ItaImprovementMeasure(
            issue="ข้อมูลบนเว็บไซต์บางรายการไม่เป็นปัจจุบัน (ตัวชี้วัดที่ 9)",
            measure="ทบทวนข้อมูลบนเว็บไซต์ทุกไตรมาส และแจ้งเตือนหน่วยงานก่อนครบกำหนด",
            period=f"ตุลาคม {year - 1} – กันยายน {year}",
            status="in_progress",
            result="ทบทวนแล้ว 1 ไตรมาส",
        )
    )
    report = ita.IntegrityReportPage(
        title="รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        slug="integrity-report",
        fiscal_year=year - 1,
        summary="<p>ดำเนินการครบทั้ง 2 มาตรการ</p>",
        problems="<p>บุคลากรมีภารกิจมาก</p>",
        recommendations="<p>จัดอบรมออนไลน์เพิ่ม</p>",
    )
    report.measures.add(
        ita.IntegrityReportMeasure(
            measure="อบรมเรื่องผลประโยชน์ทับซ้อนและประมวลจริยธรรม",
            actions="จัดอบรม 1 ครั้ง โดยนิติกรของเทศบาล",
            result="ผู้เข้าร่วม 44 คน ผ่านแบบทดสอบร้อยละ 95",
        )
    )
    pages = []
    for model, draft_slug, page in (
        (ita.ItaImprovementPage, "ita-improvement", improvement),
        (ita.IntegrityReportPage, "integrity-report", report),
    ):
        model.objects.filter(slug=draft_slug).delete()  # ita_setup's empty draft
        index.add_child(instance=page)
        page.save_revision(clean=False).publish()
        pages.append(model.objects.get(pk=page.pk))
    return pages


def test_officer_records_two_activities_and_publishes(
    municipality, live_server, page, tmp_path
):
    from ita_wagtail import models as ita

    base = live_server.url
    year = municipality["fiscal_year"]
    draft = ita.ParticipationPage.objects.get()
    assert not draft.live and draft.fiscal_year == year
    held = timezone.localdate() - timedelta(days=10)
    held_be = f"{held.day:02d}/{held.month:02d}/{held.year + 543}"

    log_in(page, base)
    page.goto(f"{base}/admin/pages/{draft.pk}/edit/")
    page.locator("#id_activities-ADD").click()
    fill_activity(
        page,
        0,
        {
            "title": "ประชุมประชาคมหมู่บ้านเพื่อทบทวนแผนพัฒนาท้องถิ่น",
            "held_on": held_be,
            "stage": "planning",
            "issue": "จัดลำดับโครงการที่หมู่บ้านต้องการในแผนพัฒนาท้องถิ่น",
            "participant_groups": "คณะกรรมการชุมชน ผู้นำท้องที่ อสม.",
            "participant_count": "634",
            "outcome": "เลือกซ่อมถนนหมู่ 3 และไฟส่องสว่างหมู่ 7 เป็นลำดับแรก",
            "use_of_outcome": "บรรจุ 27 โครงการในแผนพัฒนาท้องถิ่นเพิ่มเติม",
        },
    )
    page.locator("#id_activities-0-document-chooser .unchosen button").click()
    modal = page.locator(".modal-dialog")
    modal.locator("#tab-label-upload").click()
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 3000 + b"\n%%EOF\n")
    modal.locator("#id_document-chooser-upload-title").fill("รายงานการประชุมประชาคม")
    modal.locator("#id_document-chooser-upload-file").set_input_files(str(pdf))
    modal.locator(
        "#tab-upload button[type=submit], #tab-upload input[type=submit]"
    ).first.click()
    modal.wait_for(state="hidden")
    page.locator("#id_activities-ADD").click()
    fill_activity(
        page,
        1,
        {
            "title": "เวทีรับฟังความคิดเห็นโครงการปรับปรุงตลาดสด",
            "stage": "doing",
            "issue": "รูปแบบการจัดแผงค้าระหว่างปรับปรุงตลาด",
            "participant_groups": "ผู้ค้าในตลาดสด ประชาชนผู้ใช้บริการ",
            "participant_count": "112",
            "outcome": "ให้ปรับปรุงทีละโซน",
            "use_of_outcome": "แบ่งงานเป็น 3 ระยะตามโซนในสัญญาจ้าง",
        },
    )
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))

    published = ita.ParticipationPage.objects.get(pk=draft.pk)
    assert published.live
    activities = list(published.activities.all())
    assert [a.participant_count for a in activities] == [634, 112]
    assert activities[0].held_on == held
    assert activities[0].document.file_extension == "pdf"
    assert all(a.has_four_points for a in activities)
    assert published.ita_missing_fields() == []

    axe_script = axe_script_path()
    failures = []
    page.goto(urljoin(base, urlsplit(published.get_url()).path))
    text = page.locator("main, body").first.inner_text()
    assert "O19" in text
    assert f"ปีงบประมาณ พ.ศ. {year}" in text
    assert "ประชุมประชาคมหมู่บ้านเพื่อทบทวนแผนพัฒนาท้องถิ่น" in text
    assert "บรรจุ 27 โครงการในแผนพัฒนาท้องถิ่นเพิ่มเติม" in text
    assert "ขั้นการวางแผน" in text and "ขั้นการดำเนินการ" in text
    assert "746 คน" in text  # 634 + 112
    assert str(held.year + 543) in text  # the B.E. date
    meta = page.locator("a.ita-doc .ita-doc__meta").first.inner_text()
    assert re.fullmatch(r"\(PDF, [\d.,]+\s*\S+\)", meta), meta
    check_public(page, "participation", failures, axe_script)

    # A photo of the second activity, as the officer adds it later.
    second = published.activities.all()[1]
    second.photo = activity_photo()
    second.save()
    published.save_revision(clean=False).publish()
    page.goto(urljoin(base, urlsplit(published.get_url()).path))
    photo = page.locator(".ita-activity__photo img")
    assert photo.get_attribute("alt") == "ภาพบรรยากาศเวทีรับฟังความคิดเห็น"
    check_public(page, "participation-photo", failures, axe_script)

    improvement, report = add_follow_up_pages(municipality["index"], year)
    page.goto(urljoin(base, urlsplit(improvement.get_url()).path))
    text = page.locator("main, body").first.inner_text()
    assert "88.52" in text and f"ปีงบประมาณ พ.ศ. {year - 1}" in text
    check_public(page, "ita-improvement", failures, axe_script)
    page.goto(urljoin(base, urlsplit(report.get_url()).path))
    text = page.locator("main, body").first.inner_text()
    assert "ผู้เข้าร่วม 44 คน" in text
    check_public(page, "integrity-report", failures, axe_script)

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
