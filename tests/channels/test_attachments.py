"""Attachments: images and PDF only, by content; size-limited; kept private."""

import io

import pytest
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from ita_wagtail.models.channels import Case, CaseAttachment
from ita_wagtail.models.channels.storage import case_attachment_storage

from .conftest import PDF_BYTES, complaint_data, image_bytes, upload

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
