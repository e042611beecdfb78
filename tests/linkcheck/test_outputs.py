"""Where broken links are shown: dashboard, out-of-date report, reminders,
``ita_audit``; the command and the dashboard's button."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ita_wagtail.linkcheck import run_link_check
from ita_wagtail.models import LinkCheckResult, LinkCheckRun, site_criteria_set
from ita_wagtail.reminders import unit_reminders

from .builders import build_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(http_server):
    built = build_section(http_server.base)
    built["report"] = run_link_check(built["site"])
    return built


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("clerk", "c@example.go.th", "pw")


def integrity_code(built):
    page = built["integrity"]
    criteria = site_criteria_set(built["site"]).criteria_for_kind(page.ita_page_kind)
    return criteria[0][0].code


def test_dashboard_lists_broken_links_per_item_with_who_fixes_them(
    client, superuser, built
):
    client.force_login(superuser)
    response = client.get(reverse("ita_compliance:index"))
    assert response.status_code == 200
    html = response.content.decode()
    code = integrity_code(built)
    groups = {group.item.code: group for group in response.context["link_groups"]}
    urls = {result.url for result in groups[code].results}
    assert "/ita/no-such-page/" in urls
    assert all(r.page_id == built["integrity"].pk for r in groups[code].results)
    unit = built["integrity"].get_responsible_unit()
    assert unit is not None and unit.name in html
    # The index page answers no item: its links are listed apart.
    other = {result.url for result in response.context["link_other"]}
    assert any(url.endswith("/missing") for url in other)
    assert "data-ita-broken-count" in html
    assert "data-ita-check-links" in html
    assert "data-ita-link-run" in html


def test_dashboard_says_when_nothing_was_checked(client, superuser, db):
    client.force_login(superuser)
    html = client.get(reverse("ita_compliance:index")).content.decode()
    assert "The links have not been checked yet." in html


def _fill(run, count):
    page = run_page = LinkCheckResult.objects.filter(run=run).first().page
    LinkCheckResult.objects.filter(run=run).delete()
    LinkCheckResult.objects.bulk_create(
        LinkCheckResult(
            run=run,
            site=run.site,
            url=f"http://127.0.0.1/gone-{number}",
            internal=False,
            page=run_page if number % 2 else page,
            page_kind="integrity_declaration" if number % 2 else "",
            field="intro",
            field_label="introduction",
            status="broken",
            http_status=404,
        )
        for number in range(count)
    )


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("ita_compliance:index")).status_code == 200
    return len(captured.captured_queries)


def test_dashboard_queries_do_not_grow_with_the_results(
    client, superuser, built, django_assert_max_num_queries
):
    client.force_login(superuser)
    run = built["report"].run
    client.get(reverse("ita_compliance:index"))  # warm the caches
    _fill(run, 10)
    few = _queries(client)
    _fill(run, 200)
    with django_assert_max_num_queries(few):
        response = client.get(reverse("ita_compliance:index"))
    shown = sum(len(g.results) for g in response.context["link_groups"])
    assert shown + len(response.context["link_other"]) == 200


def test_out_of_date_report_lists_pages_with_broken_links(client, superuser, built):
    client.force_login(superuser)
    response = client.get(reverse("ita_stale:index"))
    pages = {page.pk: page for page in response.context["object_list"]}
    integrity = pages[built["integrity"].pk]
    assert "/ita/no-such-page/" in integrity.ita_broken_links
    assert "data-ita-stale-broken-links" in response.content.decode()


def test_reminders_name_the_broken_links_of_the_units_pages(built):
    unit = built["integrity"].get_responsible_unit()
    reminders = {r.unit.pk: r for r in unit_reminders(built["site"])}
    # In the e-mail's language (Thai): "ลิงก์เสีย <url> (...)".
    entries = [
        e
        for e in reminders[unit.pk].overdue
        if e.page_id == built["integrity"].pk and "/ita/no-such-page/" in e.detail
    ]
    assert entries
    assert "ลิงก์เสีย" in entries[0].detail
    assert all(
        e.url.endswith(reverse("wagtailadmin_pages:edit", args=(e.page_id,)))
        for e in entries
    )


def test_audit_json_has_the_broken_links(built):
    out = io.StringIO()
    call_command("ita_audit", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    links = data["broken_links"]
    gone = next(link for link in links if link["url"] == "/ita/no-such-page/")
    assert gone["status"] == "broken"
    assert gone["http_status"] == 404
    assert gone["page"]["id"] == built["integrity"].pk
    assert gone["items"] == [integrity_code(built)]
    assert gone["where"]
    assert gone["unit"] == built["integrity"].get_responsible_unit().name


def test_command_checks_and_keeps_results(http_server, db):
    build_section(http_server.base)
    out = io.StringIO()
    call_command("ita_check_links", "--no-external", stdout=out)
    run = LinkCheckRun.objects.get()
    assert not run.external
    assert run.problem_count >= 3
    assert "broken" in out.getvalue()
    # No request to the local server: external links were left out.
    assert not http_server.seen


def test_command_dry_run_keeps_nothing(http_server, db):
    build_section(http_server.base)
    out = io.StringIO()
    call_command("ita_check_links", "--dry-run", "--site", "localhost", stdout=out)
    assert not LinkCheckRun.objects.exists()
    assert "Dry run" in out.getvalue()
    assert http_server.seen  # it did check


def test_dashboard_button_runs_the_task(
    client, superuser, http_server, settings, db, django_capture_on_commit_callbacks
):
    built = build_section(http_server.base)
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ita_compliance:check_links"), {"site": built["site"].pk}
        )
    assert response.status_code == 302
    run = LinkCheckRun.objects.get(site=built["site"])
    assert run.state == "finished"
    assert run.finished_at <= timezone.now()
    html = client.get(reverse("ita_compliance:index")).content.decode()
    assert "Last check" in html


def test_button_needs_the_dashboard_permission(client, django_user_model, db):
    user = django_user_model.objects.create_user("editor", "e@example.go.th", "pw")
    client.force_login(user)
    response = client.post(reverse("ita_compliance:check_links"))
    assert response.status_code in (302, 403)
    assert not LinkCheckRun.objects.exists()


def test_audit_table_lists_the_broken_links(built):
    out = io.StringIO()
    call_command("ita_audit", stdout=out)
    text = out.getvalue()
    assert "Broken links (latest link check):" in text
    assert "/ita/no-such-page/" in text


def test_dashboard_speaks_thai(superuser, built):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(superuser)
    html = client.get(reverse("ita_compliance:index")).content.decode()
    assert "ลิงก์หลักฐานที่เสีย" in html
    assert "ตรวจครั้งล่าสุด" in html
    assert "ลิงก์เสีย (404)" in html  # the status, in Thai, with its code
