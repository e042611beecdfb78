"""Procurement imports in Wagtail's audit log.

Creating and editing a record in the admin is logged by the snippet views
themselves (``wagtail.create``, ``wagtail.edit``). An import logs one entry
per record it created or changed — so each record's history says which file
changed it and what changed — and one entry for the file as a whole.
Entries for a file of 10,000 rows are written with one ``bulk_create``
rather than 10,000 calls of :func:`wagtail.log_actions.log`; they are the
same rows ``log()`` writes, sharing one UUID so Wagtail groups them.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

IMPORT_ACTION = "ita_wagtail.procurement.import"
IMPORT_FILE_ACTION = "ita_wagtail.procurement.import_file"


class ImportedRecordFormatter(LogFormatter):
    label = _("Import procurement records")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        params = {"file": data.get("file", "")}
        if data.get("created"):
            return _("Created by importing %(file)s") % params
        fields = data.get("fields") or []
        if fields:
            params["fields"] = ", ".join(fields)
            return _("Updated by importing %(file)s: %(fields)s") % params
        return _("Updated by importing %(file)s") % params


class ImportedFileFormatter(LogFormatter):
    label = _("Import procurement spreadsheet")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return _(
            "Imported %(file)s: %(new)s new, %(updated)s updated, "
            "%(unchanged)s unchanged"
        ) % {
            "file": data.get("file", ""),
            "new": data.get("new", 0),
            "updated": data.get("updated", 0),
            "unchanged": data.get("unchanged", 0),
        }


def register_procurement_log_actions(actions):
    actions.register_action(IMPORT_ACTION)(ImportedRecordFormatter)
    actions.register_action(IMPORT_FILE_ACTION)(ImportedFileFormatter)


def log_imported_records(changes, file_name, user=None, batch_size=2000):
    """One log entry per created or changed record, in bulk.

    ``changes``: ``(record, created, changed_field_labels)`` triples.
    """
    from ita_wagtail.models import Procurement

    content_type = ContentType.objects.get_for_model(
        Procurement, for_concrete_model=False
    )
    timestamp = timezone.now()
    shared_uuid = uuid.uuid4()
    user_id = getattr(user, "pk", None)
    entries = [
        ModelLogEntry(
            content_type=content_type,
            object_id=str(record.pk),
            label=str(record)[:255] or f"Procurement object ({record.pk})",
            action=IMPORT_ACTION,
            timestamp=timestamp,
            user_id=user_id,
            uuid=shared_uuid,
            content_changed=True,
            data={
                "file": file_name,
                "created": created,
                "fields": [str(label) for label in fields],
            },
        )
        for record, created, fields in changes
    ]
    ModelLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return shared_uuid


def log_imported_file(job, user=None):
    """The summary entry for one imported file, against its import job."""
    return log(
        job,
        IMPORT_FILE_ACTION,
        user=user,
        data={
            "file": job.file_name,
            "new": job.new_count,
            "updated": job.updated_count,
            "unchanged": job.unchanged_count,
        },
    )
