"""Checking citizens' attachments by their content, and cleaning them.

Only images (JPEG, PNG, WebP) and PDF files are accepted, whatever their
name says: the type is read from the bytes. Images are decoded and written
again, which drops EXIF data (phone photos carry the GPS position of the
sender's home) and anything smuggled after the image data. PDFs with scripts,
launch actions or embedded files are refused, as a second line of defence
for the staff who open them.
"""

import io
import os
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ita_wagtail.models.channels import conf

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PDF = ("application/pdf", ".pdf")
ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"

# Far above any phone camera (200 MP sensors bin to ~50 MP) but far below
# what would let one small file exhaust the server's memory.
MAX_PIXELS = 60_000_000
_PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")


@dataclass
class CleanAttachment:
    original_name: str
    content_type: str
    extension: str
    data: bytes

    @property
    def size(self):
        return len(self.data)


def max_size():
    return conf.get("ITA_CASE_ATTACHMENT_MAX_SIZE")


def max_files():
    return conf.get("ITA_CASE_ATTACHMENT_MAX_FILES")


def safe_display_name(name):
    """The citizen's file name, reduced to something safe to show and store."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    return base.strip()[:150] or "attachment"


def _refuse(message, name, code, **params):
    raise ValidationError(message, code=code, params={"name": name, **params})


def clean_upload(upload):
    """A :class:`CleanAttachment` from an uploaded file, or ValidationError."""
    name = safe_display_name(getattr(upload, "name", ""))
    limit = max_size()
    if upload.size > limit:
        _refuse(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            name,
            "too_large",
            size=filesizeformat(upload.size),
            limit=filesizeformat(limit),
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        _refuse(
            _("“%(name)s” is larger than %(limit)s."),
            name,
            "too_large",
            limit=filesizeformat(limit),
        )
    if not data:
        _refuse(_("“%(name)s” is empty."), name, "empty")
    # The PDF header may follow a few bytes of junk (the format allows 1 KB).
    if b"%PDF-" in data[:1024]:
        return _clean_pdf(name, data)
    return _clean_image(name, data)


def _clean_pdf(name, data):
    if b"%%EOF" not in data[-2048:]:
        _refuse(
            _("“%(name)s” is not a complete PDF file. Save it again and retry."),
            name,
            "broken_pdf",
        )
    if _PDF_ACTIVE_CONTENT.search(data):
        _refuse(
            _(
                "“%(name)s” contains scripts or embedded files, which are not "
                "accepted. Print it to a new PDF or send a photo instead."
            ),
            name,
            "active_pdf",
        )
    content_type, extension = PDF
    return CleanAttachment(name, content_type, extension, data)


def _not_accepted(name):
    _refuse(
        _(
            "“%(name)s” is not a JPEG, PNG or WebP image or a PDF file. Only "
            "these types are accepted."
        ),
        name,
        "wrong_type",
    )


def _clean_image(name, data):
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in IMAGE_FORMATS:
                _not_accepted(name)
            if width * height > MAX_PIXELS:
                _refuse(
                    _("“%(name)s” has too many pixels; send a smaller photo."),
                    name,
                    "too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            options = {}
            if icc := image.info.get("icc_profile"):
                options["icc_profile"] = icc
            if kind == "JPEG":
                if image.mode not in ("RGB", "L", "CMYK"):
                    image = image.convert("RGB")
                options.update(quality=90, optimize=True)
            image.save(output, format=kind, **options)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        _refuse(
            _("“%(name)s” has too many pixels; send a smaller photo."),
            name,
            "too_many_pixels",
        )
    except UnidentifiedImageError:
        _not_accepted(name)
    except (OSError, SyntaxError, ValueError):
        # Pillow's verify() and load() report damaged files this way.
        _refuse(
            _("“%(name)s” is damaged or incomplete and cannot be read."),
            name,
            "broken_image",
        )
    content_type, extension = IMAGE_FORMATS[kind]
    return CleanAttachment(name, content_type, extension, output.getvalue())
