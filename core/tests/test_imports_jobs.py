"""Import jobs: creation, claims, redelivery, takeover, the sweeper and the command, on a small
test kind written with the engine's generic ``UpsertWriter`` (core/tests/heartbeat_kind.py)."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.models import Heartbeat, ImportJob, ImportMode, ImportPhase, ImportStatus
from tests.import_helpers import result_row, write_xlsx

from ..imports import services
from . import hostile_files
from .heartbeat_kind import HeartbeatKind, claim_taken_over, create, csv_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("heartbeat_kind")]


# --- the generic writer ------------------------------------------------------------------------------

def test_the_upsert_writer_counts_created_updated_and_unchanged(office, tmp_path):
    job = services.import_job_run(job_id=create(office, csv_of(tmp_path, [("a", "x"), ("b", "x")])).pk)
    assert (job.status, job.rows_created, job.rows_updated, job.rows_unchanged) == ("succeeded", 2, 0, 0)
    job = services.import_job_run(job_id=create(office, csv_of(tmp_path, [("a", "x"), ("b", "y"), ("c", "z")])).pk)
    assert (job.rows_created, job.rows_updated, job.rows_unchanged) == (1, 1, 1)
    assert dict(Heartbeat.objects.values_list("token", "source")) == {"a": "x", "b": "y", "c": "z"}


def test_a_duplicate_key_in_one_file_is_a_row_error(office, tmp_path):
    job = services.import_job_run(job_id=create(office, csv_of(tmp_path, [("a", "x"), ("a", "y")])).pk)
    assert job.status == ImportStatus.REJECTED
    assert Heartbeat.objects.count() == 0


# --- creation -------------------------------------------------------------------------------------------

def test_a_file_refused_by_its_type_becomes_a_failed_job_and_is_not_stored(office, tmp_path):
    job = create(office, hostile_files.renamed_exe(tmp_path / "tokens.xlsx"))
    assert (job.status, job.error_code, job.phase) == (ImportStatus.FAILED, "executable", ImportPhase.DONE)
    assert "可执行程序" in job.message and not job.file
    assert [(e.from_status, e.to_status) for e in job.events.all()] == [("", "failed")]


def test_creating_a_job_queues_its_task_once_committed(office, tmp_path, django_capture_on_commit_callbacks,
                                                      monkeypatch):
    sent = []
    monkeypatch.setattr("core.tasks.run_import.delay", lambda **kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(kind=HeartbeatKind.name, actor=office, path=csv_of(tmp_path, [("a", "")]))
        assert sent == []
    assert sent == [{"job_id": job.pk}]
    assert (job.status, job.file_format, job.original_name, job.created_by_name) == (
        ImportStatus.QUEUED, "csv", "tokens.csv", "office")


def test_a_city_offices_job_carries_its_city(city_office_a, tmp_path):
    job = create(city_office_a, csv_of(tmp_path, [("a", "")]))
    assert job.owner == "city:440300"


# --- exactly once ------------------------------------------------------------------------------------

def test_a_finished_job_is_not_run_again(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    services.import_job_run(job_id=job.pk)
    events = job.events.count()
    again = services.import_job_run(job_id=job.pk)  # a redelivered task
    assert again.status == ImportStatus.SUCCEEDED and again.attempt == 1
    assert job.events.count() == events and Heartbeat.objects.count() == 1


def test_a_second_delivery_while_a_live_run_holds_the_job_does_nothing(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, claim_token="other", attempt=1,
                                               heartbeat_at=timezone.now())
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.claim_token, job.attempt) == (ImportStatus.RUNNING, "other", 1)
    assert Heartbeat.objects.count() == 0


def test_a_run_with_a_stale_heartbeat_is_taken_over_and_finished_once(office, tmp_path, settings):
    job = create(office, csv_of(tmp_path, [("a", "x"), ("b", "y")]))
    stale = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, claim_token="dead", attempt=1,
                                               heartbeat_at=stale)
    job = services.import_job_run(job_id=job.pk)
    assert (job.status, job.attempt, job.rows_created) == (ImportStatus.SUCCEEDED, 2, 2)
    takeover = job.events.get(from_status="running", to_status="running")
    assert "中断" in takeover.reason
    assert Heartbeat.objects.count() == 2


def test_a_run_whose_claim_was_taken_over_commits_nothing(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x"), ("b", "y")]))
    HeartbeatKind.on_validate = claim_taken_over(job)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.claim_token) == (ImportStatus.RUNNING, "newer")
    assert Heartbeat.objects.count() == 0  # the losing run rolled its rows back


def test_an_unexpected_error_fails_the_job_with_a_reason_and_does_not_escape(office, tmp_path):
    job = create(office, csv_of(tmp_path, [("a", "x")]))

    def boom(rows):
        raise RuntimeError("bug")

    HeartbeatKind.on_validate = boom
    job = services.import_job_run(job_id=job.pk)
    assert (job.status, job.error_code) == (ImportStatus.FAILED, "internal")
    assert "RuntimeError" in job.message and job.finished_at


def test_too_many_interrupted_runs_fail_the_job(office, tmp_path, settings):
    job = create(office, csv_of(tmp_path, [("a", "x")]))
    stale = timezone.now() - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, claim_token="dead",
                                               attempt=settings.IMPORT_MAX_ATTEMPTS, heartbeat_at=stale)
    job = services.import_job_run(job_id=job.pk)
    assert (job.status, job.error_code) == (ImportStatus.FAILED, "too_many_attempts")


# --- the sweeper ---------------------------------------------------------------------------------------

def test_the_sweeper_requeues_a_stalled_job_and_a_lost_message(office, tmp_path, settings,
                                                              django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("core.tasks.run_import.delay", lambda **kwargs: sent.append(kwargs["job_id"]))
    now = timezone.now()
    stalled, lost, fresh, finished = (create(office, csv_of(tmp_path, [(n, "")], f"{n}.csv")) for n in "abcd")
    old = now - dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS + 5)
    ImportJob.objects.filter(pk=stalled.pk).update(status=ImportStatus.RUNNING, claim_token="dead", attempt=1,
                                                   heartbeat_at=old)
    ImportJob.objects.filter(pk=lost.pk).update(queued_at=now - dt.timedelta(hours=2))
    services.import_job_run(job_id=finished.pk)
    with django_capture_on_commit_callbacks(execute=True):
        requeued = services.import_job_requeue_stalled(now=now)
    assert sorted(requeued) == sorted([stalled.pk, lost.pk]) and sorted(sent) == sorted(requeued)
    stalled.refresh_from_db()
    assert (stalled.status, stalled.claim_token) == (ImportStatus.QUEUED, "")
    assert "没有响应" in stalled.events.get(from_status="running", to_status="queued").reason
    assert ImportJob.objects.get(pk=fresh.pk).status == ImportStatus.QUEUED
    # Queued again, the stalled job runs once; the task is the same as a redelivery's.
    assert services.import_job_run(job_id=stalled.pk).status == ImportStatus.SUCCEEDED
    assert services.import_job_requeue_stalled() == []


def test_the_beat_schedule_runs_the_sweeper():
    from config.celery import app

    entry = app.conf.beat_schedule["imports-requeue-stalled"]
    assert entry["task"] == "core.tasks.requeue_stalled_imports"
    assert app.tasks["core.tasks.run_import"].acks_late is True
    assert app.tasks["core.tasks.run_import"].reject_on_worker_lost is True


# --- the command -----------------------------------------------------------------------------------------

def test_the_command_imports_and_prints_the_outcome(office, enterprise_a, import_plan, tmp_path, capsys):
    path = write_xlsx(tmp_path / "ok.xlsx", [result_row(enterprise_a.uscc, "口罩")])
    call_command("import_file", "results", str(path), "--plan-version", str(import_plan.pk), "--user", "office")
    out = capsys.readouterr().out
    assert "导入成功" in out and "新增 1" in out


def test_the_command_fails_with_every_bad_row_listed(office, enterprise_a, import_plan, tmp_path, capsys):
    path = write_xlsx(tmp_path / "bad.xlsx", [result_row(enterprise_a.uscc, "口罩"), result_row("12", "坏")])
    with pytest.raises(CommandError, match="有 1 行数据有误"):
        call_command("import_file", "results", str(path), "--plan-version", str(import_plan.pk), "--user", "office")
    out = capsys.readouterr().out
    assert "第 3 行" in out and "统一社会信用代码应为 18 位" in out
    call_command("import_file", "results", str(path), "--plan-version", str(import_plan.pk), "--user", "office",
                 "--valid-rows")
    assert "部分导入" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_on_a_refused_file(office, import_plan, tmp_path):
    from conftest import _test_database_url

    big = hostile_files.sparse_gigabyte(tmp_path / "big.xlsx")
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "DJANGO_TESTING": "1"}
    done = subprocess.run(
        [sys.executable, "manage.py", "import_file", "results", str(big), "--plan-version", str(import_plan.pk),
         "--user", "office"],
        cwd=Path(__file__).resolve().parents[2], env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "文件过大" in done.stdout + done.stderr


def test_the_command_refuses_unknown_kinds_and_users(office, tmp_path):
    path = csv_of(tmp_path, [("a", "")])
    with pytest.raises(CommandError, match="未知的导入类型"):
        call_command("import_file", "nonsense", str(path), "--user", "office")
    with pytest.raises(CommandError, match="用户不存在"):
        call_command("import_file", HeartbeatKind.name, str(path), "--user", "nobody")
    call_command("import_file", HeartbeatKind.name, str(path), "--user", "office")
    assert ImportJob.objects.filter(kind=HeartbeatKind.name, mode=ImportMode.ALL_OR_NOTHING).exists()
