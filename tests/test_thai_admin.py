"""ita_wagtail.contrib.thai_admin: the Wagtail admin a clerk uses reads in Thai.

Coverage is measured over the msgids of the installed Wagtail's apps behind
the clerk's screens, with Wagtail's own Thai alone and merged with this
app's catalogue; the screens are rendered in Thai for a logged-in superuser.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.timesince import timesince
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from ita_wagtail.contrib.thai_admin import catalogue, jsi18n

# What the merged catalogue reaches over the clerk apps of Wagtail 8.0 and
# 7.4 (docs/thai-admin.md). A new Wagtail release with new messages fails
# this until `manage.py thai_admin_catalogue --update` and the translations.
MIN_COVERAGE = 100.0

PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")

# English Wagtail left on the clerk's screens before, and the Thai now used.
ENGLISH_LEFT = [
    "Reports",
    "Help",
    "Search all pages…",
    "Editor Guide",
    "Profile",
    "Notifications",
    "Name and Email",
    "Theme preferences",
]
ENGLISH_COUNTS = re.compile(r"^\d+ (Pages?|Documents?|Images?)$")
ODD_THAI = ["เซฟ", "โปรโมท", "ดาวโหลด", "เกบ", "แว็กเทล", "เว็บไซด์", "หลายหน้า"]


def _placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def _entries(domain):
    return [entry for entry in catalogue.own_catalogue(domain) if entry.msgid]


# -- the catalogue ----------------------------------------------------------


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_merged_catalogue_covers_the_clerk_screens(domain):
    result = catalogue.coverage(domain)
    assert result.total > (1000 if domain == "django" else 50)
    # Wagtail's own Thai covers well under half of these messages...
    assert result.wagtail_percent < 50
    # ...merged with this app's catalogue, all of them.
    assert result.merged_percent >= MIN_COVERAGE, (
        f"{len(result.untranslated)} untranslated, e.g. {result.untranslated[:5]}: "
        "run `manage.py thai_admin_catalogue --update` and translate them"
    )


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_msgfmt_counts_every_message_translated_and_checks_formats(domain, tmp_path):
    po = catalogue.LOCALE / f"{domain}.po"
    completed = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "out.mo"), str(po)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr.strip() == f"{len(_entries(domain))} translated messages."


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_every_placeholder_is_kept(domain):
    broken = []
    for entry in _entries(domain):
        if entry.msgid_plural:
            # Thai has one form, which receives the plural's arguments.
            assert list(entry.msgstr_plural) == [0], entry.msgid
            expected, text = entry.msgid_plural, entry.msgstr_plural[0]
        else:
            expected, text = entry.msgid, entry.msgstr
        if _placeholders(text) != _placeholders(expected):
            broken.append((entry.msgid, text))
    assert broken == []


@pytest.mark.parametrize("domain", catalogue.DOMAINS)
def test_catalogue_is_thai_with_one_plural_form_and_compiled(domain):
    po = catalogue.own_catalogue(domain)
    assert po.metadata["Language"] == "th"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural[0] for e in po}
    mo = polib.mofile(str(catalogue.LOCALE / f"{domain}.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural[0] for e in mo}
    assert compiled == source, "recompile: manage.py thai_admin_catalogue --compile"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext not installed"
)
def test_make_messages_leaves_the_catalogue_alone(tmp_path):
    """`make messages` runs makemessages over ita_wagtail, which writes a
    file's strings into the nearest locale directory: were there any in this
    app's code, its catalogue would lose Wagtail's messages."""
    app = Path(catalogue.__file__).resolve().parents[2]
    copy = tmp_path / "ita_wagtail"
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "th", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(app.parent),
        },
    )
    po = catalogue.LOCALE.relative_to(app) / "django.po"
    assert (copy / po).read_bytes() == (app / po).read_bytes()


def test_time_spans_of_listings_and_reports_are_thai():
    # Django's Thai lacks them; Wagtail shows "4 months ago" in its reports.
    now = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)
    with translation.override("th"):
        assert timesince(now - datetime.timedelta(days=125), now) == "4\xa0เดือน"
        assert timesince(now - datetime.timedelta(hours=3), now) == "3\xa0ชั่วโมง"


def test_app_order_check_warns_when_wagtail_comes_first(monkeypatch):
    assert jsi18n.check_app_order() == []
    configs = [
        SimpleNamespace(name=name)
        for name in ["wagtail.admin", jsi18n.APP_NAME, "wagtail"]
    ]
    monkeypatch.setattr(jsi18n.apps, "get_app_configs", lambda: configs)
    assert [warning.id for warning in jsi18n.check_app_order()] == [
        "ita_thai_admin.W001"
    ]


# -- the screens --------------------------------------------------------------


class _VisibleStrings(HTMLParser):
    """Text nodes, labels a screen reader or a tooltip shows, and the strings
    of JSON props (the sidebar is rendered from them)."""

    ATTRIBUTES = {"placeholder", "aria-label", "title", "alt"}

    def __init__(self):
        super().__init__()
        self.strings = []
        self._skip = 0
        self._json = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.strings += [
            v.strip() for k, v in attrs.items() if k in self.ATTRIBUTES and v
        ]
        if tag in ("script", "style", "template"):
            if tag == "script" and attrs.get("type") == "application/json":
                self._json = []
            else:
                self._skip += 1

    def handle_endtag(self, tag):
        if tag == "script" and self._json is not None:
            self._collect(json.loads("".join(self._json)))
            self._json = None
        elif tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._json is not None:
            self._json.append(data)
        elif not self._skip and data.strip():
            self.strings.append(" ".join(data.split()))

    def _collect(self, value):
        if isinstance(value, str):
            self.strings.append(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                self._collect(item)
        elif isinstance(value, list):
            for item in value:
                self._collect(item)


def visible_strings(response):
    assert response.status_code == 200
    parser = _VisibleStrings()
    parser.feed(response.content.decode())
    return parser.strings


def english_left(strings):
    return sorted(
        {s for s in strings if s in ENGLISH_LEFT or ENGLISH_COUNTS.match(s)}
        | {s for s in strings if "editor guide" in s.lower()}
    )


def odd_thai(strings):
    return sorted({s for s in strings for word in ODD_THAI if word in s})


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "thai-admin", "thai-admin@example.go.th", "pass-for-tests"
    )


@pytest.fixture
def thai_admin(client, superuser, ita_section):
    client.force_login(superuser)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "th"
    for number in (1, 2):
        get_document_model().objects.create(
            title=f"ประกาศ {number}",
            file=ContentFile(b"%PDF-1.4\n", name=f"notice-{number}.pdf"),
        )
    get_image_model().objects.create(
        title="ภาพสำนักงาน", file=get_test_image_file("office.png")
    )
    return client


def test_dashboard_sidebar_and_summary_are_thai(thai_admin):
    strings = visible_strings(thai_admin.get(reverse("wagtailadmin_home")))
    assert english_left(strings) == []
    assert odd_thai(strings) == []
    for thai in ["รายงาน", "ช่วยเหลือ", "ค้นหาทุกหน้า…", "คู่มือผู้แก้ไขเนื้อหา"]:
        assert thai in strings or any(s.startswith(thai) for s in strings), thai
    assert "2 เอกสาร" in strings and "1 รูปภาพ" in strings
    assert any(re.fullmatch(r"\d+ หน้า", s) for s in strings)
    # The reports menu: Wagtail's own reports, named in Thai.
    for thai in ["หน้าที่ไม่ได้ปรับปรุงนาน", "หน้าที่ถูกล็อก", "ประวัติการดำเนินการในเว็บไซต์"]:
        assert thai in strings, thai


def test_page_explorer_is_thai(thai_admin, site_root):
    strings = visible_strings(
        thai_admin.get(reverse("wagtailadmin_explore", args=[site_root.pk]))
    )
    assert english_left(strings) == [] and odd_thai(strings) == []
    for thai in ["ประเภท", "สถานะ", "เพิ่มหน้าย่อย", "การดำเนินการ"]:
        assert thai in strings, thai


def test_page_editor_is_thai(thai_admin, site_root):
    page = site_root.get_children().first()
    strings = visible_strings(
        thai_admin.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    )
    assert english_left(strings) == [] and odd_thai(strings) == []
    # The tabs, the action menu and the side panels.
    for thai in ["เนื้อหา", "การนำเสนอ", "บันทึกฉบับร่าง", "เผยแพร่", "ดูตัวอย่าง"]:
        assert thai in strings, thai
    assert "Promote" not in strings and "Save draft" not in strings


def test_documents_and_images_listings_are_thai(thai_admin):
    documents = visible_strings(thai_admin.get(reverse("wagtaildocs:index")))
    images = visible_strings(thai_admin.get(reverse("wagtailimages:index")))
    for strings in (documents, images):
        assert english_left(strings) == [] and odd_thai(strings) == []
    assert "เพิ่มเอกสาร" in documents and "Add a document" not in documents
    assert "เพิ่มรูปภาพ" in images and "เรียงตาม" in images


def test_reports_are_thai_with_the_download_named_properly(thai_admin):
    strings = visible_strings(
        thai_admin.get(reverse("wagtailadmin_reports:aging_pages"))
    )
    assert english_left(strings) == [] and odd_thai(strings) == []
    assert "หน้าที่ไม่ได้ปรับปรุงนาน" in strings
    assert "ดาวน์โหลด CSV" in strings
    for name in [
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:site_history",
    ]:
        strings = visible_strings(thai_admin.get(reverse(name)))
        assert english_left(strings) == [] and odd_thai(strings) == []


def test_account_page_is_thai(thai_admin):
    strings = visible_strings(thai_admin.get(reverse("wagtailadmin_account")))
    assert english_left(strings) == [] and odd_thai(strings) == []
    for thai in ["โปรไฟล์", "การแจ้งเตือน", "ชื่อและอีเมล", "การตั้งค่าธีม", "บันทึก"]:
        assert thai in strings, thai


def test_admin_javascript_catalogue_serves_this_apps_thai(thai_admin):
    response = thai_admin.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    text = response.content.decode()
    start = text.index("{", text.index("newcatalog ="))
    translations, _end = json.JSONDecoder().raw_decode(text, start)
    # Wagtail has no Thai for these; its "Save" read "เซฟ,เก็บข้อมูล".
    assert translations["Main menu"] == "เมนูหลัก"
    assert translations["Dashboard"] == "แดชบอร์ด"
    assert translations["Save"] == "บันทึก"
    assert translations["%(num)s error"] == ["ข้อผิดพลาด %(num)s รายการ"]
    assert not [v for v in translations.values() if "เซฟ" in str(v)]
