"""The job services: create a job, run it (the worker), take over or requeue a stalled one.
Every status change is a transition of ``workflow.IMPORT_JOB_WORKFLOW`` (claim, take_over,
requeue, give_up, and the run's end), which writes its event row.

Exactly once, whatever the broker does: ``import_job_run`` first *claims* the job under a row
lock (queued → running, or running with a stale heartbeat → running again) with a fresh token;
a delivery that finds the job finished, or running with a live heartbeat, does nothing. The rows
are written and the job marked finished in one transaction that ends with the finishing
transition, which *expects the locked job row to hold this run's token still*: a run whose claim
was taken over is refused, rolls back and writes nothing. A killed run leaves only its staging
table, which dies with its connection, and a job row saying "running" whose heartbeat goes stale;
its redelivered task (or the sweeper, ``import_job_requeue_stalled``) then runs it from the
start, and the upserts on natural keys make that second run write each row once.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.models import ImportJob, ImportMode, ImportStatus

from ..queue import enqueue_on_commit
from . import safety
from .errors import ImportRefused
from .progress import live_progress
from .registry import UnknownKind, get_kind
from .run import REASON_LENGTH, JobRun
from .workflow import IMPORT_JOB_WORKFLOW

logger = logging.getLogger(__name__)

__all__ = [
    "import_job_create",
    "import_job_requeue_stalled",
    "import_job_run",
]


# --- creating a job -----------------------------------------------------------------------------------

def import_job_create(
    *, kind: str, actor, upload: File | None = None, path: Path | str | None = None, name: str = "",
    mode: str = ImportMode.ALL_OR_NOTHING, options: Mapping[str, Any] | None = None, language: str | None = None,
    enqueue: bool = True,
) -> ImportJob:
    """A job for ``upload`` (a Django File) or ``path``, queued for a worker once this commits.

    Raises ``ValidationError`` for an unknown kind or bad options, ``PermissionDenied`` when the
    actor may not import this kind. A file refused by its size or type still becomes a job, failed
    with its reason (the upload page and the command show it); it is not stored.
    """
    try:
        import_kind = get_kind(kind)
    except UnknownKind:
        raise ValidationError(_("未知的导入类型：%(kind)s") % {"kind": kind}, code="unknown_kind") from None
    if not import_kind.allowed(actor):
        raise PermissionDenied(_("您无权导入“%(kind)s”。") % {"kind": import_kind.label})
    if mode not in ImportMode.values:
        raise ValidationError(_("未知的导入方式：%(mode)s") % {"mode": mode}, code="unknown_mode")
    cleaned = import_kind.clean_options(user=actor, options=options or {})
    if upload is None and path is None:
        raise ValueError("import_job_create needs an upload or a path")
    source = upload if upload is not None else File(Path(path).open("rb"))  # noqa: SIM115 (closed below)
    try:
        name = name or Path(getattr(source, "name", "") or str(path)).name
        size = source.size if source.size is not None else Path(path).stat().st_size
        job = ImportJob(
            kind=kind, mode=mode, options=cleaned, original_name=name[:255], file_size=size,
            language=language or translation.get_language() or settings.LANGUAGE_CODE,
            created_by=actor if getattr(actor, "pk", None) else None,
            created_by_name=getattr(actor, "username", "") or "", owner=getattr(actor, "party_key", ""),
        )
        limits = safety.Limits.from_settings()
        with translation.override(job.language):
            try:
                safety.check_size(size, limits)
                source.seek(0)
                job.file_format = safety.sniff(source.read(8192))
                source.seek(0)
            except ImportRefused as refused:
                return _create_refused(job, refused, actor)
        with transaction.atomic():
            IMPORT_JOB_WORKFLOW.create(obj=job, name="queue", actor=actor)
            job.file.save(f"import.{job.file_format}", source, save=False)  # a random name (the field's)
            job.save(update_fields=["file"])
            if enqueue:
                _enqueue_on_commit(job.pk)
        return job
    finally:
        if upload is None:
            source.close()


def _create_refused(job: ImportJob, refused: ImportRefused, actor) -> ImportJob:
    job.error_code, job.message = refused.code, refused.message
    return IMPORT_JOB_WORKFLOW.create(obj=job, name="refuse", actor=actor, reason=refused.message[:REASON_LENGTH])


def _enqueue_on_commit(job_id: int) -> None:
    enqueue_on_commit("core.tasks.run_import", job_id=job_id)


# --- claiming ---------------------------------------------------------------------------------------

def _heartbeat_is_live(job: ImportJob, now: dt.datetime) -> bool:
    stale = dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    if job.heartbeat_at is not None and now - job.heartbeat_at < stale:
        return True
    live = live_progress(job.pk)
    return bool(
        live and live.get("token") == job.claim_token
        and time.time() - float(live.get("heartbeat") or 0) < settings.IMPORT_STALE_SECONDS
    )


def _claim(job_id: int, token: str) -> ImportJob | None:
    now = timezone.now()
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
            if job is None or job.is_finished:
                return None
            if job.status == ImportStatus.RUNNING and _heartbeat_is_live(job, now):
                return None  # a live run holds it: this delivery is a duplicate
            with translation.override(job.language):
                if job.attempt >= settings.IMPORT_MAX_ATTEMPTS:
                    _give_up(job)
                    return None
                if job.status == ImportStatus.QUEUED:
                    name, reason = "claim", ""
                else:  # running, its heartbeat stale: the run died
                    name, reason = "take_over", _("上一次运行中断（心跳超时），从头重新运行（第 %(attempt)d 次）。") % {
                        "attempt": job.attempt + 1}
            return IMPORT_JOB_WORKFLOW.apply(obj=job, name=name, actor=None, reason=reason,
                                             values={"claim_token": token})
    except OperationalError:  # SQLite: another run's write transaction holds the database
        logger.info("import job %s busy; not claimed", job_id)
        return None


def _too_many_attempts(count: int) -> str:
    return _("导入已运行 %(count)d 次均未完成（工作进程意外退出），不再重试。请检查文件后重新上传。") % {"count": count}


def _give_up(job: ImportJob) -> None:
    """Fail a job (locked by the caller) whose runs kept dying; in the job's language."""
    message = _too_many_attempts(job.attempt)
    IMPORT_JOB_WORKFLOW.apply(obj=job, name="give_up", actor=None, reason=message, values={"message": message})


# --- running -------------------------------------------------------------------------------------------

def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a job once: a no-op for a finished job or one a live run holds. Never raises for bad
    input: every refusal ends the job with its reason (in the uploader's language)."""
    token = uuid.uuid4().hex
    job = _claim(job_id, token)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    with translation.override(job.language):
        JobRun(job, token).run()
    return ImportJob.objects.filter(pk=job_id).first()


# --- the sweeper ---------------------------------------------------------------------------------------

def import_job_requeue_stalled(*, now: dt.datetime | None = None) -> list[int]:
    """Requeue the jobs whose run died: running with a stale heartbeat (their claim is dropped,
    so a still-living run that merely went silent stops without committing), and queued jobs
    whose message seems lost. Jobs past ``IMPORT_MAX_ATTEMPTS`` runs are failed instead.
    Returns the ids queued again."""
    now = now or timezone.now()
    stale = dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    requeued: list[int] = []
    for job_id in ImportJob.objects.filter(status=ImportStatus.RUNNING, heartbeat_at__lt=now - stale).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().filter(pk=job_id, status=ImportStatus.RUNNING).first()
            if job is None or _heartbeat_is_live(job, now):
                continue
            with translation.override(job.language):
                if job.attempt >= settings.IMPORT_MAX_ATTEMPTS:
                    _give_up(job)
                    continue
                reason = _("工作进程超过 %(seconds)d 秒没有响应，重新排队。") % {
                    "seconds": settings.IMPORT_STALE_SECONDS}
            IMPORT_JOB_WORKFLOW.apply(obj=job, name="requeue", actor=None, reason=reason, values={"queued_at": now})
            _enqueue_on_commit(job.pk)
            requeued.append(job.pk)
    # A queued job nobody took for long: its message was lost (a transport without redelivery).
    forgotten = ImportJob.objects.filter(status=ImportStatus.QUEUED, queued_at__lt=now - 10 * stale)
    for job_id in forgotten.values_list("pk", flat=True):
        with transaction.atomic():
            if ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(queued_at=now):
                _enqueue_on_commit(job_id)
                requeued.append(job_id)
    return requeued
