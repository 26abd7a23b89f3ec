"""Imports on real Celery worker processes: hostile files are refused by the worker within a memory
bound, and a worker killed with SIGKILL in the middle of an import loses nothing and duplicates
nothing — the job is finished once, by its redelivered task (Redis) or by the sweeper.

The kill lands well before the job's end (at most 60 % of the rows written, several upsert
statements and the COMMIT still to come) and is checked to have committed nothing; the takeover
waits for the killed run's heartbeat to go stale rather than for a fixed time, so a loaded CI
machine changes the timings, not the outcome. Progress read from the cache counts only with the
job's own claim token (the cache outlives tests)."""

import csv
import datetime as dt
import os
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from core.imports import services
from core.imports.progress import live_progress
from core.models import ImportJob, ImportStatus
from core.tests import hostile_files
from results.models import BenchmarkResult, ResultEvent
from results.selectors import indicator_value_count
from tests import factories
from tests.helpers import wait_for
from tests.import_helpers import HEADER, result_row

MEMORY_BOUND_MB = 400  # a worker refusing hostile files stays under this (it starts at ~100 MB)


class Workers:
    """Worker processes on one queue of the configured broker, against the test database."""

    def __init__(self, tmp_path: Path):
        self.queue = f"test-imports-{uuid.uuid4().hex[:10]}"
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.logs: list[Path] = []

    def start(self, **env_extra) -> subprocess.Popen:
        from conftest import start_celery_worker

        log_path = self.tmp_path / f"worker-{len(self.processes)}.log"
        process = start_celery_worker(self.queue, f"{self.queue}-{len(self.processes)}", log_path, **env_extra)
        self.processes.append(process)
        self.logs.append(log_path)
        return process

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in self.logs)

    def stop(self) -> None:
        from conftest import stop_celery_worker

        for process in self.processes:
            stop_celery_worker(process)


@pytest.fixture
def workers(transactional_db, tmp_path):
    pool = Workers(tmp_path)
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = pool.queue  # .delay() in this process goes to their queue
    try:
        yield pool
    finally:
        celery_app.conf.task_default_queue = previous
        pool.stop()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


# --- hostile files, refused by the worker -------------------------------------------------------------

def stored_job(office, plan, name: str, write) -> ImportJob:
    """A job whose file is already stored, as if the web's cheap checks had let it through: the
    worker's own checks must refuse it."""
    job = ImportJob.objects.create(kind="results", options={"plan_version": plan.pk}, original_name=name,
                                   created_by=office, created_by_name=office.username, file_format="xlsx")
    relative = f"imports/test/{job.pk}-{name}"
    target = Path(default_storage.path(relative))
    target.parent.mkdir(parents=True, exist_ok=True)
    write(target)
    job.file.name = relative
    job.file_size = target.stat().st_size
    job.save(update_fields=["file", "file_size"])
    return job


@pytest.mark.worker
@pytest.mark.slow
def test_hostile_files_are_refused_by_the_worker_before_parsing_within_a_memory_bound(workers, office,
                                                                                      import_plan, settings):
    worker = workers.start()
    cases = {
        "zip_bomb": ("bomb.xlsx", hostile_files.zip_bomb, "压缩炸弹"),
        "xml_entities": ("laughs.xlsx", hostile_files.entity_bomb, "DOCTYPE"),
        "executable": ("results.xlsx", hostile_files.renamed_exe, "可执行程序"),
        "too_large": ("huge.xlsx", hostile_files.sparse_gigabyte, "文件过大"),
        "too_many_rows": ("sparse-cells.xlsx", hostile_files.sparse_cell_bomb, "行"),
    }
    jobs = {code: stored_job(office, import_plan, name, write) for code, (name, write, _reason) in cases.items()}
    before = peak_rss_mb(worker.pid)
    from core.tasks import run_import

    for job in jobs.values():
        run_import.delay(job_id=job.pk)

    def all_finished():
        return all(job.status in ImportStatus.finished() for job in ImportJob.objects.filter(pk__in=[
            j.pk for j in jobs.values()]))

    wait_for(all_finished, timeout=120)
    for code, job in jobs.items():
        job.refresh_from_db()
        assert (job.status, job.error_code) == (ImportStatus.FAILED, code), workers.log()
        assert cases[code][2] in job.message
        assert job.phase == "done" and job.rows_read == 0  # refused before a row was read
        assert (job.finished_at - job.started_at).total_seconds() < 30
    peak = peak_rss_mb(worker.pid)
    assert peak < MEMORY_BOUND_MB, f"worker peak RSS {peak:.0f} MB (was {before:.0f} MB before the files)"
    assert worker.poll() is None  # still alive


# --- kill -9 in the middle of an import ---------------------------------------------------------------------

ROWS = 30_000
ENTERPRISES = 200


def big_import(tmp_path: Path) -> Path:
    enterprises = [factories.EnterpriseFactory() for _ in range(ENTERPRISES)]
    path = tmp_path / "pilot-city.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(ROWS):
            writer.writerow(result_row(enterprises[n % ENTERPRISES].uscc, f"口罩{n}", model=f"M-{n}",
                                       f85=95 + (n % 40) / 10, r85=150 + n % 200))
    return path


def queue_import(office, path, plan) -> ImportJob:
    with transaction.atomic():
        job = services.import_job_create(kind="results", actor=office, path=path, options={"plan_version": plan.pk})
    return job


def kill_while_writing(worker: subprocess.Popen, job: ImportJob) -> str:
    """SIGKILL the worker in the middle of the job, well before its end. With Redis the pulse's
    counts are visible here: killed between two upsert statements of the job's transaction, with
    at most 60 % of the rows written (several statements, and the COMMIT, still to come). Without
    it (SQLite and a per-process cache) the job row shows the reading: killed half-way through it.
    Then the run must have committed nothing: checked after a pause that a COMMIT already sent
    would not outlast."""
    from django.conf import settings

    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in ImportStatus.finished():
            pytest.fail(f"the job finished before the worker could be killed: {job.message}")
        live = live_progress(job.pk) or {}
        if live.get("token") != job.claim_token:
            live = {}  # another job's counts (the cache outlives tests), or none yet
        # Rows written but far from all: the job's transaction is open (on PostgreSQL the upserts
        # run while the file is still read, so the phase may still say "reading").
        writing = 0 < int(live.get("rows_written") or 0) <= ROWS * 0.6
        reading = not settings.REDIS_URL and job.rows_read >= ROWS // 2
        if writing or reading:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            time.sleep(2)
            job.refresh_from_db()
            assert job.status == ImportStatus.RUNNING and job.attempt == 1, (job.status, job.message)
            assert BenchmarkResult.objects.count() == 0, "a killed run committed rows"
            return "writing" if writing else "reading"
        time.sleep(0.02)
    pytest.fail("the job never got under way")


def stalled(job: ImportJob, stale_seconds: int) -> None:
    """Wait until the killed run's heartbeat is stale: its takeover may begin."""
    wait_for(lambda: ImportJob.objects.filter(
        pk=job.pk, heartbeat_at__lt=timezone.now() - dt.timedelta(seconds=stale_seconds + 1)).exists(), timeout=60)


def assert_imported_exactly_once(job: ImportJob) -> None:
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert (job.rows_read, job.rows_created, job.rows_updated, job.rows_invalid) == (ROWS, ROWS, 0, 0)
    assert job.attempt == 2
    assert BenchmarkResult.objects.count() == ROWS
    assert indicator_value_count() == ROWS * 5
    assert ResultEvent.objects.count() == ROWS  # one "published" event each: the killed run's rolled back
    assert job.events.filter(to_status="succeeded").count() == 1
    assert BenchmarkResult.objects.values("enterprise", "product_name", "brand", "model").distinct().count() == ROWS


# Quick beats, a quick takeover, and ten upsert statements per import, so a kill lands between two.
PULSE = {"IMPORT_PULSE_SECONDS": 0.1, "IMPORT_STALE_SECONDS": 3, "IMPORT_WRITE_CHUNK": ROWS // 10}


@pytest.mark.worker
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.slow
def test_a_worker_killed_mid_import_is_redelivered_and_the_job_finishes_once(workers, office, import_plan,
                                                                            tmp_path):
    """Redis redelivers the unacknowledged task (acks_late) after the visibility timeout; the new
    worker takes the job over (its heartbeat is stale) and imports it from the start."""
    path = big_import(tmp_path)
    first = workers.start(**PULSE)
    job = queue_import(office, path, import_plan)
    phase = kill_while_writing(first, job)
    assert phase == "writing"  # the pulse reports through Redis while the transaction is open
    stalled(job, PULSE["IMPORT_STALE_SECONDS"])  # and the message older than the visibility timeout
    workers.start(**PULSE, CELERY_VISIBILITY_TIMEOUT=2)  # restores unacknowledged messages as it starts
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status in ImportStatus.finished(), timeout=300)
    assert_imported_exactly_once(job)
    assert job.events.filter(from_status="running", to_status="running").exists()  # the takeover
    assert "run_import" in workers.log()


@pytest.mark.worker
@pytest.mark.slow
def test_a_worker_killed_mid_import_is_swept_and_the_job_finishes_once(workers, office, import_plan, tmp_path,
                                                                      settings):
    """Without redelivery (a broker that lost the message), the beat sweeper queues the stalled
    job again; the same exactly-once rules apply."""
    settings.IMPORT_STALE_SECONDS = 3
    path = big_import(tmp_path)
    first = workers.start(**PULSE)
    job = queue_import(office, path, import_plan)
    kill_while_writing(first, job)
    workers.start(**PULSE)
    stalled(job, settings.IMPORT_STALE_SECONDS)
    with transaction.atomic():
        requeued = services.import_job_requeue_stalled()
    assert requeued == [job.pk]
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status in ImportStatus.finished(), timeout=300)
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert (job.rows_created, job.attempt) == (ROWS, 2)
    assert BenchmarkResult.objects.count() == ROWS and ResultEvent.objects.count() == ROWS
    assert indicator_value_count() == ROWS * 5
    assert list(job.events.values_list("from_status", "to_status")) == [
        ("", "queued"), ("queued", "running"), ("running", "queued"), ("queued", "running"), ("running", "succeeded")]
