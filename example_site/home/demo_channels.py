"""The demo municipality's feedback and complaint channels (items 5.10, 5.11).

``load_channels_demo(site, stdout)`` publishes the three channel pages with
their content, fills the channel settings and the staff groups, and adds a
quarter (the 92 days up to today) of realistic cases and service ratings.
Names, phone numbers and e-mail addresses are invented; e-mail domains are
``example.com``. Safe to run again: existing cases and feedback are kept
unless ``reset`` is true.
"""

import random
import sys
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from example_site.home import demo_facts as facts
from ita_wagtail import thai
from ita_wagtail.criteria import available_criteria_sets
from ita_wagtail.models import ItaIndexPage, ResponsibleUnit, ServiceManualsPage
from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseChannel,
    CaseNote,
    CaseStatus,
    ChannelSettings,
    ComplaintPage,
    CorruptionComplaintPage,
    Feedback,
    FeedbackPage,
)
from ita_wagtail.setup import setup_ita_section

DAYS = 92
SEED = 2568
DOMAIN = facts.DOMAIN

FIRST_NAMES = [
    "สมชาย",
    "สมหญิง",
    "ประเสริฐ",
    "วันเพ็ญ",
    "บุญมี",
    "มาลี",
    "สุรชัย",
    "จันทร์เพ็ญ",
    "อำนาจ",
    "ศรีสุดา",
    "ทองใบ",
    "พิมพ์ใจ",
    "วิชัย",
    "นงลักษณ์",
    "เกษม",
    "รัตนา",
]
LAST_NAMES = [
    "ใจดี",
    "รักถิ่น",
    "มั่นคง",
    "ศรีสุข",
    "ทองคำ",
    "บุญเรือง",
    "แสงทอง",
    "พรหมมา",
    "สายบุญ",
    "คำแก้ว",
    "ชัยมงคล",
    "ปัญญาดี",
]
VILLAGES = [
    "หมู่ 1 บ้านหนองบัว",
    "หมู่ 2 บ้านโนนสูง",
    "หมู่ 3 บ้านดอนแดง",
    "หมู่ 4 บ้านท่าช้าง",
    "หมู่ 5 บ้านนาดี",
]


@dataclass
class Topic:
    category: str
    unit: str
    subject: str
    details: str
    reply: str
    note: str = ""


TOPICS = [
    Topic(
        CaseCategory.COMPLAINT,
        "engineering",
        "ไฟฟ้าส่องสว่างสาธารณะดับ",
        "ไฟถนนดับติดกัน {n} ต้น ตั้งแต่สัปดาห์ที่แล้ว ช่วงกลางคืนมืดมาก เด็กนักเรียนเดินกลับบ้านลำบาก",
        "กองช่างได้เปลี่ยนหลอดไฟและตรวจสอบสายไฟเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่องมา หากยังพบปัญหาโปรดแจ้งอีกครั้ง",
        "ประสานช่างไฟฟ้า นัดเข้าซ่อมพร้อมรถกระเช้า",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "engineering",
        "ถนนคอนกรีตชำรุดเป็นหลุมบ่อ",
        "ถนนในซอยชำรุดเป็นหลุมขนาดใหญ่ รถจักรยานยนต์ล้มแล้ว {n} ครั้ง ขอให้ซ่อมแซมโดยเร็ว",
        "กองช่างได้ซ่อมแซมผิวถนนด้วยแอสฟัลต์ติกคอนกรีตเป็นการชั่วคราวแล้ว และได้บรรจุการปรับปรุงถนนสายนี้ไว้ในแผนปีงบประมาณถัดไป",
        "ออกสำรวจแล้ว หลุมกว้างประมาณ 1 เมตร",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "public_health",
        "ไม่มีรถมาเก็บขยะตามกำหนด",
        "รถเก็บขยะไม่มาเก็บมา {n} รอบแล้ว ขยะล้นถังส่งกลิ่นเหม็นและมีสุนัขคุ้ยเขี่ย",
        "กองสาธารณสุขฯ ได้จัดรถเข้าเก็บขยะเพิ่มเติมแล้ว สาเหตุเกิดจากรถเก็บขยะเสียระหว่างซ่อมบำรุง ขณะนี้กลับมาเก็บตามตารางปกติ",
        "รถเก็บขยะคันที่ 2 เข้าอู่ซ่อม",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "engineering",
        "ท่อระบายน้ำอุดตัน น้ำท่วมขัง",
        "ฝนตกแต่ละครั้งน้ำท่วมขังหน้าบ้านนาน {n} ชั่วโมง ท่อระบายน้ำน่าจะอุดตัน",
        "กองช่างได้ลอกท่อระบายน้ำตลอดแนวซอยแล้ว และจะลอกท่อเป็นประจำก่อนฤดูฝนทุกปี",
        "",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "public_health",
        "สุนัขจรจัดจำนวนมาก",
        "มีสุนัขจรจัดประมาณ {n} ตัว ไล่กัดคนเดินผ่านไปมา เป็นอันตรายต่อเด็กและผู้สูงอายุ",
        "กองสาธารณสุขฯ ได้ประสานปศุสัตว์อำเภอ ฉีดวัคซีนป้องกันโรคพิษสุนัขบ้าและทำหมันสุนัขในพื้นที่แล้ว และจะติดตามต่อเนื่อง",
        "ประสานปศุสัตว์อำเภอ",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "clerk_office",
        "เสียงดังรบกวนจากร้านคาราโอเกะ",
        "ร้านคาราโอเกะเปิดเพลงเสียงดังถึงตีสองทุกคืน ติดต่อกันมา {n} วัน รบกวนการพักผ่อน",
        "เจ้าหน้าที่เทศกิจได้ตรวจสอบและตักเตือนผู้ประกอบการให้ลดเสียงและปิดตามเวลาที่กฎหมายกำหนดแล้ว หากยังพบปัญหาโปรดแจ้งอีกครั้ง",
        "ตรวจพื้นที่ช่วงกลางคืนร่วมกับตำรวจ",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "public_health",
        "กลิ่นเหม็นจากฟาร์มสุกร",
        "กลิ่นเหม็นจากฟาร์มสุกรรบกวนหมู่บ้านโดยเฉพาะช่วงเย็น มีแมลงวันจำนวนมาก",
        "กองสาธารณสุขฯ ได้ตรวจสอบและให้ฟาร์มปรับปรุงระบบบำบัดน้ำเสียและการจัดการมูลสุกรภายใน 30 วัน และจะตรวจซ้ำ",
        "",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "engineering",
        "ต้นไม้ใหญ่เอนเกือบล้มขวางทาง",
        "ต้นไม้ริมถนนเอียงเกือบล้ม กิ่งพาดสายไฟฟ้า เกรงจะล้มทับรถที่สัญจร",
        "กองช่างได้ตัดแต่งกิ่งไม้และประสานการไฟฟ้าส่วนภูมิภาคตรวจสอบสายไฟแล้ว",
        "ประสาน กฟภ. เพื่อดับไฟระหว่างตัดกิ่ง",
    ),
    Topic(
        CaseCategory.COMPLAINT,
        "public_health",
        "มีการเผาขยะในที่โล่ง",
        "เพื่อนบ้านเผาขยะและใบไม้ทุกเย็น ควันเข้าบ้าน เด็กเล็กมีอาการไอ",
        "เจ้าหน้าที่ได้ให้คำแนะนำและตักเตือนตามพระราชบัญญัติการสาธารณสุขแล้ว พร้อมแจ้งตารางรถเก็บขยะกิ่งไม้",
        "",
    ),
    Topic(
        CaseCategory.SUGGESTION,
        "engineering",
        "ขอติดตั้งไฟฟ้าส่องสว่างเพิ่ม",
        "ขอให้ติดตั้งไฟส่องสว่างเพิ่มบริเวณทางโค้งหน้าวัด ซึ่งมืดและเกิดอุบัติเหตุบ่อย",
        "เทศบาลได้บรรจุโครงการติดตั้งไฟฟ้าส่องสว่างบริเวณดังกล่าวไว้ในแผนพัฒนาท้องถิ่นแล้ว คาดว่าจะดำเนินการได้ในปีงบประมาณหน้า",
        "",
    ),
    Topic(
        CaseCategory.SUGGESTION,
        "public_health",
        "ขอเพิ่มรอบเก็บขยะช่วงเทศกาล",
        "ช่วงเทศกาลมีขยะมากกว่าปกติ ขอให้เพิ่มรอบเก็บขยะในตลาดสด",
        "กองสาธารณสุขฯ จะเพิ่มรอบเก็บขยะในตลาดสดเป็นวันละ 2 รอบในช่วงเทศกาล ขอบคุณสำหรับข้อเสนอแนะ",
        "",
    ),
    Topic(
        CaseCategory.SUGGESTION,
        "clerk_office",
        "ขอให้เปิดบริการชำระภาษีช่วงพักเที่ยง",
        "ผู้ทำงานประจำมาชำระภาษีไม่ทัน ขอให้เปิดบริการช่วงพักเที่ยงหรือวันเสาร์",
        "งานจัดเก็บรายได้จะเปิดให้บริการช่วงพักเที่ยงตลอดปี และเปิดวันเสาร์ในเดือนที่ครบกำหนดชำระภาษี และเพิ่มการชำระผ่าน QR code",
        "",
    ),
    Topic(
        CaseCategory.SUGGESTION,
        "education",
        "ขอให้ศูนย์พัฒนาเด็กเล็กมีกันสาดหน้าอาคาร",
        "ช่วงฝนตกผู้ปกครองรับส่งเด็กลำบาก ขอให้ทำกันสาดหรือหลังคาทางเดิน",
        "กองการศึกษาได้สำรวจและจะจัดทำหลังคาทางเดินด้วยงบประมาณปีนี้",
        "",
    ),
    Topic(
        CaseCategory.CORRUPTION,
        "legal",
        "เรียกรับเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง",
        "มีเจ้าหน้าที่เรียกรับเงิน {n},000 บาท เพื่อให้ใบอนุญาตก่อสร้างออกเร็วขึ้น โดยพูดว่าถ้าไม่จ่ายจะต้องรอหลายเดือน",
        "เทศบาลได้แต่งตั้งคณะกรรมการสอบข้อเท็จจริงแล้ว ผลการดำเนินการจะแจ้งให้ทราบเมื่อการสอบสวนเสร็จสิ้น ข้อมูลของท่านถูกเก็บเป็นความลับ",
        "เสนอนายกเทศมนตรีแต่งตั้งคณะกรรมการสอบข้อเท็จจริง",
    ),
    Topic(
        CaseCategory.CORRUPTION,
        "legal",
        "นำรถราชการไปใช้ธุระส่วนตัว",
        "พบรถยนต์ของเทศบาลจอดอยู่ที่ตลาดนัดวันอาทิตย์ ใช้ขนสินค้าส่วนตัว",
        "ได้ตรวจสอบบันทึกการใช้รถแล้ว พบการใช้รถไม่เป็นไปตามระเบียบ ได้ดำเนินการทางวินัยและกำชับการใช้รถราชการแล้ว",
        "ตรวจสมุดบันทึกการใช้รถและ GPS",
    ),
    Topic(
        CaseCategory.CORRUPTION,
        "legal",
        "ลงเวลาปฏิบัติงานแทนกัน",
        "มีพนักงานลงเวลามาทำงานแทนเพื่อนร่วมงานที่ไม่ได้มาปฏิบัติงาน",
        "",
        "",
    ),
]


def _pick_person(rng):
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    phone = "08" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    email = f"citizen{rng.randint(100, 999)}@example.com"
    kind = rng.random()
    if kind < 0.25:
        return "", "", ""  # anonymous
    if kind < 0.55:
        return name, phone, ""
    if kind < 0.75:
        return name, "", email
    return name, phone, email


def _aware(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), thai.BANGKOK)


def _publish_channel_pages(site, index):
    complaint = ComplaintPage.objects.child_of(index).first()
    corruption = CorruptionComplaintPage.objects.child_of(index).first()
    feedback = FeedbackPage.objects.child_of(index).first()
    # The clerk's office answers for 5.10 and 5.11 (the criteria set's unit).
    clerk_office = ResponsibleUnit.objects.filter(code="clerk_office").first()
    for page in (complaint, corruption, feedback):
        if page is not None and page.responsible_unit_id is None:
            page.responsible_unit = clerk_office
    phone_channels = [
        (
            "channel",
            {
                "kind": "phone",
                "name": "สำนักปลัดเทศบาล",
                "detail": f"โทร {facts.COMPLAINT_PHONE} (วันและเวลาราชการ)",
                "link": "",
            },
        ),
        (
            "channel",
            {
                "kind": "in_person",
                "name": "ศูนย์บริการร่วม ชั้น 1 สำนักงานเทศบาล",
                "detail": "จันทร์–ศุกร์ 08.30–16.30 น.",
                "link": "",
            },
        ),
        (
            "channel",
            {
                "kind": "letter",
                "name": "ไปรษณีย์",
                "detail": facts.POSTAL_ADDRESS,
                "link": "",
            },
        ),
        (
            "channel",
            {
                "kind": "social_media",
                "name": "LINE Official",
                "detail": facts.LINE_ID,
                "link": "",
            },
        ),
        (
            "channel",
            {
                "kind": "complaint_box",
                "name": "ตู้รับเรื่องร้องเรียน",
                "detail": "หน้าสำนักงานเทศบาลและตลาดสดเทศบาล",
                "link": "",
            },
        ),
    ]
    if complaint:
        complaint.intro = (
            "<p>แจ้งเรื่องร้องเรียน ร้องทุกข์ หรือข้อเสนอแนะเกี่ยวกับการให้บริการของเทศบาลได้ตลอด 24 ชั่วโมง "
            "ท่านจะได้รับรหัสติดตามเรื่องทันที และตรวจสอบความคืบหน้าได้ด้วยตนเอง</p>"
        )
        complaint.other_channels = phone_channels
        complaint.save_revision().publish()
    if corruption:
        # Complaints against staff go to the legal affairs unit, not to the
        # clerk's office that the general channel answers to.
        corruption.responsible_unit = ResponsibleUnit.objects.filter(
            code="legal"
        ).first()
        corruption.intro = (
            "<p>ช่องทางนี้แยกจากเรื่องร้องเรียนทั่วไป เพื่อคุ้มครองผู้แจ้งเบาะแส "
            "เรื่องจะถึงเฉพาะเจ้าหน้าที่ที่ได้รับมอบหมายเท่านั้น และท่านไม่จำเป็นต้องระบุชื่อ</p>"
        )
        corruption.save_revision().publish()
    if feedback:
        feedback.intro = (
            "<p>ความคิดเห็นของท่านช่วยให้เทศบาลปรับปรุงการให้บริการ "
            "โปรดให้คะแนนความพึงพอใจต่อบริการที่ได้รับ ใช้เวลาไม่ถึงหนึ่งนาที และไม่ต้องระบุตัวตน</p>"
        )
        feedback.other_channels = phone_channels[:2]
        feedback.save_revision().publish()
    return complaint, corruption, feedback


UNIT_CONTACTS = {
    code: (contact["phone"], contact["email"])
    for code, contact in facts.UNIT_CONTACTS.items()
}


def _unit_contacts():
    """Phone and e-mail of the units, where the demo has none yet."""
    for code, (phone, email) in UNIT_CONTACTS.items():
        unit = ResponsibleUnit.objects.filter(code=code).first()
        if unit is not None and not (unit.phone or unit.email):
            unit.phone, unit.email = phone, email
            unit.save()


def _settings(site):
    settings_ = ChannelSettings.for_site(site)
    settings_.notification_email = settings_.notification_email or facts.email(
        "saraban"
    )
    settings_.corruption_notification_email = (
        settings_.corruption_notification_email or f"integrity@{DOMAIN}"
    )
    settings_.controller_name = settings_.controller_name or facts.NAME
    dpo = facts.person("legal_officer")
    settings_.dpo_contact = settings_.dpo_contact or (
        f"เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล ({dpo['name']} {dpo['position']})\n"
        f"โทร {dpo['phone']}\nอีเมล {dpo['email']}"
    )
    settings_.save()
    return settings_


STAFF_GROUPS = {
    # The roles of docs/channels/staff-guide.th.md.
    "เรื่องร้องเรียน – รับเรื่อง (เห็นข้อมูลส่วนบุคคล)": [
        "view_case",
        "add_case",
        "change_case",
        "view_case_personal_data",
        "view_feedback",
    ],
    "เรื่องร้องเรียน – หน่วยงานผู้ดำเนินการ": ["view_case", "change_case"],
    "เรื่องร้องเรียน – การทุจริตและประพฤติมิชอบ": [
        "view_case",
        "change_case",
        "view_corruption_case",
        "view_case_personal_data",
    ],
    "เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (DPO)": ["view_personaldataaccess", "view_case"],
}


def ensure_staff_groups():
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name, codenames in STAFF_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="ita_wagtail", codename__in=codenames
        )
        group.permissions.add(access_admin, *permissions)


def _service_names(site):
    names = []
    for page in ServiceManualsPage.objects.descendant_of(site.root_page):
        names += [
            block.value.get("name")
            for block in page.services
            if block.value.get("name")
        ]
    return names or [
        "การจดทะเบียนพาณิชย์",
        "การขออนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร",
        "การชำระภาษีที่ดินและสิ่งปลูกสร้าง",
        "การลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุ",
        "การขออนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
    ]


def _make_cases(site, pages, settings_, rng, today):
    complaint_page, corruption_page, _feedback = pages
    units = ResponsibleUnit.objects.by_code()
    created = 0
    for offset in sorted(rng.sample(range(0, DAYS), 64), reverse=True):
        day = today - timedelta(days=offset)
        if day.weekday() == 6 and rng.random() < 0.6:
            continue  # fewer cases on Sundays
        topic = rng.choice(TOPICS)
        if topic.category == CaseCategory.CORRUPTION and rng.random() < 0.5:
            topic = rng.choice(TOPICS[:9])
        received_at = _aware(day, rng.randint(7, 21), rng.randint(0, 59))
        name, phone, email = _pick_person(rng)
        corruption = topic.category == CaseCategory.CORRUPTION
        web = rng.random() < 0.7 or corruption
        case = Case(
            site=site,
            page=(corruption_page if corruption else complaint_page) if web else None,
            category=topic.category,
            channel=CaseChannel.WEBSITE
            if web
            else rng.choice(
                [
                    CaseChannel.PHONE,
                    CaseChannel.IN_PERSON,
                    CaseChannel.LETTER,
                    CaseChannel.SOCIAL_MEDIA,
                ]
            ),
            subject=topic.subject,
            details=topic.details.format(n=rng.randint(2, 6)),
            location=f"{rng.choice(VILLAGES)} ซอย {rng.randint(1, 12)}",
            respondent="เจ้าหน้าที่งานพัฒนาและควบคุมอาคาร กองช่าง"
            if corruption and "ใบอนุญาต" in topic.subject
            else "",
            contact_name=name,
            contact_phone=phone,
            contact_email=email,
            received_at=received_at,
        )
        age = offset
        handled_after = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 18])
        if corruption:
            handled_after = rng.choice([12, 20, 25, 28, 35])
        # Some cases get stuck: those are the overdue ones on the dashboard.
        stuck = not topic.reply or rng.random() < 0.07
        if age >= 1:
            case.unit = units.get(topic.unit)
            case.status = CaseStatus.IN_PROGRESS
        if not stuck and age > handled_after:
            answered = received_at + timedelta(
                days=handled_after, hours=rng.randint(1, 6)
            )
            case.public_reply = topic.reply
            case.replied_at = answered
            case.answered_at = answered
            case.status = CaseStatus.ANSWERED
            if age > handled_after + 14 and rng.random() < 0.7:
                case.status = CaseStatus.CLOSED
                case.closed_at = answered + timedelta(days=rng.randint(3, 14))
        elif stuck and age > 5 and rng.random() < 0.5:
            case.public_reply = "ส่งเรื่องให้หน่วยงานที่รับผิดชอบแล้ว อยู่ระหว่างดำเนินการ"
            case.replied_at = received_at + timedelta(days=3)
        case.save()
        if case.unit_id and topic.note:
            CaseNote.objects.create(
                case=case,
                author_name="เจ้าหน้าที่สำนักปลัดเทศบาล",
                text=topic.note,
                created_at=received_at + timedelta(days=1, hours=2),
            )
        created += 1
    return created


def _make_feedback(site, feedback_page, rng, today):
    names = _service_names(site)
    weights = [5, 4, 3, 2, 1]
    created = []
    comments = [
        "เจ้าหน้าที่ให้บริการดี ยิ้มแย้มแจ่มใส",
        "รอคิวนานเกินไป ควรมีบัตรคิว",
        "ขั้นตอนชัดเจน ใช้เวลาไม่นาน",
        "อยากให้ชำระเงินผ่าน QR code ได้",
        "ที่จอดรถไม่เพียงพอ",
        "",
        "",
        "",
    ]
    for offset in range(DAYS):
        day = today - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for _n in range(rng.randint(0, 3)):
            rating = rng.choices(weights, weights=[45, 35, 12, 6, 2])[0]
            created.append(
                Feedback(
                    site=site,
                    page=feedback_page,
                    service_name=rng.choice([*names, ""]),
                    rating=rating,
                    comment=rng.choice(comments)
                    if rating >= 3
                    else rng.choice(comments[1:5]),
                    submitted_at=_aware(day, rng.randint(8, 16), rng.randint(0, 59)),
                )
            )
    Feedback.objects.bulk_create(created)
    return len(created)


def load_channels_demo(site, stdout=None, reset=False, today=None):
    """Channel pages, settings, staff groups and a quarter of cases and ratings."""
    stdout = stdout or sys.stdout
    today = today or thai.today()
    rng = random.Random(SEED)
    with transaction.atomic():
        index = ItaIndexPage.objects.descendant_of(
            site.root_page, inclusive=True
        ).first()
        if index is None or not (
            ComplaintPage.objects.descendant_of(index).exists()
            and FeedbackPage.objects.descendant_of(index).exists()
        ):
            setup_ita_section(site)
            # The general complaints channel is an item of the 2562 measure,
            # not of the OIT lists: the municipality keeps it whichever list
            # it answers this year (switching lists keeps every page).
            measure = available_criteria_sets().get("ita-2562")
            if measure is not None:
                setup_ita_section(site, criteria_set=measure)
            index = ItaIndexPage.objects.descendant_of(
                site.root_page, inclusive=True
            ).first()
        if not index.live:
            index.save_revision().publish()
        pages = _publish_channel_pages(site, index)
        settings_ = _settings(site)
        _unit_contacts()
        ensure_staff_groups()
        if reset:
            Case.objects.filter(site=site).delete()
            Feedback.objects.filter(site=site).delete()
        cases = feedback = 0
        if not Case.objects.filter(site=site).exists():
            cases = _make_cases(site, pages, settings_, rng, today)
        if not Feedback.objects.filter(site=site).exists():
            feedback = _make_feedback(site, pages[2], rng, today)
    stdout.write(
        f"Channels: {cases} cases and {feedback} service ratings added "
        f"({Case.objects.filter(site=site).count()} cases in all).\n"
    )
    return cases, feedback
