"""A site that swaps Wagtail 8's base page model (``WAGTAIL_PAGE_MODEL``).

Uses the base page model Wagtail ships for its own tests; the demo's home
app is left out because it subclasses ``wagtail.models.Page`` directly.
"""

from .settings import *  # noqa: F403

INSTALLED_APPS = [
    "wagtail.test.basepage",
    *[app for app in INSTALLED_APPS if app != "example_site.home"],  # noqa: F405
]
WAGTAIL_PAGE_MODEL = "basepage.BasePage"
