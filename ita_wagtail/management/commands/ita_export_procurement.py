"""``manage.py ita_export_procurement --fiscal-year 2568 --format ocds|xlsx|csv|pdf``.

Writes the site's procurement records of one fiscal year: an OCDS 1.1
release package (with the bids extension), the register as XLSX or CSV
in the import template's layout, or the twelve monthly summaries (แบบ
สขร.1) as one PDF file. Output goes to ``--output`` or stdout.

OCDS needs the site's registered ocid prefix (``ITA_OCDS_PREFIX``). The
package's ``uri`` and document links are built from the site's root URL and
its live register page; ``--base-url https://www.example.go.th`` gives the
public address when cron runs where the site's hostname is not it.
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.core.validators import URLValidator
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
            choices=["ocds", "xlsx", "csv", "pdf"],
            default="ocds",
            help="Default: ocds.",
        )
        parser.add_argument(
            "--site", help="Site id or hostname (default: the default site)."
        )
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")
        parser.add_argument(
            "--base-url",
            help=(
                "The site's public address for the OCDS package's links, e.g. "
                "https://www.example.go.th (default: the site's root URL)."
            ),
        )

    def handle(self, *args, **options):
        site = resolve_site(options["site"])
        year = options["fiscal_year"]
        if not 2400 < year < 2800:
            raise CommandError(_("Give the fiscal year in B.E., for example 2568."))
        records = Procurement.objects.for_site(site).filter(fiscal_year=year)
        kind = options["format"]
        has_data = ocds.has_releases(site, year) if kind == "ocds" else records.exists()
        if not has_data:
            raise CommandError(
                _("The site has no procurement records for fiscal year %(year)s.")
                % {"year": year}
            )
        if kind == "ocds":
            data = self.ocds_package(site, year, options["base_url"])
        elif kind == "pdf":
            data = self.monthly_pdf(site, year)
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
                % {"count": self.written(kind, records), "path": options["output"]}
            )
        elif kind in ("xlsx", "pdf"):
            stream = getattr(self.stdout, "_out", sys.stdout)
            if not hasattr(stream, "buffer"):
                raise CommandError(_("Give --output FILE for an XLSX or PDF export."))
            stream.flush()
            stream.buffer.write(data)
            stream.buffer.flush()
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    def ocds_package(self, site, year, base_url) -> bytes:
        if not ocds.is_published(site):
            raise CommandError(
                _(
                    "The OCDS export needs the ocid prefix the OCDS Helpdesk "
                    "registered for the municipality: set ITA_OCDS_PREFIX."
                )
            )
        if base_url:
            try:
                URLValidator(schemes=["http", "https"])(base_url)
            except ValidationError:
                raise CommandError(
                    _("--base-url must be an address such as https://www.example.go.th")
                ) from None
        if ocds.register_page(site) is None:
            raise CommandError(
                _(
                    "The site has no live procurement register page, so the "
                    "package's address cannot be made."
                )
            )
        self.package = ocds.release_package(site, year, base_url=base_url or "")
        return ocds.dumps(self.package).encode()

    def monthly_pdf(self, site, year) -> bytes:
        from ita_wagtail.pdf.delivery import pdf_bytes
        from ita_wagtail.pdf.documents import Skr1YearPdf
        from ita_wagtail.pdf.rendering import pdf_available

        available, why = pdf_available()
        if not available:
            raise CommandError(
                _("PDF files cannot be made here (WeasyPrint needs Pango): %(why)s")
                % {"why": why}
            )
        return pdf_bytes(Skr1YearPdf(site_id=site.pk, fiscal_year=year))

    def written(self, kind, records):
        if kind == "ocds":
            return len(self.package["releases"])
        return records.count()
