"""How long pages and API lists take as a visitor (or the admin) gets them, query by query.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_s100e \
    .venv/bin/python bench/page_times.py [--rounds 5] [--admin] [--queries] URL [URL …]

For finding what grows with the tables, not a target of its own. Each URL is requested through
Django's test client once to warm up, then ``--rounds`` times, each (but the admin's) with a query
string of its own so that the public page cache misses while the reference caches (the filters' provinces, the
library's issuing bodies) hold, as they do between visitors. Prints the median, the number of
queries and their time; ``--queries`` adds each query of the last round, slowest first.
``--admin`` signs in as the first superuser (the admin's lists).
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

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--admin", action="store_true")
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    with override_settings(CACHES=LOCAL_CACHE, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        if args.admin:
            client.force_login(get_user_model().objects.filter(is_superuser=True).earliest("pk"))
        for url in args.urls:
            joiner = "&" if "?" in url else "?"
            client.get(url)
            timings = []
            for round_ in range(args.rounds):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    # The admin caches no page, and refuses a parameter it does not know.
                    response = client.get(url if args.admin else f"{url}{joiner}bench_round={round_}")
                    timings.append(time.perf_counter() - started)
            sql = sum(float(query["time"]) for query in captured.captured_queries)
            print(f"{url:50} {response.status_code}  median {statistics.median(timings) * 1000:7.1f} ms  "
                  f"{len(captured.captured_queries):3} queries, {sql * 1000:6.1f} ms SQL")
            if args.queries:
                for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"])):
                    print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")


if __name__ == "__main__":
    main()
