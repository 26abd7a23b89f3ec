"""Celery tasks of the institutions: thin, idempotent, they call services."""

import datetime as dt

from celery import shared_task

from . import services


@shared_task(name="thirdparty.tasks.watch_certificates")
def watch_certificates(*, today: str | None = None) -> dict:
    """The daily certificate watch (beat, 02:30 Asia/Shanghai). ``today`` (ISO date) is for
    re-running a missed day; run twice, it writes and sends nothing the second time."""
    day = dt.date.fromisoformat(today) if today else None
    return services.institutions_watch_certificates(today=day).as_dict()
