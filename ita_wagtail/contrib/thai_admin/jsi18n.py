"""The admin's JavaScript catalogue, with this app's Thai on top of Wagtail's.

Server-side messages need nothing more than the app being listed before the
Wagtail apps. The JavaScript catalogue is different: Wagtail serves it at
``wagtailadmin_javascript_catalog`` through
``wagtail.admin.views.i18n.localized_js_catalog``, which calls the module-level
``js_catalog`` view, a ``JavaScriptCatalog`` limited to
``packages=["wagtail.admin"]``. Such a catalogue reads only the locale
directories of the packages it names (and ``LOCALE_PATHS``), whatever the
order of ``INSTALLED_APPS``. :func:`install` replaces that view by one that
also names this app; the packages are merged in order, so this app's
translations, named last, take precedence over Wagtail's.
"""

from django.apps import apps
from django.core import checks
from django.views.i18n import JavaScriptCatalog

APP_NAME = "ita_wagtail.contrib.thai_admin"
PACKAGES = ["wagtail.admin", APP_NAME]

js_catalog = JavaScriptCatalog.as_view(packages=PACKAGES)


def install():
    """Make Wagtail's admin JavaScript catalogue include this app's Thai."""
    from wagtail.admin.views import i18n

    i18n.js_catalog = js_catalog


def installed():
    from wagtail.admin.views import i18n

    return getattr(i18n, "js_catalog", None) is js_catalog and hasattr(
        i18n, "localized_js_catalog"
    )


def check_app_order(app_configs=None, **kwargs):
    """Warn when the app cannot take precedence over Wagtail's catalogue."""
    errors = []
    names = [config.name for config in apps.get_app_configs()]
    position = names.index(APP_NAME)
    later_wagtail = [
        name
        for name in names[:position]
        if name == "wagtail" or name.startswith("wagtail.")
    ]
    if later_wagtail:
        errors.append(
            checks.Warning(
                f"{APP_NAME} is listed after {', '.join(later_wagtail)}: Wagtail's "
                "own Thai takes precedence over its translations.",
                hint=f"Move '{APP_NAME}' above the Wagtail apps in INSTALLED_APPS.",
                id="ita_thai_admin.W001",
            )
        )
    if not installed():
        errors.append(
            checks.Warning(
                "The Wagtail admin's JavaScript catalogue does not include the "
                "Thai of ita_wagtail.contrib.thai_admin: this Wagtail version no "
                "longer serves it through wagtail.admin.views.i18n.js_catalog.",
                id="ita_thai_admin.W002",
            )
        )
    return errors
