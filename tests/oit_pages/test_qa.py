"""The public questions and answers board (OIT 2568/2569 O3, part "qa")."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site

from ita_wagtail import models as ita
from ita_wagtail.criteria import get_criteria_set
from ita_wagtail.models.channels import (
    ChannelSettings,
    Question,
    QuestionStatus,
    hide_personal_data,
)
from ita_wagtail.models.channels.questions import HIDDEN
from ita_wagtail.scoring import STATUS_OK, evaluate_site
from ita_wagtail.thai import BANGKOK, fiscal_year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


def _add(parent, model, **fields):
    page = model(
        title=str(model.ita_default_title()),
        slug=model.ita_slug,
        **(
            model.ita_initial_values(parent)
            if hasattr(model, "ita_initial_values")
            else {}
        ),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


@pytest.fixture
def board(site):
    index = _add(site.root_page, ita.ItaIndexPage)
    return _add(index, ita.QuestionBoardPage)


def ask(client, board, **fields):
    data = {
        "subject": "เวลาเปิดศูนย์บริการสาธารณสุข",
        "question": "ศูนย์บริการสาธารณสุขเปิดวันเสาร์หรือไม่ครับ",
        "display_name": "ชาวบ้านหนองบัว",
        "contact_email": "",
        "website": "",
    }
    data.update(fields)
    return client.post(board.url, data)


def publish(question, answer="เปิดวันเสาร์ เวลา 08.30-12.00 น. ที่อาคารเทศบาล"):
    question.answer = answer
    question.status = QuestionStatus.PUBLISHED
    question.answered_at = timezone.now()
    question.full_clean()
    question.save()
    return question


# -- page rules ------------------------------------------------------------------


def test_board_sits_under_the_ita_index_once(board):
    assert ita.QuestionBoardPage.ita_kind == "qa_channel"
    assert board.can_exist_under(board.get_parent().specific)
    assert "ita_wagtail.QuestionBoardPage" in ita.ItaIndexPage.subpage_types
    assert not ita.QuestionBoardPage.can_create_at(board.get_parent().specific)
    assert ita.QuestionBoardPage.subpage_types == []


# -- asking and moderation -----------------------------------------------------


def test_a_question_is_received_with_a_reference_code_and_not_shown(client, board):
    response = ask(client, board)
    assert response.status_code == 302
    question = Question.objects.get()
    assert question.status == QuestionStatus.PENDING
    assert question.page_id == board.pk
    received = client.get(response["Location"])
    assert question.reference_code in received.content.decode()
    # Shown once.
    assert client.get(response["Location"]).status_code == 302
    content = client.get(board.url).content.decode()
    assert "ศูนย์บริการสาธารณสุขเปิดวันเสาร์" not in content
    assert "ยังไม่มีคำถาม" in content
    assert client.get(f"{board.url}{question.pk}/").status_code == 404
    assert ModelLogEntry.objects.filter(
        object_id=str(question.pk), action="ita_wagtail.question.received"
    ).exists()


def test_published_is_shown_rejected_never(client, board):
    ask(client, board)
    ask(client, board, subject="เรื่องที่ไม่เหมาะสม", question="ข้อความไม่สุภาพ")
    first, second = Question.objects.order_by("created_at")
    publish(first)
    second.status = QuestionStatus.REJECTED
    second.rejection_reason = "ข้อความไม่สุภาพ"
    second.full_clean()
    second.save()
    content = client.get(board.url).content.decode()
    assert "เปิดวันเสาร์ เวลา 08.30-12.00 น." in content
    assert "ชาวบ้านหนองบัว" in content
    assert "เรื่องที่ไม่เหมาะสม" not in content
    detail = client.get(f"{board.url}{first.pk}/")
    assert detail.status_code == 200
    assert "เปิดวันเสาร์" in detail.content.decode()
    assert client.get(f"{board.url}{second.pk}/").status_code == 404


def test_publishing_needs_an_answer_and_rejecting_a_reason(client, board):
    ask(client, board)
    question = Question.objects.get()
    question.status = QuestionStatus.PUBLISHED
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "answer" in error.value.message_dict
    question.status = QuestionStatus.REJECTED
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "rejection_reason" in error.value.message_dict


def test_the_asker_checks_the_reference_code(client, board):
    ask(client, board)
    question = Question.objects.get()
    check_url = f"{board.url}check/"
    pending = client.post(check_url, {"code": question.reference_code.lower()})
    assert "ยังไม่ได้ตอบ" in pending.content.decode() or "รอ" in pending.content.decode()
    question.status = QuestionStatus.REJECTED
    question.rejection_reason = "คำถามซ้ำกับข้อ 3"
    question.save()
    rejected = client.post(check_url, {"code": question.reference_code})
    assert "คำถามซ้ำกับข้อ 3" in rejected.content.decode()
    unknown = client.post(check_url, {"code": "AAAA-BBBB-CCCC"})
    assert "ไม่พบ" in unknown.content.decode() or unknown.status_code == 200
    assert "คำถามซ้ำกับข้อ 3" not in unknown.content.decode()


def test_answered_questions_newest_first_and_paginated(client, board, site):
    now = timezone.now()
    for number in range(12):
        Question.objects.create(
            site=site,
            page=board,
            subject=f"คำถามที่ {number:02d}",
            question="ถาม",
            answer="ตอบ",
            status=QuestionStatus.PUBLISHED,
            published_at=now - timedelta(days=12 - number),
        )
    content = client.get(board.url).content.decode()
    assert content.index("คำถามที่ 11") < content.index("คำถามที่ 10")
    assert "คำถามที่ 01" not in content
    second = client.get(board.url, {"page": 2}).content.decode()
    assert "คำถามที่ 01" in second and "คำถามที่ 11" not in second
    assert client.get(board.url, {"page": "zzz"}).status_code == 200
    # Search words are kept in the page links.
    for number in range(12):
        Question.objects.filter(subject=f"คำถามที่ {number:02d}").update(
            answer="ตอบเรื่องถนน"
        )
    searched = client.get(board.url, {"q": "ถนน"}).content.decode()
    assert "?q=%E0%B8%96%E0%B8%99%E0%B8%99&amp;page=2" in searched


def test_search_finds_a_question_by_words_of_its_answer(client, board, site):
    publish(
        Question.objects.create(
            site=site, page=board, subject="ขยะ", question="เก็บวันไหน"
        ),
        answer="รถเก็บขยะออกทุกวันอังคารและวันศุกร์",
    )
    publish(
        Question.objects.create(
            site=site, page=board, subject="ประปา", question="น้ำไม่ไหล"
        ),
        answer="การประปาซ่อมท่อแล้ว",
    )
    Question.objects.create(
        site=site, page=board, subject="อังคาร", question="วันอังคารรออนุมัติ"
    )
    found = client.get(board.url, {"q": "วันศุกร์"}).content.decode()
    assert "รถเก็บขยะ" in found
    assert "การประปาซ่อมท่อ" not in found
    assert "วันอังคารรออนุมัติ" not in client.get(board.url, {"q": "อังคาร"}).content.decode()


# -- abuse -----------------------------------------------------------------------


def test_a_post_without_csrf_token_is_refused(board, settings):
    settings.CSRF_FAILURE_VIEW = "ita_wagtail.views.csrf.csrf_failure"
    client = Client(enforce_csrf_checks=True)
    response = ask(client, board)
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_honeypot_files_nothing(client, board):
    response = ask(client, board, website="http://spam.example")
    assert response.status_code == 200
    assert not Question.objects.exists()


def test_rate_limit_answers_429_after_the_limit(client, board, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 3
    for number in range(3):
        assert ask(client, board, subject=f"เรื่อง {number}").status_code == 302
    response = ask(client, board, subject="เรื่องที่สี่")
    assert response.status_code == 429
    assert Question.objects.count() == 3
    assert "เรื่องที่สี่" in response.content.decode()  # kept in the form


def test_an_invalid_question_gives_its_slot_back(client, board, settings):
    settings.ITA_CHANNELS_RATE_LIMIT = 1
    assert ask(client, board, subject="").status_code == 200
    assert ask(client, board).status_code == 302


def test_overlong_question_is_refused(client, board):
    response = ask(client, board, question="ก" * 5000)
    assert response.status_code == 200
    assert not Question.objects.exists()
    assert "3000" in response.content.decode() or "3,000" in response.content.decode()


def test_markup_is_shown_as_text(client, board):
    ask(client, board, subject="<script>alert(1)</script>", display_name="<b>x</b>")
    publish(Question.objects.get(), answer="<img src=x onerror=alert(1)>")
    content = client.get(board.url).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<img src=x" not in content
    assert "<b>x</b>" not in content


def test_bidi_controls_are_removed(client, board):
    ask(client, board, subject="ใบเสร็จ\u202efdp.exe", display_name="\u202eนาย ก")
    question = Question.objects.get()
    assert "\u202e" not in question.subject
    assert "\u202e" not in question.display_name


def test_personal_data_never_reaches_the_public_page(client, board):
    ask(
        client,
        board,
        subject="ขอเลขบัตร 1-1037-00123-45-6",
        question=(
            "ผมชื่อสมชาย เลขบัตรประชาชน 1103700123456 โทร 081-234-5678 "
            "หรือ ๐๘๑๒๓๔๕๖๗๘ อีเมล somchai@example.com ขอสอบถามเรื่องภาษี"
        ),
        display_name="สมชาย 0812345678",
        contact_email="private@example.com",
    )
    question = Question.objects.get()
    assert question.contact_email == "private@example.com"
    publish(question)
    content = client.get(board.url).content.decode()
    detail = client.get(f"{board.url}{question.pk}/").content.decode()
    for page in (content, detail):
        for secret in (
            "1103700123456",
            "1-1037-00123-45-6",
            "081-234-5678",
            "๐๘๑๒๓๔๕๖๗๘",
            "0812345678",
            "somchai@example.com",
            "private@example.com",
        ):
            assert secret not in page
        assert "ขอสอบถามเรื่องภาษี" in page
        assert HIDDEN in page
    # Search cannot find a question by the number it contained.
    found = client.get(board.url, {"q": "1103700123456"}).content.decode()
    assert "ขอสอบถามเรื่องภาษี" not in found


def test_a_subject_full_of_phone_numbers_still_fits(client, board):
    ask(client, board, subject=" ".join(["0812345678"] * 18))
    question = Question.objects.get()
    assert len(question.subject) <= 200
    assert "0812345678" not in question.subject


def test_hide_personal_data_keeps_ordinary_numbers():
    text = "งบประมาณ 250,000 บาท ปี 2569 หมู่ 7 เวลา 08.30 น."
    assert hide_personal_data(text) == text
    assert hide_personal_data("โทร 02 123 4567") == f"โทร {HIDDEN}"
    assert hide_personal_data("+66 81 234 5678") == HIDDEN


# -- the chat link ---------------------------------------------------------------


def test_chat_link_is_shown_when_set(client, board, site):
    assert "lin.ee" not in client.get(board.url).content.decode()
    settings = ChannelSettings.for_site(site)
    settings.chat_url = "https://lin.ee/abc123"
    settings.chat_label = "LINE @เทศบาลตัวอย่าง"
    settings.save()
    content = client.get(board.url).content.decode()
    assert 'href="https://lin.ee/abc123"' in content
    assert "LINE @เทศบาลตัวอย่าง" in content


def test_chat_link_must_be_a_url(site):
    settings = ChannelSettings.for_site(site)
    settings.chat_url = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        settings.full_clean()


# -- admin moderation ------------------------------------------------------------


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    group = Group.objects.create(name="ผู้ตอบคำถาม")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_question"),
        Permission.objects.get(codename="change_question"),
    )
    user.groups.add(group)
    return user


def test_staff_answer_and_publish_in_the_admin(client, board, moderator):
    ask(client, board)
    question = Question.objects.get()
    client.force_login(moderator)
    edit_url = f"/admin/ita/questions/edit/{question.pk}/"
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "subject": question.subject,
            "question": question.question,
            "display_name": question.display_name,
            "answer": "เปิดทุกวันเสาร์ครึ่งวัน",
            "status": QuestionStatus.PUBLISHED,
            "rejection_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.answered_by == moderator
    assert question.answered_at is not None
    assert question.published_at is not None
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(question.pk)).values_list(
            "action", flat=True
        )
    )
    assert {
        "ita_wagtail.question.answered",
        "ita_wagtail.question.moderated",
    } <= actions
    client.logout()
    assert "เปิดทุกวันเสาร์ครึ่งวัน" in client.get(board.url).content.decode()


def test_publishing_without_answer_is_refused_in_thai(client, board, moderator):
    ask(client, board)
    question = Question.objects.get()
    client.force_login(moderator)
    response = client.post(
        f"/admin/ita/questions/edit/{question.pk}/",
        {
            "subject": question.subject,
            "question": question.question,
            "display_name": "",
            "answer": "",
            "status": QuestionStatus.PUBLISHED,
            "rejection_reason": "",
        },
        HTTP_ACCEPT_LANGUAGE="th",
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_questions_cannot_be_added_in_the_admin(admin_client):
    response = admin_client.get("/admin/ita/questions/new/")
    assert response.status_code in (302, 403, 404)
    assert (
        "/admin/ita/questions/new/"
        not in admin_client.get("/admin/ita/questions/").content.decode()
    )


def test_moderation_needs_the_permission(client, board, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x")
    group = Group.objects.create(name="เจ้าหน้าที่")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    ask(client, board)
    question = Question.objects.get()
    client.force_login(user)
    response = client.get(f"/admin/ita/questions/edit/{question.pk}/")
    assert response.status_code in (302, 403)


# -- scoring ---------------------------------------------------------------------


def _qa_part(site, key):
    result = evaluate_site(site, criteria_set=get_criteria_set(key))
    item = next(item for item in result.items if item.code == "O3")
    return next(part for part in item.parts if part.code == "O3/qa")


@pytest.mark.parametrize("key", ["oit-2569", "oit-2568"])
def test_a_live_board_answers_the_qa_part(board, site, key):
    part = _qa_part(site, key)
    assert part.present and part.complete
    assert part.status == STATUS_OK


@pytest.mark.parametrize("key", ["oit-2569", "oit-2568"])
def test_questions_left_unanswered_for_a_month_make_it_incomplete(board, site, key):
    Question.objects.create(
        site=site,
        page=board,
        subject="ถามนานแล้ว",
        question="ยังไม่มีใครตอบ",
        created_at=timezone.now() - timedelta(days=31),
    )
    part = _qa_part(site, key)
    assert part.present
    assert not part.complete


def test_without_a_board_the_part_is_missing(site):
    _add(site.root_page, ita.ItaIndexPage)
    part = _qa_part(site, "oit-2569")
    assert not part.present


# -- the demo ----------------------------------------------------------------


def test_the_demo_board_is_live_answered_and_passes(client):
    call_command("ita_load_demo", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    board = ita.QuestionBoardPage.objects.get()
    assert board.live and board.url.endswith("/questions/")
    published = Question.objects.published().filter(page=board)
    years = {q.created_at.astimezone(BANGKOK).date() for q in published}
    assert len(published) == 5
    assert any(fiscal_year(day) == 2568 for day in years)
    assert any(fiscal_year(day) == 2569 for day in years)
    assert Question.objects.filter(status=QuestionStatus.PENDING).count() == 1
    assert Question.objects.filter(status=QuestionStatus.REJECTED).count() == 1
    content = client.get(board.url).content.decode()
    assert "รถเก็บขยะเข้าหมู่ 5" in content
    assert "line.me/R/ti/p/@example-muni" in content
    assert "ไฟกิ่งหน้าวัดดับ" not in content  # waiting for its answer
    # The ID number in a demo question is hidden.
    assert (
        "3-1001-00234-56-1" not in client.get(board.url, {"page": 1}).content.decode()
    )
    assert not Question.objects.filter(question__contains="3-1001-00234-56-1").exists()
    assert not ita.DisclosureDocumentsPage.objects.filter(kind="qa_channel").exists()
    part = _qa_part(site, "oit-2569")
    assert part.status == STATUS_OK
    item = next(
        i
        for i in evaluate_site(site, criteria_set=get_criteria_set("oit-2569")).items
        if i.code == "O3"
    )
    assert item.score == 100


# -- take-over of the generic page ------------------------------------------------


def test_the_board_takes_over_a_generic_qa_page_keeping_its_url(site, client):
    index = _add(site.root_page, ita.ItaIndexPage)
    old = ita.DisclosureDocumentsPage(
        title="ช่องทางการสอบถามข้อมูลแบบสองทาง",
        slug="qa-channel",
        kind="qa_channel",
        statement="<p>ถามทางไลน์</p>",
    )
    index.add_child(instance=old)
    old.save_revision(clean=False).publish()
    url = ita.DisclosureDocumentsPage.objects.get(pk=old.pk).url
    call_command("ita_setup", "--criteria-set", "oit-2569", stdout=io.StringIO())
    new = ita.QuestionBoardPage.objects.get()
    assert new.slug == "qa-channel-new" and not new.live
    assert client.get(url).context["page"].pk == old.pk
    new.save_revision(clean=False).publish()
    new.refresh_from_db()
    assert new.url == url
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].pk == new.pk
    assert "ยังไม่มีคำถาม" in response.content.decode()
    old.refresh_from_db()
    assert not old.live


def test_answering_keeps_the_board_current(board, site):
    long_ago = timezone.now() - timedelta(days=200)
    type(board).objects.filter(pk=board.pk).update(
        last_published_at=long_ago, first_published_at=long_ago
    )
    part = _qa_part(site, "oit-2569")
    assert not part.current
    publish(
        Question.objects.create(site=site, page=board, subject="ถาม", question="ถาม")
    )
    part = _qa_part(site, "oit-2569")
    assert part.current and part.status == STATUS_OK


def test_the_askers_email_is_shown_only_to_personal_data_staff(
    client, board, moderator
):
    ask(client, board, contact_email="asker@example.com")
    question = Question.objects.get()
    client.force_login(moderator)
    url = f"/admin/ita/questions/inspect/{question.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "asker@example.com" not in response.content.decode()
    assert (
        "asker@example.com"
        not in client.get(f"/admin/ita/questions/edit/{question.pk}/").content.decode()
    )
    moderator.groups.first().permissions.add(
        Permission.objects.get(codename="view_case_personal_data")
    )
    assert "asker@example.com" in client.get(url).content.decode()
