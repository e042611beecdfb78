from django.core.management.base import BaseCommand
from wagtail.models import Site

from example_site.home.demo_channels import load_channels_demo


class Command(BaseCommand):
    help = (
        "Publish the demo municipality's feedback and complaint channels with a "
        "quarter of realistic cases and ratings (also part of ita_load_demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the site's cases and ratings and create them again.",
        )

    def handle(self, *args, reset=False, **options):
        site = Site.objects.get(is_default_site=True)
        load_channels_demo(site, self.stdout, reset=reset)
