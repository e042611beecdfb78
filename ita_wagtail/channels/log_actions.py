"""The case events written to Wagtail's audit log (a case's History view).

Entries name the case by its tracking code only and carry no personal data,
so they can outlive the retention purge.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from ita_wagtail.models.channels import CaseStatus

RECEIVED = "ita_wagtail.case.received"
STATUS = "ita_wagtail.case.status"
ASSIGNED = "ita_wagtail.case.assigned"
REPLY = "ita_wagtail.case.reply"
NOTE = "ita_wagtail.case.note"
VIEW_PERSONAL_DATA = "ita_wagtail.case.view_personal_data"
ATTACHMENT = "ita_wagtail.case.attachment"
PURGE = "ita_wagtail.case.purge"


def register(actions):
    actions.register_action(RECEIVED, _("Received"), _("Received through the website"))
    actions.register_action(REPLY, _("Reply"), _("Reply to the citizen written"))
    actions.register_action(NOTE, _("Internal note"), _("Internal note added"))
    actions.register_action(
        VIEW_PERSONAL_DATA, _("Personal data viewed"), _("Personal data viewed")
    )
    actions.register_action(
        ATTACHMENT, _("Attachment downloaded"), _("Attachment downloaded")
    )
    actions.register_action(
        PURGE, _("Personal data removed"), _("Personal data removed")
    )

    @actions.register_action(STATUS)
    class StatusChanged(LogFormatter):
        label = _("Status changed")

        def format_message(self, log_entry):
            labels = dict(CaseStatus.choices)
            data = log_entry.data or {}
            return _("Status changed from “%(old)s” to “%(new)s”") % {
                "old": labels.get(data.get("old"), data.get("old", "")),
                "new": labels.get(data.get("new"), data.get("new", "")),
            }

    @actions.register_action(ASSIGNED)
    class Assigned(LogFormatter):
        label = _("Assigned")

        def format_message(self, log_entry):
            unit = (log_entry.data or {}).get("unit")
            if unit:
                return _("Assigned to %(unit)s") % {"unit": unit}
            return _("Unit assignment removed")
