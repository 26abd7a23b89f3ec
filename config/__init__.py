"""The project package: settings, urls, the Celery app, wsgi/asgi, the admin site and the
composition root (home page, dashboards, the API's router). It may import every app; nothing
imports it but Django and the process entry points."""

# The Celery app is imported here so that @shared_task binds to it whenever Django starts.
from .celery import app as celery_app

__all__ = ("celery_app",)
