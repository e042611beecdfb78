"""Thai for the Wagtail admin, complete and consistent.

Wagtail ships Thai for fewer than half of the messages of the admin screens a
municipal clerk uses, and some of it reads oddly ("เซฟ,เก็บข้อมูล", "โปรโมท").
This app carries a catalogue that completes and corrects it, for the
server-side messages and for the admin's JavaScript::

    INSTALLED_APPS = [
        ...
        "ita_wagtail",
        "ita_wagtail.contrib.thai_admin",  # before the Wagtail apps
        "wagtail.contrib.settings",
        ...
        "wagtail.admin",
        "wagtail",
        ...
    ]

Django merges the catalogues of the installed apps, the first listed app
winning, so the app only works when it is listed before the Wagtail apps.
See docs/thai-admin.md.
"""
