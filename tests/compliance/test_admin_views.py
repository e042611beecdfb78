"""The compliance screens: who gets in, what they see, what buttons do."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, PageLogEntry

from ita_wagtail import models as ita
from ita_wagtail.models.base import Page

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

#: 120 days after the section was published: every page is out of date.
LATE = T0 + timedelta(days=120)


@pytest.fixture
def later():
    with time_machine.travel(LATE, tick=False):
        yield


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "clerk", "clerk@example.go.th", "pw"
    )


def denied(response):
    """Wagtail turns PermissionDenied into a redirect to the admin home."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    )


def _admin_permission():
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def _dashboard_permission():
    return Permission.objects.get(codename="view_compliance_dashboard")


@pytest.fixture
def editor(django_user_model):
    """A signed-in admin user without the dashboard permission."""
    user = django_user_model.objects.create_user("editor", "e@example.go.th", "pw")
    group = Group.objects.create(name="editors")
    group.permissions.add(_admin_permission())
    user.groups.add(group)
    return user


@pytest.fixture
def unit_head(django_user_model, complete):
    """Head of the finance division: may edit only the operating manuals page."""
    user = django_user_model.objects.create_user("finance", "f@example.go.th", "pw")
    group = Group.objects.create(name="กองคลัง")
    group.permissions.add(_admin_permission(), _dashboard_permission())
    GroupPagePermission.objects.create(
        group=group,
        page=Page.objects.get(pk=complete[ita.OperatingManualsPage].pk),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    user.groups.add(group)
    finance = ita.ResponsibleUnit.objects.get(code="finance")
    finance.group = group
    finance.save()
    with at(T0):
        publish(complete[ita.OperatingManualsPage], responsible_unit=finance)
    return user


def test_dashboard_needs_the_permission(client, editor, complete):
    client.force_login(editor)
    assert denied(client.get(reverse("ita_compliance:index")))
    assert denied(client.get(reverse("ita_stale:index")))
    assert denied(client.get(reverse("ita_compliance:rules")))


def test_menu_shows_the_dashboard_only_with_permission(
    client, editor, superuser, complete
):
    client.force_login(editor)
    assert (
        reverse("ita_compliance:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(superuser)
    assert (
        reverse("ita_compliance:index")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_dashboard_shows_every_item_with_status_and_action(
    client, superuser, complete, later
):
    complete[ita.FeedbackPage].unpublish()  # 5.10 missing
    client.force_login(superuser)
    response = client.get(reverse("ita_compliance:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for code in ("5.1", "5.7", "5.11"):
        assert f'data-ita-item="{code}"' in html
    result = response.context["result"]
    assert result.item("5.8").status == "stale"
    # The stale item offers "mark as reviewed", with the way back to the dashboard.
    review = reverse(
        "ita_compliance:review", args=(complete[ita.OperatingManualsPage].pk,)
    )
    assert review in html
    assert "Not current" in html and "Missing" in html


def _row(html, code):
    start = html.index(f'data-ita-item="{code}"')
    return html[start : html.index("</tr>", start)]


def test_dashboard_says_complaints_are_overdue_and_counts_items_apart_from_pages(
    client, superuser, site, complete
):
    from ita_wagtail.models.channels import Case

    # Four complaints received 40 days before T0 and never answered: past
    # their deadline. Every page is published and current ten days after T0.
    for number in range(4):
        Case(
            site=site,
            subject=f"ไฟถนนดับ จุดที่ {number}",
            details="ไฟถนนดับหลายคืนแล้ว",
            received_at=T0 - timedelta(days=40),
        ).save()
    client.force_login(superuser)
    with time_machine.travel(T0 + timedelta(days=10), tick=False):
        response = client.get(reverse("ita_compliance:index"))
    html = response.content.decode()
    assert response.context["result"].item("5.11").status == "stale"
    complaints = _row(html, "5.11")
    assert "Complaints overdue" in complaints
    assert "Not current" not in complaints
    assert "4 complaints are past their handling deadline." in complaints
    # One item is not current and no page is past its update date: the two
    # cards count different things and say so.
    assert '<li data-ita-count="stale">1 item not current</li>' in html
    assert "Pages past their update date" in html
    assert '<p class="ita-summary__value" data-ita-stale-count>0</p>' in html


def test_dashboard_offers_to_create_a_missing_page(client, superuser, complete):
    complete[ita.ContactPage].delete()
    client.force_login(superuser)
    html = client.get(reverse("ita_compliance:index")).content.decode()
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=("ita_wagtail", "contactpage", complete[ita.BasicInformationPage].pk),
    )
    assert add_url in html


def test_my_units_filter_keeps_my_items(client, unit_head, complete, later):
    client.force_login(unit_head)
    response = client.get(reverse("ita_compliance:index") + "?mine=1")
    codes = [row.result.code for row in response.context["rows"]]
    # 5.7 is the finance division's by the criteria; 5.8's page is assigned to it.
    assert codes == ["5.7", "5.8"]


def test_unit_head_sees_no_buttons_for_pages_they_cannot_edit(
    client, unit_head, complete, later
):
    client.force_login(unit_head)
    rows = {
        row.result.code: row
        for row in client.get(reverse("ita_compliance:index")).context["rows"]
    }
    assert [link.kind for link in rows["5.8"].links] == ["review", "edit"]
    assert rows["5.9"].links == []


def test_stale_report_lists_only_what_the_user_may_edit(
    client, unit_head, superuser, complete, later
):
    client.force_login(unit_head)
    response = client.get(reverse("ita_stale:index"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["object_list"]] == [
        complete[ita.OperatingManualsPage].pk
    ]
    client.force_login(superuser)
    pages = client.get(reverse("ita_stale:index")).context["object_list"]
    assert len(pages) > 10
    assert pages[0].ita_days_overdue == 30


def test_stale_report_filters_by_item_and_unit(
    client, superuser, unit_head, complete, later
):
    client.force_login(superuser)
    url = reverse("ita_stale:index")
    by_item = client.get(url, {"item": "5.9"}).context["object_list"]
    assert [p.pk for p in by_item] == [complete[ita.ServiceManualsPage].pk]
    finance = ita.ResponsibleUnit.objects.get(code="finance")
    by_unit = client.get(url, {"unit": finance.pk}).context["object_list"]
    # The finance division's manuals page, and the summary of item 5.7 it
    # answers for (the plan and records are scored from the register).
    assert {p.pk for p in by_unit} == {
        complete[ita.OperatingManualsPage].pk,
        complete[ita.ProcurementSummaryPage].pk,
    }
    client.force_login(unit_head)
    mine = client.get(url, {"mine": "1"}).context["object_list"]
    assert [p.pk for p in mine] == [complete[ita.OperatingManualsPage].pk]


def test_stale_report_export_escapes_formulas(client, superuser, complete, later):
    with at(T0):
        publish(complete[ita.ServiceManualsPage], title='=HYPERLINK("http://evil")')
    client.force_login(superuser)
    url = reverse("ita_stale:index")
    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    titles = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in titles
    assert not any(title.startswith("=") for title in titles)
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert '\'=HYPERLINK("http://evil")' in values
    assert sheet.cell(row=1, column=4).value == "Days overdue"


def test_review_records_note_history_and_leaves_the_stale_list(
    client, superuser, complete, later
):
    page = complete[ita.OperatingManualsPage]
    client.force_login(superuser)
    url = reverse("ita_compliance:review", args=(page.pk,))
    back = reverse("ita_stale:index")
    response = client.get(url, {"next": back})
    assert response.status_code == 200
    response = client.post(url, {"note": "ตรวจแล้ว ถูกต้อง", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    review = ita.PageReview.objects.get(page_id=page.pk)
    assert review.user == superuser and review.note == "ตรวจแล้ว ถูกต้อง"
    entry = PageLogEntry.objects.get(page_id=page.pk, action="ita_wagtail.review")
    assert entry.data["note"] == "ตรวจแล้ว ถูกต้อง" and entry.user == superuser
    stale = [p.pk for p in client.get(back).context["object_list"]]
    assert page.pk not in stale
    # The history shows on the review screen.
    assert "ตรวจแล้ว ถูกต้อง" in client.get(url).content.decode()
    # …and in Wagtail's own page history.
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert "ตรวจแล้ว ถูกต้อง" in history.content.decode()


def test_review_refuses_foreign_next_and_unpublished_pages(client, superuser, complete):
    page = complete[ita.OperatingManualsPage]
    client.force_login(superuser)
    url = reverse("ita_compliance:review", args=(page.pk,))
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("ita_compliance:index")
    page.unpublish()
    count = ita.PageReview.objects.count()
    response = client.post(url, {"note": ""})
    assert response.status_code == 400
    assert ita.PageReview.objects.count() == count


def test_review_needs_edit_permission_on_the_page(client, unit_head, complete):
    client.force_login(unit_head)
    other = complete[ita.ServiceManualsPage]
    assert denied(client.get(reverse("ita_compliance:review", args=(other.pk,))))
    assert denied(client.post(reverse("ita_compliance:review", args=(other.pk,))))
    assert not ita.PageReview.objects.filter(page_id=other.pk).exists()
    mine = complete[ita.OperatingManualsPage]
    assert (
        client.get(reverse("ita_compliance:review", args=(mine.pk,))).status_code == 200
    )


def test_too_long_note_is_refused_and_nothing_saved(client, superuser, complete):
    page = complete[ita.OperatingManualsPage]
    client.force_login(superuser)
    response = client.post(
        reverse("ita_compliance:review", args=(page.pk,)), {"note": "ก" * 1001}
    )
    assert response.status_code == 400
    assert not ita.PageReview.objects.filter(page_id=page.pk).exists()


def test_page_editor_has_the_mark_as_reviewed_action(client, superuser, complete):
    client.force_login(superuser)
    page = complete[ita.OperatingManualsPage]
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=(page.pk,))
    ).content.decode()
    assert reverse("ita_compliance:review", args=(page.pk,)) in html
    # Not on pages that serve no item.
    index = complete[ita.ItaIndexPage]
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=(index.pk,))
    ).content.decode()
    assert "ita_compliance/review" not in html and "compliance/review" not in html


def test_homepage_panel_and_summary_item(client, superuser, editor, complete, later):
    client.force_login(superuser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="ita-compliance' in html
    assert "data-ita-summary" in html
    assert "ITA <span>0/11</span>" in html  # stale: nothing is in order 120 days on
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-ita-summary" not in html and 'id="ita-compliance' not in html


def test_summary_item_counts_items_in_order(client, superuser, complete):
    client.force_login(superuser)
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    # Every item, with 5.7 scored from the procurement register.
    assert "ITA <span>11/11</span>" in html


def test_rules_screen_lists_the_checks_of_each_page_type(client, superuser, complete):
    client.force_login(superuser)
    html = client.get(reverse("ita_compliance:rules")).content.decode()
    assert "a photo of every executive" in html
    assert "Scored from its register." in html  # 5.7's plan and records
    # Every kind of the criteria set is served by a page type or a register.
    assert "Nothing in this installation publishes it yet" not in html
