"""An import job's statuses move through ``IMPORT_JOB_WORKFLOW`` only: one event row per
transition, with its source and target, for every path a job can take; a transition from the
wrong state, by a user, or by a run that lost its claim is refused and writes nothing; the admin
changes no job."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import ImportJob, ImportMode, ImportPhase, ImportStatus
from core.workflow import TransitionRefused

from ..imports import services
from ..imports.workflow import IMPORT_JOB_WORKFLOW
from . import hostile_files
from .heartbeat_kind import HeartbeatKind, claim_taken_over, create, csv_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("heartbeat_kind")]


def moves(job: ImportJob) -> list[tuple[str, str]]:
    return list(job.events.order_by("created_at", "id").values_list("from_status", "to_status"))


def claimed_by_a_dead_run(job: ImportJob, settings) -> ImportJob:
    """The job claimed by a run that then died: its heartbeat is stale."""
    IMPORT_JOB_WORKFLOW.apply(obj=job, name="claim", actor=None, values={"claim_token": "dead"})
    stale = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=stale)
    return ImportJob.objects.get(pk=job.pk)


def snapshot(job: ImportJob) -> dict:
    return ImportJob.objects.filter(pk=job.pk).values().get()


# --- every path leaves one event per transition ---------------------------------------------------

def test_a_successful_run_is_queued_claimed_and_succeeds(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    assert (job.status, job.phase) == (ImportStatus.QUEUED, ImportPhase.WAITING) and job.queued_at
    job = services.import_job_run(job_id=job.pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "succeeded")]
    created, claimed, finished = job.events.order_by("created_at", "id")
    assert (created.actor, created.actor_name) == (office, "office")
    assert [(e.actor_id, e.actor_name) for e in (claimed, finished)] == [(None, ""), (None, "")]
    assert claimed.reason == "" and finished.reason == job.message
    assert (job.attempt, job.phase, job.rows_created, job.error_code) == (1, ImportPhase.DONE, 1, "")
    assert len(job.claim_token) == 32 and job.started_at <= job.finished_at == job.heartbeat_at


def test_valid_rows_kept_end_the_job_partial(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x"), ("b", "坏")]), mode=ImportMode.VALID_ROWS)
    job = services.import_job_run(job_id=job.pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "partial")]
    assert job.error_report and job.rows_invalid == 1 and job.rows_created == 1


def test_a_rejected_file_leaves_its_reason_on_the_last_event(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x"), ("b", "坏")]))
    job = services.import_job_run(job_id=job.pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "rejected")]
    assert (job.error_code, job.phase) == ("invalid_rows", ImportPhase.DONE) and job.error_report
    assert job.events.last().reason == job.message and "有 1 行数据有误" in job.message


def test_a_file_that_fails_in_the_run_ends_failed(office, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("令牌,来源\n", encoding="utf-8")
    job = services.import_job_run(job_id=create(office, path).pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "failed")]
    assert job.error_code == "no_rows" and job.events.last().reason == job.message and not job.error_report


def test_a_refused_file_is_born_failed_with_one_event(office, tmp_path):
    job = create(office, hostile_files.renamed_exe(tmp_path / "tokens.xlsx"))
    assert moves(job) == [("", "failed")]
    event = job.events.get()
    assert (event.actor, event.reason) == (office, job.message)
    assert (job.phase, job.error_code, job.queued_at) == (ImportPhase.DONE, "executable", None) and job.finished_at


def test_a_dead_run_is_taken_over_and_the_job_finishes_once(office, tmp_path, settings):
    job = claimed_by_a_dead_run(create(office, csv_of(tmp_path, [("a", "x")])), settings)
    job = services.import_job_run(job_id=job.pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "running"), ("running", "succeeded")]
    assert job.attempt == 2 and job.claim_token != "dead"
    assert "第 2 次" in job.events.get(from_status="running", to_status="running").reason


def test_a_stalled_run_is_requeued_then_run_again(office, tmp_path, settings):
    job = claimed_by_a_dead_run(create(office, csv_of(tmp_path, [("a", "x")])), settings)
    assert services.import_job_requeue_stalled() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.claim_token, job.phase) == (ImportStatus.QUEUED, "", ImportPhase.WAITING)
    job = services.import_job_run(job_id=job.pk)
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "queued"), ("queued", "running"),
                          ("running", "succeeded")]


@pytest.mark.parametrize("by", ["redelivery", "sweeper"])
def test_a_job_whose_runs_keep_dying_is_given_up(office, tmp_path, settings, by):
    settings.IMPORT_MAX_ATTEMPTS = 1
    job = claimed_by_a_dead_run(create(office, csv_of(tmp_path, [("a", "x")])), settings)
    if by == "redelivery":
        services.import_job_run(job_id=job.pk)
    else:
        assert services.import_job_requeue_stalled() == []
    job.refresh_from_db()
    assert moves(job) == [("", "queued"), ("queued", "running"), ("running", "failed")]
    assert (job.error_code, job.claim_token, job.phase) == ("too_many_attempts", "", ImportPhase.DONE)
    assert job.events.last().reason == job.message and "1 次" in job.message and job.finished_at


def test_a_run_that_lost_its_claim_writes_no_event(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x"), ("b", "坏")]))
    HeartbeatKind.on_validate = claim_taken_over(job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert moves(job) == [("", "queued"), ("queued", "running")]
    assert (job.status, job.claim_token, job.message, job.error_report.name) == (ImportStatus.RUNNING, "newer", "", "")


# --- refusals write nothing -----------------------------------------------------------------------

@pytest.mark.parametrize(("status", "name"), [
    (ImportStatus.QUEUED, "succeed"), (ImportStatus.QUEUED, "take_over"), (ImportStatus.QUEUED, "requeue"),
    (ImportStatus.SUCCEEDED, "claim"), (ImportStatus.FAILED, "give_up"), (ImportStatus.REJECTED, "fail"),
])
def test_a_transition_from_the_wrong_state_is_refused_and_writes_nothing(office, tmp_path, status, name):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    if status != ImportStatus.QUEUED:
        ImportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now())
    before, events = snapshot(job), moves(job)
    with pytest.raises(TransitionRefused) as refused:
        IMPORT_JOB_WORKFLOW.apply(obj=job, name=name, actor=None, values={"claim_token": "x"})
    assert refused.value.code == "wrong_state"
    assert snapshot(job) == before and moves(job) == events


def test_no_user_may_move_a_job(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    assert IMPORT_JOB_WORKFLOW.available(job, office) == []
    before = snapshot(job)
    with pytest.raises(TransitionRefused) as refused:
        IMPORT_JOB_WORKFLOW.apply(obj=job, name="claim", actor=office)
    assert refused.value.code == "forbidden" and snapshot(job) == before and job.events.count() == 1
    assert [t.name for t in IMPORT_JOB_WORKFLOW.available(job, None)] == ["claim", "give_up"]


def test_a_finish_expecting_another_claim_is_refused_and_writes_nothing(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    IMPORT_JOB_WORKFLOW.apply(obj=job, name="claim", actor=None, values={"claim_token": "mine"})
    before, events = snapshot(job), moves(job)
    with pytest.raises(TransitionRefused) as refused:
        IMPORT_JOB_WORKFLOW.apply(obj=job, name="succeed", actor=None, values={"message": "完成"},
                                  expected=lambda locked: locked.claim_token == "someone else's")
    assert refused.value.code == "changed" and snapshot(job) == before and moves(job) == events


def test_the_status_is_the_transitions_own(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    with pytest.raises(ValueError):
        IMPORT_JOB_WORKFLOW.apply(obj=job, name="claim", actor=None, values={"status": ImportStatus.SUCCEEDED})
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.QUEUED


def test_only_a_creation_transition_creates_and_only_for_who_may_import(office):
    with pytest.raises(ValueError):
        IMPORT_JOB_WORKFLOW.create(obj=ImportJob(kind=HeartbeatKind.name, original_name="a.csv"), name="claim",
                                   actor=None)
    unknown = ImportJob(kind="nonsense", original_name="a.csv")
    with pytest.raises(TransitionRefused) as refused:
        IMPORT_JOB_WORKFLOW.create(obj=unknown, name="queue", actor=office)
    assert refused.value.code == "forbidden" and unknown.pk is None and not ImportJob.objects.exists()


# --- the admin shows a job and changes nothing ----------------------------------------------------

def test_the_admin_cannot_change_a_job(client_for, office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    client = client_for(office)
    url = reverse("admin:core_importjob_change", args=[job.pk])
    assert client.get(url).status_code == 200
    before = snapshot(job)
    response = client.post(url, {"status": ImportStatus.SUCCEEDED, "message": "改了", "_save": "保存"})
    assert response.status_code == 403
    assert snapshot(job) == before and moves(job) == [("", "queued")]
