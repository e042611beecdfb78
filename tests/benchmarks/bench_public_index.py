"""The public procurement register with 20,000 records.

    python tests/benchmarks/bench_public_index.py [--records 20000] [--requests 30]

Renders the register's first page, a filtered search and a deep page through
Django's test client, reporting the median response time (target: under
80 ms on SQLite) and the number of queries at 200 and at the full size (the
suite asserts they are equal; this prints them).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks import _django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    engine = _django.setup()

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from ita_wagtail.models import (
        ItaIndexPage,
        Procurement,
        ProcurementBid,
        ProcurementIndexPage,
    )
    from ita_wagtail.setup import setup_ita_section
    from tests.benchmarks.data import bulk_register

    site = Site.objects.get(is_default_site=True)
    ProcurementBid.objects.all().delete()
    Procurement.objects.all().delete()
    report = setup_ita_section(site)
    for step in report.steps:
        page = step.page.specific
        if isinstance(page, ItaIndexPage | ProcurementIndexPage) and not page.live:
            page.save_revision().publish()
    register = ProcurementIndexPage.objects.get()
    url = register.relative_url(site)
    client = Client()

    def add(count, start):
        bulk_register(site, count, [2567, 2568, 2569], start=start, bids=0)

    queries = {}
    scenarios = {
        "first page": {},
        "fiscal year + search": {"fiscal_year": 2568, "q": "วัสดุ"},
        "month + method, page 5": {"month": 3, "method": "specific", "page": 5},
    }

    def measure(label):
        counts = {}
        for name, params in scenarios.items():
            client.get(url, params)  # warm caches
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, params)
            assert response.status_code == 200, response.status_code
            counts[name] = len(captured.captured_queries)
        queries[label] = counts

    add(200, 0)
    measure(200)
    add(args.records - 200, 200)
    measure(args.records)

    print(
        f"{engine}, {Procurement.objects.count():,} records, {args.requests} requests each"
    )
    for name, params in scenarios.items():
        timings = []
        for _ in range(args.requests):
            seconds, response = _django.timed(client.get, url, params)
            assert response.status_code == 200
            timings.append(seconds)
        median = _django.median(timings)
        verdict = "meets" if median < 0.080 else "MISSES"
        print(
            f"  {name:<26} median {_django.fmt(median)} ({verdict} the 80 ms target), "
            f"queries {queries[200][name]} at 200 records, "
            f"{queries[args.records][name]} at {args.records:,}"
        )
    connection.close()


if __name__ == "__main__":
    main()
