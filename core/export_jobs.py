"""Export jobs: a public list too long for one answer (or asked as XLSX), written by a worker.

``export_job_request`` creates the job (or hands back the same request's recent one: the data is
public and the same for everyone, so a flood of identical requests costs one export) and queues
it on commit; ``export_job_run`` (the task) opens the list as the API would for an anonymous
visitor — the same filters and order, resolved from the list's path — and writes every row to
the job's file, its progress saved as it goes; ``export_jobs_sweep`` removes jobs and files after
``EXPORT_KEEP_HOURS``. Modelled on saleor's ``csv/tasks.py``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import tempfile

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .export_rows import csv_pieces, export_rows, write_xlsx
from .models import ExportJob, ExportStatus
from .queue import enqueue_on_commit

REUSE_FOR = dt.timedelta(minutes=10)
# A job still "running" this long after it started lost its worker (acks_late redelivers the
# task): the redelivered task runs it again, and it no longer counts against EXPORT_MAX_PENDING.
STALE_AFTER = dt.timedelta(minutes=15)
XLSX_MAX_ROWS = 1_048_575  # a sheet's 1,048,576 rows, less the header
PROGRESS_EVERY = 5000


class ExportQueueFull(Exception):
    """EXPORT_MAX_PENDING exports are waiting or running: the workers are not to be flooded."""


@transaction.atomic
def export_job_request(*, path: str, query: str, file_format: str, user) -> ExportJob:
    recent = ExportJob.objects.filter(
        path=path, query=query, file_format=file_format, created_at__gte=timezone.now() - REUSE_FOR,
    ).exclude(status=ExportStatus.FAILED).order_by("-created_at").first()
    if recent is not None:
        return recent
    alive = Q(status=ExportStatus.RUNNING, started_at__gte=timezone.now() - STALE_AFTER)
    pending = ExportJob.objects.filter(Q(status=ExportStatus.QUEUED) | alive)
    if pending.count() >= settings.EXPORT_MAX_PENDING:
        raise ExportQueueFull
    job = ExportJob.objects.create(
        token=secrets.token_urlsafe(32), path=path, query=query, file_format=file_format,
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    enqueue_on_commit("core.tasks.run_export", job_id=job.pk)
    return job


def export_job_state(job: ExportJob, request=None) -> dict:
    """What the job's address answers: its status, progress and, once written, the file's link."""
    url = reverse("export_job", kwargs={"token": job.token})
    download = reverse("export_job_file", kwargs={"token": job.token}) if job.status == ExportStatus.SUCCEEDED \
        else None
    if request is not None:
        url = request.build_absolute_uri(url)
        download = download and request.build_absolute_uri(download)
    return {
        "url": url, "status": job.status, "status_label": job.get_status_display(), "format": job.file_format,
        "rows_total": job.rows_total, "rows_done": job.rows_done,
        "progress": round(job.rows_done / job.rows_total, 3) if job.rows_total else (1.0 if job.is_finished else 0.0),
        "download": download, "message": job.message,
    }


def _open_list(job: ExportJob):
    """The list view as an anonymous visitor's request of ``path?query`` opens it: (serializer
    class, filtered and ordered queryset, serializer context, sheet name)."""
    match = resolve(job.path)
    view_class = match.func.cls
    django_request = RequestFactory().get(job.path, data=QueryDict(job.query))
    django_request.user = AnonymousUser()
    view = view_class(**match.func.initkwargs)
    view.action_map, view.action, view.args, view.kwargs, view.format_kwarg = match.func.actions, "list", (), {}, None
    view.headers = {}
    view.request = view.initialize_request(django_request)
    queryset = view.export_queryset()
    return view.get_serializer_class(), queryset, view.get_serializer_context(), view.basename


def export_job_run(*, job_id: int) -> ExportJob:
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.is_finished or (job.status == ExportStatus.RUNNING
                               and job.started_at >= timezone.now() - STALE_AFTER):
            return job  # a redelivered message while the job runs, or after it ended: run once
        job.status, job.started_at = ExportStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        serializer_class, queryset, context, name = _open_list(job)
        job.rows_total = queryset.count()
        ExportJob.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
        if job.file_format == "xlsx" and job.rows_total > XLSX_MAX_ROWS:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportStatus.FAILED, finished_at=timezone.now(),
                message=_("共 %(rows)s 行，超过 Excel 工作表 %(limit)s 行的上限：请导出 CSV，或缩小筛选范围。") % {
                    "rows": f"{job.rows_total:,}", "limit": f"{XLSX_MAX_ROWS:,}"})
            job.refresh_from_db()
            return job
        header, rows = export_rows(serializer_class, queryset, context)

        written = [0]

        def progress(done: int) -> None:
            written[0] = done
            if done % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

        filename = f"{name}-{timezone.localdate():%Y%m%d}.{job.file_format}"
        with tempfile.TemporaryFile() as spool:
            if job.file_format == "xlsx":
                write_xlsx(spool, name, header, rows, progress=progress)
            else:
                for piece in csv_pieces(header, rows, progress=progress):
                    spool.write(piece.encode())
            spool.seek(0)
            job.file.save(filename, File(spool), save=False)
    except Exception as error:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(),
            message=_("导出失败（%(error)s），请稍后重试。") % {"error": type(error).__name__},
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.SUCCEEDED, finished_at=timezone.now(), file=job.file.name,
        rows_done=written[0], rows_total=max(job.rows_total, written[0]),
    )
    job.refresh_from_db()
    return job


def export_jobs_sweep(*, now: dt.datetime | None = None) -> int:
    """Jobs older than EXPORT_KEEP_HOURS, with their files, removed."""
    old = ExportJob.objects.filter(
        created_at__lt=(now or timezone.now()) - dt.timedelta(hours=settings.EXPORT_KEEP_HOURS))
    count = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
