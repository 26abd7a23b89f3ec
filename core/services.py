"""Writes of the platform itself: worker heartbeats."""

import uuid

from .models import Heartbeat
from .queue import enqueue_on_commit


def heartbeat_record(*, source: str, token: str) -> Heartbeat:
    """Idempotent: a redelivered task with the same token writes nothing twice."""
    heartbeat, _created = Heartbeat.objects.get_or_create(token=token, defaults={"source": source})
    return heartbeat


def heartbeat_enqueue(*, source: str) -> str:
    """Queue a heartbeat for a worker once the surrounding transaction commits."""
    token = uuid.uuid4().hex
    enqueue_on_commit("core.tasks.record_heartbeat", source=source, token=token)
    return token
