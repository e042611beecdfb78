"""The generic disclosure documents page: any item no page type serves yet.

A small criteria set (from ITA_CRITERIA_DIRS) declares three kinds no page
type serves (an online-service item, a staff item in two parts, as a future
OIT list might) and the annual report, which a structured page type serves: ``ita_setup`` gives the first three a generic page each, and a page
type added later for one of them takes its URL over on first publication.
"""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, Revision

from ita_wagtail import models as ita
from ita_wagtail.models.disclosure_documents import (
    DisclosureDocument,
    kind_choices,
    unserved_kinds,
)
from ita_wagtail.thai import fiscal_year, today

pytestmark = pytest.mark.django_db

TEST_SET = """\
format = 2
key = "test-generic"
fiscal_year = 2568
title_th = "รายการทดสอบ OIT พ.ศ. 2568"
title_en = "Test OIT list, B.E. 2568"

[[units]]
code = "clerk_office"
name_th = "สำนักปลัดเทศบาล"
name_en = "Office of the Municipal Clerk"
head_position_th = "หัวหน้าสำนักปลัดเทศบาล"

[[items]]
code = "X10"
title_th = "E-Service"
title_en = "E-Service"
description_th = "การให้บริการออนไลน์ที่เข้าถึงได้จากเว็บไซต์หลัก"
description_en = "Online services reachable from the main website."
elements_th = ["ระบบบริการออนไลน์ที่ลิงก์จากเว็บไซต์หลัก", "ไม่ต้องเดินทางมาติดต่อ"]
responsible_unit = "clerk_office"
kinds = ["online_service"]

[[items]]
code = "X14"
title_th = "การบริหารและพัฒนาทรัพยากรบุคคล"
title_en = "Human resources"
responsible_unit = "clerk_office"

[[items.parts]]
code = "plan"
title_th = "แผนการบริหารและพัฒนาทรัพยากรบุคคล"
title_en = "HR plan"
kinds = ["staff_plan"]
freshness = { days = 365, period = "fiscal_year" }

[[items.parts]]
code = "report"
title_th = "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี"
title_en = "HR report"
kinds = ["staff_report"]
freshness = { days = 365, period = "fiscal_year", fiscal_year_offset = -1 }
allows_none = true
none_text_th = "ไม่มีการดำเนินการด้านทรัพยากรบุคคลในปีที่ผ่านมา"

[[items]]
code = "X7"
title_th = "รายงานผลการดำเนินงานประจำปี"
title_en = "Annual report"
responsible_unit = "clerk_office"
kinds = ["annual_report"]
freshness = { days = 365, period = "fiscal_year", fiscal_year_offset = -1 }
"""


@pytest.fixture
def test_set(settings, tmp_path):
    (tmp_path / "test-generic.toml").write_text(TEST_SET, encoding="utf-8")
    # Overriding the settings clears the criteria cache (setting_changed).
    settings.ITA_CRITERIA_DIRS = [str(tmp_path)]
    settings.ITA_CRITERIA_SET = "test-generic"
    from ita_wagtail.criteria import get_criteria_set

    return get_criteria_set("test-generic")


def run_setup(*args):
    out = StringIO()
    call_command("ita_setup", *args, stdout=out)
    return out.getvalue()


def generic(kind):
    return ita.DisclosureDocumentsPage.objects.get(kind=kind)


def publish(page):
    page = page.specific
    page.save_revision(clean=False).publish()
    return type(page).objects.get(pk=page.pk)


def document(title, name, content=b"%PDF-1.4 test file"):
    return get_document_model().objects.create(
        title=title, file=ContentFile(content, name=name)
    )


@pytest.fixture
def section(test_set):
    run_setup()
    publish(ita.ItaIndexPage.objects.get())
    return test_set


# --- Creation rules and the item field ------------------------------------------


def test_lives_under_the_ita_index_only_and_has_no_children(section, site_root):
    index = ita.ItaIndexPage.objects.get()
    assert ita.DisclosureDocumentsPage.can_create_at(index)
    assert not ita.DisclosureDocumentsPage.can_create_at(site_root)
    assert ita.DisclosureDocumentsPage.allowed_subpage_models() == []
    # Several generic pages per index: one per item.
    assert ita.DisclosureDocumentsPage.objects.child_of(index).count() == 3


def test_item_choices_leave_out_kinds_a_page_type_serves(test_set):
    choices = dict(kind_choices(test_set))
    assert list(choices) == ["online_service", "staff_plan", "staff_report"]
    assert "annual_report" not in choices  # AnnualReportPage serves it
    assert choices["online_service"] == "X10 E-Service"
    assert choices["staff_plan"] == (
        "X14 การบริหารและพัฒนาทรัพยากรบุคคล – แผนการบริหารและพัฒนาทรัพยากรบุคคล"
    )


def test_the_admin_offers_the_unserved_items(section, admin_client):
    index = ita.ItaIndexPage.objects.get()
    url = reverse(
        "wagtailadmin_pages:add",
        args=["ita_wagtail", "disclosuredocumentspage", index.pk],
    )
    html = admin_client.get(url).content.decode()
    assert '<option value="online_service">X10 E-Service</option>' in html
    assert 'value="staff_report"' in html
    assert 'value="annual_report"' not in html


def test_the_admin_offers_the_sets_wording_for_nothing_to_publish(
    section, admin_client
):
    page = generic("staff_report")
    html = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()
    assert 'value="ไม่มีการดำเนินการด้านทรัพยากรบุคคลในปีที่ผ่านมา"' in html
    assert '<option value="staff_report" selected>' in html


def test_unknown_item_is_refused_in_thai(section):
    page = generic("online_service")
    page.kind = "no_such_item"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "ไม่ใช่ข้อการประเมิน" in " ".join(error.value.message_dict["kind"])


def test_an_item_of_another_loaded_set_is_accepted(section):
    # Kinds of every loaded set are valid: ita-2562's org_structure too.
    page = generic("online_service")
    page.kind = "org_structure"
    page.full_clean()


def test_nothing_to_publish_is_refused_where_the_item_does_not_allow_it(section):
    page = generic("online_service")
    page.none_declared = True
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "ไม่มีข้อมูล" in " ".join(error.value.message_dict["none_declared"])


# --- Rendering ------------------------------------------------------------------


def test_renders_the_items_title_what_it_asks_and_the_documents(section, client):
    page = generic("online_service")
    page.statement = "<p>ยื่นคำร้องออนไลน์ได้ตลอด 24 ชั่วโมง</p>"
    page.fiscal_year = 2569
    page.documents = [
        DisclosureDocument(
            document=document("คู่มือ E-Service", "guide.pdf", b"x" * 2048),
            description="วิธีใช้ระบบ",
        ),
        DisclosureDocument(
            document=document("สถิติ", "stats.xlsx"), title="สถิติการใช้บริการ"
        ),
    ]
    page = publish(page)

    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "X10 E-Service" in html  # the set's code and title for the item
    assert "การให้บริการออนไลน์ที่เข้าถึงได้จากเว็บไซต์หลัก" in html  # what it asks
    assert "<li>ไม่ต้องเดินทางมาติดต่อ</li>" in html  # its elements
    assert "ยื่นคำร้องออนไลน์ได้ตลอด 24 ชั่วโมง" in html
    assert "ปีงบประมาณ พ.ศ. 2569" in html
    assert "คู่มือ E-Service" in html and "วิธีใช้ระบบ" in html
    assert "(PDF, 2.0" in html  # type and size beside the link
    assert "สถิติการใช้บริการ" in html and "(XLSX" in html
    assert "รายการทดสอบ OIT พ.ศ. 2568" in html  # the criteria set named


def test_nothing_to_publish_where_the_item_allows_it_takes_the_sets_wording(
    section,
):
    page = generic("staff_report")
    page.none_declared = True
    page.full_clean()
    assert page.none_text == "ไม่มีการดำเนินการด้านทรัพยากรบุคคลในปีที่ผ่านมา"


def test_renders_a_declared_absence(section, client):
    page = generic("staff_report")
    page.none_declared = True
    page = publish(page)
    html = client.get(page.url).content.decode()
    assert "ไม่มีการดำเนินการด้านทรัพยากรบุคคลในปีที่ผ่านมา" in html
    assert "ยังไม่มีการเผยแพร่ข้อมูลในหน้านี้" not in html


def test_an_empty_page_says_so(section, client):
    page = publish(generic("staff_plan"))
    html = client.get(page.url).content.decode()
    assert "แผนการบริหารและพัฒนาทรัพยากรบุคคล" in html
    assert "ยังไม่มีการเผยแพร่ข้อมูลในหน้านี้" in html


# --- Hooks ----------------------------------------------------------------------


def test_hooks(section):
    page = generic("online_service")
    page.fiscal_year = 2569
    page.documents = [
        DisclosureDocument(document=document("คู่มือ", "guide.PDF")),
        DisclosureDocument(document=document("สถิติ", "stats.xlsx")),
    ]
    page = publish(page)

    assert page.ita_period() == (2569, None)
    loaded = ita.DisclosureDocumentsPage.ita_scoring_queryset(
        ita.DisclosureDocumentsPage.objects.filter(pk=page.pk)
    ).get()
    assert loaded.ita_published_formats() == {"pdf", "xlsx"}
    assert loaded.ita_declares_none() is False

    item = section.item("X10")
    url, text = loaded.ita_evidence(item, None, 2569)
    assert url == page.full_url and url.startswith("http")
    assert text.startswith("หน้า “E-Service”")
    assert "“คู่มือ”" in text and "“สถิติ”" in text


def test_published_formats_take_a_fixed_number_of_queries(
    section, django_assert_num_queries
):
    for kind in ("online_service", "staff_plan"):
        page = generic(kind)
        page.documents = [DisclosureDocument(document=document("ก", "a.pdf"))]
        publish(page)
    queryset = ita.DisclosureDocumentsPage.ita_scoring_queryset(
        ita.DisclosureDocumentsPage.objects.all()
    )
    with django_assert_num_queries(2):  # the pages, their documents
        formats = [page.ita_published_formats() for page in queryset]
    assert formats.count({"pdf"}) == 2


def test_completeness_asks_for_content_and_the_fiscal_year_where_the_rule_does(
    section,
):
    e_service = generic("online_service")
    assert e_service.ita_missing_fields()  # nothing yet
    e_service.statement = "<p>ระบบ E-Service ของเทศบาล</p>"
    assert e_service.ita_missing_fields() == []  # no year rule: no year asked

    hr_plan = generic("staff_plan")
    hr_plan.fiscal_year = None
    hr_plan.statement = "<p>แผน</p>"
    assert [str(p) for p in hr_plan.ita_missing_fields()] == ["ปีงบประมาณที่ข้อมูลนี้เกี่ยวข้อง"]
    hr_plan.fiscal_year = 2569
    assert hr_plan.ita_missing_fields() == []


def test_declared_absence_counts_as_content(section):
    page = generic("staff_report")
    page.none_declared = True
    assert page.ita_declares_none()
    assert page.ita_missing_fields() == []


# --- ita_setup ------------------------------------------------------------------


def test_setup_creates_one_generic_draft_per_unserved_item(test_set):
    output = run_setup()
    pages = {page.kind: page for page in ita.DisclosureDocumentsPage.objects.all()}
    assert set(pages) == {"online_service", "staff_plan", "staff_report"}
    assert [p.live for p in pages.values()] == [False, False, False]
    assert pages["online_service"].slug == "online-service"
    assert pages["staff_plan"].slug == "staff-plan"
    assert pages["online_service"].title == "E-Service"
    assert pages["staff_report"].title == "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี"
    # The year the rule asks for: the plan this year's, the report last year's.
    current = fiscal_year(today())
    assert pages["staff_plan"].fiscal_year == current
    assert pages["staff_report"].fiscal_year == current - 1
    assert pages["online_service"].fiscal_year is None
    # The structured kind got its structured page, not a generic one.
    assert ita.AnnualReportPage.objects.count() == 1
    assert "X10 E-Service → E-Service" in output
    assert "X7 รายงานผลการดำเนินงานประจำปี → " in output
    assert "หน้าเอกสารเปิดเผยข้อมูล" in output


def test_setup_twice_creates_nothing(test_set):
    run_setup()
    before = list(Page.objects.values_list("pk", "slug", "path"))
    output = run_setup()
    assert list(Page.objects.values_list("pk", "slug", "path")) == before
    assert output.splitlines()[-1].startswith("สร้างหน้าใหม่ 0 หน้า")


def test_setup_reuses_a_generic_page_moved_or_renamed(test_set):
    run_setup()
    page = generic("online_service")
    page.title = "บริการออนไลน์ของเทศบาล"
    page.slug = "online"
    publish(page)
    run_setup()
    assert (
        ita.DisclosureDocumentsPage.objects.filter(kind="online_service").count() == 1
    )


def test_setup_with_a_named_criteria_set(test_set, settings):
    settings.ITA_CRITERIA_SET = "ita-2562"
    run_setup("--criteria-set", "test-generic")
    assert ita.DisclosureDocumentsPage.objects.count() == 3


def test_setup_follows_the_sites_choice_for_the_fiscal_year(
    test_set, settings, default_site
):
    from ita_wagtail.models import ComplianceSettings, CriteriaSetChoice

    settings.ITA_CRITERIA_SET = "ita-2562"
    CriteriaSetChoice.objects.create(
        settings=ComplianceSettings.for_site(default_site),
        fiscal_year=fiscal_year(today()),
        criteria_set="test-generic",
    )
    output = run_setup()
    assert "(test-generic)" in output.splitlines()[0]
    assert ita.DisclosureDocumentsPage.objects.count() == 3


def test_setup_with_an_unknown_criteria_set():
    with pytest.raises(CommandError, match="oit-9999"):
        run_setup("--criteria-set", "oit-9999")


def test_the_default_set_needs_no_generic_page(db):
    run_setup()
    assert not ita.DisclosureDocumentsPage.objects.exists()


# --- Take-over by a structured page type, keeping the URL ---------------------


@pytest.fixture
def structured_e_service(monkeypatch):
    """As if an app had added a page type for the E-Service item: the
    operating manuals page type is made to serve it."""
    monkeypatch.setattr(ita.OperatingManualsPage, "ita_kind", "online_service")
    return ita.OperatingManualsPage


def test_a_structured_page_type_takes_over_keeping_the_url(
    section, structured_e_service, client, admin_client
):
    old = generic("online_service")
    old.statement = "<p>ข้อมูลเดิม</p>"
    old = publish(old)
    url = old.url
    assert client.get(url).status_code == 200
    assert unserved_kinds(section) == ["staff_plan", "staff_report"]

    output = run_setup()
    new = ita.OperatingManualsPage.objects.get()
    assert new.slug == "online-service-new"
    assert new.get_parent().pk == old.get_parent().pk
    assert not new.live
    old.refresh_from_db()
    assert old.replaced_by_id == new.pk
    assert "online-service" in output and "เมื่อเผยแพร่" in output
    # Until the new page is published, the old one keeps serving the URL.
    assert client.get(url).status_code == 200
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[old.pk]))
    assert "จะถูกแทนที่ด้วย" in edit.content.decode()
    # Running again neither duplicates the new page nor the generic one.
    run_setup()
    assert ita.OperatingManualsPage.objects.count() == 1
    assert (
        ita.DisclosureDocumentsPage.objects.filter(kind="online_service").count() == 1
    )

    new = publish(new)
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.slug == "online-service" and new.url == url
    assert not old.live and old.slug == "online-service-previous"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].pk == new.pk
    # The next edit of either page keeps the new slugs.
    assert new.get_latest_revision().as_object().slug == "online-service"
    assert old.get_latest_revision().as_object().slug == "online-service-previous"
    # Both histories say what happened.
    assert PageLogEntry.objects.filter(
        page=old, action="ita_wagtail.replaced_by_structured_page"
    ).exists()
    assert PageLogEntry.objects.filter(
        page=new, action="ita_wagtail.took_over_generic_page"
    ).exists()
    # A second publication changes nothing more.
    publish(new)
    new.refresh_from_db()
    assert new.slug == "online-service"
    assert run_setup().splitlines()[-1].startswith("สร้างหน้าใหม่ 0 หน้า")


def test_publishing_an_older_revision_keeps_the_replacement_recorded(
    section, structured_e_service
):
    old = generic("online_service")
    old.statement = "<p>ฉบับก่อน ita_setup</p>"
    earlier = old.save_revision(clean=False)
    run_setup()
    new = ita.OperatingManualsPage.objects.get()
    # Publishing a revision saved before the replacement was recorded (as
    # "revert to this revision" does) keeps the record.
    Revision.objects.get(pk=earlier.pk).publish()
    old = ita.DisclosureDocumentsPage.objects.get(pk=old.pk)
    assert old.live and old.replaced_by_id == new.pk


# --- What the scoring engine and the index see ---------------------------------


def test_a_published_generic_page_answers_its_item(section, default_site, client):
    from ita_wagtail.scoring.engine import evaluate_site

    page = generic("online_service")
    page.statement = "<p>ระบบ E-Service ของเทศบาล</p>"
    publish(page)

    result = evaluate_site(default_site, section)
    by_code = {item.code: item for item in result.items}
    assert by_code["X10"].present
    assert by_code["X10"].complete
    assert not by_code["X14"].present  # its pages are still drafts
    # The public index links the item to the page.
    index = ita.ItaIndexPage.objects.get()
    assert page.url in client.get(index.url).content.decode()


# --- The shipped OIT lists ------------------------------------------------------


@pytest.mark.parametrize("key", ["oit-2568", "oit-2569"])
def test_setup_for_an_oit_list_answers_every_item_with_its_own_page_type(key):
    """Every kind of the shipped lists has a page type made for it: setup
    creates their drafts and no generic page."""
    from ita_wagtail.criteria import get_criteria_set
    from ita_wagtail.models.disclosure_documents import structured_page_models
    from ita_wagtail.scoring.registry import registered_evaluators

    oit = get_criteria_set(key)
    output = run_setup("--criteria-set", key)

    assert unserved_kinds(oit) == []
    assert not ita.DisclosureDocumentsPage.objects.exists()
    drafts = {}
    for model in structured_page_models():
        for page in model.objects.all():
            drafts.setdefault(model.ita_kind, []).append(page)
    for kind in oit.kinds():
        if kind in registered_evaluators():
            continue  # a register, not a page (the procurement records)
        assert drafts.get(kind), kind
        assert not any(page.live for page in drafts[kind]), kind
    assert "ยังไม่มีหน้า" not in output  # every item and part has its page
    # Running it again adds nothing.
    assert (
        run_setup("--criteria-set", key).splitlines()[-1].startswith("สร้างหน้าใหม่ 0 หน้า")
    )


def test_switching_to_an_oit_list_keeps_the_existing_pages():
    run_setup("--criteria-set", "ita-2562")
    before = set(Page.objects.values_list("pk", "url_path"))
    run_setup("--criteria-set", "oit-2569")
    after = set(Page.objects.values_list("pk", "url_path"))
    assert before <= after
    assert ita.HrPlanPage.objects.exists() and ita.EServicePage.objects.exists()


def test_a_page_kept_from_another_list_still_says_what_it_answers(
    section, settings, client
):
    # The page was made for the test list; the site now answers the 2562
    # measure, which has no such item: the page still names its item.
    page = publish(generic("online_service"))
    settings.ITA_CRITERIA_SET = "ita-2562"
    html = client.get(page.url).content.decode()
    assert "X10 E-Service" in html
    assert page.ita_item.code == "X10"


def test_a_structured_page_elsewhere_in_the_tree_gets_a_redirect(
    section, monkeypatch, client
):
    # A page type that lives under another page (here, under the basic
    # information page) cannot take the slug over: the old URL redirects.
    monkeypatch.setattr(ita.ExecutivesPage, "ita_kind", "online_service")
    old = publish(generic("online_service"))
    url = old.url
    run_setup()
    new = ita.ExecutivesPage.objects.get()
    assert new.get_parent().specific_class is ita.BasicInformationPage
    assert new.slug == "executives"
    publish(new.get_parent())
    new = publish(new)

    old.refresh_from_db()
    assert not old.live and old.slug == "online-service-previous"
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"].endswith(new.url)
    assert client.get(url, follow=True).context["page"].pk == new.pk
