"""``manage.py ita_purge_cases``: the retention rule, for cron (daily is fine)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ita_wagtail import thai
from ita_wagtail.models.channels import purge_expired


class Command(BaseCommand):
    help = _(
        "Remove the personal data (contact details, attachments, notes and "
        "texts) of closed cases older than the retention period, and old "
        "feedback comments. The anonymous figures for the statistics stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("List what would be removed without changing anything."),
        )
        parser.add_argument(
            "--date",
            help=_(
                "Act as if today were this date (YYYY-MM-DD or a Thai date such "
                "as 5/7/2568), to check what a later run will remove."
            ),
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        today = thai.today()
        if date:
            try:
                today = thai.parse_thai_date(date)
            except ValueError as error:
                raise CommandError(str(error)) from None
        report = purge_expired(today=today, dry_run=dry_run)
        if options["verbosity"] > 1:
            for code in report.cases:
                self.stdout.write(f"  {code}")
        if dry_run:
            message = _(
                "Dry run: %(cases)d closed case(s) and %(comments)d feedback "
                "comment(s) would have their personal data removed."
            )
        else:
            message = _(
                "Removed the personal data of %(cases)d closed case(s) and "
                "%(comments)d feedback comment(s)."
            )
        self.stdout.write(
            message % {"cases": len(report.cases), "comments": report.feedback_comments}
        )
