"""The facts of the one demo municipality, เทศบาลตำบลตัวอย่าง.

Name, address, telephone, people and units are defined here once; every demo
loader (pages, procurement, channels, compliance settings) and the texts of
``demo_data/municipality.toml`` (through its placeholders) take them from
here, so that the executives page, the signatures on the quarterly report,
the channel pages and the site's footer (``templates/base.html``) name the
same people and the same numbers. ``tests/test_demo.py`` checks that they do.

Everything is fictional: the people, numbers and addresses are made up.
"""

from __future__ import annotations

NAME = "เทศบาลตำบลตัวอย่าง"
DOMAIN = "example-municipality.go.th"
MAIN_PHONE = "0 2123 4567"
FAX = "0 2123 4568"
POSTCODE = "10000"
#: The office's address, as the footer of every page prints it.
ADDRESS = f"99 หมู่ 1 ถนนตัวอย่าง ตำบลตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง {POSTCODE}"
LINE_ID = "@example-muni"


def extension(number: int) -> str:
    """An extension of the main line: ``0 2123 4567 ต่อ 104``."""
    return f"{MAIN_PHONE} ต่อ {number}"


def email(box: str) -> str:
    return f"{box}@{DOMAIN}"


MUNICIPALITY = {
    "name": NAME,
    "short_name": "ทต.ตัวอย่าง",
    "district": "อำเภอเมือง",
    "province": "จังหวัดตัวอย่าง",
    "domain": DOMAIN,
    "address": ADDRESS,
    "postcode": POSTCODE,
    "main_phone": MAIN_PHONE,
    "fax": FAX,
    "email": email("saraban"),
    "office_hours": (
        "วันจันทร์ – วันศุกร์ เวลา 08.30 – 16.30 น. (เว้นวันหยุดราชการ) "
        "ศูนย์บริการร่วมเปิดให้บริการช่วงพักเที่ยง"
    ),
    "latitude": "15.870032",
    "longitude": "100.992541",
    "population": "8,214",
    "households": "3,106",
    "area": "24.6",
    "villages": "11",
}

#: The responsible units' extensions and mailboxes (units seeded by ita_setup).
UNIT_CONTACTS = {
    "clerk_office": {"phone": extension(104), "email": email("clerk.office")},
    "finance": {"phone": extension(105), "email": email("finance")},
    "engineering": {"phone": extension(106), "email": email("engineering")},
    "education": {"phone": extension(107), "email": email("education")},
    "public_health": {"phone": extension(108), "email": email("health")},
    "legal": {"phone": extension(109), "email": email("legal")},
}


def _person(key, name, position, wing, ext, box, colour, unit=""):
    person = {
        "key": key,
        "name": name,
        "position": position,
        "wing": wing,
        "phone": extension(ext),
        "email": email(box),
        "colour": colour,
    }
    if unit:
        person["unit"] = unit
    return person


#: The executives page, in its order: both wings. ``unit`` is the
#: ResponsibleUnit code a person heads.
PEOPLE = [
    _person(
        "mayor",
        "นายประเสริฐ วงศ์ไพบูลย์",
        "นายกเทศมนตรีตำบลตัวอย่าง",
        "political",
        101,
        "mayor",
        "#1d4e89",
    ),
    _person(
        "deputy_mayor_1",
        "นางสาวกนกวรรณ ศรีสุข",
        "รองนายกเทศมนตรี คนที่ 1",
        "political",
        111,
        "deputy1",
        "#2a6f97",
    ),
    _person(
        "deputy_mayor_2",
        "นายธนากร บุญมา",
        "รองนายกเทศมนตรี คนที่ 2",
        "political",
        112,
        "deputy2",
        "#468faf",
    ),
    _person(
        "mayor_secretary",
        "นายวีระพงษ์ แก้วมณี",
        "เลขานุการนายกเทศมนตรี",
        "political",
        113,
        "secretary",
        "#61a5c2",
    ),
    _person(
        "council_president",
        "นายสมบัติ ทองดี",
        "ประธานสภาเทศบาลตำบลตัวอย่าง",
        "political",
        120,
        "council",
        "#5e548e",
    ),
    _person(
        "council_vice_president",
        "นางบุญเรือน คำแสง",
        "รองประธานสภาเทศบาลตำบลตัวอย่าง",
        "political",
        120,
        "council",
        "#9f86c0",
    ),
    _person(
        "clerk",
        "นางสาววิไลวรรณ จันทร์เพ็ญ",
        "ปลัดเทศบาล",
        "permanent",
        102,
        "clerk",
        "#386641",
    ),
    _person(
        "deputy_clerk",
        "นายอนุชา พรหมวงศ์",
        "รองปลัดเทศบาล",
        "permanent",
        103,
        "deputy.clerk",
        "#6a994e",
    ),
    _person(
        "head_clerk_office",
        "นางพรทิพย์ สุวรรณรัตน์",
        "หัวหน้าสำนักปลัดเทศบาล",
        "permanent",
        104,
        "clerk.office",
        "#a7c957",
        unit="clerk_office",
    ),
    _person(
        "head_finance",
        "นางสุภาพร มีสุข",
        "ผู้อำนวยการกองคลัง",
        "permanent",
        105,
        "finance",
        "#bc6c25",
        unit="finance",
    ),
    _person(
        "head_engineering",
        "นายณัฐพล ศักดิ์สิทธิ์",
        "ผู้อำนวยการกองช่าง",
        "permanent",
        106,
        "engineering",
        "#dda15e",
        unit="engineering",
    ),
    _person(
        "head_education",
        "นางจิราพร ดวงแก้ว",
        "ผู้อำนวยการกองการศึกษา",
        "permanent",
        107,
        "education",
        "#c1121f",
        unit="education",
    ),
    _person(
        "head_public_health",
        "นายกิตติศักดิ์ รุ่งเรือง",
        "ผู้อำนวยการกองสาธารณสุขและสิ่งแวดล้อม",
        "permanent",
        108,
        "health",
        "#588157",
        unit="public_health",
    ),
]

#: Staff who sign or answer for something without being on the executives
#: page: the legal officer writes the quarterly monitoring report (section
#: 7.2 of the measure) and is the data protection officer.
STAFF = {
    "legal_officer": {
        "name": "นางสาวศิริพร แก้วประเสริฐ",
        "position": "นิติกรชำนาญการ",
        "unit": "legal",
        "phone": UNIT_CONTACTS["legal"]["phone"],
        "email": email("dpo"),
    },
}


def person(key: str) -> dict:
    """Someone on the executives page, or one of ``STAFF``."""
    for each in PEOPLE:
        if each["key"] == key:
            return each
    return STAFF[key]


def unit_head(unit_code: str) -> dict | None:
    """The person who heads a responsible unit, if the executives page names one."""
    for each in PEOPLE:
        if each.get("unit") == unit_code:
            return each
    return None


MAYOR = person("mayor")
#: The three signatures of the quarterly report (ITA monitoring settings).
SIGNATORIES = {
    "reporting_officer": STAFF["legal_officer"],
    "clerk": person("head_clerk_office"),
    "executive": MAYOR,
}

#: How to reach the clerk's office, which receives complaints: the channel
#: pages and the footer give the same numbers.
COMPLAINT_PHONE = UNIT_CONTACTS["clerk_office"]["phone"]
POSTAL_ADDRESS = f"{MAYOR['position']} {ADDRESS}"


def placeholders() -> dict:
    """Values the texts of ``municipality.toml`` may use as ``{name}``."""
    values = dict(MUNICIPALITY)
    values.update(
        mayor=MAYOR["name"],
        mayor_position=MAYOR["position"],
        line_id=LINE_ID,
    )
    for code, contact in UNIT_CONTACTS.items():
        values[f"phone_{code}"] = contact["phone"]
    return values
