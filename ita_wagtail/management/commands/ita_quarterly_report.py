"""``manage.py ita_quarterly_report [--fiscal-year 2568 --quarter 1]`` (for cron).

Without a quarter it reports on the last one that ended, so a cron line on
the first day of each quarter is enough, for example
``15 6 1 1,4,7,10 *``. A quarter is reported once; ``--replace`` takes it
again (the old report is deleted, and that is logged).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ita_wagtail.exporting.spreadsheets import xlsx_bytes
from ita_wagtail.reports.publishing import publish_report
from ita_wagtail.reports.quarterly import (
    QuarterlyReportError,
    default_quarter,
    take_snapshot,
)
from ita_wagtail.reports.rendering import report_context, report_sheets

from .ita_send_reminders import find_sites


class Command(BaseCommand):
    help = "Take the quarterly ITA compliance report (section 7) of each site."

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, help="B.E., for example 2568.")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--site", help="Only this site (id or hostname).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Take the quarter again if it was already taken.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Also publish the report as a page under the ITA section.",
        )
        parser.add_argument("--xlsx", help="Also write the report to this .xlsx file.")
        parser.add_argument(
            "--html", help="Also write the printable report to this file."
        )

    def handle(self, *args, **options):
        fiscal_year, quarter = options["fiscal_year"], options["quarter"]
        if (fiscal_year is None) != (quarter is None):
            raise CommandError(_("Give both --fiscal-year and --quarter, or neither."))
        if fiscal_year is None:
            fiscal_year, quarter = default_quarter()
        sites = find_sites(options["site"])
        if len(sites) > 1 and (options["xlsx"] or options["html"]):
            raise CommandError(_("--xlsx and --html need a single --site."))
        failures = 0
        for site in sites:
            try:
                snapshot = take_snapshot(
                    site, fiscal_year, quarter, replace=options["replace"]
                )
            except QuarterlyReportError as error:
                failures += 1
                self.stderr.write(f"{site.hostname}: {error}")
                continue
            self.stdout.write(
                _(
                    "%(site)s: %(quarter)s: site score %(score)s, %(ok)d/%(total)d items in order, %(stale)d out-of-date pages."
                )
                % {
                    "site": site.hostname,
                    "quarter": snapshot.label,
                    "score": snapshot.score,
                    "ok": snapshot.ok_count,
                    "total": snapshot.item_count,
                    "stale": snapshot.stale_count,
                }
            )
            if options["publish"]:
                try:
                    page, _live = publish_report(
                        snapshot, None, check_permissions=False
                    )
                except QuarterlyReportError as error:
                    failures += 1
                    self.stderr.write(f"{site.hostname}: {error}")
                else:
                    self.stdout.write(
                        _("Published at %(url)s")
                        % {"url": page.get_full_url() or page.url_path}
                    )
            if options["xlsx"]:
                Path(options["xlsx"]).write_bytes(xlsx_bytes(report_sheets(snapshot)))
            if options["html"]:
                context = {**report_context(snapshot), "back_url": "", "xlsx_url": None}
                html = render_to_string(
                    "ita_wagtail/admin/compliance/report_print.html", context
                )
                Path(options["html"]).write_text(html, encoding="utf-8")
        if failures == len(sites):
            raise CommandError(_("No report was taken."))
