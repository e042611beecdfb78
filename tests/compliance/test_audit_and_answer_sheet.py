"""manage.py ita_audit and the ITAS answer sheet."""

import csv
import io
import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from ita_wagtail import models as ita
from ita_wagtail.management.commands.ita_audit import display_width
from ita_wagtail.reports.answer_sheet import answer_sheet_rows
from ita_wagtail.thai import BANGKOK

from .builders import T0, at, publish

pytestmark = pytest.mark.django_db

LATE = T0 + timedelta(days=100)
#: 100 days on, every page item (5.1–5.6, 5.8–5.11) is present and complete
#: but not current: 70 each. Of 5.7's three parts the plan is still in order
#: (it is for the fiscal year) but December and January have no procurement
#: record and the summary page is old: (100 + 70 + 70) / 3 = 80.
LATE_SCORE = round((10 * 70 + 80) / 11, 1)


def audit(*args):
    out = StringIO()
    with time_machine.travel(LATE, tick=False):
        call_command("ita_audit", *args, stdout=out)
    return out.getvalue()


def test_json_has_the_documented_shape(site, complete):
    data = json.loads(audit("--format", "json"))
    assert data["criteria_set"] == "ita-2562"
    assert data["score"] == LATE_SCORE == 70.9
    assert len(data["items"]) == 11
    manuals = next(item for item in data["items"] if item["code"] == "5.8")
    assert {
        "code",
        "title",
        "score",
        "present",
        "complete",
        "current",
        "reasons",
        "stale_pages",
    } <= set(manuals)
    assert (manuals["present"], manuals["complete"], manuals["current"]) == (
        True,
        True,
        False,
    )
    assert manuals["reasons"] == [
        "Not updated or reviewed for 100 days (the rule is 90 days)."
    ]
    [stale] = manuals["stale_pages"]
    assert stale == {
        **stale,
        "id": complete[ita.OperatingManualsPage].pk,
        "title": complete[ita.OperatingManualsPage].title,
        "days_since_update": 100,
    }
    assert stale["url"].startswith("http://") and stale["url"].endswith(
        "/ita/operating-manuals/"
    )
    assert (
        next(i for i in data["items"] if i["code"] == "5.1")["parts"][0]["code"]
        == "5.1/structure"
    )


def test_table_is_readable(site, complete):
    out = audit()
    assert "Site score 70.9 / 100" in out
    assert "5.8" in out and "Not current" in out
    assert "Out-of-date pages:" in out and "10 days overdue" in out


def test_fail_under_exits_with_status_2(site, complete):
    with pytest.raises(CommandError) as error:
        audit("--fail-under", "85")
    assert error.value.returncode == 2
    assert "below 85" in str(error.value)
    audit("--fail-under", "70.9")  # 70.9 is not below 70.9: no error


def test_unknown_site(site):
    with pytest.raises(CommandError, match="No site"):
        audit("--site", "nowhere.example")


def test_thai_marks_take_no_terminal_columns():
    assert display_width("ข้อมูล") == 4
    assert display_width("abc") == 3


def test_answer_sheet_rows_give_urls_and_click_paths(site, complete):
    rows = {row.code: row for row in answer_sheet_rows(site, language="en")}
    contact = rows["5.1 contact"]
    assert contact.answer == "Yes (published)"
    assert contact.urls == [complete[ita.ContactPage].get_full_url()]
    assert "Home page › " in contact.explanation
    assert complete[ita.BasicInformationPage].title in contact.explanation
    assert "15 พฤศจิกายน 2567" in contact.explanation
    assert rows["5.1"].urls == [complete[ita.BasicInformationPage].get_full_url()]
    assert "part" in rows["5.1"].explanation
    assert rows["5.10"].answer == "Yes (published)"
    complete[ita.FeedbackPage].unpublish()
    rows = {row.code: row for row in answer_sheet_rows(site, language="en")}
    assert rows["5.10"].answer == "No (not published)"
    assert "Not published" in rows["5.10"].explanation


def test_answer_sheet_download(client, site, complete, django_user_model):
    with at(T0):
        publish(complete[ita.ServiceManualsPage], title="=1+1")
    client.force_login(django_user_model.objects.create_superuser("c", "c@x.th", "pw"))
    url = reverse("ita_compliance:answer_sheet")
    response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert codes[:3] == ["5.1", "5.1 structure", "5.1 executives"]
    cells = [c.value or "" for row in sheet.iter_rows(min_row=2) for c in row]
    assert any("=1+1" in str(cell) for cell in cells)
    assert not any(str(cell).startswith("=") for cell in cells)
    response = client.get(url, {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1 + 11 + 6 + 3
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_answer_sheet_needs_the_dashboard_permission(client, site, django_user_model):
    user = django_user_model.objects.create_user("u", "u@x.th", "pw")
    client.force_login(user)
    response = client.get(reverse("ita_compliance:answer_sheet"))
    assert response.status_code in (302, 403)
    assert not response.get("Content-Type", "").startswith("application/vnd")


def test_audit_uses_bangkok_today(site, complete):
    # 23:30 UTC on the 89th day is already the 90th in Bangkok: still current.
    moment = datetime(
        2025, 2, 12, 23, 30, tzinfo=BANGKOK.utcoffset(None) and None or None
    )
    del moment
    out = StringIO()
    with time_machine.travel(datetime(2025, 2, 13, 6, 0, tzinfo=BANGKOK), tick=False):
        call_command("ita_audit", "--format", "json", stdout=out)
    manuals = next(i for i in json.loads(out.getvalue())["items"] if i["code"] == "5.8")
    assert manuals["current"] is True
