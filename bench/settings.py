"""Settings for benchmarks served by gunicorn: the project's settings, production-like where it matters.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://... gunicorn config.wsgi

``BENCH_CACHE`` chooses the cache: ``dummy`` (default: every page is rendered, the cache-cold
headline) or ``redis`` (Redis DB 7 on localhost, or ``BENCH_REDIS_URL``: what production runs,
so a page wrapped in ``cached_public_page`` is answered from the cache once warm).
"""

import os

from config.settings import *  # noqa: F403
from config.settings import LOGGING, REST_FRAMEWORK

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

BENCH_CACHE = os.environ.get("BENCH_CACHE", "dummy")
if BENCH_CACHE == "redis":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
            "KEY_PREFIX": "bench",
            "TIMEOUT": 300,
        }
    }
elif BENCH_CACHE == "dummy":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ValueError(f"BENCH_CACHE must be 'dummy' or 'redis', not {BENCH_CACHE!r}")

# wrk sends thousands of anonymous requests from one address: no API throttle in the way.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(("anon", "user", "docs"), "10000000/minute"),
}

# Warnings only: a log line per request would be measured too.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
