"""The worst file of the hostile-file corpus: time and peak memory of each import.

    python tests/benchmarks/bench_hostile_import.py [--only NAME ...]
        [--timeout 300] [--memory-limit-mb 4096]

Every file of ``tests/procurement/hostile.py`` is written to a temporary
folder and imported with ``manage.py ita_import_procurement`` (a write
import, rolled back afterwards so that every file meets an empty register)
in a fresh Python process. For each file the script prints the wall time
of the import, the process's peak resident size (``VmHWM``) and how
much of it the import added to a process that had just started Django; at
the end, the worst time and the worst peak. A process that runs longer
than ``--timeout`` seconds is killed, and one that asks for more than
``--memory-limit-mb`` of address space fails, so that the machine survives
the "before" measurement.

SQLite in a temporary file by default; ``DATABASE_URL`` selects another
database (migrated first).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _status_mb(field="VmRSS"):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(path):
    """Import one file in this process and print what it cost as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    start_rss = _status_mb()
    output, errors = StringIO(), StringIO()
    started = time.perf_counter()
    status = 0
    try:
        with transaction.atomic():
            try:
                call_command(
                    "ita_import_procurement", path, stdout=output, stderr=errors
                )
            except SystemExit as exit_:
                status = exit_.code or 0
            transaction.set_rollback(True)
    except BaseException as error:  # the point is to see it
        status = f"{type(error).__name__}: {str(error)[:200]}"
    seconds = time.perf_counter() - started
    # VmHWM: this process's own high-water mark (ru_maxrss would also count
    # the parent's size at the fork).
    peak = _status_mb("VmHWM")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "start_mb": start_rss,
                "peak_mb": peak,
                "status": status,
                "message": (errors.getvalue().strip().splitlines() or [""])[0][:160],
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--memory-limit-mb", type=int, default=4096)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sys.path.insert(0, str(ROOT))

    folder = Path(tempfile.mkdtemp(prefix="ita_hostile_"))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    from tests.benchmarks import _django

    _django.setup()  # migrates
    from tests.procurement.hostile import CORPUS

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    env["PYTHONPATH"] = os.pathsep.join(
        [p for p in (env.get("PYTHONPATH", ""), str(ROOT)) if p]
    )
    limit = args.memory_limit_mb * 1024 * 1024

    def cap_memory():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    names = args.only or list(CORPUS)
    results = []
    for name in names:
        path = folder / f"{name}.bin"
        path.write_bytes(CORPUS[name].build())
        try:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=args.timeout,
                preexec_fn=cap_memory,
            )
            lines = done.stdout.strip().splitlines()
            result = json.loads(lines[-1]) if lines else None
            if result is None:
                tail = (done.stderr.strip().splitlines() or ["?"])[-1]
                result = {"seconds": None, "peak_mb": None, "status": tail}
        except subprocess.TimeoutExpired:
            result = {"seconds": args.timeout, "peak_mb": None, "status": "timeout"}
        result["name"] = name
        result["size_kb"] = path.stat().st_size / 1024
        results.append(result)
        seconds = result["seconds"]
        peak = result.get("peak_mb")
        added = peak - result["start_mb"] if peak and result.get("start_mb") else None
        print(
            f"{name:40} {result['size_kb']:9.1f} KB "
            f"{(f'{seconds:8.2f} s') if seconds is not None else '       ? s'} "
            f"{(f'{peak:7.0f} MB') if peak else '      ? MB'} "
            f"{(f'(+{added:.0f})') if added is not None else ''} "
            f"exit {result['status']}",
            flush=True,
        )
    timed = [r for r in results if r["seconds"] is not None]
    measured = [r for r in results if r.get("peak_mb")]
    slowest = max(timed, key=lambda r: r["seconds"])
    largest = max(measured, key=lambda r: r["peak_mb"]) if measured else None
    print(f"files: {len(results)}")
    print(f"worst time: {slowest['seconds']:.2f} s ({slowest['name']})")
    if largest:
        print(
            f"worst peak RSS: {largest['peak_mb']:.0f} MB, "
            f"+{largest['peak_mb'] - largest['start_mb']:.0f} MB over a started "
            f"process ({largest['name']})"
        )
    failures = [
        r for r in results if not (r["status"] in (0, 1) or str(r["status"]).isdigit())
    ]
    for r in failures:
        print(f"FAILED {r['name']}: {r['status']}")


if __name__ == "__main__":
    main()
