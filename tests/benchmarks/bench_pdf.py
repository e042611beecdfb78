"""A 300-row month of แบบ สขร.1 as PDF: median time and peak memory.

    python tests/benchmarks/bench_pdf.py [--rows 300] [--bids 3] [--runs 5]

The month's records (each with ``--bids`` bidders) are written to a
throwaway database, then the PDF is made ``--runs`` times from them, as the
download does when nothing is cached: the records are read, the HTML is
rendered and WeasyPrint lays it out and writes the file with Sarabun
embedded. Reported: the median and the fastest run, the file's size and
pages, the time of the cached download (the stored file found by its
fingerprint), and peak memory of one run (Python allocations with
tracemalloc, and the process's maximum resident size).
"""

import argparse
import io
import resource
import sys
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import _django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--bids", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine = _django.setup()

    from pypdf import PdfReader
    from wagtail.models import Site

    from ita_wagtail.models import Procurement, ProcurementBid
    from ita_wagtail.pdf import delivery
    from ita_wagtail.pdf.documents import Skr1MonthPdf
    from ita_wagtail.pdf.rendering import render_pdf

    site = Site.objects.get(is_default_site=True)
    Procurement.objects.filter(site=site).delete()
    for number in range(1, args.rows + 1):
        record = Procurement.objects.create(
            site=site,
            fiscal_year=2568,
            reference_number=f"{number}/2568",
            name=f"จัดซื้อวัสดุงานบ้านงานครัวสำหรับศูนย์พัฒนาเด็กเล็ก รายการที่ {number}",
            category="goods",
            budget=Decimal("50000.00"),
            budget_source="municipal",
            reference_price=Decimal("49500.00"),
            method="specific",
            status="contracted",
            announcement_date=date(2024, 10, 3),
            selected_supplier="ร้านรุ่งเรืองพาณิชย์",
            agreed_price=Decimal("48000.00"),
            selection_reason="เสนอราคาต่ำสุดและคุณสมบัติครบถ้วน",
            contract_number=f"{number}/2568",
            contract_date=date(2024, 10, 10),
        )
        ProcurementBid.objects.bulk_create(
            ProcurementBid(
                procurement=record,
                bidder_name=f"ร้านค้าผู้เสนอราคาที่ {bid + 1}",
                price=Decimal("48000.00") + bid * 500,
                sort_order=bid,
            )
            for bid in range(args.bids)
        )

    def make():
        source = Skr1MonthPdf(site_id=site.pk, fiscal_year=2568, month=10)
        return render_pdf(source.document())

    times, data = [], b""
    for _run in range(args.runs):
        seconds, data = _django.timed(make)
        times.append(seconds)
    pages = len(PdfReader(io.BytesIO(data)).pages)

    source = Skr1MonthPdf(site_id=site.pk, fiscal_year=2568, month=10)
    delivery.make_pdf(source)
    cached, _name = _django.timed(
        lambda: delivery.stored_pdf(
            Skr1MonthPdf(site_id=site.pk, fiscal_year=2568, month=10)
        )
    )

    tracemalloc.start()
    make()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"database: {engine}")
    print(f"สขร.1 of one month: {args.rows} records, {args.bids} bids each")
    print(f"PDF: {len(data) / 1024:.0f} KiB, {pages} pages (A4 landscape)")
    print(
        f"made from the database, median of {args.runs}: "
        f"{_django.fmt(_django.median(times))} (fastest {_django.fmt(min(times))})"
    )
    print(f"cached download, fingerprint and lookup: {_django.fmt(cached)}")
    print(f"peak Python allocations (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"peak resident size of the process: {max_rss_kb / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
