"""``manage.py ita_scoring_rules [--output FILE]``: the scoring rules as Markdown.

Generated from the criteria registry, the page types installed on this site
(with their completeness checks) and the registers plugged into the engine.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from ita_wagtail.scoring.describe import rules_markdown


class Command(BaseCommand):
    help = "Write the ITA scoring rules (generated from the registry) as Markdown."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="Write to this file instead of the screen."
        )

    def handle(self, *args, output=None, **options):
        text = rules_markdown()
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
