"""The Celery application shared by the worker, beat and the web processes.

Configuration lives in Django settings under the ``CELERY_`` prefix so that one environment
(``REDIS_URL`` or nothing) drives web, worker and beat alike.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
