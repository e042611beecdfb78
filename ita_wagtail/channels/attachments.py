"""Checking citizens' attachments by their content, and cleaning them.

Only images (JPEG, PNG, WebP) and PDF files are accepted, whatever their
name says: the type is read from the bytes. Images are decoded and written
again, which drops EXIF data (phone photos carry the GPS position of the
sender's home) and anything smuggled after the image data. PDFs are parsed
(with pypdf, names decoded and compressed object streams opened) and
refused when any object holds a script, a launch or other active action, an
embedded file or rich media, as a second line of defence for the staff who
open them; encrypted PDFs, which cannot be checked, and PDFs too large to
check within a fixed budget of objects and time are refused too.
"""

import io
import logging
import os
import time
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

# What a PDF may not contain. Keys of any dictionary:
PDF_ACTIVE_KEYS = frozenset(
    {
        "/JS",  # a script of an action
        "/JavaScript",  # the document's named scripts (/Names)
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/EF",  # a file specification's embedded file
        "/RichMedia",
        "/XFA",  # XML forms, which carry scripts of their own
        "/Launch",
    }
)
# Actions (/S) and types or subtypes (/Type, /Subtype):
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/RichMediaExecute",
        "/GoToE",  # go to an embedded file
        "/Rendition",  # may run a script
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
    }
)
# A budget no genuine scan or letter comes near, so that a hostile file
# cannot keep a worker busy: objects looked at, and seconds spent (checked
# between objects; one object is at most the size of the file).
PDF_MAX_OBJECTS = 20_000
# Bytes any one stream may decompress to while the file is checked (object
# and cross-reference streams; page contents and images are never decoded).
PDF_MAX_DECODED_BYTES = 8 * 1024 * 1024
PDF_MAX_SECONDS = 5.0

logger = logging.getLogger(__name__)


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


class _PdfRefused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _pdf_objects(reader):
    """Every object the file's cross-reference tables know, and the trailer."""
    from pypdf.generic import IndirectObject

    yield reader.trailer
    numbers = set()
    for generation, entries in reader.xref.items():
        numbers.update((number, generation) for number in entries)
    numbers.update((number, 0) for number in reader.xref_objStm)
    for number, generation in sorted(numbers):
        yield reader.get_object(IndirectObject(number, generation, reader))


def _active_content(reader, deadline):
    """The first active element found (a key or a name), or None."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    for count, obj in enumerate(_pdf_objects(reader)):
        if count > PDF_MAX_OBJECTS or time.monotonic() > deadline:
            raise _PdfRefused("pdf_too_complex")
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, IndirectObject):
                continue  # visited on its own, from the cross-reference table
            if isinstance(item, DictionaryObject):
                for key, value in item.items():
                    if key in PDF_ACTIVE_KEYS:
                        return key
                    if key in ("/S", "/Type", "/Subtype") and value in (
                        PDF_ACTIVE_NAMES
                    ):
                        return value
                    stack.append(value)
            elif isinstance(item, ArrayObject):
                stack.extend(item)
    return None


def _pdf_limits():
    """pypdf's decompression limits, lowered for the check (this thread only)."""
    import dataclasses

    from pypdf import Configuration, apply_configuration

    names = {field.name for field in dataclasses.fields(Configuration)}
    limits = {
        name: PDF_MAX_DECODED_BYTES
        for name in names
        if name == "maximum_declared_stream_length"
        or name.endswith("_maximum_output_length")
    }
    return apply_configuration(**limits)


def inspect_pdf(data):
    """None when the PDF is safe to keep, else the refusal's code.

    ``"encrypted_pdf"``, ``"broken_pdf"``, ``"pdf_too_complex"`` or
    ``"active_pdf"``.
    """
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    deadline = time.monotonic() + PDF_MAX_SECONDS
    try:
        with _pdf_limits():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return "encrypted_pdf"
            if _active_content(reader, deadline) is not None:
                return "active_pdf"
    except _PdfRefused as refusal:
        return refusal.code
    except LimitReachedError:
        return "pdf_too_complex"
    except (Exception, RecursionError):  # pypdf raises many kinds for a hostile file
        logger.info("PDF attachment refused: it could not be parsed", exc_info=True)
        return "broken_pdf"
    return None


PDF_REFUSALS = {
    "broken_pdf": _("“%(name)s” is not a complete PDF file. Save it again and retry."),
    "encrypted_pdf": _(
        "“%(name)s” is protected with a password or encrypted, so it cannot be "
        "checked. Save it without protection, or print it to a new PDF, and "
        "send it again."
    ),
    "pdf_too_complex": _(
        "“%(name)s” is too large or complex to be checked. Print it to a new "
        "PDF or send a photo instead."
    ),
    "active_pdf": _(
        "“%(name)s” contains scripts or embedded files, which are not "
        "accepted. Print it to a new PDF or send a photo instead."
    ),
}


def _clean_pdf(name, data):
    if b"%%EOF" not in data[-2048:]:
        _refuse(PDF_REFUSALS["broken_pdf"], name, "broken_pdf")
    if refusal := inspect_pdf(data):
        _refuse(PDF_REFUSALS[refusal], name, refusal)
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
