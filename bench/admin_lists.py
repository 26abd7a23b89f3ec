"""Admin list pages on seeded data: queries and milliseconds per page, for the office and a city.

Run against a database seeded with `seed_demo` (scale 1 for the campaign's size):
    DATABASE_URL=postgres://... .venv/bin/python bench/admin_lists.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

PAGES = [
    "/admin/",
    "/admin/results/benchmarkresult/",
    "/admin/results/benchmarkresult/?p=300",
    "/admin/results/benchmarkresult/?q=口罩",
    "/admin/companies/enterprise/",
    "/admin/plans/planversion/",
    "/admin/standards/standard/",
]


def main() -> None:
    client = Client()
    for username in ("office", "city"):
        client.force_login(User.objects.get(username=username))
        for url in PAGES:
            client.get(url)  # warm: templates, the plan cache
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            print(f"{username:7} {response.status_code} {len(queries):3} queries {elapsed:7.0f} ms  {url}")


if __name__ == "__main__":
    main()
