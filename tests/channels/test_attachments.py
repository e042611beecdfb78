"""Attachments: images and PDF only, by content; size-limited; kept private."""

import io

import pytest
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from ita_wagtail.models.channels import Case, CaseAttachment
from ita_wagtail.models.channels.storage import case_attachment_storage

from .conftest import (
    PDF_BYTES,
    build_pdf,
    complaint_data,
    image_bytes,
    pdf_with_object_stream,
    upload,
)

pytestmark = pytest.mark.django_db


def send(client, page, *files, **overrides):
    data = complaint_data(**overrides)
    data["attachments"] = list(files)
    return client.post(page.url, data)


def test_images_and_pdfs_are_stored_privately(client, channels):
    response = send(
        client,
        channels.complaint,
        upload("ถนนพัง.jpg", image_bytes("JPEG"), "image/jpeg"),
        upload("หนังสือ.pdf", PDF_BYTES, "application/pdf"),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    photo, letter = case.attachments.all()
    assert (photo.content_type, photo.original_name) == ("image/jpeg", "ถนนพัง.jpg")
    assert (letter.content_type, letter.original_name) == (
        "application/pdf",
        "หนังสือ.pdf",
    )
    for attachment in (photo, letter):
        # A random name in the private storage, nothing in public media.
        assert "ถนนพัง" not in attachment.file.name
        assert attachment.file.storage is case_attachment_storage
        assert case_attachment_storage.exists(attachment.file.name)
        assert not default_storage.exists(attachment.file.name)
    assert letter.file.name.endswith(".pdf")
    with letter.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES


def test_private_files_have_no_public_url(settings, tmp_path, make_case):
    settings.STORAGES = {**settings.STORAGES}
    settings.STORAGES.pop("ita_private")
    settings.ITA_CASE_PRIVATE_ROOT = str(tmp_path / "private")
    from ita_wagtail.channels.attachments import CleanAttachment
    from ita_wagtail.channels.intake import add_attachment

    attachment = add_attachment(
        make_case(), CleanAttachment("a.pdf", "application/pdf", ".pdf", PDF_BYTES)
    )
    assert (tmp_path / "private" / attachment.file.name).exists()
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018


def test_type_comes_from_the_content_not_the_name(client, channels):
    png = image_bytes("PNG")
    send(client, channels.complaint, upload("photo.pdf", png, "application/pdf"))
    attachment = CaseAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")


@pytest.mark.parametrize(
    "name, data",
    [
        ("virus.jpg", b"MZ\x90\x00 this is a windows program"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.gif", None),  # a real GIF: not on the list
        ("notes.txt", "บันทึก".encode()),
    ],
)
def test_other_types_are_refused_and_the_form_kept(client, channels, name, data):
    if data is None:
        data = image_bytes("GIF")
    response = send(client, channels.complaint, upload(name, data, "image/jpeg"))
    assert response.status_code == 200
    content = response.content.decode()
    assert name in content
    assert "ไฟถนนดับมาสามคืนแล้ว" in content  # the rest of the form is kept
    assert 'value="somying@example.com"' in content
    assert not Case.objects.exists()


def test_oversized_files_are_refused_with_a_message(client, channels, settings):
    settings.ITA_CASE_ATTACHMENT_MAX_SIZE = 1000
    big = image_bytes("PNG", size=(400, 400))
    assert len(big) > 1000 or pytest.skip("PNG compressed too well")
    response = send(client, channels.complaint, upload("big.png", big, "image/png"))
    assert response.status_code == 200
    content = response.content.decode()
    message = _("“%(name)s” is %(size)s; files may be at most %(limit)s.") % {
        "name": "big.png",
        "size": filesizeformat(len(big)),
        "limit": filesizeformat(1000),
    }
    assert message in content
    assert 'value="ไฟถนนดับหน้าโรงเรียน"' in content
    assert not Case.objects.exists()


def test_too_many_files_are_refused(client, channels, settings):
    settings.ITA_CASE_ATTACHMENT_MAX_FILES = 2
    files = [upload(f"{n}.png", image_bytes("PNG"), "image/png") for n in range(3)]
    response = send(client, channels.complaint, *files)
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_pdfs_with_scripts_are_refused(client, channels):
    evil = PDF_BYTES.replace(
        b"/Type/Catalog", b"/Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"
    )
    response = send(
        client, channels.complaint, upload("form.pdf", evil, "application/pdf")
    )
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_truncated_files_are_refused(client, channels):
    broken_jpeg = image_bytes("JPEG", size=(200, 200))[:300]
    response = send(
        client, channels.complaint, upload("cut.jpg", broken_jpeg, "image/jpeg")
    )
    assert response.status_code == 200
    broken_pdf = PDF_BYTES[:-8]
    response = send(
        client, channels.complaint, upload("cut.pdf", broken_pdf, "application/pdf")
    )
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_photo_metadata_is_removed(client, channels):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x9003] = "2024:07:05 08:00:00"  # DateTimeOriginal
    exif[0x0112] = 6  # Orientation: rotate 90°
    original = image_bytes("JPEG", size=(40, 20), exif=exif.tobytes())
    assert Image.open(io.BytesIO(original)).getexif()
    send(client, channels.complaint, upload("me.jpg", original, "image/jpeg"))
    stored = CaseAttachment.objects.get()
    with stored.file.open("rb") as handle:
        cleaned = Image.open(io.BytesIO(handle.read()))
    assert dict(cleaned.getexif()) == {}
    # The orientation was applied before it was dropped.
    assert cleaned.size == (20, 40)


def test_attachments_hint_states_the_limits(client, channels, settings):
    settings.ITA_CASE_ATTACHMENT_MAX_FILES = 4
    content = client.get(channels.complaint.url).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp,application/pdf' in content
    assert "multiple" in content
    hint = _(
        "Optional. Up to %(count)s images (JPEG, PNG, WebP) or PDF files, %(size)s MB each. Location data is removed from photos."
    ) % {"count": 4, "size": 5}
    assert hint in content


def test_deleting_an_attachment_deletes_its_file(
    make_case, django_capture_on_commit_callbacks
):
    from ita_wagtail.channels.attachments import CleanAttachment
    from ita_wagtail.channels.intake import add_attachment

    attachment = add_attachment(
        make_case(), CleanAttachment("a.pdf", "application/pdf", ".pdf", PDF_BYTES)
    )
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment.delete()
    assert not case_attachment_storage.exists(name)


def test_system_check_warns_about_public_attachment_folders(settings, tmp_path):
    from ita_wagtail.models.channels.storage import check_private_storage

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        key: value for key, value in settings.STORAGES.items() if key != "ita_private"
    }
    settings.ITA_CASE_PRIVATE_ROOT = str(tmp_path / "media" / "complaints")
    assert [m.id for m in check_private_storage()] == ["ita_wagtail.W001"]
    settings.ITA_CASE_PRIVATE_ROOT = str(tmp_path / "private")
    assert check_private_storage() == []
    settings.ITA_CASE_PRIVATE_ROOT = None  # next to MEDIA_ROOT by default
    assert check_private_storage() == []


PAGES = b"<</Type/Pages/Kids[]/Count 0>>"


def refused(client, channels, data, name="form.pdf"):
    response = send(client, channels.complaint, upload(name, data, "application/pdf"))
    assert response.status_code == 200
    assert not Case.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize(
    "catalog",
    [
        # Names written with #xx escapes are the same names to a PDF reader.
        b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/Java#53cript/J#53(app.alert(1))>>>>",
        b"<</Type/Catalog/Pages 2 0 R/Names<</J#61vaScript 3 0 R>>>>",
        b"<</Type/Catalog/Pages 2 0 R/AA<</WC<</S/L#61unch/F(cmd.exe)>>>>>>",
    ],
)
def test_pdf_scripts_are_found_whatever_the_spelling(client, channels, catalog):
    data = build_pdf(catalog, PAGES, b"<</Names[(x) 4 0 R]>>", b"<<>>")
    content = refused(client, channels, data)
    assert "form.pdf" in content


def test_pdf_scripts_in_a_compressed_object_stream_are_found(client, channels):
    data = pdf_with_object_stream(
        b"<</S/JavaScript/JS(app.alert(1))>>", catalog_extra=b"/OpenAction 4 0 R"
    )
    assert b"JavaScript" not in data  # invisible to a scan of the bytes
    refused(client, channels, data)


def test_pdf_scripts_of_page_annotations_are_found(client, channels):
    data = build_pdf(
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Annots[4 0 R]>>",
        b"<</Type/Annot/Subtype/Link/Rect[0 0 9 9]/A<</S/JavaScript/JS 5 0 R>>>>",
        b"<</Length 11>>\nstream\napp.alert()\nendstream",
    )
    refused(client, channels, data)


def test_harmless_pdfs_with_links_pass(client, channels):
    data = pdf_with_object_stream(
        b"<</S/URI/URI(https://example.go.th/)>>", catalog_extra=b"/OpenAction 4 0 R"
    )
    response = send(
        client, channels.complaint, upload("a.pdf", data, "application/pdf")
    )
    assert response.status_code == 302
    assert Case.objects.get().attachments.get().content_type == "application/pdf"


def test_encrypted_pdfs_are_refused_with_a_message(client, channels):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="", owner_password="secret", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    content = refused(client, channels, output.getvalue(), name="locked.pdf")
    assert "locked.pdf" in content
    from ita_wagtail.channels.attachments import PDF_REFUSALS

    assert str(PDF_REFUSALS["encrypted_pdf"] % {"name": "locked.pdf"}) in (
        content.replace("&ldquo;", "“").replace("&rdquo;", "”")
    )


def test_unparsable_and_oversized_pdfs_are_refused(client, channels, monkeypatch):
    refused(client, channels, b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n")
    from ita_wagtail.channels import attachments

    monkeypatch.setattr(attachments, "PDF_MAX_OBJECTS", 1)
    assert attachments.inspect_pdf(PDF_BYTES) == "pdf_too_complex"
    monkeypatch.setattr(attachments, "PDF_MAX_OBJECTS", 50_000)
    monkeypatch.setattr(attachments, "PDF_MAX_SECONDS", -1)
    assert attachments.inspect_pdf(PDF_BYTES) == "pdf_too_complex"


def test_a_compressed_bomb_is_refused_without_expanding_it():
    import time
    import tracemalloc

    from ita_wagtail.channels.attachments import inspect_pdf

    bomb = pdf_with_object_stream(b"<<>>" + b" " * 60_000_000)
    assert len(bomb) < 100_000
    tracemalloc.start()
    started = time.monotonic()
    assert inspect_pdf(bomb) == "pdf_too_complex"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.monotonic() - started < 2
    assert peak < 40_000_000


def test_a_large_pdf_is_checked_within_the_budget():
    import time

    from ita_wagtail.channels.attachments import inspect_pdf

    bodies = [b"<</Type/Catalog/Pages 2 0 R>>", PAGES]
    bodies += [b"<</K[%d 0 R]/V(x)>>" % n for n in range(3, 15_003)]
    data = build_pdf(*bodies)
    started = time.monotonic()
    assert inspect_pdf(data) is None
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "name, data, content_type, expected",
    [
        ("evil.html", "pdf", "application/pdf", "evil.pdf"),
        ("drawing.svg", "png", "image/png", "drawing.png"),
        ("ถนน.JPG", "jpeg", "image/jpeg", "ถนน.jpg"),
        ("no-extension", "pdf", "application/pdf", "no-extension.pdf"),
    ],
)
def test_downloads_are_named_by_the_type_found(
    client, channels, staff, name, data, content_type, expected
):
    from urllib.parse import quote

    from django.urls import reverse

    payload = {
        "pdf": b"<html><script>alert(1)</script></html>\n" + PDF_BYTES,
        "png": image_bytes("PNG"),
        "jpeg": image_bytes("JPEG"),
    }[data]
    response = send(client, channels.complaint, upload(name, payload, "text/html"))
    assert response.status_code == 302
    attachment = Case.objects.get().attachments.get()
    assert attachment.content_type == content_type
    client.force_login(staff.admin)
    download = client.get(
        reverse("ita_cases:attachment", args=[attachment.case_id, attachment.pk])
    )
    assert download["Content-Type"] == content_type
    disposition = download["Content-Disposition"]
    assert expected in disposition or quote(expected) in disposition
    assert ".html" not in disposition and ".svg" not in disposition
