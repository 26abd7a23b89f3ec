"""An import job's statuses and the transitions between them (``IMPORT_JOB_WORKFLOW``).

Every status change of an ``ImportJob`` goes through this workflow and leaves one event row:

===================  ===============  =========  =================================================
transition           from             to         when
===================  ===============  =========  =================================================
``queue``            (created)        queued     an upload is accepted (its uploader is the actor)
``refuse``           (created)        failed     the file is refused by its size or type at upload
``claim``            queued           running    a worker starts the job
``take_over``        running          running    a worker restarts a run whose heartbeat is stale
``requeue``          running          queued     the sweeper queues a stalled run again
``give_up``          queued, running  failed     too many runs were interrupted
``succeed``          running          succeeded  every row was imported
``keep_valid_rows``  running          partial    the valid rows were imported, the others reported
``reject``           running          rejected   all or nothing, and some rows were bad
``fail``             running          failed     the file or the run failed
===================  ===============  =========  =================================================

Only the two creation transitions have a user as actor. The others are the worker's (actor
None): no user may take them, so nobody moves a job by hand, in the admin or elsewhere. Each
transition's effect sets what belongs to the move itself (the phase, the timestamps, a dropped
claim); the services pass what only the run knows (its claim token, counts, message) as
``values``.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..models import ImportJob, ImportJobEvent, ImportPhase, ImportStatus
from ..notifications import absolute_url, admin_change_link, send_email_later
from ..workflow import Transition, Workflow
from .progress import COUNTERS
from .registry import UnknownKind, get_kind

IMPORT_JOB_WORKFLOW = Workflow(model=ImportJob, event_model=ImportJobEvent, event_field="job")


def _by_the_worker(user, job) -> bool:
    return user is None


def _may_import(user, job) -> bool:
    try:
        return bool(get_kind(job.kind).allowed(user))
    except UnknownKind:
        return False


def _on_queue(job: ImportJob) -> list[str]:
    job.queued_at = timezone.now()
    return ["queued_at"]


def _on_claim(job: ImportJob) -> list[str]:
    # Each run starts from the beginning: its counts too.
    now = timezone.now()
    job.attempt += 1
    job.heartbeat_at, job.started_at = now, job.started_at or now
    job.phase = ImportPhase.CHECKING
    for counter in COUNTERS:
        setattr(job, counter, 0)
    return ["attempt", "heartbeat_at", "started_at", "phase", *COUNTERS]


def _on_requeue(job: ImportJob) -> list[str]:
    # The dropped claim stops a run that merely went silent from committing later.
    job.claim_token, job.phase = "", ImportPhase.WAITING
    return ["claim_token", "phase"]


def _on_finish(job: ImportJob) -> list[str]:
    now = timezone.now()
    job.phase, job.finished_at, job.heartbeat_at = ImportPhase.DONE, now, now
    return ["phase", "finished_at", "heartbeat_at"]


def _on_refuse(job: ImportJob) -> list[str]:
    job.phase, job.finished_at = ImportPhase.DONE, timezone.now()
    return ["phase", "finished_at"]


def _on_give_up(job: ImportJob) -> list[str]:
    job.phase, job.error_code, job.finished_at, job.claim_token = (
        ImportPhase.DONE, "too_many_attempts", timezone.now(), "")
    return ["phase", "error_code", "finished_at", "claim_token"]


def job_link(job: ImportJob) -> str:
    """Where the job's uploader follows it: the admin's job page for staff, else its kind's portal page."""
    uploader = job.created_by
    if uploader is not None and not uploader.is_staff:
        try:
            url_name = get_kind(job.kind).portal_job_url_name
        except UnknownKind:
            url_name = ""
        if url_name:
            return absolute_url(reverse(url_name, args=[job.pk]))
    return admin_change_link(job)


def _tell_the_uploader(job: ImportJob, actor) -> None:
    """A long import ends while its uploader is elsewhere: they get its outcome and its page."""
    uploader = job.created_by
    if uploader is None or not uploader.is_active or not uploader.email:
        return
    send_email_later(
        recipients=[uploader.email], template="import_finished", context={"job": job, "link": job_link(job)},
        key=f"import-job-{job.pk}-{job.status}-{job.attempt}", language=job.language,
    )


_CREATED = frozenset({""})
_RUNNING = frozenset({ImportStatus.RUNNING})

IMPORT_JOB_WORKFLOW.add(Transition(
    name="queue", label=gettext_lazy("排队导入"), sources=_CREATED, target=ImportStatus.QUEUED,
    allowed=_may_import, effect=_on_queue,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="refuse", label=gettext_lazy("拒收文件"), sources=_CREATED, target=ImportStatus.FAILED,
    allowed=_may_import, effect=_on_refuse,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="claim", label=gettext_lazy("开始导入"), sources=frozenset({ImportStatus.QUEUED}),
    target=ImportStatus.RUNNING, allowed=_by_the_worker, effect=_on_claim,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="take_over", label=gettext_lazy("接管中断的导入"), sources=_RUNNING, target=ImportStatus.RUNNING,
    allowed=_by_the_worker, effect=_on_claim,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="requeue", label=gettext_lazy("重新排队"), sources=_RUNNING, target=ImportStatus.QUEUED,
    allowed=_by_the_worker, effect=_on_requeue,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="give_up", label=gettext_lazy("放弃导入（运行次数过多）"),
    sources=frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING}), target=ImportStatus.FAILED,
    allowed=_by_the_worker, effect=_on_give_up, notify=_tell_the_uploader,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="succeed", label=gettext_lazy("导入完成"), sources=_RUNNING, target=ImportStatus.SUCCEEDED,
    allowed=_by_the_worker, effect=_on_finish, notify=_tell_the_uploader,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="keep_valid_rows", label=gettext_lazy("导入正确的行"), sources=_RUNNING, target=ImportStatus.PARTIAL,
    allowed=_by_the_worker, effect=_on_finish, notify=_tell_the_uploader,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="reject", label=gettext_lazy("因数据有误不导入"), sources=_RUNNING, target=ImportStatus.REJECTED,
    allowed=_by_the_worker, effect=_on_finish, notify=_tell_the_uploader,
))
IMPORT_JOB_WORKFLOW.add(Transition(
    name="fail", label=gettext_lazy("导入失败"), sources=_RUNNING, target=ImportStatus.FAILED,
    allowed=_by_the_worker, effect=_on_finish, notify=_tell_the_uploader,
))
