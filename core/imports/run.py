"""One run of an import job, in the worker: check the file, read and validate it in batches,
stage the good rows (a second thread writes while the first reads), then commit them and end the
job in one transaction — by the finishing transition of ``workflow.IMPORT_JOB_WORKFLOW``, which
expects the job still to hold this run's claim. ``services.import_job_run`` claims the job and
starts the run."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import tempfile
import time
from collections.abc import Hashable, Iterator, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core.models import ImportJob, ImportMode, ImportPhase

from ..workflow import TransitionRefused
from . import cells, safety
from .errors import CellError, ImportRefused
from .kinds import ImportKind, Row, WriteCounts
from .progress import Progress, Pulse
from .reading import open_table
from .registry import UnknownKind, get_kind
from .report import ErrorReport
from .staging import write_chunk
from .workflow import IMPORT_JOB_WORKFLOW

logger = logging.getLogger(__name__)


class Lost(Exception):
    """Another run holds the job now; this one stops and commits nothing."""


class Discarded(Exception):
    """Rolls the job's open transaction back (never raised)."""


REASON_LENGTH = 2000  # an event keeps the start of a long message; the job keeps all of it


def _check_template_kind(kind: ImportKind, meta: Mapping[str, str]) -> None:
    """A file made from another kind's template (its hidden ``_meta`` sheet names the kind)."""
    other = meta.get("kind")
    if other and other != kind.name:
        try:
            other_label = get_kind(other).label
        except UnknownKind:
            other_label = other
        raise ImportRefused(_("这是“%(other)s”的导入模板，不是“%(kind)s”的模板。") % {
            "other": other_label, "kind": kind.label}, code="wrong_template")


@contextlib.contextmanager
def _local_file(field) -> Iterator[Path]:
    """The stored upload as a local path (a temporary copy when the storage is remote)."""
    try:
        yield Path(field.path)
        return
    except NotImplementedError:
        pass
    handle, name = tempfile.mkstemp(suffix=Path(field.name).suffix)
    try:
        with os.fdopen(handle, "wb") as out, field.open("rb") as source:
            for chunk in source.chunks():
                out.write(chunk)
        yield Path(name)
    finally:
        os.unlink(name)


def _batched(iterable, size: int) -> Iterator[list]:
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def prepare_in_source_language(kind: ImportKind, *, user, options) -> tuple[Any, list]:
    """The kind's context and columns, prepared in Chinese: the headers a file is matched against
    are the templates' Chinese ones (and their aliases) whatever the uploader's language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = kind.prepare(user=user, options=options)
        return context, list(kind.columns(context))


class JobRun:
    def __init__(self, job: ImportJob, token: str):
        self.job, self.token = job, token
        self.progress = Progress(job.pk, token)
        self.report: ErrorReport | None = None
        self.notes: list[str] = []
        self.streaming = False

    # The whole run; every exit path ends the job or knows another run holds it.
    def run(self) -> None:
        from celery.exceptions import SoftTimeLimitExceeded

        writer = table = None
        # Inside a caller's transaction (tests) no other connection sees the job row, nor the
        # rows the import refers to: then everything runs on the caller's connection.
        use_database = not connection.in_atomic_block
        self.db = DatabaseThread() if use_database else InlineDatabase()
        try:
            with Pulse(self.progress, use_database=use_database):
                try:
                    safety.assert_defusedxml_active()
                    kind = get_kind(self.job.kind)
                    user = self.job.created_by
                    options = kind.clean_options(user=user, options=self.job.options)
                    context, columns = prepare_in_source_language(kind, user=user, options=options)
                    with _local_file(self.job.file) as path:
                        self.progress.phase = ImportPhase.CHECKING
                        facts = safety.check_file(path)
                        table = open_table(path, facts, columns, safety.Limits.from_settings())
                        _check_template_kind(kind, table.meta)
                        kind.check_meta(context, table.meta)
                        writer = kind.writer(context)
                        self.columns = columns
                        # PostgreSQL in a worker: the upserts run while the file is still read (below).
                        self.streaming = (isinstance(self.db, DatabaseThread) and connection.vendor == "postgresql"
                                          and writer.streams)
                        writer.start(streaming=self.streaming)
                        if self.streaming:
                            self.db.submit(self._open_transaction)
                        started = time.monotonic()
                        self._read(kind, context, table, writer)
                        self.db.run_now(lambda: None)  # the last batch staged
                        read = time.monotonic() - started
                    self.db.run_now(lambda: self._finish(kind, context, writer))
                    logger.info("import job %s: %d rows read, checked and staged in %.1f s, committed in %.1f s",
                                self.job.pk, self.progress.rows_read, read, time.monotonic() - started - read)
                except ImportRefused as refused:
                    self._fail(refused.code, refused.message)
                except ValidationError as invalid:
                    self._fail("invalid_options", "；".join(invalid.messages))
                except PermissionDenied as denied:
                    self._fail("forbidden", str(denied) or _("无权导入。"))
                except UnknownKind:
                    self._fail("unknown_kind", _("未知的导入类型：%(kind)s") % {"kind": self.job.kind})
                except SoftTimeLimitExceeded:
                    self._fail("timeout", _("导入超过了允许的运行时间，已停止，未写入任何数据。请拆分文件后分批导入。"))
        except Lost:
            logger.warning("import job %s: taken over by another run; this run wrote nothing", self.job.pk)
        except Exception as error:  # a bug or a database outage must not kill the worker
            logger.exception("import job %s failed", self.job.pk)
            with contextlib.suppress(Lost, Exception):
                self._fail("internal", _("导入时发生内部错误（%(error)s），未写入任何数据。请联系管理员。")
                           % {"error": type(error).__name__})
        finally:
            with contextlib.suppress(Exception):
                self.db.run_now(self._discard_transaction)  # a run that ended early writes nothing
            if writer is not None:
                with contextlib.suppress(Exception):
                    self.db.run_now(writer.close)  # its staging tables live on the writing connection
            with contextlib.suppress(Exception):
                self.db.close()
            if table is not None:
                table.close()

    def _read(self, kind: ImportKind, context, table, writer) -> None:
        progress, job = self.progress, self.job
        header = table.header
        if header.ignored:
            self.notes.append(_("未识别的列已忽略：%(columns)s") % {"columns": "、".join(header.ignored[:20])})
        present = [(index, column, cells.Remembered(column.parse)) for index, column in header.by_index.items()]
        keys_present = {column.key for column in header.by_index.values()}
        absent = [(c.key, c.default) for c in self.columns if c.key not in keys_present]
        progress.phase, progress.rows_total = ImportPhase.READING, table.total
        seen: dict[Hashable, int] = {}
        duplicate_label = str(kind.natural_key_label) or _("关键字段")
        self.invalid = self.unchanged = self.staged = self.unflushed = 0
        self.discarded = False
        all_or_nothing = job.mode == ImportMode.ALL_OR_NOTHING
        for lines in _batched(table.rows(), kind.batch_size):
            if progress.lost:
                raise Lost
            rows = [_parse(line, row_cells, present, absent) for line, row_cells in lines]
            checked = rows if kind.validates_rows_with_cell_errors else [row for row in rows if row.ok]
            if checked:
                kind.validate(context, checked)
            good = []
            for row in rows:
                if row.ok and not row.unchanged:
                    key = kind.natural_key(context, row)
                    first = seen.setdefault(key, row.line)
                    if first != row.line:
                        row.error(_("与第 %(line)d 行重复（%(fields)s相同）。") % {
                            "line": first, "fields": duplicate_label})
                if not row.ok:
                    self.invalid += 1
                    if self.report is None:
                        self.report = ErrorReport(header.cells)
                    self.report.add(row.line, row.cells, row.errors)
                elif row.unchanged:
                    self.unchanged += 1
                else:
                    good.append(row.record)
            if all_or_nothing and self.invalid and self.streaming and not self.discarded:
                self.discarded = True
                self.db.submit(self._discard_transaction)  # nothing will be committed: free the rows now
            if good and not (all_or_nothing and self.invalid):
                self.db.submit(lambda good=good: writer.stage(good))
                self.staged += len(good)
                self.unflushed += len(good)
                if self.streaming and self.unflushed >= write_chunk():
                    self.unflushed = 0
                    self.db.submit(lambda: writer.flush(progress=self._written))
            progress.rows_read += len(rows)
            progress.rows_invalid = self.invalid
        progress.rows_total = progress.rows_read
        if not progress.rows_read:
            raise ImportRefused(_("表头下面没有数据行。"), code="no_rows")

    # --- the job's transaction, opened early when streaming (all on the writing thread) ---------

    def _open_transaction(self) -> None:
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        with connection.cursor() as cursor:
            # Foreign keys checked statement by statement, not all at COMMIT (Django declares them
            # deferred): the work is spread over the read, and COMMIT is quick.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def _close_transaction(self) -> None:
        atomic, self._atomic = getattr(self, "_atomic", None), None
        if atomic is not None:
            atomic.__exit__(None, None, None)  # COMMIT: the rows and the job's end together

    def _discard_transaction(self) -> None:
        atomic, self._atomic = getattr(self, "_atomic", None), None
        if atomic is not None:
            atomic.__exit__(Discarded, Discarded(), None)  # ROLLBACK

    def _written(self, count: int) -> None:
        self.progress.rows_written += count
        if self.progress.lost:
            raise Lost

    def _finish(self, kind: ImportKind, context, writer) -> None:
        try:
            self._finish_rows(kind, context, writer)
        except BaseException:
            self._discard_transaction()
            raise
        self._close_transaction()

    def _finish_rows(self, kind: ImportKind, context, writer) -> None:
        progress, job = self.progress, self.job
        if self.invalid and job.mode == ImportMode.ALL_OR_NOTHING:
            self._discard_transaction()
            message = _(
                "有 %(count)d 行数据有误，按“全部正确才导入”未导入任何数据。请下载错误报告，改正后重新上传。"
            ) % {"count": self.invalid}
            self._end("reject", WriteCounts(), message=message, code="invalid_rows")
            return
        progress.phase = ImportPhase.WRITING
        with transaction.atomic():  # a savepoint when the job's transaction is open already
            if connection.vendor == "postgresql":
                # Check foreign keys statement by statement, not all at COMMIT (Django declares them
                # deferred): the heartbeat and the bar then cover the work, and COMMIT is quick.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            counts = writer.commit(progress=self._written) if self.staged else WriteCounts()
            counts = counts.add(WriteCounts(unchanged=self.unchanged))
            message = kind.summary(context, counts)
            if self.invalid:
                message = _("有 %(count)d 行数据有误未导入（见错误报告）；其余已导入：") % {
                    "count": self.invalid} + message
            self._end("keep_valid_rows" if self.invalid else "succeed", counts, message=message)
            transaction.on_commit(lambda: kind.after_commit(context, counts))

    def _fail(self, code: str, message: str) -> None:
        self._end("fail", WriteCounts(), message=message, code=code)

    def _end(self, name: str, counts: WriteCounts, *, message: str, code: str = "") -> None:
        """Finish the job by transition ``name``, in the caller's transaction if any; only if this
        run still holds it (else raise Lost, so that the caller's transaction rolls back)."""
        job, progress = self.job, self.progress
        report_name = ""
        if self.report is not None and name != "fail":
            with self.report.save() as spool:
                # A random name (the field's); the download names it after the uploaded file.
                report_name = default_storage.save(
                    job.error_report.field.generate_filename(job, "errors.xlsx"), File(spool)
                )
        values = {
            "message": message, "error_code": code, "notes": self.notes,
            "rows_total": progress.rows_total, "rows_read": progress.rows_read, "rows_invalid": progress.rows_invalid,
            "rows_written": counts.written,
            "rows_created": counts.created, "rows_updated": counts.updated, "rows_unchanged": counts.unchanged,
        }
        if report_name:
            values["error_report"] = report_name
        try:
            IMPORT_JOB_WORKFLOW.apply(
                obj=job, name=name, actor=None, reason=message[:REASON_LENGTH], values=values,
                expected=lambda locked: locked.claim_token == self.token,
            )
        except (TransitionRefused, ImportJob.DoesNotExist):
            # No longer running under this run's claim: another run holds the job, or it was
            # requeued. Only the worker takes these transitions, so no other refusal can occur.
            if report_name:
                default_storage.delete(report_name)
            raise Lost from None


class DatabaseThread:
    """The job's writes — each batch staged, then the final transaction — on a second thread with
    its own connection, while the main thread reads, parses and validates the next batch: the two
    cores overlap, and PostgreSQL parses the COPY meanwhile. One call waits at most, so memory stays
    bounded; an error in the thread is raised again by the next call (``submit``) or at once
    (``run_now``). Staging tables are per connection: everything that touches them runs here."""

    def __init__(self):
        import queue
        import threading

        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.result: Any = None
        self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from django.db import connections

        try:
            while (call := self.queue.get()) is not None:
                try:
                    if self.error is None:
                        self.result = call()
                except BaseException as error:  # handed back to the main thread
                    self.error = error
                finally:
                    self.queue.task_done()
        finally:
            self.queue.task_done()
            connections["default"].close()

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def submit(self, call) -> None:
        self._raise()
        language = translation.get_language()  # activations are per thread: carry the job's along

        def in_language():
            with translation.override(language):
                return call()

        self.queue.put(in_language)

    def run_now(self, call):
        self.submit(call)
        self.queue.join()
        self._raise()
        return self.result

    def close(self) -> None:
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()


class InlineDatabase:
    """The same calls, run at once on the caller's connection (a run inside a transaction)."""

    def submit(self, call) -> None:
        call()

    def run_now(self, call):
        return call()

    def close(self) -> None:
        pass


def _parse(line: int, row_cells: list, present: list, absent: list) -> Row:
    """A row's cells through their columns' parsers; an empty required cell is an error."""
    row = Row(line, row_cells)
    values = row.values
    width = len(row_cells)
    for index, column, parse in present:
        value = row_cells[index] if index < width else None
        if value is None or value == "" or (value.__class__ is str and not value.strip()):
            if column.required:
                row.error(_("不能为空。"), column)
            values[column.key] = column.default
            continue
        try:
            values[column.key] = parse(value)
        except CellError as error:
            row.error(error.message, column)
    for key, default in absent:
        values[key] = default
    return row
