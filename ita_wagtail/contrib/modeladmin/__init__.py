"""The procurement register for sites that organise their admin with wagtail-modeladmin.

Wagtail itself recommends viewsets, and ita-wagtail's own admin uses them
(the "ITA" menu). Sites whose admin is built with wagtail-modeladmin can put
the same register, with the same spreadsheet import, template download,
formula-safe exports and completeness badges, into their own menus::

    # yourapp/wagtail_hooks.py
    from wagtail_modeladmin.options import modeladmin_register
    from ita_wagtail.contrib.modeladmin import ProcurementAdminGroup

    modeladmin_register(ProcurementAdminGroup)

Requires ``pip install "ita-wagtail[modeladmin]"`` and ``"wagtail_modeladmin"``
in ``INSTALLED_APPS``.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

try:
    import wagtail_modeladmin  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImproperlyConfigured(
        "ita_wagtail.contrib.modeladmin needs wagtail-modeladmin: install it with "
        "pip install 'ita-wagtail[modeladmin]' and add 'wagtail_modeladmin' to "
        "INSTALLED_APPS."
    ) from error

if apps.ready and not apps.is_installed("wagtail_modeladmin"):
    raise ImproperlyConfigured(
        "ita_wagtail.contrib.modeladmin needs 'wagtail_modeladmin' in INSTALLED_APPS."
    )

from .options import (  # noqa: E402
    NoProcurementDeclarationAdmin,
    ProcurementAdmin,
    ProcurementAdminGroup,
    ProcurementPlanAdmin,
)

__all__ = [
    "NoProcurementDeclarationAdmin",
    "ProcurementAdmin",
    "ProcurementAdminGroup",
    "ProcurementPlanAdmin",
]
