"""Benchmarks of the complaint channels, reported as medians and ratios.

Run from the repository root::

    python tests/benchmarks/bench_channels.py [--cases 5000]

Baseline: the same operation on 100 cases, measured in the same run. The
channels promise a fixed number of queries whatever the number of cases; the
ratios show what the time does (Python work on the fetched rows grows, the
round trips do not).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402


def median_ms(func, repeat=15):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def make_cases(site, count, start):
    from ita_wagtail import thai
    from ita_wagtail.models.channels import Case, CaseCategory, CaseStatus

    cases = []
    for n in range(count):
        received = timezone.make_aware(
            datetime(2025, 10, 1, 9), thai.BANGKOK
        ) + timedelta(hours=(n * 6571) % (360 * 24))
        status = [
            CaseStatus.RECEIVED,
            CaseStatus.IN_PROGRESS,
            CaseStatus.ANSWERED,
            CaseStatus.CLOSED,
        ][n % 4]
        answered = (
            received + timedelta(days=n % 20)
            if status in (CaseStatus.ANSWERED, CaseStatus.CLOSED)
            else None
        )
        case = Case(
            site=site,
            category=[
                CaseCategory.COMPLAINT,
                CaseCategory.SUGGESTION,
                CaseCategory.CORRUPTION,
            ][n % 3],
            subject=f"เรื่องที่ {start + n}",
            details="รายละเอียด",
            status=status,
            received_at=received,
            answered_at=answered,
            public_reply="ตอบแล้ว" if answered else "",
            due_date=(received + timedelta(days=15)).date(),
            tracking_code=f"B{start + n:011d}"[:4]
            + "-"
            + f"B{start + n:011d}"[4:8]
            + "-"
            + f"B{start + n:011d}"[8:],
        )
        cases.append(case)
    Case.objects.bulk_create(cases)


def run(size):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from wagtail.models import Site

    from ita_wagtail.models.channels import (
        Case,
        case_statistics,
        overdue_cases,
        yearly_case_statistics,
    )

    site = Site.objects.get(is_default_site=True)
    admin = get_user_model().objects.create_superuser("bench", "b@example.com", "x")
    client = Client()
    client.force_login(admin)
    today = datetime(2026, 10, 15).date()
    results = {}
    for label, count in (("baseline (100 cases)", 100), (f"{size} cases", size)):
        Case.objects.all().delete()
        make_cases(site, count, start=0)
        with CaptureQueriesContext(connection) as queries:
            year, _quarters = yearly_case_statistics(site, 2569, today=today)
        assert year.total == count, (year.total, count)
        query_count = len(queries)
        results[label] = {
            "yearly_case_statistics": median_ms(
                lambda: yearly_case_statistics(site, 2569, today=today)
            ),
            "case_statistics (quarter)": median_ms(
                lambda: case_statistics(site, 2569, 2, today=today)
            ),
            "overdue_cases().count()": median_ms(
                lambda: overdue_cases(site, today).count()
            ),
            "admin case list (50 per page)": median_ms(
                lambda: client.get("/admin/ita/cases/"), repeat=7
            ),
            "queries (yearly statistics)": query_count,
        }
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        results = run(args.cases)
    finally:
        teardown_databases(old_config, verbosity=0)
    baseline, large = results.values()
    print(
        f"{'operation':34} {'baseline ms':>12} {f'{args.cases} cases ms':>16} {'ratio':>7}"
    )
    for name in baseline:
        if name.startswith("queries"):
            print(f"{name:34} {baseline[name]:>12} {large[name]:>16}")
            continue
        print(
            f"{name:34} {baseline[name]:>12.2f} {large[name]:>16.2f} {large[name] / baseline[name]:>7.2f}"
        )


if __name__ == "__main__":
    main()
