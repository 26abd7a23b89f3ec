"""The public results list at page 1 and page 10,000, against the bare keyset query, in one run.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_s100 \
    .venv/bin/python bench/deep_pages.py [--page 10000] [--rounds 9]

The cursor of page N is the keys of the last row of page N−1 (the list's order: newest
publication first, the id breaking ties), read once by OFFSET and written as the list writes its
cursors, so the bench does not walk 10,000 pages to get there. For the whole list and for its
province and level filters, interleaved (A page 1, B page N, bare 1, bare N, …): the page as a
visitor gets it through Django's test client (public cache off), and the bare keyset query for
the same 25 ids. Prints min and median of each, and page N ÷ page 1 for both.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from core.keyset import _encode  # noqa: E402  (the list's own cursor format)
from core.public_listing import PAGE_SIZE  # noqa: E402

BARE = ("SELECT id FROM results_benchmarkresult WHERE status = 'published' {filter} {after} "
        "ORDER BY published_at DESC, id DESC LIMIT %s")
AFTER = "AND published_at <= %s AND (published_at < %s OR (published_at = %s AND id < %s))"


def boundary(where: str, params: list, page: int) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT published_at, id FROM results_benchmarkresult WHERE status = 'published' {where} "
                       f"ORDER BY published_at DESC, id DESC OFFSET %s LIMIT 1", [*params, (page - 1) * PAGE_SIZE - 1])
        return cursor.fetchone()


def bare(where: str, params: list, keys: tuple | None) -> float:
    after, extra = ("", []) if keys is None else (AFTER, [keys[0], keys[0], keys[0], keys[1]])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(BARE.format(filter=where, after=after), [*params, *extra, PAGE_SIZE])
        cursor.fetchall()
    return time.perf_counter() - started


def page(client: Client, query: str, keys: tuple | None) -> float:
    cursor = "" if keys is None else "&cursor=" + _encode([keys[0], keys[1]], False)
    started = time.perf_counter()
    response = client.get(f"/results/?{query}{cursor}")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with connection.cursor() as cursor:
        cursor.execute("SELECT province_id, count(*) FROM results_benchmarkresult WHERE status = 'published' "
                       "GROUP BY 1 ORDER BY 2 DESC LIMIT 1")
        province, _n = cursor.fetchone()
    views = {
        "all": ("", "", []),
        f"province={province}": (f"province={province}", "AND province_id = %s", [province]),
        "level=attained": ("level=attained", "AND level = %s", ["attained"]),
    }
    client = Client()
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}):
        for label, (query, where, params) in views.items():
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM results_benchmarkresult WHERE status = 'published' {where}",
                               params)
                pages = cursor.fetchone()[0] // PAGE_SIZE
            deep = min(args.page, pages)  # a filter with fewer pages: its last full page
            keys = boundary(where, params, deep)
            times = {"page 1": [], f"page {deep}": [], "bare 1": [], f"bare {deep}": []}
            page(client, query, None)  # warm the process
            for _round in range(args.rounds):
                times["page 1"].append(page(client, query, None))
                times[f"page {deep}"].append(page(client, query, keys))
                times["bare 1"].append(bare(where, params, None))
                times[f"bare {deep}"].append(bare(where, params, keys))
            medians = {name: statistics.median(values) for name, values in times.items()}
            print(f"{label}: " + ", ".join(
                f"{name} min {min(values) * 1000:.1f} ms median {medians[name] * 1000:.1f} ms"
                for name, values in times.items()))
            print(f"    page {deep} ÷ page 1 {medians[f'page {deep}'] / medians['page 1']:.2f}; "
                  f"bare {deep} ÷ bare 1 {medians[f'bare {deep}'] / medians['bare 1']:.2f}")


if __name__ == "__main__":
    main()
