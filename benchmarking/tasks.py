"""Celery tasks of the campaign core: thin, idempotent, they take ids and call services."""

import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from . import services


@shared_task(name="benchmarking.tasks.record_heartbeat")
def record_heartbeat(*, source: str = "worker", token: str | None = None) -> str:
    token = token or uuid.uuid4().hex
    services.heartbeat_record(source=source, token=token)
    return token


@shared_task(name="benchmarking.tasks.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject: str, body: str, recipients: list[str], key: str) -> bool:
    """At least once, and once in the normal case: a redelivered task whose mail went out skips."""
    sent_key = f"email-sent:{key}"
    if cache.get(sent_key):
        return False
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    cache.set(sent_key, True, timeout=7 * 24 * 3600)
    return True
