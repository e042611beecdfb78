"""A citizen asks on the questions and answers board; staff answer in Thai.

The citizen asks (with a phone number in the text), gets a reference code
and finds the question absent from the board; a clerk with the question
permissions, in the Thai admin, writes the answer and publishes it; the
citizen searches the board for a word of the answer, finds it, and opens the
question's own page; the phone number is nowhere. axe-core finds no WCAG
2.1 AA violation on the board and the question page at 1280 and 390 px.
Screenshots (1280, 390, print) go to ``/tmp/shots-qa/``.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.axe import axe_script_path, axe_violations, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots-qa")
WIDTHS = (1280, 390)


@pytest.fixture
def municipality(live_server):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from ita_wagtail import models as ita
    from ita_wagtail.models.channels import ChannelSettings

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()

    def add(parent, model):
        page = model(
            title=str(model.ita_default_title()),
            slug=model.ita_slug,
            **model.ita_initial_values(parent)
            if hasattr(model, "ita_initial_values")
            else {},
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        return model.objects.get(pk=page.pk)

    index = add(site.root_page, ita.ItaIndexPage)
    board = add(index, ita.QuestionBoardPage)
    settings = ChannelSettings.for_site(site)
    settings.chat_url = "https://line.me/R/ti/p/@example-muni"
    settings.chat_label = "LINE @example-muni"
    settings.save()

    group = Group.objects.create(name="ผู้ตอบคำถาม")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=["view_question", "change_question", "access_admin"]
        )
    )
    clerk = get_user_model().objects.create_user(
        "clerk", "clerk@example.go.th", "รหัสผ่าน-ทดสอบ", first_name="มานี"
    )
    clerk.groups.add(group)
    profile = UserProfile.get_for_user(clerk)
    profile.preferred_language = "th"
    profile.save()
    return {"board": board, "site": site}


def new_page(browser, width=1280):
    context = browser.new_context(
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        viewport={"width": width, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def check_accessibility(browser, url, name):
    script = axe_script_path()
    for width in WIDTHS:
        page = new_page(browser, width)
        page.goto(url)
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        if script is not None:
            violations = axe_violations(page, script)
            assert not violations, f"{name} at {width}px: {describe(violations)}"
        if width == 1280:
            page.emulate_media(media="print")
            page.screenshot(path=SHOTS / f"{name}-print.png", full_page=True)
        page.context.close()
    if script is None:
        pytest.skip("axe-core not installed")


def test_citizen_asks_staff_answer_in_thai_answer_found_by_search(
    browser, live_server, municipality
):
    from ita_wagtail.models.channels import Question, QuestionStatus

    SHOTS.mkdir(parents=True, exist_ok=True)
    board_url = live_server.url + municipality["board"].url

    # 1. The citizen asks, with a phone number in the text.
    citizen = new_page(browser)
    citizen.goto(board_url)
    assert "ยังไม่มีคำถาม" in citizen.content()
    assert citizen.locator(
        "a[href='https://line.me/R/ti/p/@example-muni']"
    ).is_visible()
    citizen.fill("#id_subject", "วันเก็บขยะหมู่ 5")
    citizen.fill(
        "#id_question", "ย้ายมาใหม่ รถเก็บขยะเข้าซอยวันไหนครับ โทรกลับ 081 234 5678 ได้"
    )
    citizen.fill("#id_display_name", "ผู้อยู่อาศัยใหม่")
    citizen.screenshot(path=SHOTS / "ask-1280.png", full_page=True)
    citizen.click("text=ส่งคำถาม >> nth=-1")
    code = citizen.locator("#ita-reference-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    citizen.goto(board_url)
    assert "รถเก็บขยะเข้าซอยวันไหน" not in citizen.content()

    # 2. The clerk answers and publishes, in the Thai admin.
    question = Question.objects.get(reference_code=code)
    clerk = new_page(browser)
    clerk.goto(live_server.url + "/admin/login/")
    clerk.fill("#id_username", "clerk")
    clerk.fill("#id_password", "รหัสผ่าน-ทดสอบ")
    clerk.click("button[type=submit]")
    clerk.wait_for_url("**/admin/")
    clerk.goto(live_server.url + "/admin/ita/questions/")
    assert "คำถามจากประชาชน" in clerk.content()
    clerk.click(f"text={code}")
    clerk.wait_for_url("**/edit/**")
    clerk.locator("#id_answer").wait_for()
    clerk.screenshot(path=SHOTS / "admin-edit-1280.png", full_page=True)
    assert "คำตอบ" in clerk.locator("main").inner_text(), clerk.locator(
        "main"
    ).inner_text()[:3000]
    clerk.fill("#id_answer", "รถเก็บขยะเข้าหมู่ 5 ทุกวันอังคารและวันศุกร์ ตั้งแต่ 06.00 น.")
    clerk.select_option("#id_status", QuestionStatus.PUBLISHED.value)
    clerk.screenshot(path=SHOTS / "admin-answer-1280.png", full_page=True)
    clerk.locator("#w-editor-form button[type=submit]").first.click()
    clerk.wait_for_url("**/admin/ita/questions/")
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    assert question.answered_by.username == "clerk"

    # 3. The citizen finds the answer by a word of it and opens its page.
    citizen.goto(board_url)
    citizen.fill("#ita-qa-q", "วันศุกร์")
    citizen.click("button:has-text('ค้นหา')")
    assert "ทุกวันอังคารและวันศุกร์" in citizen.content()
    assert "081 234 5678" not in citizen.content()
    citizen.click("text=วันเก็บขยะหมู่ 5")
    citizen.wait_for_url(f"**/{question.pk}/")
    assert "ผู้อยู่อาศัยใหม่" in citizen.content()
    assert "081 234 5678" not in citizen.content()

    # 4. Accessible and fitting at 1280 and 390 px; printed.
    check_accessibility(browser, board_url, "board")
    check_accessibility(browser, f"{board_url}{question.pk}/", "question")
    check_accessibility(browser, f"{board_url}check/", "check")
