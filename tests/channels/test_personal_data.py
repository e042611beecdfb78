"""Personal data: who may see it, every look logged, exports, files, erasure."""

import csv
import io

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from ita_wagtail.channels.attachments import CleanAttachment
from ita_wagtail.channels.intake import add_attachment
from ita_wagtail.models.channels import (
    Case,
    CaseCategory,
    CaseNote,
    CaseStatus,
    Feedback,
    PersonalDataAccess,
)

from .conftest import PDF_BYTES, image_bytes

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "สมหญิง ใจดี", "0812345678", "somying@example.com"


@pytest.fixture
def case(make_case):
    case = make_case(
        contact_name=NAME,
        contact_phone=PHONE,
        contact_email=EMAIL,
        subject='=HYPERLINK("http://evil.example","คลิก")',
    )
    add_attachment(
        case, CleanAttachment("บ้านฉัน.png", "image/png", ".png", image_bytes())
    )
    add_attachment(
        case, CleanAttachment("หนังสือ.pdf", "application/pdf", ".pdf", PDF_BYTES)
    )
    return case


@pytest.fixture
def corruption_case(make_case):
    return make_case(
        category=CaseCategory.CORRUPTION, contact_name="ผู้แจ้งเบาะแส", respondent="นาย ข."
    )


def views_of(case):
    return PersonalDataAccess.objects.filter(case=case, action="view")


# who → (sees personal data on the case screens, may download attachments)
MATRIX = {
    "handler": (False, False),
    "reader": (False, False),
    "reception": (True, True),
    "integrity": (True, True),
    "admin": (True, True),
}


@pytest.mark.parametrize("role", MATRIX)
@pytest.mark.parametrize("screen", ["edit", "inspect"])
def test_personal_data_only_with_the_permission_and_every_look_logged(
    client, staff, case, role, screen
):
    sees, _downloads = MATRIX[role]
    user = getattr(staff, role)
    client.force_login(user)
    response = client.get(reverse(f"ita_cases:{screen}", args=[case.pk]))
    if response.status_code == 302:  # the reader cannot edit
        assert (role, screen) == ("reader", "edit")
        return
    content = response.content.decode()
    for value in (NAME, PHONE, EMAIL, "บ้านฉัน.png"):
        assert (value in content) is sees, (role, screen, value)
    assert views_of(case).count() == (1 if sees else 0)
    if sees:
        entry = views_of(case).get()
        assert (entry.user, entry.tracking_code) == (user, case.tracking_code)
        assert entry.user_name
        assert entry.client_address == "127.0.0.1"
        client.get(reverse(f"ita_cases:{screen}", args=[case.pk]))
        assert views_of(case).count() == 2  # every view, not the first only


def test_the_case_history_shows_who_looked(client, staff, case):
    client.force_login(staff.reception)
    client.get(reverse("ita_cases:edit", args=[case.pk]))
    assert ModelLogEntry.objects.filter(
        object_id=str(case.pk),
        action="ita_wagtail.case.view_personal_data",
        user=staff.reception,
    ).exists()


def test_anonymous_cases_log_no_view(client, staff, make_case):
    anonymous = make_case()
    client.force_login(staff.reception)
    client.get(reverse("ita_cases:edit", args=[anonymous.pk]))
    assert not PersonalDataAccess.objects.exists()


def test_without_the_permission_the_form_cannot_change_personal_data(
    client, staff, case
):
    client.force_login(staff.handler)
    client.post(
        reverse("ita_cases:edit", args=[case.pk]),
        {
            "category": case.category,
            "status": "in_progress",
            "unit": "",
            "due_date": case.due_date.isoformat(),
            "public_reply": "",
            "contact_name": "แก้ชื่อ",
            "contact_email": "changed@example.com",
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert (case.contact_name, case.contact_email) == (NAME, EMAIL)


@pytest.mark.parametrize("role", MATRIX)
def test_attachments_are_served_only_to_the_permitted_and_logged(
    client, staff, case, role
):
    _sees, downloads = MATRIX[role]
    client.force_login(getattr(staff, role))
    photo, letter = case.attachments.all()
    response = client.get(reverse("ita_cases:attachment", args=[case.pk, photo.pk]))
    if not downloads:
        assert response.status_code in (302, 403)
        assert not PersonalDataAccess.objects.exists()
        return
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = client.get(reverse("ita_cases:attachment", args=[case.pk, letter.pk]))
    assert pdf["Content-Disposition"].startswith("attachment;")
    logged = PersonalDataAccess.objects.filter(case=case, action="attachment")
    assert [entry.detail for entry in logged.order_by("pk")] == [
        "บ้านฉัน.png",
        "หนังสือ.pdf",
    ]


def test_attachments_of_hidden_cases_are_not_found(client, staff, corruption_case):
    attachment = add_attachment(
        corruption_case,
        CleanAttachment("หลักฐาน.pdf", "application/pdf", ".pdf", PDF_BYTES),
    )
    client.force_login(staff.reception)  # personal data, but not corruption
    url = reverse("ita_cases:attachment", args=[corruption_case.pk, attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(staff.integrity)
    assert client.get(url).status_code == 200


def test_an_attachment_of_another_case_is_not_found(client, staff, case, make_case):
    other = make_case()
    photo = case.attachments.first()
    client.force_login(staff.admin)
    url = reverse("ita_cases:attachment", args=[other.pk, photo.pk])
    assert client.get(url).status_code == 404


def test_attachments_are_not_under_the_public_media_url(client, case):
    photo = case.attachments.first()
    assert client.get("/media/" + photo.file.name).status_code == 404
    from django.core.files.storage import default_storage

    assert not default_storage.exists(photo.file.name)


def export(client, fmt="csv", **params):
    response = client.get(reverse("ita_cases:index"), {"export": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        return list(csv.reader(io.StringIO(text)))
    return response


def test_exports_leave_out_personal_data_without_the_permission(client, staff, case):
    client.force_login(staff.handler)
    rows = export(client)
    flat = "\n".join(",".join(row) for row in rows)
    for value in (NAME, PHONE, EMAIL):
        assert value not in flat
    assert case.tracking_code in flat
    assert not PersonalDataAccess.objects.exists()


def test_exports_with_the_permission_include_it_and_are_logged(client, staff, case):
    client.force_login(staff.reception)
    rows = export(client)
    flat = "\n".join(",".join(row) for row in rows)
    for value in (NAME, PHONE, EMAIL):
        assert value in flat
    entry = PersonalDataAccess.objects.get(action="export")
    assert entry.user == staff.reception
    assert entry.case is None
    assert "csv" in entry.detail and "1 cases" in entry.detail


def test_exported_formulas_are_neutralised(client, staff, case):
    client.force_login(staff.handler)
    rows = export(client)
    header, row = rows[0], rows[1]
    subject = row[
        header.index(next(h for h in header if h in ("Subject", "หัวข้อ", "เรื่อง")))
    ]
    assert subject.startswith("'=HYPERLINK(")


def test_xlsx_export_keeps_formulas_as_text(client, staff, case):
    from openpyxl import load_workbook

    client.force_login(staff.handler)
    response = export(client, fmt="xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [
        cell.value for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))
    ]
    cell_types = [
        cell.data_type for cell in next(workbook.active.iter_rows(min_row=2, max_row=2))
    ]
    assert any(str(v).startswith("'=HYPERLINK") for v in values)
    assert "f" not in cell_types


def test_export_follows_the_filters_and_hides_corruption(
    client, staff, case, corruption_case
):
    client.force_login(staff.handler)
    flat = str(export(client))
    assert corruption_case.tracking_code not in flat
    client.force_login(staff.integrity)
    flat = str(export(client, category="corruption"))
    assert corruption_case.tracking_code in flat
    assert case.tracking_code not in flat
    assert "นาย ข." in flat  # the respondent, with the personal data permission


def test_erasure_of_a_closed_case(
    client, staff, case, django_capture_on_commit_callbacks
):
    CaseNote.objects.create(case=case, author_name="x", text="โทรหาคุณสมหญิงแล้ว")
    client.force_login(staff.reception)
    url = reverse("ita_cases:purge", args=[case.pk])
    # Open cases are still being handled: no erasure yet.
    assert client.post(url).status_code == 302
    case.refresh_from_db()
    assert not case.is_purged

    case.status = CaseStatus.CLOSED
    case.save()
    assert client.get(url).status_code == 200
    names = [a.file.name for a in case.attachments.all()]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    case.refresh_from_db()
    assert case.is_purged
    assert (case.contact_name, case.contact_phone, case.subject) == ("", "", "")
    assert not case.attachments.exists() and not case.notes.exists()
    from ita_wagtail.models.channels.storage import case_attachment_storage

    assert not any(case_attachment_storage.exists(name) for name in names)
    assert PersonalDataAccess.objects.filter(case=case, action="purge").exists()
    # The edit screen still works and says what happened.
    assert client.get(reverse("ita_cases:edit", args=[case.pk])).status_code == 200


def test_erasure_needs_the_personal_data_permission(client, staff, case):
    case.status = CaseStatus.CLOSED
    case.save()
    client.force_login(staff.handler)
    client.post(reverse("ita_cases:purge", args=[case.pk]))
    case.refresh_from_db()
    assert not case.is_purged


def test_the_access_log_is_for_the_dpo_and_read_only(client, staff, case):
    client.force_login(staff.reception)
    client.get(reverse("ita_cases:edit", args=[case.pk]))
    index = reverse("ita_personal_data_access:index")

    client.force_login(staff.handler)
    assert client.get(index).status_code in (302, 403)

    client.force_login(staff.dpo)
    content = client.get(index).content.decode()
    assert case.tracking_code in content
    assert "reception" in content.lower()
    assert NAME not in content

    client.force_login(staff.admin)
    entry = PersonalDataAccess.objects.get()
    for name in ("add", "edit", "delete"):
        args = [] if name == "add" else [entry.pk]
        url = reverse(f"ita_personal_data_access:{name}", args=args)
        client.post(url, {"user_name": "someone else"})
    entry.refresh_from_db()
    assert PersonalDataAccess.objects.count() == 1
    assert entry.user_name != "someone else"


def test_feedback_can_be_read_and_deleted_never_written(client, staff, channels):
    feedback = Feedback.objects.create(site=channels.site, rating=2, comment="รอนาน")
    client.force_login(staff.admin)
    index = client.get(reverse("ita_feedback:index")).content.decode()
    assert "รอนาน" in index
    client.post(reverse("ita_feedback:edit", args=[feedback.pk]), {"rating": 5})
    feedback.refresh_from_db()
    assert feedback.rating == 2
    client.post(reverse("ita_feedback:delete", args=[feedback.pk]))
    assert not Feedback.objects.exists()


def test_export_of_cases_uses_thai_dates(client, staff, case):
    from ita_wagtail import thai

    client.force_login(staff.handler)
    rows = export(client)
    assert thai.format_thai_date(case.received_at, "numeric") in rows[1]


def test_case_labels_never_carry_the_subject(case):
    assert str(case) == case.tracking_code
    assert Case.objects.get(pk=case.pk).subject not in str(case)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_case_export_escapes_every_text_column(client, staff, make_case, fmt):
    from openpyxl import load_workbook

    from ita_wagtail.exporting.escaping import FORMULA_TRIGGERS
    from ita_wagtail.models import ResponsibleUnit

    hostile = '=HYPERLINK("http://evil.example","x")'
    make_case(
        unit=ResponsibleUnit.objects.create(name=hostile),
        subject=hostile,
        details="+" + hostile,
        location="-" + hostile,
        respondent="@" + hostile,
        contact_name=hostile,
        contact_phone="=0812345678",
        contact_email="x@example.com",
        public_reply="\t" + hostile,
    )
    client.force_login(staff.admin)
    if fmt == "csv":
        values = [cell for row in export(client) for cell in row]
        types = []
    else:
        book = load_workbook(
            io.BytesIO(b"".join(export(client, "xlsx").streaming_content))
        )
        cells = [c for row in book.active.iter_rows() for c in row]
        values, types = [c.value for c in cells], [c.data_type for c in cells]
    live = [v for v in values if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS)]
    assert live == [] and "f" not in types
    assert sum(1 for v in values if isinstance(v, str) and v.startswith("'")) >= 8


RESPONDENT = "นายสมชาย เรียกรับเงิน"


@pytest.mark.parametrize("screen", ["edit", "inspect"])
def test_the_person_complained_about_is_personal_data(
    client, staff, make_case, django_user_model, screen
):
    from django.contrib.auth.models import Group, Permission

    case = make_case(category=CaseCategory.CORRUPTION, respondent=RESPONDENT)
    # Handles corruption complaints, without the personal-data permission.
    group = Group.objects.create(name="Corruption handlers")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_case",
                "change_case",
                "view_corruption_case",
            ]
        )
    )
    handler = django_user_model.objects.create_user("corruption", password="x")
    handler.groups.add(group)
    url = reverse(f"ita_cases:{screen}", args=[case.pk])

    client.force_login(handler)
    response = client.get(url)
    assert response.status_code == 200
    assert RESPONDENT not in response.content.decode()
    assert not views_of(case).exists()

    client.force_login(staff.integrity)
    assert RESPONDENT in client.get(url).content.decode()
    assert views_of(case).get().user == staff.integrity


def test_a_handler_cannot_change_the_person_complained_about(client, staff, make_case):
    case = make_case(channel="phone", respondent=RESPONDENT)
    client.force_login(staff.handler)
    assert (
        RESPONDENT
        not in client.get(reverse("ita_cases:edit", args=[case.pk])).content.decode()
    )
    client.post(
        reverse("ita_cases:edit", args=[case.pk]),
        {
            "category": case.category,
            "channel": "phone",
            "subject": case.subject,
            "details": case.details,
            "location": case.location,
            "respondent": "คนอื่น",
            "status": "in_progress",
            "unit": "",
            "due_date": case.due_date.isoformat(),
            "public_reply": "",
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.respondent == RESPONDENT
