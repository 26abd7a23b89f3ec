"""Celery tasks of the campaign core: thin, idempotent, they take ids and call services."""

import uuid

from celery import shared_task

from . import services


@shared_task(name="benchmarking.tasks.record_heartbeat")
def record_heartbeat(*, source: str = "worker", token: str | None = None) -> str:
    token = token or uuid.uuid4().hex
    services.heartbeat_record(source=source, token=token)
    return token
