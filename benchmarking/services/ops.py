"""Writes of the campaign core. Every write and state transition goes through a service."""

import uuid

from django.db import transaction

from core.models import Heartbeat


def heartbeat_record(*, source: str, token: str) -> Heartbeat:
    """Idempotent: a redelivered task with the same token writes nothing twice."""
    heartbeat, _created = Heartbeat.objects.get_or_create(token=token, defaults={"source": source})
    return heartbeat


def heartbeat_enqueue(*, source: str) -> str:
    """Queue a heartbeat for a worker once the surrounding transaction commits."""
    from ..tasks import record_heartbeat  # tasks import services; import here to stay acyclic

    token = uuid.uuid4().hex
    transaction.on_commit(lambda: record_heartbeat.delay(source=source, token=token))
    return token
