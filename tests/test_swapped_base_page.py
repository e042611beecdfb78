"""The page types build on a site's own base page model (Wagtail 8)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import wagtail

REPO = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        wagtail.VERSION < (8, 0), reason="WAGTAIL_PAGE_MODEL arrived in Wagtail 8"
    ),
]

CHECK = """
from django.test import Client
from wagtail.models import Site
from ita_wagtail.models import ExecutivesPage, ItaIndexPage
from ita_wagtail.models.base import Page

assert Page._meta.label == "basepage.BasePage", Page._meta.label
parent_link = ExecutivesPage._meta.parents[Page]
assert parent_link.name == "basepage_ptr", parent_link.name
index = ItaIndexPage.objects.get()
index.save_revision().publish()
site = Site.objects.get(is_default_site=True)
response = Client(HTTP_HOST=site.hostname).get(index.url)
assert response.status_code == 200, response.status_code
assert "item-5-11" in response.content.decode()
print("swapped base page OK")
"""


def manage(*args, env):
    result = subprocess.run(
        [sys.executable, "-m", "django", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_pages_migrate_and_render_on_a_swapped_base_page(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_swapped_page",
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'swapped.sqlite3'}",
    }
    manage("migrate", "--noinput", env=env)
    manage("makemigrations", "ita_wagtail", "--check", "--dry-run", env=env)
    output = manage("ita_setup", env=env)
    assert "21" in output
    assert "swapped base page OK" in manage("shell", "-c", CHECK, env=env)
