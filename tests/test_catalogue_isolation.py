"""This app's Thai catalogue does not change the Thai of Wagtail's and Django's screens.

Django merges the Thai catalogues of every installed app into one, and the
apps listed first win. ``ita_wagtail`` comes before the Wagtail apps, so any
message it translates without a context (``msgctxt``) is also the Thai of the
same message on Wagtail's and Django's own screens. Where this app means
something narrower (a unit's "name", a report's "Yes, delete it", a news
item's "Published" date), its uses carry a context; a message it shares
without a context must read exactly as those screens should read it: the
translation of ``ita_wagtail.contrib.thai_admin`` where it has one, else that
of Wagtail's or Django's own Thai catalogues.
"""

import datetime
from pathlib import Path

import django
import polib
import pytest
import wagtail
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from ita_wagtail.models import ComplianceSnapshot, ResponsibleUnit

APP = Path(__file__).resolve().parent.parent / "ita_wagtail"
OWN = APP / "locale" / "th" / "LC_MESSAGES" / "django.po"
THAI_ADMIN = (
    APP / "contrib" / "thai_admin" / "locale" / "th" / "LC_MESSAGES" / "django.po"
)

WAGTAIL = Path(wagtail.__file__).resolve().parent
DJANGO = Path(django.__file__).resolve().parent

# Messages no Wagtail or Django catalogue translates into Thai, which this app
# translates in their ordinary, general sense: Wagtail's and Django's screens
# that use them read this Thai rather than English. Each is listed with its
# Thai, so that giving one an ITA-specific meaning fails here.
SHARED_UNTRANSLATED_ELSEWHERE = {
    "Description": "รายละเอียด",
    "Error": "ข้อผิดพลาด",
    "Error:": "ข้อผิดพลาด:",
    "Last updated": "ปรับปรุงล่าสุด",
    "Month": "เดือน",
}


def _catalogues(language):
    """Every Wagtail and Django catalogue of ``language`` (domain django)."""
    pattern = f"**/locale/{language}/LC_MESSAGES/django.po"
    return [
        *sorted(WAGTAIL.glob(pattern)),
        *sorted((DJANGO / "contrib").glob(pattern)),
        DJANGO / "conf" / "locale" / language / "LC_MESSAGES" / "django.po",
    ]


def _translation(entry):
    if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
        return ""
    if entry.msgid_plural:
        return entry.msgstr_plural.get(0, "")
    return entry.msgstr


def _upstream_msgids():
    keys = set()
    for language in ("en", "th"):
        for path in _catalogues(language):
            if path.exists():
                keys |= {
                    (e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.msgid
                }
    return keys


def _thai_in_merge_order():
    """The Thai catalogues Wagtail's screens read, the winning one first.

    As Django merges them without this app's own catalogue: thai_admin, the
    installed Wagtail and Django apps in INSTALLED_APPS order, the catalogues
    of Wagtail and Django apps not installed here (a site may install them),
    then Django's own.
    """
    conf = DJANGO / "conf" / "locale" / "th" / "LC_MESSAGES" / "django.po"
    ordered = [THAI_ADMIN]
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale" / "th" / "LC_MESSAGES" / "django.po"
        if config.name.startswith(("wagtail", "django.contrib")) and path.exists():
            ordered.append(path.resolve())
    for path in _catalogues("th"):
        if path.exists() and path.resolve() not in ordered and path != conf:
            ordered.append(path.resolve())
    ordered.append(conf)
    return ordered


def _screen_thai():
    """(msgctxt, msgid) → the Thai Wagtail's and Django's screens should show."""
    thai = {}
    for path in reversed(_thai_in_merge_order()):
        for entry in polib.pofile(str(path)):
            if text := _translation(entry):
                thai[(entry.msgctxt, entry.msgid)] = text
    return thai


def collisions():
    upstream = _upstream_msgids()
    screen = _screen_thai()
    found = []
    for entry in polib.pofile(str(OWN)):
        key = (entry.msgctxt, entry.msgid)
        if entry.msgctxt is not None or key not in upstream:
            continue
        ours = _translation(entry)
        expected = screen.get(key, SHARED_UNTRANSLATED_ELSEWHERE.get(entry.msgid))
        if ours != expected:
            found.append(f"{entry.msgid!r}: ours {ours!r}, Wagtail/Django {expected!r}")
    return found


def test_no_context_free_message_changes_the_thai_of_wagtail_or_django_screens():
    found = collisions()
    assert found == [], (
        f"{len(found)} messages of this app's Thai catalogue, translated without "
        "a context, would replace Wagtail's or Django's own Thai: give this app's "
        "uses a context (pgettext / {% translate ... context ... %}) or use the "
        "same Thai:\n" + "\n".join(found)
    )


def test_the_check_sees_wagtail_django_and_thai_admin_translations():
    upstream = _upstream_msgids()
    screen = _screen_thai()
    assert (None, "name") in upstream and (None, "Yes, delete it") in upstream
    assert (None, "Published") in upstream
    assert screen[(None, "Yes, delete it")] == "ใช่ ลบเลย"
    assert screen[(None, "name")] == "ชื่อ"


def test_this_apps_own_meanings_are_kept_under_a_context():
    own = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(OWN))}
    assert own[("responsible unit", "name")] == "ชื่อหน่วยงาน"
    assert own[("quarterly report", "Yes, delete it")] == "ใช่ ลบรายงาน"
    assert own[("publication date", "Published")] == "วันที่เผยแพร่"
    with translation.override("th"):
        assert str(ResponsibleUnit._meta.get_field("name").verbose_name) == "ชื่อหน่วยงาน"


# -- the screens -------------------------------------------------------------


@pytest.fixture
def thai_admin(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser(
            "catalogue", "catalogue@example.go.th", "pass-for-tests"
        )
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "th"
    return client


@pytest.mark.django_db
def test_wagtail_collection_form_labels_its_name_as_wagtail_does(thai_admin):
    response = thai_admin.get(reverse("wagtailadmin_collections:add"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_name"' in html
    label = html.split('for="id_name"', 1)[1].split("</label>", 1)[0]
    assert "ชื่อ" in label
    assert "ชื่อหน่วยงาน" not in html


@pytest.mark.django_db
def test_wagtail_page_delete_confirmation_reads_as_thai_admin(thai_admin, site_root):
    page = site_root.add_child(instance=type(site_root)(title="หน้าทดลองลบ"))
    response = thai_admin.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "ใช่ ลบเลย" in html
    assert "ใช่ ลบรายงาน" not in html


@pytest.mark.django_db
def test_responsible_unit_listing_keeps_the_ita_wording(thai_admin):
    ResponsibleUnit.objects.create(name="กองคลัง")
    response = thai_admin.get(
        reverse("wagtailsnippets_ita_wagtail_responsibleunit:list")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "กองคลัง" in html
    assert "ชื่อหน่วยงาน" in html


@pytest.mark.django_db
def test_quarterly_report_delete_keeps_the_ita_wording(thai_admin, default_site):
    snapshot = ComplianceSnapshot.objects.create(
        site=default_site,
        fiscal_year=2568,
        quarter=1,
        criteria_set="ita-2568",
        as_of=datetime.date(2025, 1, 2),
        score=90,
        ok_count=10,
        item_count=11,
        stale_count=0,
        data={},
    )
    response = thai_admin.get(
        reverse("ita_quarterly_reports:delete", args=[snapshot.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ใช่ ลบรายงาน" in html
    assert "ใช่ ลบเลย" not in html
