"""``manage.py ita_setup``: drafts for every item, idempotent, clear errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Page, Site

from ita_wagtail import models as ita
from ita_wagtail.criteria import default_criteria_set

from .factories import add_child, default_site

pytestmark = pytest.mark.django_db

# index, 5.1 + six parts, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7 + plan and summary, 5.8,
# 5.9, 5.10, 5.11 (general and corruption complaints)
EXPECTED_PAGES = 21


def run(*args):
    out = StringIO()
    call_command("ita_setup", *args, stdout=out)
    return out.getvalue()


def ita_pages():
    index = ita.ItaIndexPage.objects.first()
    if index is None:
        return Page.objects.none()
    return Page.objects.descendant_of(index, inclusive=True)


def test_creates_one_draft_per_item_and_part():
    output = run()
    pages = ita_pages()
    assert pages.count() == EXPECTED_PAGES
    assert not pages.filter(live=True).exists(), "setup must never publish"
    served = {
        page.specific_class.ita_kind
        for page in pages
        if getattr(page.specific_class, "ita_kind", "")
    }
    expected = {"org_structure", "executives", "authority_duties", "development_plan"}
    expected |= {"contact", "related_laws", "news", "integrity_declaration"}
    expected |= {"annual_plan", "plan_progress", "annual_report"}
    expected |= {"procurement_records", "procurement_plan", "procurement_summary"}
    expected |= {"operating_manuals", "service_manuals"}
    expected |= {"feedback_channel", "complaint_channel"}
    expected |= {"corruption_complaint_channel"}
    assert served == expected
    # Every page the registry can be served by today got a page of its own.
    assert served <= set(default_criteria_set().kinds())
    assert "21" in output
    assert ita.ExecutivesPage.objects.get().title == "ข้อมูลผู้บริหาร"
    assert ita.ItaIndexPage.objects.get().url_path.endswith("/ita/")


def test_second_run_creates_nothing():
    run()
    before = list(ita_pages().values_list("pk", "title", "path"))
    output = run()
    assert list(ita_pages().values_list("pk", "title", "path")) == before
    assert "0" in output.splitlines()[-1]


def test_missing_pages_are_recreated_and_existing_kept():
    run()
    ita.ContactPage.objects.get().delete()
    executives = ita.ExecutivesPage.objects.get()
    executives.title = "คณะผู้บริหารเทศบาล"
    executives.save_revision().publish()
    run()
    assert ita.ContactPage.objects.count() == 1
    assert ita.ExecutivesPage.objects.get().title == "คณะผู้บริหารเทศบาล"
    assert ita_pages().count() == EXPECTED_PAGES


def test_dry_run_writes_nothing():
    units_before = ita.ResponsibleUnit.objects.count()
    output = run("--dry-run")
    assert ita_pages().count() == 0
    assert ita.ResponsibleUnit.objects.count() == units_before
    assert str(EXPECTED_PAGES) in output


def test_seeds_the_units_the_criteria_name():
    ita.ResponsibleUnit.objects.all().delete()
    run()
    names = set(ita.ResponsibleUnit.objects.values_list("name", flat=True))
    assert {"สำนักปลัดเทศบาล", "กองคลัง", "กองช่าง", "งานนิติการ"} <= names
    legal = ita.ResponsibleUnit.objects.get(code="legal")
    assert legal.parent.code == "clerk_office"


def test_site_by_hostname_and_parent_page():
    root = Page.get_first_root_node()
    other_home = add_child(root, Page(title="อีกเว็บไซต์", slug="other"))
    Site.objects.create(hostname="other.example", root_page=other_home)
    section = add_child(other_home, Page(title="ข้อมูลสาธารณะ", slug="data"))
    run("--site", "other.example", "--parent", str(section.pk))
    index = ita.ItaIndexPage.objects.get()
    assert index.get_parent().pk == section.pk
    # The default site is untouched.
    assert not ita.ItaIndexPage.objects.descendant_of(default_site().root_page).exists()


def test_unknown_site_is_a_clear_error():
    with pytest.raises(CommandError, match="nope.example"):
        run("--site", "nope.example")
    with pytest.raises(CommandError, match="987"):
        run("--site", "987")


def test_unknown_or_foreign_parent_is_a_clear_error():
    with pytest.raises(CommandError, match="424242"):
        run("--parent", "424242")
    root = Page.get_first_root_node()
    elsewhere = add_child(root, Page(title="หน้าอื่น", slug="elsewhere"))
    with pytest.raises(CommandError, match=str(elsewhere.pk)):
        run("--parent", str(elsewhere.pk))
    assert ita_pages().count() == 0


def test_parent_that_cannot_hold_the_index_is_refused():
    run()
    executives = ita.ExecutivesPage.objects.get()
    with pytest.raises(CommandError, match=str(executives.pk)):
        run("--parent", str(executives.pk))


@pytest.mark.parametrize("site_language", ["en-us", "th"])
def test_titles_are_thai_by_default_whatever_the_site_language(site_language):
    # A management command runs in LANGUAGE_CODE: on a site still set to
    # English, the section must not be created with English titles (a
    # second run keeps whatever the first one made).
    with translation.override(site_language):
        run()
    assert ita.ExecutivesPage.objects.get().title == "ข้อมูลผู้บริหาร"
    assert ita.ItaIndexPage.objects.get().title == "การเปิดเผยข้อมูลสาธารณะ (ITA)"


def test_titles_in_english_on_request():
    with translation.override("th"):
        run("--language", "en")
    assert ita.ExecutivesPage.objects.get().title == "Executives"
    assert ita.ItaIndexPage.objects.get().title == "Public disclosure (ITA)"


def test_unknown_language_is_a_clear_error_and_creates_nothing():
    with pytest.raises(CommandError, match="fr"):
        run("--language", "fr")
    assert ita_pages().count() == 0
