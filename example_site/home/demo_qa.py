"""The demo municipality's questions and answers board (OIT O3, part "qa").

``load_qa_demo(demo)`` is called by ``load_oit_demo`` once the section is
set up: it publishes the board ``ita_setup`` drafted, sets the LINE Official
Account link in the channel settings and adds questions citizens asked in
fiscal years 2568 and 2569, most answered and published, one waiting for an
answer and one not published (with its reason). Idempotent: a board that was
published before is left alone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.models.channels import (
    ChannelSettings,
    Question,
    QuestionBoardPage,
    QuestionStatus,
)

# (fiscal year, days after the year began, subject, question, name, answer)
QUESTIONS = [
    (
        2568,
        35,
        "ชำระภาษีที่ดินและสิ่งปลูกสร้างได้ที่ไหน",
        "ได้รับใบแจ้งภาษีที่ดินแล้ว ต้องไปชำระที่สำนักงานเทศบาลเท่านั้นหรือไม่",
        "ชาวบ้านหมู่ 3",
        "ชำระได้ที่กองคลัง สำนักงานเทศบาล ในเวลาราชการ หรือสแกน QR code "
        "ในใบแจ้งภาษีเพื่อชำระผ่านแอปพลิเคชันธนาคารได้ทุกธนาคาร",
    ),
    (
        2568,
        120,
        "ขออนุญาตก่อสร้างบ้านใช้เวลากี่วัน",
        "ต้องการสร้างบ้านชั้นเดียวบนที่ดินของตนเอง ยื่นขออนุญาตแล้วต้องรอนานเท่าไร",
        "",
        "กองช่างพิจารณาคำขออนุญาตก่อสร้างอาคารภายใน 45 วันนับจากวันที่ได้รับ"
        "เอกสารครบถ้วน ดูรายการเอกสารได้ที่คู่มือการให้บริการประชาชน",
    ),
    (
        2568,
        250,
        "รถเก็บขยะเข้าหมู่ 5 วันไหน",
        "ย้ายมาอยู่ใหม่ อยากทราบวันที่รถเก็บขยะเข้ามาในซอย",
        "ผู้อยู่อาศัยใหม่",
        "รถเก็บขยะของเทศบาลเข้าหมู่ 5 ทุกวันอังคารและวันศุกร์ ตั้งแต่ 06.00 น. "
        "กรุณานำถุงขยะออกมาวางหน้าบ้านก่อนเวลาดังกล่าว",
    ),
    (
        2569,
        20,
        "ลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ",
        "คุณแม่จะอายุครบ 60 ปีในปีหน้า ต้องไปลงทะเบียนเมื่อไรและใช้เอกสารอะไร "
        "เลขบัตรประชาชนคุณแม่ 3-1001-00234-56-1",
        "ลูกสาวผู้สูงอายุ",
        "ผู้ที่จะอายุครบ 60 ปีในปีงบประมาณถัดไป ลงทะเบียนได้ที่สำนักปลัดเทศบาล "
        "ระหว่างเดือนตุลาคมถึงพฤศจิกายน ใช้สำเนาบัตรประจำตัวประชาชน "
        "สำเนาทะเบียนบ้าน และสมุดบัญชีเงินฝากธนาคาร",
    ),
    (
        2569,
        40,
        "ศูนย์บริการสาธารณสุขเปิดวันเสาร์หรือไม่",
        "ทำงานวันจันทร์ถึงศุกร์ อยากพาลูกไปรับวัคซีนวันเสาร์ได้ไหม",
        "",
        "ศูนย์บริการสาธารณสุขเทศบาลเปิดให้บริการวัคซีนเด็กทุกวันเสาร์ที่ 1 "
        "และ 3 ของเดือน เวลา 08.30 – 12.00 น. นำสมุดสุขภาพแม่และเด็กมาด้วย",
    ),
]


def _aware(day, hour):
    return datetime.combine(day, time(hour, 0), tzinfo=thai.BANGKOK)


def load_qa_demo(demo):
    """Fill and publish the board of ``demo`` (an ``OitDemo``)."""
    board = QuestionBoardPage.objects.descendant_of(demo.site.root_page).first()
    if board is None or board.live or board.first_published_at is not None:
        return
    settings = ChannelSettings.for_site(demo.site)
    settings.chat_url = "https://line.me/R/ti/p/" + facts.LINE_ID
    settings.chat_label = f"LINE {facts.LINE_ID}"
    settings.save()
    board.intro = (
        f"<p>ถามข้อสงสัยเกี่ยวกับบริการและการดำเนินงานของ{facts.NAME}ได้ที่นี่ "
        "เจ้าหน้าที่จะตอบภายใน 3 วันทำการ และเผยแพร่คำถามพร้อมคำตอบบนหน้านี้ "
        "เพื่อให้ผู้อื่นที่มีคำถามเดียวกันได้อ่านด้วย</p>"
    )
    demo.publish(board, "clerk_office")
    now = datetime.now(thai.BANGKOK)
    for fiscal_year, days, subject, question, name, answer in QUESTIONS:
        start, _end = thai.fiscal_year_bounds(fiscal_year)
        asked = min(_aware(start + timedelta(days=days), 9), now - timedelta(days=3))
        answered = asked + timedelta(days=1, hours=5)
        Question.objects.create(
            site=demo.site,
            page=board,
            subject=subject,
            question=question,
            display_name=name,
            answer=answer,
            status=QuestionStatus.PUBLISHED,
            answered_by=demo.admin,
            answered_at=answered,
            published_at=answered,
            created_at=asked,
        )
    Question.objects.create(
        site=demo.site,
        page=board,
        subject="ไฟกิ่งหน้าวัดดับ",
        question="ไฟกิ่งหน้าวัดดับมาหลายวันแล้ว จะมาซ่อมเมื่อไร",
        created_at=now - timedelta(days=1),
    )
    Question.objects.create(
        site=demo.site,
        page=board,
        subject="โฆษณาขายสินค้า",
        question="ขายสินค้าราคาถูก ติดต่อได้ที่ไลน์",
        status=QuestionStatus.REJECTED,
        rejection_reason="เป็นการโฆษณา ไม่ใช่คำถามเกี่ยวกับการดำเนินงานของเทศบาล",
        created_at=now - timedelta(days=10),
    )
