"""The README's integrator path, from the built wheel, on two host sites.

The wheel is built from a clean copy of the tree and installed, as
``pip install ita-wagtail`` installs it (not editable), into a fresh
virtualenv shared by the tests of this module. Every command then runs with
that virtualenv's Python from a temporary folder, with no ``PYTHONPATH``:
nothing of the source tree is importable, and the tests check that
``ita_wagtail`` is the copy in the virtualenv's site-packages.

The sites follow the README's steps (docs/installation.md says the same):

* a brand-new ``wagtail start`` project;
* an existing site shaped like Wagtail's bakerydemo: its own ``LANGUAGES``
  (shared with ``WAGTAIL_CONTENT_LANGUAGES``), ``wagtail.contrib.settings``
  already installed, a base template with only ``title`` and ``content``
  blocks, a ``.container`` around the content and a breadcrumb of its own.

The virtualenv gets the Wagtail and Django versions the suite runs on, so
each CI leg tests the wheel on its own versions.
"""

import json
import os
import re
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from .wheel_build import REPO_ROOT, build_wheel

pytestmark = pytest.mark.slow

#: A fresh install answers the newest shipped list for today's fiscal year:
#: the OIT list of ITA 2569 (O1–O26) from fiscal year 2569 on.
ITEM_CODES = [f"O{n}" for n in range(1, 27)]
STYLESHEET = "/static/ita_wagtail/css/ita.css"

# Run in each site with ``manage.py shell``: where ita_wagtail was imported
# from, the titles ita_setup gave, then the ITA index published and rendered
# as a visitor sees it. Prints one JSON line.
PROBE = """
import json, sys
import ita_wagtail
from django.contrib.staticfiles import finders
from django.test import Client
from ita_wagtail.models import ExecutivesPage, ItaIndexPage

index = ItaIndexPage.objects.get()
result = {
    "module": ita_wagtail.__file__,
    "sys_path": sys.path,
    "stylesheet_file": finders.find("ita_wagtail/css/ita.css"),
    "titles": {"index": index.title, "executives": ExecutivesPage.objects.get().title},
}
index.save_revision().publish()
response = Client().get(index.url)
result["status"] = response.status_code
result["html"] = response.content.decode()
print("RESULT " + json.dumps(result))
"""


@dataclass
class Venv:
    python: Path
    site_packages: Path
    env: dict

    def run(self, *args, cwd):
        completed = subprocess.run(
            [str(arg) for arg in args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert completed.returncode == 0, (
            f"{' '.join(map(str, args))} exited with {completed.returncode}\n"
            f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
        )
        return completed.stdout

    def manage(self, project, *args):
        return self.run(self.python, "manage.py", *args, cwd=project)


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """A fresh virtualenv with the built wheel installed, and nothing else of ours."""
    tmp = tmp_path_factory.mktemp("install")
    wheel = build_wheel(tmp / "build")
    home = tmp / "venv"
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "PYTHONPATH",
            "PYTHONHOME",
            "VIRTUAL_ENV",
            "DJANGO_SETTINGS_MODULE",
            "DATABASE_URL",
        }
    }
    env["PATH"] = os.pathsep.join([str(home / "bin"), env.get("PATH", "")])
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    subprocess.run([sys.executable, "-m", "venv", str(home)], check=True, env=env)
    python = home / "bin" / "python"
    created = Venv(python=python, site_packages=Path(), env=env)
    # The Wagtail and Django of this test run: the CI leg's versions.
    created.run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        wheel,
        f"wagtail=={version('wagtail')}",
        f"Django=={version('django')}",
        cwd=tmp,
    )
    purelib = created.run(
        python,
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        cwd=tmp,
    )
    created.site_packages = Path(purelib.strip()).resolve()
    assert created.site_packages != Path(sysconfig.get_paths()["purelib"]).resolve()
    return created


# ---------------------------------------------------------------- README steps
# Each helper is one step of the README's "Add it to an existing Wagtail site",
# applied to a settings file the way an integrator edits it.


def add_apps(settings_file):
    """ "ita_wagtail", and "wagtail.contrib.settings" if not already there,
    just before "wagtail.contrib.forms"."""
    source = settings_file.read_text()
    anchor = '    "wagtail.contrib.forms",\n'
    assert source.count(anchor) == 1, "INSTALLED_APPS has no wagtail.contrib.forms"
    apps = ['"ita_wagtail",']
    if '"wagtail.contrib.settings"' not in source:
        apps.append('"wagtail.contrib.settings",')
    lines = "".join(f"    {app}\n" for app in apps)
    settings_file.write_text(source.replace(anchor, lines + anchor))


def set_language(settings_file):
    """Thai and Bangkok time; where the site sets LANGUAGES, Thai added to it."""
    source = settings_file.read_text()
    source, count = re.subn(
        r'(?m)^LANGUAGE_CODE = ".*"$', 'LANGUAGE_CODE = "th"', source
    )
    assert count == 1
    source, count = re.subn(
        r'(?m)^TIME_ZONE = ".*"$', 'TIME_ZONE = "Asia/Bangkok"', source
    )
    assert count == 1
    source, count = re.subn(
        r"(?m)^((?:\w+ = )*LANGUAGES = \[\n)", r'\1    ("th", "ไทย"),\n', source
    )
    assert count <= 1
    settings_file.write_text(source)


def add_setting(settings_file, line):
    settings_file.write_text(settings_file.read_text() + f"\n{line}\n")


def pages_created(output):
    # The summary is in the site's language: Thai once the README is followed.
    match = re.search(r"สร้างหน้าใหม่ (\d+) หน้า มีอยู่แล้ว (\d+) หน้า", output) or re.search(
        r"(\d+) pages created, (\d+) already there", output
    )
    assert match, f"no summary line in ita_setup's output:\n{output}"
    return int(match.group(1)), int(match.group(2))


def probe(venv, project):
    output = venv.manage(project, "shell", "-c", PROBE)
    result = json.loads(output.split("RESULT ", 1)[1].strip().splitlines()[0])
    (project / "ita-index.html").write_text(result["html"])
    return result


def assert_installed_from_the_wheel(venv, result):
    assert Path(result["module"]).resolve().is_relative_to(venv.site_packages), result[
        "module"
    ]
    assert Path(result["stylesheet_file"]).resolve().is_relative_to(venv.site_packages)
    on_path = [Path(entry).resolve() for entry in result["sys_path"] if entry]
    assert not [entry for entry in on_path if entry.is_relative_to(REPO_ROOT)]


def assert_thai_index_with_stylesheet(result):
    html = result["html"]
    assert result["status"] == 200, html[:3000]
    assert result["titles"] == {
        "index": "การเปิดเผยข้อมูลสาธารณะ (ITA)",
        "executives": "ข้อมูลผู้บริหาร",
    }
    for code in ITEM_CODES:
        assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", html), (
            f"item {code} missing from the ITA index"
        )
    assert "ข้อมูลพื้นฐาน" in html
    assert "NO GIFT POLICY" in html
    assert f'<link rel="stylesheet" href="{STYLESHEET}">' in html


# ------------------------------------------------------------------ the sites


def test_stock_wagtail_start_project(venv, tmp_path):
    venv.run(venv.python.parent / "wagtail", "start", "mysite", cwd=tmp_path)
    project = tmp_path / "mysite"
    settings_file = project / "mysite" / "settings" / "base.py"

    add_apps(settings_file)
    set_language(settings_file)
    venv.manage(project, "check", "--fail-level", "WARNING")
    venv.manage(project, "migrate", "--noinput")

    created, existing = pages_created(venv.manage(project, "ita_setup"))
    assert created > 0
    assert existing == 0
    again_created, again_existing = pages_created(venv.manage(project, "ita_setup"))
    assert again_created == 0, "ita_setup is not idempotent"
    assert again_existing == created

    result = probe(venv, project)
    assert_installed_from_the_wheel(venv, result)
    assert_thai_index_with_stylesheet(result)
    # The project's base.html has no breadcrumb: the ITA pages show theirs.
    assert 'class="ita-breadcrumb"' in result["html"]


BAKERY_SETTINGS = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "install-test-only"
DEBUG = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "bakery.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bakery" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "bakerydemodb",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

WAGTAIL_SITE_NAME = "The Wagtail Bakery"
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
WAGTAIL_I18N_ENABLED = True

WAGTAIL_CONTENT_LANGUAGES = LANGUAGES = [
    ("en", "English"),
    ("de", "German"),
]
"""

BAKERY_URLS = """\
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include(wagtail_urls)),
]
"""

# Only "title" and "content" blocks: no extra_css, no head block at all.
BAKERY_BASE = """\
{% load static wagtailcore_tags %}<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{% block title %}{{ page.title }}{% endblock %} | The Wagtail Bakery</title>
  <link rel="stylesheet" href="{% static 'css/main.css' %}">
</head>
<body>
  <header class="header"><a href="/">The Wagtail Bakery</a></header>
  {% if page %}
  <nav class="breadcrumb-container" aria-label="Breadcrumb">
    <div class="container">
      <ol class="breadcrumb">
        {% for ancestor in page.get_ancestors %}{% if ancestor.depth > 1 %}
          <li><a href="{% pageurl ancestor %}">{{ ancestor.title }}</a></li>
        {% endif %}{% endfor %}
        <li aria-current="page">{{ page.title }}</li>
      </ol>
    </div>
  </nav>
  {% endif %}
  <main id="main-content">
    <div class="container">
      {% block content %}{% endblock %}
    </div>
  </main>
  <footer class="footer">The Wagtail Bakery</footer>
</body>
</html>
"""

BAKERY_MANAGE = """\
#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bakery.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""


def make_bakery_site(venv, project):
    """The host site as it was before ita-wagtail: written, migrated, served."""
    package = project / "bakery"
    (package / "templates").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "settings.py").write_text(BAKERY_SETTINGS)
    (package / "urls.py").write_text(BAKERY_URLS)
    (package / "templates" / "base.html").write_text(BAKERY_BASE)
    (project / "manage.py").write_text(BAKERY_MANAGE)
    venv.manage(project, "migrate", "--noinput")


def test_bakerydemo_shaped_site(venv, tmp_path):
    project = tmp_path / "bakerydemo"
    make_bakery_site(venv, project)
    settings_file = project / "bakery" / "settings.py"
    assert '"wagtail.contrib.settings",' in settings_file.read_text()

    add_apps(settings_file)
    set_language(settings_file)
    # The site's base template shows its own breadcrumb.
    add_setting(settings_file, "ITA_SHOW_BREADCRUMB = False")
    source = settings_file.read_text()
    assert source.count('"wagtail.contrib.settings"') == 1
    assert '("th", "ไทย"),' in source

    venv.manage(project, "check", "--fail-level", "WARNING")
    venv.manage(project, "migrate", "--noinput")
    created, existing = pages_created(venv.manage(project, "ita_setup"))
    assert created > 0
    assert existing == 0

    result = probe(venv, project)
    assert_installed_from_the_wheel(venv, result)
    assert_thai_index_with_stylesheet(result)
    html = result["html"]
    # The base template has no block for stylesheets in <head>: the ITA
    # stylesheet is linked inside the content, in the site's container.
    main = html[html.index('<main id="main-content">') :]
    assert f'href="{STYLESHEET}"' in main[: main.index("</main>")]
    assert 'href="/static/ita_wagtail/css/ita.css"' not in html[: html.index("<body")]
    # One breadcrumb, the site's own.
    assert 'class="breadcrumb-container"' in html
    assert "ita-breadcrumb" not in html
