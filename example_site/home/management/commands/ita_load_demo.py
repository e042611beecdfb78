from django.core.management.base import BaseCommand

from example_site.home.demo import ADMIN_PASSWORD, ADMIN_USERNAME, load_demo
from example_site.home.demo_channels import load_channels_demo
from example_site.home.demo_compliance import load_compliance_demo
from example_site.home.demo_procurement import load_procurement_demo


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

    def handle(self, *args, reset=False, **options):
        result = load_demo(reset=reset)
        if not result.already_loaded:
            # Each feature adds its part; compliance comes last because it
            # scores what the others published.
            load_procurement_demo(result.site, self.stdout, reset=reset)
            load_channels_demo(result.site, self.stdout, reset=reset)
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
