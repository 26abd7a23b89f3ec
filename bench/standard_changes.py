"""Flagging the results compared with a replaced standard, against the floor, in one run.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_imports \
    .venv/bin/python bench/standard_changes.py [--results 100000] [--rounds 3]

It uses the scene of ``bench/imports.py`` (regions, 1,000 enterprises, the respirator plan with GB
2626-2019 among its compared standards) in the same scratch database, fills it with ``--results``
published results of that plan (COPY), and measures in interleaved rounds (A, B, A, B …):

A. **ours** — ``standard_changes_flag`` for GB 2626-2019 announced as replaced: the plan version's
   and every published result's flag written, one notice per enterprise, the e-mails queued in
   batches (counted, not sent); the flag and notice tables emptied before each round;
B. **floor** — the same result ids and stage copied by one ``INSERT … SELECT`` from the results
   table into a table with a primary key only (no foreign key, no other index): the least the
   database can do to record one row per affected result, as durably (a logged table).

It prints each round, min and median of each, ours ÷ floor, and the queries ours issued (the
same for 1 result as for 100,000: no per-row loop).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.imports import seed_scene  # noqa: E402
from results.models import BenchmarkResult, StandardChangeFlag, StandardChangeNotice  # noqa: E402
from results.services import standard_changes  # noqa: E402
from results.services.standard_changes import standard_changes_flag  # noqa: E402
from standards.models import Standard  # noqa: E402
from tests import public_scene  # noqa: E402


def fill(plan, enterprises, count: int) -> None:
    have = BenchmarkResult.objects.filter(plan_version=plan, status="published").count()
    if have == count:
        return
    BenchmarkResult.objects.filter(plan_version=plan).delete()
    for start in range(0, count, 20_000):
        n = min(20_000, count - start)
        public_scene.results(plan, enterprises, n, name=lambda i, s=start: f"口罩 {s + i}",
                             model=lambda i, s=start: f"M-{s + i}")


def ours(standard: Standard) -> tuple[float, int, int, int]:
    StandardChangeFlag.objects.all().delete()
    StandardChangeNotice.objects.all().delete()
    queued = []
    original = standard_changes.enqueue_on_commit  # the e-mails are counted, not sent
    standard_changes.enqueue_on_commit = lambda name, **kwargs: queued.append(len(kwargs.get("notice_ids", [])))
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            with transaction.atomic():
                counts = standard_changes_flag(standard_ids=[standard.pk])
            elapsed = time.perf_counter() - started
    finally:
        standard_changes.enqueue_on_commit = original
    assert sum(queued) == counts.notices
    return elapsed, counts.results, len(queries), len(queued)


def floor(standard: Standard) -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_flag_floor")
        cursor.execute("CREATE TABLE bench_flag_floor (id bigserial PRIMARY KEY, standard_id bigint, "
                       "result_id bigint, stage varchar(16), flagged_at timestamptz)")
        started = time.perf_counter()
        with transaction.atomic():
            cursor.execute(
                "INSERT INTO bench_flag_floor (standard_id, result_id, stage, flagged_at) "
                "SELECT ps.standard_id, r.id, 'to_be_replaced', %s FROM plans_planstandard ps "
                "JOIN results_benchmarkresult r ON r.plan_version_id = ps.version_id "
                "WHERE ps.standard_id = %s AND r.status = 'published'",
                [timezone.now(), standard.pk],
            )
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--results", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    _office, plan, _codes = seed_scene()
    from companies.models import Enterprise

    fill(plan, list(Enterprise.objects.order_by("pk")[:1000]), args.results)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE results_benchmarkresult")
    gb = Standard.objects.get(code="GB 2626-2019")
    successor, _ = Standard.objects.get_or_create(code="GB 2626-2099", defaults={
        "kind": "gb_mandatory", "title_zh": "基准测试代替标准"})
    Standard.objects.filter(pk=gb.pk).update(replaced_by=successor)
    a_times, b_times = [], []
    for round_ in range(1, args.rounds + 1):
        elapsed, flagged, queries, batches = ours(gb)
        a_times.append(elapsed)
        print(f"A ours  #{round_}: {elapsed:.3f} s, {flagged} results flagged, {queries} queries, "
              f"{batches} e-mail batches")
        b_times.append(floor(gb))
        print(f"B floor #{round_}: {b_times[-1]:.3f} s")
    Standard.objects.filter(pk=gb.pk).update(replaced_by=None)
    StandardChangeFlag.objects.all().delete()
    StandardChangeNotice.objects.all().delete()
    print(f"\n{args.results} results: ours min {min(a_times):.3f} s, median {statistics.median(a_times):.3f} s; "
          f"floor min {min(b_times):.3f} s, median {statistics.median(b_times):.3f} s; "
          f"ours/floor {statistics.median(a_times) / statistics.median(b_times):.2f}× (medians)")


if __name__ == "__main__":
    main()
