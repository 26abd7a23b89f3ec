"""The Celery application shared by the worker, beat and the web processes.

Configuration lives in Django settings under the ``CELERY_`` prefix so that one environment
(``REDIS_URL`` or nothing) drives web, worker and beat alike.
"""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_the_platform_logging(**kwargs) -> None:
    """Workers and beat log as the web processes do (settings.LOGGING): one line per record, with
    the control characters of user input escaped, instead of Celery's own handlers."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
