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


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
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
