"""Fixtures of the channel tests: published channel pages, staff roles, files."""

import io
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Site

from ita_wagtail import models as ita
from ita_wagtail.models.channels import Case

CSRF_INPUT = re.compile(
    r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">'
)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives each test's
    # database rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


def _add(parent, model):
    """A published page of ``model`` as ita_setup would start it."""
    page = model(
        title=str(model.ita_default_title()),
        slug=model.ita_slug,
        **(
            model.ita_initial_values(parent)
            if hasattr(model, "ita_initial_values")
            else {}
        ),
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


@pytest.fixture
def channels(site):
    """The ITA index with the three channel pages and the service manuals, live.

    Built directly rather than through ita_setup (tested on its own) to keep
    each test's setup small.
    """
    index = _add(site.root_page, ita.ItaIndexPage)
    return SimpleNamespace(
        index=index,
        complaint=_add(index, ita.ComplaintPage),
        corruption=_add(index, ita.CorruptionComplaintPage),
        feedback=_add(index, ita.FeedbackPage),
        manuals=_add(index, ita.ServiceManualsPage),
        site=site,
    )


@pytest.fixture
def make_case(site):
    def _make(**fields):
        values = {
            "site": site,
            "subject": "ไฟถนนดับหน้าโรงเรียน",
            "details": "ไฟถนนดับมา 3 คืนแล้ว",
            "location": "ถนนเทศบาล 3",
        }
        values.update(fields)
        case = Case(**values)
        case.save()
        return case

    return _make


def without_csrf(content):
    return CSRF_INPUT.sub("", content.decode())


def complaint_data(**overrides):
    data = {
        "category": "complaint",
        "subject": "ไฟถนนดับหน้าโรงเรียน",
        "details": "ไฟถนนดับมาสามคืนแล้ว เด็กเดินกลับบ้านมืด",
        "location": "ถนนเทศบาล 3 หน้าโรงเรียนบ้านหนองบัว",
        "contact_name": "สมหญิง ใจดี",
        "contact_phone": "081-234-5678",
        "contact_email": "somying@example.com",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# -- files ---------------------------------------------------------------------


def image_bytes(fmt="PNG", size=(24, 16), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    options = {}
    if exif is not None:
        options["exif"] = exif
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def build_pdf(*bodies, root=1):
    """A PDF with a correct cross-reference table; ``bodies[i]`` is object i + 1."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        root,
        start,
    )
    return bytes(out)


def pdf_with_object_stream(hidden, catalog_extra=b""):
    """A PDF (1.5) whose object 4, ``hidden``, sits in a compressed object stream."""
    import zlib

    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def add(number, body):
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    add(1, b"<</Type/Catalog/Pages 2 0 R%s>>" % catalog_extra)
    add(2, b"<</Type/Pages/Kids[]/Count 0>>")
    header = b"4 0 "
    packed = zlib.compress(header + hidden)
    add(
        3,
        b"<</Type/ObjStm/N 1/First %d/Filter/FlateDecode/Length %d>>\nstream\n%s"
        b"\nendstream" % (len(header), len(packed), packed),
    )
    xref_at = len(out)
    rows = [
        (0, 0, 65535),
        (1, offsets[1], 0),
        (1, offsets[2], 0),
        (1, offsets[3], 0),
        (2, 3, 0),  # object 4: in object stream 3, at index 0
        (1, xref_at, 0),
    ]
    table = b"".join(
        kind.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big")
        for kind, a, b in rows
    )
    out += (
        b"5 0 obj\n<</Type/XRef/Size 6/W[1 4 2]/Root 1 0 R/Length %d>>\nstream\n"
        % len(table)
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


PDF_BYTES = build_pdf(
    b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"
)


# -- staff ---------------------------------------------------------------------


def _group(name, *codenames):
    group, _created = Group.objects.get_or_create(name=name)
    permissions = [
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    ]
    permissions += [
        Permission.objects.get(content_type__app_label="ita_wagtail", codename=codename)
        for codename in codenames
    ]
    group.permissions.set(permissions)
    return group


def _user(django_user_model, username, *groups):
    user = django_user_model.objects.create_user(
        username=username,
        password="password",
        first_name=username.capitalize(),
        email=f"{username}@example.com",
    )
    user.groups.set(groups)
    return user


@pytest.fixture
def staff(db, django_user_model):
    """Users by role, the way a municipality would set up its groups."""
    handlers = _group("Case handlers", "view_case", "change_case")
    reception = _group(
        "Case reception",
        "view_case",
        "add_case",
        "change_case",
        "view_case_personal_data",
    )
    integrity = _group(
        "Integrity officers",
        "view_case",
        "change_case",
        "view_corruption_case",
        "view_case_personal_data",
    )
    readers = _group("Case readers", "view_case")
    dpo = _group("Data protection officer", "view_personaldataaccess")
    return SimpleNamespace(
        handler=_user(django_user_model, "handler", handlers),
        reception=_user(django_user_model, "reception", reception),
        integrity=_user(django_user_model, "integrity", integrity),
        reader=_user(django_user_model, "reader", readers),
        dpo=_user(django_user_model, "dpo", dpo),
        outsider=_user(django_user_model, "outsider", _group("Editors only")),
        admin=django_user_model.objects.create_superuser(
            username="admin", password="password", email="admin@example.com"
        ),
    )
