"""The quarterly report: snapshots that never change, printing, Excel, publishing."""

import io
from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from ita_wagtail import models as ita
from ita_wagtail.reports.chart import score_history_svg
from ita_wagtail.reports.publishing import publish_report
from ita_wagtail.reports.quarterly import (
    QuarterlyReportError,
    changes,
    delete_snapshot,
    take_snapshot,
)
from ita_wagtail.thai import BANGKOK

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

#: 2 January 2568 (B.E.): quarter 1 of fiscal year 2568 has just ended.
JAN_2 = date(2025, 1, 2)
#: On JAN_2 every page item (5.1–5.6, 5.8–5.11) of the complete site is in
#: order. Item 5.7 is not current: December has ended with no procurement
#: record (the register stands as on T0), so its records part scores 70 and
#: the item (100 + 70 + 100) / 3 = 90.
JAN_2_SCORE = round((10 * 100 + 90) / 11, 1)
TEMPLATES_DIR = Path(__file__).parent / "templates"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("clerk", "c@example.go.th", "pw")


@pytest.fixture
def public_templates(settings):
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], str(TEMPLATES_DIR)]
    settings.TEMPLATES = templates
    settings.ITA_BASE_TEMPLATE = "compliance_test_base.html"


@pytest.fixture
def snapshot(site, complete):
    settings_row = ita.ComplianceSettings.for_site(site)
    settings_row.municipality_name = "เทศบาลตำบลทดสอบ"
    settings_row.clerk_name = "นางวันดี ขยันยิ่ง"
    settings_row.executive_name = "นายสมชาย ใจดี"
    settings_row.save()
    return take_snapshot(site, 2568, 1, today=JAN_2)


def test_snapshot_stores_scores_problems_and_signatories(snapshot):
    data = snapshot.data
    assert snapshot.label == "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2568"
    assert float(snapshot.score) == JAN_2_SCORE == 99.1
    assert (snapshot.ok_count, snapshot.item_count) == (10, 11)
    assert [item["code"] for item in data["items"]][:2] == ["5.1", "5.2"]
    assert data["municipality"] == "เทศบาลตำบลทดสอบ"
    assert data["signatures"][1]["name"] == "นางวันดี ขยันยิ่ง"
    assert data["signatures"][2]["position"] == "นายกเทศมนตรี"
    procurement = next(item for item in data["items"] if item["code"] == "5.7")
    assert procurement["status"] == "stale"
    [gap] = procurement["reasons"]
    assert "December" not in gap["text"]["en"] and "ธ.ค. 2567" in gap["text"]["en"]
    assert {"th", "en"} <= set(gap["text"])


def test_a_newer_annual_report_costs_the_quarter_nothing(site, complete):
    # On JAN_2 item 5.6 asks for the report on FY 2567; the site publishes
    # the one on FY 2568 instead. Newer is not wrong: 5.6 keeps its 100
    # points (the old rule gave 70) and the report's total stays JAN_2_SCORE.
    with at(T0):
        publish(complete[ita.AnnualReportPage], fiscal_year=2568)
    taken = take_snapshot(site, 2568, 1, today=JAN_2)
    report = next(item for item in taken.data["items"] if item["code"] == "5.6")
    assert (report["status"], report["score"]) == ("ok", 100)
    assert float(taken.score) == JAN_2_SCORE


def test_snapshot_never_changes_after_it_is_taken(snapshot, complete):
    with pytest.raises(ita.SnapshotIsFinal):
        snapshot.save()
    complete[ita.ContactPage].delete()
    complete[ita.OperatingManualsPage].unpublish()
    stored = ita.ComplianceSnapshot.objects.get(pk=snapshot.pk)
    assert stored.data == snapshot.data
    item = next(i for i in stored.data["items"] if i["code"] == "5.8")
    assert item["status"] == "ok"


def test_a_quarter_is_taken_once_unless_replaced(site, snapshot, superuser):
    with pytest.raises(QuarterlyReportError, match="already taken"):
        take_snapshot(site, 2568, 1, today=JAN_2)
    again = take_snapshot(site, 2568, 1, today=JAN_2, replace=True, user=superuser)
    assert again.pk != snapshot.pk
    assert ita.ComplianceSnapshot.objects.count() == 1
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"ita_wagtail.snapshot", "wagtail.delete"} <= actions


def test_a_quarter_that_has_not_started_is_refused(site):
    with pytest.raises(QuarterlyReportError, match="not started"):
        take_snapshot(site, 2568, 3, today=JAN_2)
    with pytest.raises(QuarterlyReportError):
        take_snapshot(site, 2568, 5, today=JAN_2)


def test_what_changed_since_last_quarter(site, complete, snapshot):
    # Q2: nobody touched anything; on 2 April everything is out of date.
    second = take_snapshot(site, 2568, 2, today=date(2025, 4, 2))
    report = changes(second, ita.ComplianceSnapshot.objects.previous(second))
    assert report["previous"] == snapshot
    assert report["score_delta"] < 0
    manuals = next(row for row in report["items"] if row["code"] == "5.8")
    assert (manuals["old_status"], manuals["status"]) == ("ok", "stale")
    assert manuals["broken"] and manuals["delta"] == -30


def test_recommendations_follow_the_problems(site, complete):
    complete[ita.ServiceManualsPage].unpublish()
    complete[ita.FeedbackPage].unpublish()
    snapshot = take_snapshot(site, 2568, 1, today=JAN_2)
    # Two items missing: (8 × 100 + 90) / 11 = 80.9.
    assert float(snapshot.score) == 80.9
    texts = [r["text"]["en"] for r in snapshot.data["recommendations"]]
    assert any("Prepare and publish" in t and "Service manuals" in t for t in texts)
    assert any(
        "Prepare and publish" in t and "opinions of service recipients" in t
        for t in texts
    )
    # The 2562 measure declares no pass mark, so none is quoted (the 85
    # often cited for the ITA is in no source).
    assert not any("pass mark" in t for t in texts)
    # December has no procurement record: the finance division is told to
    # bring the register up to date.
    assert any(
        t.startswith("Review “Procurement information (Details of every procurement")
        for t in texts
    )


def test_printable_report(client, superuser, snapshot):
    client.force_login(superuser)
    response = client.get(reverse("ita_quarterly_reports:report", args=(snapshot.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "compliance-report.css" in html
    assert "<svg" in html and 'role="img"' in html
    assert "นางวันดี ขยันยิ่ง" in html
    assert "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2568" in html
    assert 'data-ita-report-item="5.11"' in html
    css = Path("ita_wagtail/static/ita_wagtail/css/compliance-report.css").read_text()
    assert "size: A4" in css and "Sarabun" in css


def test_report_says_when_complaints_are_overdue(client, superuser, site, complete):
    from ita_wagtail.models.channels import Case

    for number in range(2):
        Case(
            site=site,
            subject=f"ท่อระบายน้ำอุดตัน จุดที่ {number}",
            details="น้ำท่วมขังหน้าบ้าน",
            received_at=datetime(2024, 11, 1, 9, tzinfo=BANGKOK),
        ).save()
    taken = take_snapshot(site, 2568, 1, today=JAN_2)
    client.force_login(superuser)
    html = client.get(
        reverse("ita_quarterly_reports:report", args=(taken.pk,))
    ).content.decode()
    start = html.index('data-ita-report-item="5.11"')
    row = html[start : html.index("</tr>", start)]
    assert "Complaints overdue" in row and "Not current" not in row


def test_xlsx_download_has_every_part_escaped(client, superuser, site, complete):
    with at(T0):
        publish(complete[ita.OperatingManualsPage], title="+cmd|' /C calc'!A0")
    snapshot = take_snapshot(site, 2568, 2, today=date(2025, 4, 2))
    client.force_login(superuser)
    response = client.get(reverse("ita_quarterly_reports:xlsx", args=(snapshot.pk,)))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Summary",
        "Items",
        "Out-of-date pages",
        "Recommendations",
    ]
    stale = workbook["Out-of-date pages"]
    titles = [stale.cell(row=r, column=3).value for r in range(2, stale.max_row + 1)]
    assert "'+cmd|' /C calc'!A0" in titles
    assert all(cell.data_type != "f" for row in stale.iter_rows() for cell in row)


def test_take_from_the_admin_needs_the_add_permission(
    client, django_user_model, site, complete
):
    user = django_user_model.objects.create_user("viewer", "v@example.go.th", "pw")
    group = Group.objects.create(name="viewers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_compliance_dashboard"),
    )
    user.groups.add(group)
    client.force_login(user)
    assert client.get(reverse("ita_quarterly_reports:index")).status_code == 200
    with time_machine.travel(datetime(2025, 1, 2, 9, tzinfo=BANGKOK), tick=False):
        client.post(
            reverse("ita_quarterly_reports:take"), {"fiscal_year": 2568, "quarter": 1}
        )
    assert not ita.ComplianceSnapshot.objects.exists()
    group.permissions.add(Permission.objects.get(codename="add_compliancesnapshot"))
    with time_machine.travel(datetime(2025, 1, 2, 9, tzinfo=BANGKOK), tick=False):
        response = client.post(
            reverse("ita_quarterly_reports:take"), {"fiscal_year": 2568, "quarter": 1}
        )
    snapshot = ita.ComplianceSnapshot.objects.get()
    assert response["Location"] == reverse(
        "ita_quarterly_reports:report", args=(snapshot.pk,)
    )
    assert snapshot.taken_by == user


def test_take_again_in_the_admin_says_why_not(client, superuser, snapshot):
    client.force_login(superuser)
    with time_machine.travel(datetime(2025, 1, 2, 9, tzinfo=BANGKOK), tick=False):
        response = client.post(
            reverse("ita_quarterly_reports:take"),
            {"fiscal_year": 2568, "quarter": 1},
            follow=True,
        )
    assert "already taken" in response.content.decode()
    assert ita.ComplianceSnapshot.objects.count() == 1


def test_preview_stores_nothing(client, superuser, site, complete):
    client.force_login(superuser)
    with time_machine.travel(datetime(2025, 2, 1, 9, tzinfo=BANGKOK), tick=False):
        response = client.get(
            reverse("ita_quarterly_reports:preview"),
            {"fiscal_year": 2568, "quarter": 2},
        )
    assert response.status_code == 200
    assert "Preview: not stored" in response.content.decode()
    assert not ita.ComplianceSnapshot.objects.exists()


def test_publish_on_the_website(
    client, superuser, snapshot, complete, public_templates
):
    client.force_login(superuser)
    response = client.post(
        reverse("ita_quarterly_reports:publish", args=(snapshot.pk,)), follow=True
    )
    assert [str(m) for m in response.context["messages"]][0].startswith(
        "The report is published"
    )
    page = ita.ComplianceReportPage.objects.get(snapshot=snapshot)
    assert page.live
    index = page.get_parent().specific
    assert isinstance(index, ita.ComplianceReportIndexPage)
    assert index.get_parent().pk == complete[ita.ItaIndexPage].pk
    assert page.url.endswith("/monitoring-reports/2568-q1/")
    html = client.get(page.url).content.decode()
    assert "ไตรมาสที่ 1 ปีงบประมาณ พ.ศ. 2568" in html and "<svg" in html
    assert snapshot.label in client.get(index.url).content.decode()
    # Publishing again updates the same page.
    publish_report(snapshot, superuser)
    assert ita.ComplianceReportPage.objects.count() == 1
    # A published report cannot be deleted from under its page.
    with pytest.raises(QuarterlyReportError, match="published"):
        delete_snapshot(snapshot)


def test_report_pages_are_not_created_by_hand(complete):
    assert not ita.ComplianceReportPage.is_creatable
    assert ita.ComplianceReportIndexPage.can_create_at(complete[ita.ItaIndexPage])


def test_command_takes_the_quarter_once(site, complete, tmp_path):
    out = StringIO()
    with time_machine.travel(datetime(2025, 1, 2, 6, 15, tzinfo=BANGKOK), tick=False):
        call_command(
            "ita_quarterly_report",
            "--fiscal-year",
            "2568",
            "--quarter",
            "1",
            "--xlsx",
            str(tmp_path / "q1.xlsx"),
            "--html",
            str(tmp_path / "q1.html"),
            stdout=out,
        )
        assert f"site score {JAN_2_SCORE}" in out.getvalue()
        assert (tmp_path / "q1.xlsx").stat().st_size > 1000
        assert "ไตรมาสที่ 1" in (tmp_path / "q1.html").read_text()
        with pytest.raises(CommandError):
            call_command(
                "ita_quarterly_report",
                "--fiscal-year",
                "2568",
                "--quarter",
                "1",
                stdout=StringIO(),
                stderr=StringIO(),
            )
        call_command("ita_quarterly_report", "--replace", "--publish", stdout=out)
    assert ita.ComplianceSnapshot.objects.get().label.startswith("ไตรมาสที่ 1")
    assert ita.ComplianceReportPage.objects.get().live


def test_command_needs_both_year_and_quarter(site):
    with pytest.raises(CommandError, match="both"):
        call_command("ita_quarterly_report", "--quarter", "1", stdout=StringIO())


def test_chart_is_plain_svg_with_the_numbers():
    svg = score_history_svg(
        [("Q1/2568", 60.5), ("Q2/2568", 72), ("<Q3>", 90)],
        title="คะแนน",
        description="Q1 60.5",
        pass_mark=85,
        pass_label="เกณฑ์ 85",
    )
    assert svg.startswith("<svg") and "<script" not in svg
    assert "60.5" in svg and ">72<" in svg and "&lt;Q3&gt;" in svg
    assert "stroke-dasharray" in svg and "เกณฑ์ 85" in svg
    assert svg.count("<circle") == 3
