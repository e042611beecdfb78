"""Importing a 10,000-row procurement workbook (30,000 bids), end to end.

    python tests/benchmarks/bench_import.py [--rows 10000] [--bids 3] [--runs 3]
        [--baseline-runs 1] [--skip-baseline]

Measured in one run, on the same file:

* floor: the file read with openpyxl (read-only) and the same objects
  written with ``bulk_create``; nothing checked;
* ita-wagtail: ``import_procurement(..., write=True)`` on an empty register
  (read, header detection, every value parsed and validated, matching,
  bulk write, audit log);
* re-import of the unchanged file (everything matched, nothing written);
* a plain django-import-export ``ModelResource`` importing the same rows one
  by one (procurement rows, then one bid per row through a ForeignKeyWidget),
  fed already-flattened datasets, so reading and parsing cost it nothing;
* peak memory of the import: Python allocations (tracemalloc) and the
  process's maximum resident size.

Targets (issue 3): import ≤ 4× floor, ≥ 4× faster than the plain resource,
re-import ≤ 3× floor, peak memory < 400 MB.
"""

import argparse
import io
import resource
import sys
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import _django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--bids", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="Import the file once in this process and print its peak RSS.",
    )
    args = parser.parse_args()
    engine = _django.setup()

    from django.db import connection
    from wagtail.models import ModelLogEntry, Site

    from ita_wagtail.importing.engine import import_procurement
    from ita_wagtail.models import Procurement, ProcurementBid
    from tests.benchmarks.data import template_workbook

    site = Site.objects.get(is_default_site=True)
    data = template_workbook(args.rows, args.bids)
    print(
        f"{engine}, {args.rows:,} rows, {args.rows * args.bids:,} bids, "
        f"file {len(data) / 1024:.0f} KB"
    )

    def empty():
        ProcurementBid.objects.all().delete()
        Procurement.objects.all().delete()
        ModelLogEntry.objects.filter(
            action__startswith="ita_wagtail.procurement"
        ).delete()

    def floor():
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        next(rows)
        records, bids = [], []
        for row in rows:
            record = Procurement(
                site=site,
                fiscal_year=row[0],
                egp_number=row[1],
                reference_number=row[2],
                name=row[4],
                category="goods",
                budget=Decimal(row[6].replace(",", "")),
                budget_source="municipal",
                reference_price=Decimal(row[8].replace(",", "")),
                method="specific",
                status="contracted",
                selected_supplier=row[13],
                selected_supplier_tax_id=row[14],
                agreed_price=Decimal(row[15].replace(",", "")),
                selection_reason=row[16],
                contract_number=row[17],
            )
            records.append(record)
            for order, line in enumerate(row[12].split("\n")):
                name, price = line.rsplit(" ", 1)
                bids.append(
                    (
                        record,
                        ProcurementBid(
                            sort_order=order,
                            bidder_name=name,
                            price=Decimal(price.replace(",", "")),
                        ),
                    )
                )
        workbook.close()
        Procurement.objects.bulk_create(records, batch_size=500)
        for record, bid in bids:
            bid.procurement_id = record.pk
        ProcurementBid.objects.bulk_create([bid for _, bid in bids], batch_size=1000)

    def ours():
        report = import_procurement(data, "bench.xlsx", site, write=True)
        assert report.written, (report.file_errors, list(report.errors())[:5])
        return report

    if args.memory_only:
        empty()
        before = _max_rss_mb()
        ours()
        print(f"RSS {before:.0f} {_max_rss_mb():.0f}")
        return

    results = {"floor": [], "import": [], "reimport": []}
    for run in range(args.runs):
        empty()
        seconds, _ = _django.timed(floor)
        results["floor"].append(seconds)
        empty()
        seconds, report = _django.timed(ours)
        assert report.counts["new"] == args.rows, report.counts
        results["import"].append(seconds)
        seconds, report = _django.timed(ours)
        assert report.counts["unchanged"] == args.rows, report.counts
        results["reimport"].append(seconds)
        print(
            f"  run {run + 1}: floor {_django.fmt(results['floor'][-1])}, "
            f"import {_django.fmt(results['import'][-1])}, "
            f"re-import {_django.fmt(results['reimport'][-1])}"
        )
    assert ProcurementBid.objects.count() == args.rows * args.bids

    # Peak memory of one import, on its own (tracemalloc slows the run).
    empty()
    tracemalloc.start()
    ours()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Emptied here, so that the fresh process's own emptying (a shared
    # PostgreSQL database) deletes nothing and its peak is the import's.
    empty()
    rss_before, rss_peak = _import_rss_in_fresh_process(args)

    baseline = []
    if not args.skip_baseline:
        baseline = run_baseline(args, site, data, empty)

    floor_median = _django.median(results["floor"])
    import_median = _django.median(results["import"])
    reimport_median = _django.median(results["reimport"])
    print()
    print(f"floor (openpyxl + bulk_create)     median {_django.fmt(floor_median)}")
    print(
        f"ita-wagtail import                  median {_django.fmt(import_median)}"
        f"   = {import_median / floor_median:.2f}× floor (target ≤ 4×)"
    )
    print(
        f"re-import, unchanged                median {_django.fmt(reimport_median)}"
        f"   = {reimport_median / floor_median:.2f}× floor (target ≤ 3×)"
    )
    if baseline:
        baseline_median = _django.median(baseline)
        print(
            f"plain ModelResource, row by row     median {_django.fmt(baseline_median)}"
            f"   = {baseline_median / import_median:.1f}× slower than ita-wagtail "
            "(target ≥ 4×)"
        )
    print(
        f"peak memory: {peak / 2**20:.0f} MB traced Python allocations; "
        f"a fresh process importing the file once peaks at {rss_peak:.0f} MB "
        f"resident ({rss_before:.0f} MB before the import: Django, the file) "
        "(target < 400 MB)"
    )
    connection.close()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _import_rss_in_fresh_process(args) -> tuple[float, float]:
    """Peak resident size of one import, in a process that did nothing else
    (this one has held the floor's and earlier imports' objects)."""
    import os
    import subprocess

    env = dict(os.environ)
    if env.get("DATABASE_URL", "").startswith("sqlite"):
        del env["DATABASE_URL"]  # a throwaway SQLite file of its own
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--memory-only",
            "--rows",
            str(args.rows),
            "--bids",
            str(args.bids),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RSS "))
    before, peak = (float(value) for value in line.split()[1:])
    return before, peak


def run_baseline(args, site, data, empty):
    """A plain ModelResource per model, fed flat rows, importing one by one."""
    import tablib
    from import_export import fields, resources, widgets

    from ita_wagtail.models import Procurement, ProcurementBid
    from tests.benchmarks.data import rows as template_rows

    class PlainProcurementResource(resources.ModelResource):
        class Meta:
            model = Procurement
            import_id_fields = ("egp_number",)
            fields = (
                "site",
                "fiscal_year",
                "egp_number",
                "reference_number",
                "name",
                "category",
                "budget",
                "budget_source",
                "reference_price",
                "method",
                "status",
                "selected_supplier",
                "selected_supplier_tax_id",
                "agreed_price",
                "selection_reason",
                "contract_number",
            )

    class PlainBidResource(resources.ModelResource):
        procurement = fields.Field(
            attribute="procurement",
            column_name="procurement",
            widget=widgets.ForeignKeyWidget(Procurement, field="egp_number"),
        )

        class Meta:
            model = ProcurementBid
            fields = ("procurement", "sort_order", "bidder_name", "price")
            # Every bid is new: no lookup of an existing row.
            import_id_fields = ()
            force_init_instance = True

    procurements = tablib.Dataset(headers=list(PlainProcurementResource.Meta.fields))
    bids = tablib.Dataset(headers=["procurement", "sort_order", "bidder_name", "price"])
    for row in template_rows(args.rows, args.bids):
        money = lambda text: text.replace(",", "")  # noqa: E731
        procurements.append(
            [
                site.pk,
                row[0],
                row[1],
                row[2],
                row[4],
                "goods",
                money(row[6]),
                "municipal",
                money(row[8]),
                "specific",
                "contracted",
                row[13],
                row[14],
                money(row[15]),
                row[16],
                row[17],
            ]
        )
        for order, line in enumerate(row[12].split("\n")):
            name, price = line.rsplit(" ", 1)
            bids.append([row[1], order, name, money(price)])
    timings = []
    for run in range(args.baseline_runs):
        empty()

        def plain():
            first = PlainProcurementResource().import_data(
                procurements, use_transactions=True
            )
            second = PlainBidResource().import_data(bids, use_transactions=True)
            for result in (first, second):
                errors = [
                    (line, error.error)
                    for line, row_errors in result.row_errors()
                    for error in row_errors
                ][:3]
                invalid = [
                    (row.number, row.error_dict) for row in result.invalid_rows[:3]
                ]
                assert not errors and not invalid, (errors, invalid)

        seconds, _ = _django.timed(plain)
        timings.append(seconds)
        print(f"  baseline run {run + 1}: {_django.fmt(seconds)}")
    return timings


if __name__ == "__main__":
    main()
