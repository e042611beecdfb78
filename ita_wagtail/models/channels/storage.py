"""Where case attachments are kept: never under the public media URL.

Citizens' photos and documents are personal data (PDPA). They are written to
a storage of their own and only ever read back through the admin's
permission-checked download view, which logs every access.
"""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from . import conf


class PrivateFileSystemStorage(FileSystemStorage):
    """A file system storage without public URLs."""

    def url(self, name):
        raise ValueError(
            "Case attachments have no public URL; they are served by the "
            "admin's permission-checked view."
        )


def default_private_root():
    root = conf.get("ITA_CASE_PRIVATE_ROOT")
    if root:
        return str(root)
    if not settings.MEDIA_ROOT:
        raise ImproperlyConfigured(
            "Set ITA_CASE_PRIVATE_ROOT (a folder the web server does not "
            "serve) or configure the 'ita_private' storage in STORAGES."
        )
    # Next to MEDIA_ROOT, not inside it: the web server serves MEDIA_ROOT.
    media_root = os.path.abspath(str(settings.MEDIA_ROOT)).rstrip(os.sep)
    return os.path.join(os.path.dirname(media_root), "ita-private")


class CaseAttachmentStorage(LazyObject):
    """Resolved on first use, and again whenever the settings change."""

    def _setup(self):
        alias = conf.get("ITA_CASE_STORAGE")
        if alias in settings.STORAGES:
            self._wrapped = storages[alias]
        else:
            self._wrapped = PrivateFileSystemStorage(location=default_private_root())


case_attachment_storage = CaseAttachmentStorage()


def get_case_attachment_storage():
    """The ``storage`` callable of ``CaseAttachment.file`` (migrations keep the name)."""
    return case_attachment_storage


@receiver(setting_changed)
def _reset_storage(*, setting, **kwargs):
    if setting in {
        "STORAGES",
        "MEDIA_ROOT",
        "ITA_CASE_STORAGE",
        "ITA_CASE_PRIVATE_ROOT",
    }:
        case_attachment_storage._wrapped = empty


@register(Tags.security)
def check_private_storage(app_configs=None, **kwargs):
    """Warn when complaint attachments would land where the web server serves files."""
    alias = conf.get("ITA_CASE_STORAGE")
    if alias in settings.STORAGES:
        location = settings.STORAGES[alias].get("OPTIONS", {}).get("location")
    else:
        try:
            location = default_private_root()
        except ImproperlyConfigured as error:
            return [Error(str(error), id="ita_wagtail.E001")]
    if not location:
        return []
    location = os.path.abspath(str(location))
    public = [
        os.path.abspath(str(root))
        for root in (settings.MEDIA_ROOT, getattr(settings, "STATIC_ROOT", None))
        if root
    ]
    for root in public:
        if location == root or location.startswith(root.rstrip(os.sep) + os.sep):
            return [
                Warning(
                    f"Complaint attachments are stored in {location}, inside {root}, "
                    "which the web server serves publicly.",
                    hint="Point ITA_CASE_PRIVATE_ROOT or the 'ita_private' storage "
                    "at a folder outside MEDIA_ROOT and STATIC_ROOT.",
                    id="ita_wagtail.W001",
                )
            ]
    return []
