"""``manage.py ita_export_procurement --fiscal-year 2568 --format ocds|xlsx|csv``.

Writes the site's procurement records of one fiscal year: an OCDS 1.1
release package (with the bids extension), or the register as XLSX or CSV
in the import template's layout. Output goes to ``--output`` or stdout.
"""

import sys
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ita_wagtail.exporting import ocds
from ita_wagtail.exporting.procurement_sheets import register_sheet
from ita_wagtail.exporting.spreadsheets import csv_text, xlsx_bytes
from ita_wagtail.models import Procurement

from ._sites import resolve_site


class Command(BaseCommand):
    help = (
        "Export one fiscal year of procurement records as OCDS, XLSX or CSV (item 5.7)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fiscal-year",
            type=int,
            required=True,
            help="B.E. fiscal year, e.g. 2568.",
        )
        parser.add_argument(
            "--format",
            choices=["ocds", "xlsx", "csv"],
            default="ocds",
            help="Default: ocds.",
        )
        parser.add_argument(
            "--site", help="Site id or hostname (default: the default site)."
        )
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, *args, **options):
        site = resolve_site(options["site"])
        year = options["fiscal_year"]
        if not 2400 < year < 2800:
            raise CommandError(_("Give the fiscal year in B.E., for example 2568."))
        records = Procurement.objects.for_site(site).filter(fiscal_year=year)
        if not records.exists():
            raise CommandError(
                _("The site has no procurement records for fiscal year %(year)s.")
                % {"year": year}
            )
        kind = options["format"]
        if kind == "ocds":
            data = ocds.dumps(
                ocds.release_package(site, year, records=records)
            ).encode()
        elif kind == "xlsx":
            data = xlsx_bytes([register_sheet(records.order_by("pk"), year)])
        else:
            data = csv_text(register_sheet(records.order_by("pk"), year)).encode(
                "utf-8"
            )
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(
                _("Wrote %(count)s records to %(path)s")
                % {"count": records.count(), "path": options["output"]}
            )
        elif kind == "xlsx":
            stream = getattr(self.stdout, "_out", sys.stdout)
            if not hasattr(stream, "buffer"):
                raise CommandError(_("Give --output FILE for an XLSX export."))
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
