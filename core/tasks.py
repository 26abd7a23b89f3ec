"""Celery tasks of the platform: thin, idempotent, they take ids and call services."""

import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail

from . import services
from .imports import services as import_services


@shared_task(name="core.tasks.record_heartbeat")
def record_heartbeat(*, source: str = "worker", token: str | None = None) -> str:
    token = token or uuid.uuid4().hex
    services.heartbeat_record(source=source, token=token)
    return token


@shared_task(name="core.tasks.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject: str, body: str, recipients: list[str], key: str) -> bool:
    """At least once, and once in the normal case: a redelivered task whose mail went out skips."""
    sent_key = f"email-sent:{key}"
    if cache.get(sent_key):
        return False
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    cache.set(sent_key, True, timeout=7 * 24 * 3600)
    return True


@shared_task(name="core.tasks.run_import", acks_late=True, reject_on_worker_lost=True)
def run_import(*, job_id: int) -> str:
    """Import one uploaded file; redelivered after a worker's death, it runs the job once."""
    job = import_services.import_job_run(job_id=job_id)
    return job.status if job is not None else "missing"


@shared_task(name="core.tasks.requeue_stalled_imports")
def requeue_stalled_imports() -> list[int]:
    """Beat, every minute: jobs whose worker died are queued again (their ids)."""
    return import_services.import_job_requeue_stalled()


@shared_task(name="core.tasks.sweep_held_uploads")
def sweep_held_uploads() -> int:
    return services.held_uploads_sweep()


@shared_task(name="core.tasks.run_export", acks_late=True, reject_on_worker_lost=True)
def run_export(*, job_id: int) -> str:
    from .export_jobs import export_job_run

    return export_job_run(job_id=job_id).status


@shared_task(name="core.tasks.sweep_exports")
def sweep_exports() -> int:
    from .export_jobs import export_jobs_sweep

    return export_jobs_sweep()
