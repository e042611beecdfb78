"""The README's integrator path, end to end, on a brand-new ``wagtail start`` project.

Nothing here uses the suite's settings or database: every step runs in a
subprocess with the new project's own settings and SQLite file.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent

# The README's one settings change: these two apps, before "wagtail.contrib.forms".
README_APPS = ['"ita_wagtail",', '"wagtail.contrib.settings",']

ITEM_CODES = [f"5.{n}" for n in range(1, 12)]

# Publishes the ITA index and renders it: once as the new project is set up
# (LANGUAGE_CODE "en-us"), once in Thai. Prints one JSON line for the test.
RENDER = """
import json, pathlib
from django.test import Client
from django.utils import translation
from wagtail.models import Page
from ita_wagtail.models import ItaIndexPage

pages_before_publishing = Page.objects.count()
index = ItaIndexPage.objects.get()
index.save_revision().publish()
index.refresh_from_db()
url = index.get_url()
client = Client()
result = {"pages": pages_before_publishing, "url": url, "live": index.live}
for language in ("default", "th"):
    if language == "default":
        response = client.get(url)
    else:
        with translation.override("th"):
            response = client.get(url)
    pathlib.Path(f"index-{language}.html").write_bytes(response.content)
    result[language] = response.status_code
print("RESULT " + json.dumps(result))
"""


def run(args, cwd, env):
    completed = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, args))} exited with {completed.returncode}\n"
        f"--- stdout ---\n{completed.stdout}\n--- stderr ---\n{completed.stderr}"
    )
    return completed.stdout


def add_readme_apps(settings_file):
    source = settings_file.read_text()
    anchor = '    "wagtail.contrib.forms",\n'
    assert source.count(anchor) == 1, "wagtail start's INSTALLED_APPS changed"
    lines = "".join(f"    {app}\n" for app in README_APPS)
    settings_file.write_text(source.replace(anchor, lines + anchor))


def pages_created(output):
    match = re.search(r"(\d+) pages created, (\d+) already there", output)
    assert match, f"no summary line in ita_setup's output:\n{output}"
    return int(match.group(1)), int(match.group(2))


def test_readme_install_path(tmp_path):
    wagtail = Path(sys.executable).parent / "wagtail"
    assert wagtail.exists(), f"no wagtail entry point next to {sys.executable}"

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env["DJANGO_SETTINGS_MODULE"] = "mysite.settings.dev"
    env["PYTHONUNBUFFERED"] = "1"

    run([str(wagtail), "start", "mysite"], cwd=tmp_path, env=env)
    project = tmp_path / "mysite"
    add_readme_apps(project / "mysite" / "settings" / "base.py")

    def manage(*args):
        return run([sys.executable, "manage.py", *args], cwd=project, env=env)

    manage("migrate", "--noinput")

    created, existing = pages_created(manage("ita_setup"))
    assert created > 0
    assert existing == 0

    again_created, again_existing = pages_created(manage("ita_setup"))
    assert again_created == 0, "ita_setup is not idempotent"
    assert again_existing == created

    manage("check")

    output = manage("shell", "-c", RENDER)
    result = json.loads(output.split("RESULT ", 1)[1].strip().splitlines()[0])
    # wagtail start's tree (root + home) plus what the first ita_setup made.
    assert result["pages"] == 2 + created
    assert result["live"] is True

    for language in ("default", "th"):
        html = (project / f"index-{language}.html").read_text()
        assert result[language] == 200, html[:2000]
        for code in ITEM_CODES:
            assert re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", html), (
                f"item {code} missing from the {language} ITA index"
            )
    thai = (project / "index-th.html").read_text()
    assert "ข้อมูลพื้นฐาน" in thai
    assert "เจตจำนงสุจริต" in thai
