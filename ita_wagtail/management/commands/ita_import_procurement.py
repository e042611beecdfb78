"""``manage.py ita_import_procurement FILE``: the admin's importer for cron and bulk loads.

Prints how many rows are new, updated and unchanged and every error with
its row, column and message; exits with status 1 when any row is invalid
(nothing is written then), 0 otherwise.
"""

import json
import logging
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ita_wagtail.importing.engine import ImportReport, import_procurement
from ita_wagtail.importing.reading import SpreadsheetError, check_size

from ._sites import resolve_site

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Import procurement records from an XLSX or CSV file (item 5.7)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file to import.")
        parser.add_argument(
            "--site", help="Site id or hostname (default: the default site)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report, without writing anything.",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="Output format of the summary (default: text).",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        site = resolve_site(options["site"])
        try:
            # Refused before reading: the file may be far larger than memory.
            check_size(path.stat().st_size)
        except SpreadsheetError as error:
            report = ImportReport(file_name=path.name)
            report.file_errors.append({"code": error.code, "message": error.message})
        else:
            try:
                report = import_procurement(
                    path.read_bytes(), path.name, site, write=not options["dry_run"]
                )
            except Exception as error:
                logger.exception("Importing %s failed", path)
                report = ImportReport(file_name=path.name)
                report.file_errors.append(
                    {
                        "code": "unexpected",
                        "message": _(
                            "The file could not be processed because of an "
                            "unexpected error (%(error)s). Nothing was written."
                        )
                        % {"error": type(error).__name__},
                    }
                )
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(self._as_json(report, options), ensure_ascii=False, indent=2)
            )
        else:
            self._print_text(report, options)
        if not report.is_valid:
            raise SystemExit(1)

    def _as_json(self, report, options):
        return {
            "file": report.file_name,
            "dry_run": options["dry_run"],
            "written": report.written,
            "counts": report.counts,
            "sheets": [
                {
                    "name": s.name,
                    "layout": s.layout,
                    "header_row": s.header_row,
                    "rows": s.data_rows,
                }
                for s in report.sheets
            ],
            "file_errors": report.file_errors,
            "file_warnings": report.file_warnings,
            "errors": [
                {"sheet": sheet, "row": row, "column": column, "message": message}
                for sheet, row, column, message in report.errors()
            ],
            "warnings": [
                {"sheet": sheet, "row": row, "message": message}
                for sheet, row, message in report.warnings()
            ],
        }

    def _print_text(self, report, options):
        write = self.stdout.write
        for error in report.file_errors:
            self.stderr.write(error["message"])
        for warning in report.file_warnings:
            write(warning["message"])
        for sheet in report.sheets:
            write(
                _("Sheet %(sheet)s: %(layout)s, header on row %(row)s, %(count)s rows")
                % {
                    "sheet": sheet.name or "-",
                    "layout": sheet.layout_name,
                    "row": sheet.header_row,
                    "count": sheet.data_rows,
                }
            )
        counts = report.counts
        write(
            _(
                "new: %(new)s, updated: %(updated)s, unchanged: %(unchanged)s, errors: %(invalid)s"
            )
            % counts
        )
        for sheet, row, column, message in report.errors():
            where = f"{sheet} " if sheet else ""
            self.stderr.write(f"{where}{_('row')} {row}, {column or '-'}: {message}")
        for sheet, row, message in report.warnings():
            where = f"{sheet} " if sheet else ""
            write(f"{where}{_('row')} {row}: {message}")
        if report.written:
            write(self.style.SUCCESS(_("Imported.")))
        elif report.is_valid and not report.total_rows:
            write(_("Nothing was imported: the file has no rows."))
        elif options["dry_run"] and report.is_valid:
            write(_("Dry run: nothing was written."))
        elif not report.is_valid:
            self.stderr.write(_("Nothing was written."))
