"""``manage.py ita_send_reminders [--dry-run] [--site ID|HOSTNAME]`` (for cron).

Once a day is enough, for example ``30 7 * * 1-5`` (07:30 on working days).
Each unit gets at most one e-mail per day; running the command again the
same day sends nothing new (a reminder that failed to send is retried).
The e-mails are in Thai (``ITA_EMAIL_LANGUAGE``); this command's own
messages follow the active language.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Site

from ita_wagtail.models import ComplianceSettings
from ita_wagtail.reminders import queue_reminders


def find_sites(value):
    if not value:
        return list(Site.objects.order_by("pk"))
    if value.isdigit():
        sites = list(Site.objects.filter(pk=int(value)))
    else:
        sites = list(Site.objects.filter(hostname=value))
    if not sites:
        raise CommandError(_("No site with id or hostname %(site)r.") % {"site": value})
    return sites


class Command(BaseCommand):
    help = "E-mail each responsible unit the ITA pages it must review or update."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be sent; record and send nothing.",
        )
        parser.add_argument("--site", help="Only this site (id or hostname).")

    def handle(self, *args, dry_run=False, site=None, **options):
        for each in find_sites(site):
            settings = ComplianceSettings.for_site(each)
            name = settings.display_municipality_name() or each.hostname
            if not settings.reminders_enabled:
                self.stdout.write(
                    _("%(site)s: reminders are switched off in the settings.")
                    % {"site": name}
                )
                continue
            with transaction.atomic():
                outcomes = queue_reminders(each, dry_run=dry_run)
            self._report(name, outcomes, dry_run)

    def _report(self, name, outcomes, dry_run):
        if not outcomes:
            self.stdout.write(
                _("%(site)s: nothing to remind anyone of.") % {"site": name}
            )
            return
        for outcome in outcomes:
            reminder = outcome.reminder
            values = {
                "site": name,
                "unit": reminder.unit.name,
                "count": len(reminder.entries),
                "recipients": ", ".join(reminder.recipients + reminder.cc),
            }
            if outcome.status == "no_recipient":
                self.stderr.write(
                    _(
                        "%(site)s: %(unit)s has %(count)d to do but no e-mail address: "
                        "set the unit's contact email or its staff group."
                    )
                    % values
                )
            elif outcome.status == "already_sent":
                self.stdout.write(
                    _("%(site)s: %(unit)s: already reminded today, skipped.") % values
                )
            elif dry_run:
                subject, text, _html = reminder.render()
                self.stdout.write(
                    _("--- would send to %(unit)s (%(recipients)s):") % values
                )
                self.stdout.write(f"{subject}\n\n{text}")
            elif outcome.status == "requeued":
                self.stdout.write(
                    _("%(site)s: %(unit)s: the last reminder failed; sending it again.")
                    % values
                )
            else:
                self.stdout.write(
                    _("%(site)s: %(unit)s: %(count)d to do, sent to %(recipients)s.")
                    % values
                )
