from django.apps import AppConfig
from django.core import checks

from . import jsi18n


class ThaiAdminConfig(AppConfig):
    # No gettext in this app's code: `makemessages` run over ita_wagtail would
    # write its strings into the nearest locale directory, this app's, and
    # drop Wagtail's messages from it (see docs/thai-admin.md).
    name = "ita_wagtail.contrib.thai_admin"
    label = "ita_thai_admin"
    verbose_name = "ภาษาไทยสำหรับระบบจัดการ Wagtail"

    def ready(self):
        jsi18n.install()
        checks.register(jsi18n.check_app_order)
