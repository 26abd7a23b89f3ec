"""Statistics read at two sizes of the campaign: the same cost whatever the number of results.

Runs the reads that the home page, the dashboards and ``/api/v1/stats/…`` make (uncached: the
public cache is a dummy here) against two seeded PostgreSQL databases, one after the other in
the same run, and prints the median time per read and the ratio large / small (target ≤ 1.5).

    .venv/bin/python bench/stats_read.py \
        --small postgres://campaign:campaign@localhost/campaign_s10k \
        --large postgres://campaign:campaign@localhost/campaign_s30 [--rounds 200]

Each database must hold a seeded demo (``seed_demo`` rebuilds the statistics at its end).
With ``--rebuild`` it also times ``stats_rebuild()`` on each (a full recount).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ok(response):
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response


def measure(rounds: int, rebuild: bool) -> dict:
    """In a child process bound to one database: time each read ``rounds`` times."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from config.home import home_context
    from results import stats_selectors
    from results.models import BenchmarkResult, StatCount
    from results.services import statistics as stats

    # Measure the reads themselves: no cached answer (Django resets its caches on this change).
    override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
        ALLOWED_HOSTS=["testserver"], DEBUG=False,
    ).enable()
    client = Client()
    reads = {
        "summary": stats_selectors.summary,
        "by_province": stats_selectors.by_province,
        "by_month": stats_selectors.by_month,
        "by_industry": stats_selectors.by_industry,
        "top_categories": lambda: stats_selectors.by_category(limit=10),
        "home_context": home_context,
        "api_summary": lambda: _ok(client.get("/api/v1/stats/summary/")),
        "api_by_region": lambda: _ok(client.get("/api/v1/stats/by-region/")),
        "home_page": lambda: _ok(client.get("/")),
    }
    out = {
        "published": BenchmarkResult.objects.filter(status="published").count(),
        "stat_rows": StatCount.objects.count(),
        "reads": {},
    }
    for name, read in reads.items():
        for _warm in range(5):
            read()
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            read()
        timings = []
        for _round in range(rounds):
            started = time.perf_counter()
            read()
            timings.append(time.perf_counter() - started)
        out["reads"][name] = {"median_ms": statistics.median(timings) * 1000, "queries": len(queries)}
    if rebuild:
        started = time.perf_counter()
        cells = stats.stats_rebuild()
        out["rebuild_s"] = time.perf_counter() - started
        out["rebuild_cells"] = cells
    return out


def run_child(url: str, rounds: int, rebuild: bool) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("REDIS_URL", None)
    command = [sys.executable, __file__, "--child", "--rounds", str(rounds)] + (["--rebuild"] if rebuild else [])
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small")
    parser.add_argument("--large")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.rounds, args.rebuild)))
        return
    # Alternate small, large, small, large so that the machine's noise hits both.
    runs = {"small": [], "large": []}
    for _turn in range(2):
        for name, url in (("small", args.small), ("large", args.large)):
            runs[name].append(run_child(url, args.rounds, rebuild=args.rebuild and _turn == 0))
    small, large = runs["small"][0], runs["large"][0]
    print(f"small: {small['published']:,} published results, {small['stat_rows']:,} statistics rows")
    print(f"large: {large['published']:,} published results, {large['stat_rows']:,} statistics rows")
    print(f"{'read':<16}{'small ms':>10}{'large ms':>10}{'ratio':>8}{'queries':>9}")
    ratios = []
    for name in small["reads"]:
        s = statistics.median(run["reads"][name]["median_ms"] for run in runs["small"])
        lg = statistics.median(run["reads"][name]["median_ms"] for run in runs["large"])
        ratios.append(lg / s)
        queries = f"{small['reads'][name]['queries']}/{large['reads'][name]['queries']}"
        print(f"{name:<16}{s:>10.2f}{lg:>10.2f}{lg / s:>8.2f}{queries:>9}")
    print(f"worst ratio large/small: {max(ratios):.2f} (target ≤ 1.5)")
    if args.rebuild:
        for name, run in (("small", small), ("large", large)):
            print(f"rebuild {name}: {run['rebuild_s']:.1f} s, {run['rebuild_cells']:,} cells")


if __name__ == "__main__":
    main()
