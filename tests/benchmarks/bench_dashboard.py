"""Compliance dashboard vs Wagtail's own Aging pages report, on the same data.

    python tests/benchmarks/bench_dashboard.py [--pages 10000] [--procurement 20000] [--repeat 15]
    python tests/benchmarks/bench_dashboard.py --criteria-set oit-2569
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python tests/benchmarks/bench_dashboard.py

Builds a fresh test database (SQLite in memory, or ``test_<name>`` on
PostgreSQL), a complete ITA section plus ``--pages`` more disclosure pages of
history (annual plans with projects, progress reports, integrity
declarations, annual reports across twenty fiscal years; the current year's
ones are what the engine reads in full) and ``--procurement`` complete
procurement records with two bidders each over the last three fiscal years
(item 5.7 is scored from them), then times, in one run and in alternation:

* ``GET /admin/ita/compliance/`` (the dashboard) and
  ``GET /admin/reports/aging-pages/`` (the baseline), as a superuser; the
  dashboard both as usually served (its result kept between requests, see
  ``ita_wagtail.scoring.cache``) and "cold", right after a content change;
* ``GET /admin/`` (the home page with the compliance panel), for information;
* ``GET /admin/ita/out-of-date/`` (the stale-content report), for information;
* ``manage.py ita_audit --format json``.

With ``--criteria-set oit-2569`` the site is the demo municipality
(``ita_load_demo``), which answers that OIT list for the current fiscal year
with a structured page for every one of its 26 items (E-Service with its
monthly figures, HR, ethics, No Gift and the gift register, the risk
register, the anti-corruption plan and report, the Q&A board…, and their
2568 history); the same history pages and procurement records are added to
its ITA section.

It reports medians, the dashboard/Aging-pages ratio and the number of
queries of one dashboard request right after a change; the target is a
ratio of at most 1 and ``ita_audit`` under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def setup_django():
    import django

    django.setup()
    from django.conf import settings

    # No setup_test_environment(): its instrumented template rendering would
    # slow both views down and hide what a real request costs.
    # Hold Wagtail's search/reference-index tasks while building the data.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return original_name


def build(pages: int, procurement: int, demo: bool = False):
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from ita_wagtail import models as ita
    from ita_wagtail.thai import fiscal_year, today
    from tests.benchmarks.data import bulk_register
    from tests.bulk_pages import bulk_add_pages
    from tests.compliance.builders import T0, publish_complete
    from tests.factories import ita_section

    started = time.perf_counter()
    site = Site.objects.get(is_default_site=True)
    current_fy = fiscal_year(today())
    moment = T0.replace(year=today().year) - timedelta(days=30)
    if demo:
        from django.core.management import call_command

        call_command("ita_load_demo", stdout=StringIO())
        site = Site.objects.get(is_default_site=True)
        index = ita.ItaIndexPage.objects.get()
    else:
        section = publish_complete(
            ita_section(site), when=moment, fiscal_year=current_fy
        )
        index = section[ita.ItaIndexPage]

    years = list(range(current_fy - 19, current_fy + 1))
    per_year = max(1, pages // 5 // len(years))
    plans = [
        {"title": f"แผนปฏิบัติราชการ {year} ชุดที่ {n}", "fiscal_year": year}
        for year in years
        for n in range(per_year)
    ]
    plan_ids = bulk_add_pages(index, ita.AnnualPlanPage, plans, published_at=moment)
    ita.AnnualPlanProject.objects.bulk_create(
        (
            ita.AnnualPlanProject(
                page_id=plan_id,
                name=f"โครงการที่ {n}",
                strategy="ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน",
                budget=Decimal("250000.00"),
                start_month=10,
                end_month=9,
            )
            for plan_id in plan_ids
            for n in range(3)
        ),
        batch_size=2000,
    )
    # Two progress reports under every plan.
    by_plan = dict(zip(plan_ids, plans, strict=True))
    progress_count = 0
    for plan_id in plan_ids:
        plan = ita.AnnualPlanPage.objects.get(pk=plan_id)
        year = by_plan[plan_id]["fiscal_year"]
        bulk_add_pages(
            plan,
            ita.PlanProgressPage,
            [
                {"title": f"ความก้าวหน้า ไตรมาส {q}", "fiscal_year": year, "quarter": q}
                for q in (1, 2)
            ],
            published_at=moment,
        )
        progress_count += 2
    remaining = max(0, pages - len(plans) - progress_count)
    declarations = [
        {
            "title": f"ประกาศเจตจำนงสุจริต {years[i % len(years)]} ({i})",
            "fiscal_year": years[i % len(years)],
            "executive_name": "นายสมชาย ใจดี",
            "statement": "<p>บริหารงานด้วยความซื่อสัตย์สุจริต</p>",
        }
        for i in range(remaining // 2)
    ]
    bulk_add_pages(
        index, ita.IntegrityDeclarationPage, declarations, published_at=moment
    )
    reports = [
        {
            "title": f"รายงานผลการปฏิบัติราชการ ({i})",
            "fiscal_year": years[i % len(years)] - 1,
        }
        for i in range(remaining - len(declarations))
    ]
    bulk_add_pages(index, ita.AnnualReportPage, reports, published_at=moment)

    bulk_register(
        site, procurement, [current_fy - 2, current_fy - 1, current_fy], start=100_000
    )

    user = get_user_model().objects.create_superuser(
        "bench", "bench@example.go.th", "pw"
    )
    total = sum(
        model.objects.count()
        for model in (
            ita.AnnualPlanPage,
            ita.PlanProgressPage,
            ita.IntegrityDeclarationPage,
            ita.AnnualReportPage,
            ita.ContactPage,
            ita.ExecutivesPage,
            ita.OrganisationStructurePage,
            ita.AuthorityDutiesPage,
            ita.DevelopmentPlanPage,
            ita.RelatedLawsPage,
            ita.NewsIndexPage,
            ita.OperatingManualsPage,
            ita.ServiceManualsPage,
        )
    )
    return user, total, time.perf_counter() - started


def count_queries(request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        request()
    return len(queries)


def timed(function, repeat):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def summary(samples):
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(samples) * 1000, 1),
        "min_ms": round(ordered[0] * 1000, 1),
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))] * 1000, 1),
        "runs": len(samples),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--procurement", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--criteria-set",
        default="ita-2562",
        choices=["ita-2562", "oit-2569"],
        help="The list the site answers this fiscal year: ita-2562 (a complete "
        "section of the 2562 measure, the default) or oit-2569 (the demo "
        "municipality, every item answered by a structured page).",
    )
    parser.add_argument("--json", help="Also write the figures to this file.")
    args = parser.parse_args()

    original_name = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from ita_wagtail.models import Procurement

    user, total, build_seconds = build(
        args.pages, args.procurement, demo=args.criteria_set == "oit-2569"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(user)

    def get(url):
        def request():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return request

    from ita_wagtail.scoring.cache import invalidate

    def cold(request):
        # As after any change to the content: the kept result is gone.
        def after_a_change():
            invalidate()
            request()

        return after_a_change

    targets = {
        "dashboard": get("/admin/ita/compliance/"),
        "dashboard_cold": cold(get("/admin/ita/compliance/")),
        "aging_pages": get("/admin/reports/aging-pages/"),
        "stale_report": get("/admin/ita/out-of-date/"),
        "home_panel": get("/admin/"),
    }
    for request in targets.values():  # warm caches, templates, content types
        request()
        request()
    queries = {
        "dashboard": count_queries(targets["dashboard"]),
        "dashboard_cold": count_queries(targets["dashboard_cold"]),
        "aging_pages": count_queries(targets["aging_pages"]),
    }
    samples = {name: [] for name in targets}
    for _ in range(args.repeat):
        for name, request in targets.items():
            samples[name].extend(timed(request, 1))

    def audit():
        call_command("ita_audit", "--format", "json", stdout=StringIO())

    audit()
    samples["ita_audit_json"] = timed(audit, max(5, args.repeat // 3))

    results = {name: summary(values) for name, values in samples.items()}
    ratio = results["dashboard"]["median_ms"] / results["aging_pages"]["median_ms"]
    cold_ratio = (
        results["dashboard_cold"]["median_ms"] / results["aging_pages"]["median_ms"]
    )
    from wagtail.models import Site

    from ita_wagtail.scoring import evaluate_site

    answered = evaluate_site(Site.objects.get(is_default_site=True))
    answering = {
        facts.page.pk: facts.page
        for item in answered.items
        for entry in item.parts or [item]
        for facts in entry.pages
    }
    structured_pages = len(answering)
    generic_pages = sum(
        getattr(page, "ita_any_kind", False) for page in answering.values()
    )
    report = {
        "database": connection.vendor,
        "criteria_set": answered.criteria_set.key,
        "items": len(answered.items),
        "structured_pages": structured_pages,
        "generic_pages": generic_pages,
        "queries": queries,
        "disclosure_pages": total,
        "procurement_records": Procurement.objects.count(),
        "build_seconds": round(build_seconds, 1),
        "results": results,
        "dashboard_to_aging_ratio": round(ratio, 2),
        "cold_dashboard_to_aging_ratio": round(cold_ratio, 2),
        "targets": {
            "dashboard_at_most_aging": ratio <= 1.0,
            "ita_audit_json_under_2s": results["ita_audit_json"]["median_ms"] < 2000,
        },
    }
    print(
        f"database: {connection.vendor}; criteria set: {answered.criteria_set.key} "
        f"({len(answered.items)} items; {structured_pages} pages answer them, "
        f"{generic_pages} of them generic); "
        f"disclosure pages: {total}; built in {build_seconds:.1f} s"
    )
    print(f"{'view':<16} {'median ms':>10} {'min ms':>8} {'p90 ms':>8} {'runs':>5}")
    for name, figures in results.items():
        print(
            f"{name:<16} {figures['median_ms']:>10} {figures['min_ms']:>8} "
            f"{figures['p90_ms']:>8} {figures['runs']:>5}"
        )
    print(f"dashboard / aging pages (medians): {ratio:.2f}")
    print(f"dashboard right after a change / aging pages (medians): {cold_ratio:.2f}")
    print(
        "queries per request: "
        + ", ".join(f"{name} {count}" for name, count in queries.items())
    )
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    connection.creation.destroy_test_db(original_name, verbosity=0)
    return 0 if all(report["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
