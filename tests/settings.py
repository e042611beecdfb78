"""Settings for the test suite: the demo site's, with test-only services.

``DATABASE_URL`` selects the database (SQLite by default, PostgreSQL in CI).
"""

import os

import dj_database_url

from example_site.settings import *  # noqa: F403

BASE_DIR = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

# ita_wagtail.contrib.modeladmin, registered as a site using wagtail-modeladmin
# would (tests/procurement/test_modeladmin.py), after the demo's first three apps
# (its home app, ita_wagtail and ita_wagtail.contrib.thai_admin, whose Thai must
# come before that of wagtail-modeladmin and Wagtail).
INSTALLED_APPS = [
    *INSTALLED_APPS[:3],  # noqa: F405
    "tests.modeladmin_site",
    "wagtail_modeladmin",
    *INSTALLED_APPS[3:],  # noqa: F405
]

DATABASES = {
    "default": dj_database_url.config(
        default="sqlite:///" + os.path.join(BASE_DIR, "test.sqlite3")
    )
}

AUTH_PASSWORD_VALIDATORS = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

STATIC_ROOT = os.path.join(BASE_DIR, "static_collected")
MEDIA_ROOT = os.path.join(BASE_DIR, "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    # Complaint attachments (ita_wagtail.models.channels.storage).
    "ita_private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Most tests describe the municipality's own B.E. 2562 measure (items
# 5.1–5.11); without this the default is the newest shipped OIT list for
# today's fiscal year. Tests of the OIT sets and of the default choose
# explicitly.
ITA_CRITERIA_SET = "ita-2562"
