"""Exports against the database's own pace: the streamed CSV of the public results list versus
PostgreSQL's ``COPY (the same query) TO STDOUT`` of the same rows, and export jobs in a worker.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_s30 \
    REDIS_URL=redis://127.0.0.1:6379/6 VAR_DIR=/tmp/bench-exports-var \
    .venv/bin/python bench/exports.py [--rounds 3] [--query level=attained] [--jobs]

On a seeded database (``seed_demo``; scale 30 holds ~1M published results): in rounds A, B, A, B
… it takes (A) the whole ``/api/v1/results/?format=csv`` answer through Django's test client,
streamed as a visitor would get it (inline: EXPORT_INLINE_MAX_ROWS lifted for the bench), and (B)
the bare COPY of the query that answer runs (same columns, joins and order) as CSV; prints rows
per second, min and median, and A÷B. With ``--jobs`` it then runs the CSV and XLSX export jobs
in a real Celery worker (a fresh ``--pool=solo`` process) and prints their time and the
worker's peak RSS (targets: ≥ 50k rows/s for the CSV, RSS ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from core.export_jobs import _open_list, export_job_request  # noqa: E402
from core.export_rows import _columns  # noqa: E402
from core.models import ExportJob, ExportStatus  # noqa: E402

BASE_DIR = Path(__file__).resolve().parents[1]
PATH = "/api/v1/results/"


def ours(query: str) -> tuple[float, int]:
    client = Client()
    started = time.perf_counter()
    response = client.get(f"{PATH}?format=csv&{query}")
    assert response.status_code == 200, response.status_code
    lines = sum(piece.count(b"\n") for piece in response.streaming_content)
    return time.perf_counter() - started, lines - 1


def bare(query: str) -> tuple[float, int]:
    """COPY of the query ours runs: the same columns with their joins, the same order."""
    serializer_class, queryset, _context, _name = _open_list(ExportJob(path=PATH, query=query))
    lookups = [lookup for _column, lookup, _formatter in _columns(serializer_class)]
    sql, params = queryset.values_list(*lookups).query.sql_with_params()
    started = time.perf_counter()
    lines = 0
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for block in copy:
            lines += bytes(block).count(b"\n")
    return time.perf_counter() - started, lines


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def jobs(query: str) -> None:
    from config.celery import app

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    log = Path(settings.VAR_DIR) / f"bench-worker-{queue}.log"
    with log.open("w") as handle:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "-Q", queue,
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
            cwd=BASE_DIR, env={**os.environ, "CELERY_QUEUE": queue}, stdout=handle, stderr=subprocess.STDOUT)
    try:
        while "ready" not in log.read_text(errors="replace"):
            time.sleep(0.2)
        idle = peak_rss_mb(worker.pid)
        for file_format in ("csv", "xlsx"):
            ExportJob.objects.filter(path=PATH, query=query, file_format=file_format).delete()
            started = time.perf_counter()
            job = export_job_request(path=PATH, query=query, file_format=file_format, user=None)
            while job.status not in (ExportStatus.SUCCEEDED, ExportStatus.FAILED):
                time.sleep(0.2)
                job.refresh_from_db()
            elapsed = time.perf_counter() - started
            assert job.status == ExportStatus.SUCCEEDED, job.message
            rate = job.rows_done / elapsed
            print(f"job {file_format}: {job.rows_done:,} rows in {elapsed:.1f} s ({rate:,.0f} rows/s),"
                  f" file {job.file.size / 1e6:.1f} MB; worker peak RSS {peak_rss_mb(worker.pid):.0f} MB "
                  f"(idle {idle:.0f} MB)")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--query", default="", help="the list's filters, e.g. level=attained")
    parser.add_argument("--jobs", action="store_true")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    timings: dict[str, list[float]] = {"ours": [], "bare": []}
    rows = 0
    with override_settings(EXPORT_INLINE_MAX_ROWS=10**9, ALLOWED_HOSTS=["testserver"]):
        for round_ in range(args.rounds):
            for label, measure in (("ours", ours), ("bare", bare)):
                elapsed, counted = measure(args.query)
                rows = rows or counted
                assert counted == rows, (label, counted, rows)
                timings[label].append(elapsed)
                print(f"round {round_ + 1} {label}: {counted:,} rows in {elapsed:.2f} s "
                      f"({counted / elapsed:,.0f} rows/s)")
    for label, values in timings.items():
        print(f"{label}: min {min(values):.2f} s, median {statistics.median(values):.2f} s "
              f"({rows / statistics.median(values):,.0f} rows/s)")
    ratio = statistics.median(timings["bare"]) / statistics.median(timings["ours"])
    print(f"ours ÷ bare COPY throughput: {ratio:.2f} ({rows:,} rows)")
    if args.jobs:
        jobs(args.query)


if __name__ == "__main__":
    main()
