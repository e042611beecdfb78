"""The wheel carries everything an integrator's ``pip install`` needs, and no more."""

import email
import fnmatch
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .wheel_build import build_wheel, tracked_package_modules

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent

REQUIRED_FILES = [
    "ita_wagtail/migrations/0001_initial.py",
    "ita_wagtail/static/ita_wagtail/css/ita.css",
    "ita_wagtail/locale/th/LC_MESSAGES/django.mo",
    "ita_wagtail/criteria/sets/ita-2562.toml",
    # Embedded in every PDF file (SIL Open Font License, shipped with it).
    "ita_wagtail/static/ita_wagtail/fonts/Sarabun-Regular.ttf",
    "ita_wagtail/static/ita_wagtail/fonts/Sarabun-Bold.ttf",
    "ita_wagtail/static/ita_wagtail/fonts/OFL.txt",
    "ita_wagtail/templates/ita_wagtail/pdf/document.html",
]

DEPENDENCIES = {
    "wagtail": (">=7.4,<9", set()),
    "django": (">=5.2,<6.2", set()),
    "django-import-export": (None, {"xlsx"}),
    "weasyprint": (">=65,<71", set()),
}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    path = build_wheel(tmp_path_factory.mktemp("wheel"))
    with zipfile.ZipFile(path) as archive:
        yield archive


@pytest.fixture(scope="module")
def names(wheel):
    return set(wheel.namelist())


@pytest.fixture(scope="module")
def metadata(wheel, names):
    (path,) = [name for name in names if name.endswith(".dist-info/METADATA")]
    return email.message_from_bytes(wheel.read(path))


@pytest.mark.parametrize("path", REQUIRED_FILES)
def test_wheel_contains(names, path):
    assert path in names


def test_wheel_contains_every_file_the_package_reads(names):
    # Templates (HTML and the plain-text e-mails), static files, the
    # catalogue and the criteria: a file missing here breaks a pip install
    # while every test of the source tree passes.
    package = REPO_ROOT / "ita_wagtail"
    data_files = {
        path.relative_to(REPO_ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
    }
    assert data_files, "no data files found in the source tree"
    assert sorted(data_files - names) == []


def test_wheel_contains_every_python_module(names):
    # A package folder without __init__.py is left out by ``packages = find:``
    # while every test of the source tree still passes: the wheel then fails
    # with ModuleNotFoundError on the integrator's first manage.py command.
    modules = tracked_package_modules()
    assert "ita_wagtail/channels/__init__.py" in modules, "no modules found"
    assert sorted(modules - names) == []


def test_wheel_contains_templates(names):
    templates = fnmatch.filter(names, "ita_wagtail/templates/ita_wagtail/*.html")
    assert templates, sorted(n for n in names if "/templates/" in n)


def test_wheel_leaves_out_the_project(names):
    top_levels = {name.split("/", 1)[0] for name in names}
    assert "tests" not in top_levels
    assert "example_site" not in top_levels
    assert not [name for name in names if "__pycache__" in name]
    assert top_levels <= {"ita_wagtail", *fnmatch.filter(top_levels, "*.dist-info")}


def requirements(metadata):
    return [Requirement(value) for value in metadata.get_all("Requires-Dist") or []]


@pytest.mark.parametrize("name", sorted(DEPENDENCIES))
def test_metadata_dependency_ranges(metadata, name):
    specifier, extras = DEPENDENCIES[name]
    found = [
        req
        for req in requirements(metadata)
        if canonicalize_name(req.name) == name and req.marker is None
    ]
    assert len(found) == 1, metadata.get_all("Requires-Dist")
    if specifier is not None:
        assert found[0].specifier == SpecifierSet(specifier)
    assert extras <= found[0].extras


def test_metadata_extras(metadata):
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"modeladmin", "test"} <= extras
    by_extra = {
        extra: {
            canonicalize_name(req.name)
            for req in requirements(metadata)
            if req.marker is not None and req.marker.evaluate({"extra": extra})
        }
        for extra in ("modeladmin", "test")
    }
    assert "wagtail-modeladmin" in by_extra["modeladmin"]
    assert {"pytest", "pytest-django", "playwright"} <= by_extra["test"]
