"""Report, and keep up to date, the Thai catalogue of the Wagtail admin."""

from django.core.management.base import BaseCommand, CommandError

from ita_wagtail.contrib.thai_admin import catalogue


class Command(BaseCommand):
    help = (
        "Show how much of the installed Wagtail's admin messages are in Thai, "
        "with Wagtail's catalogue alone and merged with ita_wagtail.contrib."
        "thai_admin. --update adds new Wagtail messages to the catalogue, "
        "untranslated; --compile writes the .mo files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Add the installed Wagtail's messages missing from the catalogue.",
        )
        parser.add_argument(
            "--compile", action="store_true", help="Compile the .po files to .mo."
        )
        parser.add_argument(
            "--fail-under",
            type=float,
            metavar="PERCENT",
            help="Exit with an error if merged server-side coverage is lower.",
        )

    def handle(self, *args, update=False, compile=False, fail_under=None, **options):
        try:
            if update:
                for domain in catalogue.DOMAINS:
                    added = catalogue.add_missing_entries(domain)
                    self.stdout.write(f"{domain}.po: {added} new messages to translate")
            if compile:
                catalogue.compile_catalogues()
            results = [catalogue.coverage(domain) for domain in catalogue.DOMAINS]
        except RuntimeError as error:
            raise CommandError(str(error)) from error
        for result in results:
            self.stdout.write(
                f"{result.domain}: {result.total} messages, Wagtail alone "
                f"{result.wagtail} ({result.wagtail_percent:.1f}%), with thai_admin "
                f"{result.merged} ({result.merged_percent:.1f}%)"
            )
            for app_name, (total, wagtail, merged) in result.per_app.items():
                self.stdout.write(
                    f"  {app_name:<26} {total:>5} {wagtail:>5} → {merged:>5}"
                )
            for _msgctxt, msgid in result.untranslated:
                self.stdout.write(f"  untranslated: {msgid!r}")
        django = results[0]
        if fail_under is not None and django.merged_percent < fail_under:
            raise CommandError(
                f"Server-side coverage {django.merged_percent:.1f}% is under "
                f"{fail_under:.1f}%."
            )
