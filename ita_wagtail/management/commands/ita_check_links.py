"""``manage.py ita_check_links [--site] [--external/--no-external] [--dry-run]``.

Checks every link of the ITA section (pages, documents, images, links in
the content) and keeps the results for the compliance dashboard, the
out-of-date report, the reminders and ``ita_audit``. For cron, for example
every night; exit status 1 when a link is broken.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from ita_wagtail.linkcheck import run_link_check
from ita_wagtail.linkcheck.store import status_label

from ._sites import resolve_site


class Command(BaseCommand):
    help = "Check the links of the ITA section (pages, documents, external links)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            help="Site id or hostname (default: every site with an ITA section).",
        )
        parser.add_argument(
            "--external",
            action="store_true",
            default=True,
            help="Check links to other websites too (the default).",
        )
        parser.add_argument(
            "--no-external",
            dest="external",
            action="store_false",
            help="Check only this site's own pages, documents and images.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and print, but keep no results.",
        )
        parser.add_argument(
            "--fail-on-broken",
            action="store_true",
            help="Exit with status 1 when a link is broken.",
        )

    def handle(self, *args, site=None, external=True, dry_run=False, **options):
        from ita_wagtail.models.index import ItaIndexPage

        if site:
            sites = [resolve_site(site)]
        else:
            sites = [
                candidate
                for candidate in Site.objects.select_related("root_page").order_by("pk")
                if ItaIndexPage.objects.descendant_of(
                    candidate.root_page, inclusive=True
                ).exists()
            ]
        problems = 0
        for checked in sites:
            report = run_link_check(checked, external=external, dry_run=dry_run)
            problems += len(report.problems)
            self.stdout.write(
                _("%(site)s: %(count)d links checked, %(broken)d broken.")
                % {
                    "site": checked.site_name or checked.hostname,
                    "count": len(report.results),
                    "broken": len(report.problems),
                }
            )
            for result in report.problems:
                self.stdout.write(
                    f"  {status_label(result)}  {result.url}  "
                    f"[{result.field_label or result.field}]  {result.message}"
                )
        if dry_run:
            self.stdout.write(_("Dry run: no results were kept."))
        if problems and options.get("fail_on_broken"):
            raise CommandError(
                _("%(count)d broken links.") % {"count": problems}, returncode=1
            )
