import os

from django.core.management.base import BaseCommand, CommandError

from example_site.home.demo import ADMIN_PASSWORD, ADMIN_USERNAME, SITE_PORT, load_demo
from example_site.home.demo_channels import load_channels_demo
from example_site.home.demo_compliance import load_compliance_demo
from example_site.home.demo_oit import load_oit_demo
from example_site.home.demo_procurement import load_procurement_demo, sample_path

#: ``make demo`` passes its PORT here, the port it then runs the server on.
PORT_ENVIRONMENT_VARIABLE = "ITA_DEMO_PORT"


def _port(value):
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise CommandError(f"The port must be a number, not {value!r}.") from None
    if not 1 <= port <= 65535:
        raise CommandError(f"The port must be between 1 and 65535, not {port}.")
    return port


class Command(BaseCommand):
    help = (
        "Load the demo municipality เทศบาลตำบลตัวอย่าง: a published ITA section "
        "with Thai content, images and PDFs, and an admin login. Safe to run "
        "again: an already loaded demo is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo pages and media and build them again "
            "(dates and fiscal years follow today's date).",
        )
        parser.add_argument(
            "--port",
            help="The port the development server will run on, for the site's "
            f"address (default: ${PORT_ENVIRONMENT_VARIABLE}, else {SITE_PORT}).",
        )

    def handle(self, *args, reset=False, port=None, **options):
        port = _port(port or os.environ.get(PORT_ENVIRONMENT_VARIABLE) or SITE_PORT)
        result = load_demo(reset=reset, port=port)
        if not result.already_loaded:
            # Each feature adds its part; compliance comes last because it
            # scores what the others published.
            load_procurement_demo(result.site, self.stdout, reset=reset)
            load_channels_demo(result.site, self.stdout, reset=reset)
            # The lists of each fiscal year, and a page for every item of
            # this year's list (ITA 2569 with its 2568 history).
            load_oit_demo(result.site, self.stdout)
            load_compliance_demo(result.site, self.stdout)
        for note in result.notes:
            self.stdout.write(self.style.WARNING(note))
        if result.already_loaded:
            self.stdout.write(
                self.style.NOTICE(
                    "The demo municipality is already loaded; nothing changed "
                    "(use --reset to build it again)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo municipality {result.site.site_name} loaded in "
                    f"{result.seconds:.1f} s: {result.pages_published} pages "
                    f"published, {result.images} images and {result.documents} "
                    "documents created."
                )
            )
        if result.admin_created:
            self.stdout.write(f"Created the superuser “{ADMIN_USERNAME}”.")
        self.stdout.write(f"Site:     {result.site_url}")
        self.stdout.write(f"Admin:    {result.admin_url}")
        self.stdout.write(f"Username: {ADMIN_USERNAME}")
        self.stdout.write(f"Password: {ADMIN_PASSWORD}")
        workbook = sample_path()
        if workbook:
            self.stdout.write(f"Sample สขร.1 workbook to import: {workbook}")
        self.stdout.write(
            f"Run the server on port {result.site.port}, e.g. "
            f"python manage.py runserver {result.site.hostname}:{result.site.port}"
        )
