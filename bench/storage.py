"""Bytes per published result on PostgreSQL: the results tables with their indexes and TOAST.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_storage \
    .venv/bin/python bench/storage.py [--scale 1] [--seed-demo]

With ``--seed-demo`` it migrates the (scratch) database, loads the reference data and seeds the
demo at ``--scale`` first, timing the seed, its peak RSS (its largest process, from ``getrusage``)
and its peak memory in all (the proportional set sizes of the seed and its worker processes,
summed, sampled each second); then it runs
``VACUUM ANALYZE`` and prints, per table (results with their indicator values, result events,
test reports and their covered indicators), the heap, its indexes and the total, each divided by the
number of results, and the sum. The target (issue "Scale") is ≤ 1.2 kB per result at scale 30.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("results_benchmarkresult", "results_resultevent", "results_testreport", "results_testreport_indicators")


def seed(scale: float) -> tuple[float, float, float]:
    """Migrate and seed in a child process: (seconds, peak RSS of its largest process in MB, peak
    summed PSS of the seed and its worker processes in MB)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], check=True, cwd=ROOT)
    subprocess.run([*manage, "load_reference"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    process = subprocess.Popen([*manage, "seed_demo", "--scale", str(scale), "--flush"], cwd=ROOT,
                               stdout=subprocess.DEVNULL)
    peak_pss = 0
    while process.poll() is None:
        peak_pss = max(peak_pss, tree_pss_kb(process.pid))
        time.sleep(1)
    elapsed = time.perf_counter() - started
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, process.args)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, peak_kb / 1024, peak_pss / 1024


def tree_pss_kb(pid: int) -> int:
    """The proportional set size of ``pid`` and its children, summed (Linux): the seed's worker
    processes share the pages they inherit, which their RSS would each count whole."""
    total = 0
    for member in [pid, *children(pid)]:
        try:
            with open(f"/proc/{member}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
        except OSError:  # gone meanwhile, or not Linux
            continue
    return total


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []


def sizes() -> tuple[int, int, int, list[tuple[str, int, int, int]]]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE status = 'published') FROM results_benchmarkresult")
        results, published = cursor.fetchone()
        # The values' own share of the results row (their column's stored bytes).
        cursor.execute("SELECT coalesce(sum(pg_column_size(indicator_values)), 0) FROM results_benchmarkresult")
        (values,) = cursor.fetchone()
        rows = []
        for table in TABLES:
            cursor.execute("SELECT pg_table_size(%s), pg_indexes_size(%s), pg_total_relation_size(%s)",
                           [table, table, table])
            rows.append((table, *cursor.fetchone()))
    return results, published, values, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed-demo", action="store_true")
    args = parser.parse_args()
    if args.seed_demo:
        elapsed, peak, pss = seed(args.scale)
        print(f"seed_demo --scale {args.scale:g}: {elapsed:.1f} s, peak RSS {peak:.0f} MB (its largest process), "
              f"peak PSS {pss:.0f} MB (its processes summed)")
    results, published, values, rows = sizes()
    print(f"results: {results:,} ({published:,} published); their indicator values {values / results:.0f} B/result "
          f"of the results heap")
    print(f"{'table':32} {'heap B/result':>14} {'indexes B/result':>17} {'total B/result':>15}")
    total = 0
    for table, heap, indexes, whole in rows:
        total += whole
        print(f"{table:32} {heap / results:14.0f} {indexes / results:17.0f} {whole / results:15.0f}")
    print(f"{'all':32} {'':14} {'':17} {total / results:15.0f}  (target ≤ 1,200 at scale 30)")


if __name__ == "__main__":
    main()
