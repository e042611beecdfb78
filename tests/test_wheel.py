"""The wheel carries everything an integrator's ``pip install`` needs, and no more."""

import email
import fnmatch
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent

# Left out of the copy the wheel is built from: environments, VCS, build
# leftovers, caches and uploaded media. The build never touches the tree.
EXCLUDED_NAMES = [
    ".venv*",
    ".git",
    "build",
    "dist",
    "site",
    "*.egg-info",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-artifacts",
    "*.sqlite3",
]
EXCLUDED_PATHS = [REPO_ROOT / "example_site" / "media"]

REQUIRED_FILES = [
    "ita_wagtail/migrations/0001_initial.py",
    "ita_wagtail/static/ita_wagtail/css/ita.css",
    "ita_wagtail/locale/th/LC_MESSAGES/django.mo",
    "ita_wagtail/criteria/sets/ita-2562.toml",
]

DEPENDENCIES = {
    "wagtail": (">=7.4,<9", set()),
    "django": (">=5.2,<6.2", set()),
    "django-import-export": (None, {"xlsx"}),
}


def ignore(directory, names):
    ignored = set()
    for pattern in EXCLUDED_NAMES:
        ignored.update(fnmatch.filter(names, pattern))
    ignored.update(
        name for name in names if Path(directory, name).resolve() in EXCLUDED_PATHS
    )
    return ignored


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(REPO_ROOT, source, ignore=ignore, symlinks=True)
    outdir = tmp / "dist"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, (
        f"python -m build exited with {completed.returncode}\n"
        f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )
    wheels = list(outdir.glob("ita_wagtail-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as archive:
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
