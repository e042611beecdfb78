"""Staff import a month's e-service figures and publish the year's statistics.

An ITA section with the E-Service page and two services is live. The clerk,
in the Thai admin, imports a CSV of monthly request figures (Thai months,
Thai digits, B.E. years), adds the statistics page of the previous fiscal
year under the E-Service page and publishes it. The public page shows the
totals; axe-core finds no violation at 1280 and 390 px. Screenshots at 1280
px, 390 px and in print go to ``/tmp/shots-eservice/``.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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

SHOTS = Path("/tmp/shots-eservice")
CSV = (
    "บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\n"
    "ขออนุญาตก่อสร้างอาคาร,{fy},ตุลาคม,๑๒\n"
    "ขออนุญาตก่อสร้างอาคาร,{fy},พ.ย.,8\n"
    "ขอรับถังขยะ,{fy},10,5\n"
    "ขอรับถังขยะ,{fy},กันยายน,20\n"
)
# Hand-worked: ก่อสร้าง 12 + 8 = 20; ถังขยะ 5 + 20 = 25; ต.ค. 17; year 45.


@pytest.fixture
def e_service(live_server):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    index = ita.ItaIndexPage(title="ข้อมูลสาธารณะ ITA", slug="ita")
    site.root_page.add_child(instance=index)
    index.save_revision().publish()
    page = ita.EServicePage(title="ระบบการให้บริการออนไลน์", slug="e-service")
    for n, name in enumerate(("ขออนุญาตก่อสร้างอาคาร", "ขอรับถังขยะ")):
        page.services.add(
            ita.EService(
                name=name,
                description=f"ยื่นคำขอ{name}ทางออนไลน์ แนบเอกสารและติดตามผลได้",
                url=f"https://www.example-municipality.go.th/e-service/{n}",
                audience="ประชาชนในเขตเทศบาล",
                availability="ตลอด 24 ชั่วโมง",
            )
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    user = get_user_model().objects.create_superuser(
        "clerk", "clerk@example.go.th", "secret-pw"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "th"
    profile.save()
    return ita.EServicePage.objects.get(pk=page.pk)


def shoot(page, name, failures, axe_script):
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(200)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            failures.append(f"{name} overflows by {overflow}px at {width}px")
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        violations = axe_violations(page, axe_script) if axe_script else []
        if violations:
            failures.append(f"{name} at {width} px: {describe(violations)}")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_clerk_imports_figures_and_publishes_the_statistics(
    e_service, live_server, page, tmp_path
):
    from ita_wagtail import models as ita
    from ita_wagtail.models.e_service import previous_fiscal_year

    base = live_server.url
    fy = previous_fiscal_year()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "secret-pw")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/admin/$"))

    # A bad file first: nothing is saved, the row and column are named.
    bad = tmp_path / "bad.csv"
    bad.write_bytes(
        "บริการ,ปีงบประมาณ,เดือน,จำนวนคำขอ\nขอรับถังขยะ,2568,เดือนสิบสาม,1\n".encode()
    )
    page.goto(f"{base}/admin/ita/e-service-import/")
    page.locator("#id_import_file").set_input_files(str(bad))
    page.locator("form button[type=submit]").filter(has_text="นำเข้าตัวเลข").click()
    page.get_by_text("แถว 2 คอลัมน์ C (เดือน)").first.wait_for()
    assert not ita.EServiceMonthlyFigure.objects.exists()

    good = tmp_path / "figures.csv"
    good.write_bytes(CSV.format(fy=fy).encode("utf-8-sig"))
    page.locator("#id_import_file").set_input_files(str(good))
    page.locator("form button[type=submit]").filter(has_text="นำเข้าตัวเลข").click()
    page.get_by_text("นำเข้าแล้ว: ใหม่ 4 รายการ").first.wait_for()
    assert ita.EServiceMonthlyFigure.objects.count() == 4

    # The statistics page of the previous fiscal year, under the E-Service page.
    page.goto(
        f"{base}/admin/pages/add/ita_wagtail/servicestatisticspage/{e_service.pk}/"
    )
    page.locator("#id_title").fill(
        f"สถิติการขอรับบริการผ่านช่องทางออนไลน์ ปีงบประมาณ พ.ศ. {fy}"
    )
    # Wagtail fills the slug from the title when the title loses focus.
    page.locator("#id_title").press("Tab")
    page.wait_for_function("document.querySelector('#id_slug').value !== ''")
    assert page.locator("#id_fiscal_year").input_value() == str(fy)
    page.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    stats = ita.ServiceStatisticsPage.objects.get()
    assert stats.live and stats.fiscal_year == fy

    failures = []
    axe_script = axe_script_path()
    page.goto(base + stats.url)
    total = page.locator("[data-ita-year-total]")
    assert total.inner_text().strip() == "45"
    assert (
        "ตุลาคม" in page.locator("table thead").inner_text()
        or page.locator("abbr[title='ตุลาคม']").count()
    )
    shoot(page, "statistics", failures, axe_script)

    page.goto(base + e_service.url)
    assert page.get_by_role("link", name="ใช้บริการ: ขอรับถังขยะ").is_visible()
    shoot(page, "e-service", failures, axe_script)

    assert not failures, "\n".join(failures)
    if axe_script is None:
        pytest.skip(
            f"journey checked, accessibility not: {missing_message(axe_location())}"
        )
