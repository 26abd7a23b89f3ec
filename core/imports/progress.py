"""Live progress and the heartbeat of a running job, visible to every other process.

The job's rows are written in one all-or-nothing transaction, whose own updates to the job row
nobody else sees until it commits. So the main thread only counts (in memory), and a `Pulse`
thread publishes the counts every ``IMPORT_PULSE_SECONDS``, with the heartbeat, over its own
database connection (autocommit: visible at once) and to the cache. The job page reads the row
and overlays the cache's fresher counts.

The pulse's ``UPDATE`` names the run's claim token: when it matches no row, another run has taken
the job over, and the main thread stops without committing (``Progress.lost``). On SQLite, whose
single writer may be the job's own transaction, a busy pulse skips a beat instead of waiting;
when the job runs inside a caller's transaction (tests), the row is not visible to another
connection at all and the pulse uses the cache only.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from ..models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

COUNTERS = ("rows_total", "rows_read", "rows_invalid", "rows_written")


def cache_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def live_progress(job_id: int) -> dict | None:
    try:
        return cache.get(cache_key(job_id))
    except Exception:  # the cache is a nicety here; the row is the record
        logger.warning("import progress cache unavailable", exc_info=True)
        return None


class Progress:
    """A running job's counters, set by the main thread and published by the pulse."""

    def __init__(self, job_id: int, token: str):
        self.job_id, self.token = job_id, token
        self.phase = ""
        self.rows_total = self.rows_read = self.rows_invalid = self.rows_written = 0
        self.lost = False  # another run holds the job now: stop, commit nothing

    def snapshot(self) -> dict:
        return {"phase": self.phase, "token": self.token, "heartbeat": time.time(),
                **{name: getattr(self, name) for name in COUNTERS}}


class Pulse:
    def __init__(self, progress: Progress, *, use_database: bool, interval: float | None = None):
        self.progress = progress
        self.use_database = use_database
        self.interval = interval if interval is not None else settings.IMPORT_PULSE_SECONDS
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"import-pulse-{progress.job_id}", daemon=True)

    def __enter__(self) -> Pulse:
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopped.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        try:
            while not self.stopped.wait(self.interval):
                self.beat()
        finally:
            if self.use_database:
                connections["default"].close()  # this thread's own connection

    def beat(self) -> None:
        data = self.progress.snapshot()
        try:
            cache.set(cache_key(self.progress.job_id), data, timeout=max(600, settings.IMPORT_STALE_SECONDS * 10))
        except Exception:
            logger.warning("import progress cache unavailable", exc_info=True)
        if self.use_database:
            self._write_row(data)

    def _write_row(self, data: dict) -> None:
        connection = connections["default"]
        try:
            if connection.vendor == "sqlite" and connection.connection is None:
                connection.ensure_connection()
                with connection.cursor() as cursor:
                    # Never wait on the job's own write transaction: skip this beat instead.
                    cursor.execute("PRAGMA busy_timeout = 50")
            updated = ImportJob.objects.filter(
                pk=self.progress.job_id, claim_token=self.progress.token, status=ImportStatus.RUNNING
            ).update(heartbeat_at=timezone.now(), phase=data["phase"], **{name: data[name] for name in COUNTERS})
        except Exception as error:  # a busy SQLite, a dropped connection: the next beat tries again
            logger.debug("import pulse skipped a beat: %s", error)
            connection.close()
            return
        if not updated and not self.stopped.is_set():
            self.progress.lost = True
