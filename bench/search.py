"""Search served by the pairs index (core.search) against ``icontains``, in one run.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_s30 \
    .venv/bin/python bench/search.py [--rounds 15] [--terms 口罩 马桶 KN95 9144]

On a seeded PostgreSQL database, for each term, in rounds A, B, A, B …: (A) the public API's first
results page for ``?q=term`` through Django's test client with the public cache off — the
index-served search as visitors get it — and (B) the same page with the search made plain
``icontains`` (what it was: a sequential scan). Prints min and median per term and B÷A.
Targets (the issue, at scale 100): a two-character Chinese term's median ≤ 50 ms and ≥ 20× faster
than ``icontains``.

With ``--admin``, it times the admin's result list searched for each term instead (a superuser's
whole page, which also ORs in the enterprises the term names), min and median of the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from core import search  # noqa: E402


@contextmanager
def plain_icontains():
    original = search.pair_codes
    search.pair_codes = lambda text: []
    try:
        yield
    finally:
        search.pair_codes = original


def page(client: Client, term: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.get("/api/v1/results/", {"q": term})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed, len(response.json()["results"])


def admin_pages(client: Client, terms: list[str], rounds: int) -> None:
    from accounts.models import User

    client.force_login(User.objects.filter(is_superuser=True).earliest("pk"))
    for term in terms:
        timings = []
        for _round in range(rounds):
            started = time.perf_counter()
            response = client.get("/admin/results/benchmarkresult/", {"q": term})
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        print(f"admin {term}: min {min(timings) * 1000:.1f} ms, median {statistics.median(timings) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--terms", nargs="+", default=["口罩", "马桶", "KN95", "9144"])
    parser.add_argument("--admin", action="store_true", help="the admin's result list instead of the API")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM results_benchmarkresult WHERE status = 'published'")
        print(f"published results: {cursor.fetchone()[0]:,}")
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        if args.admin:
            admin_pages(client, args.terms, args.rounds)
            return
        for term in args.terms:
            timings: dict[str, list[float]] = {"index": [], "icontains": []}
            found = {}
            for _round in range(args.rounds):
                elapsed, found["index"] = page(client, term)
                timings["index"].append(elapsed)
                with plain_icontains():
                    elapsed, found["icontains"] = page(client, term)
                timings["icontains"].append(elapsed)
            assert found["index"] == found["icontains"], found
            index, plain = (statistics.median(timings[k]) for k in ("index", "icontains"))
            print(f"{term}: index min {min(timings['index']) * 1000:.1f} ms, median {index * 1000:.1f} ms; "
                  f"icontains min {min(timings['icontains']) * 1000:.1f} ms, median {plain * 1000:.1f} ms; "
                  f"{plain / index:.1f}× ({found['index']} on the page)")


if __name__ == "__main__":
    main()
