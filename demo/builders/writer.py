"""Fast, deterministic bulk writes for the demo builders.

Rows are built in memory with explicit primary keys (so children point at parents without
reading them back) and written in batches: PostgreSQL COPY where available (~10× bulk_create,
see PERFORMANCE.md), ``bulk_create`` elsewhere. ``auto_now``/``auto_now_add`` are switched off
while seeding so that every timestamp is derived from the seed, never from the wall clock.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence

from django.apps import apps
from django.db import connections, models

OUR_APPS = ("core", "accounts", "standards", "benchmarking", "companies", "thirdparty", "plans", "results")


class BulkWriter:
    def __init__(self, using: str = "default", batch_size: int = 2000, use_copy: bool | None = None):
        self.using = using
        self.connection = connections[using]
        self.batch_size = batch_size
        if use_copy is None:
            use_copy = self.connection.vendor == "postgresql"
        self.use_copy = use_copy
        self._blocks: dict[type[models.Model], tuple[int, int]] = {}
        self._reserved: dict[type[models.Model], int] = {}
        self.counts: dict[str, int] = {}
        self._touched: set[type[models.Model]] = set()
        self._pending: queue.Queue | None = None  # batches for the writing thread, in ``overlapped``
        self._error: BaseException | None = None

    # --- primary keys -------------------------------------------------------------------------

    def ids(self, model: type[models.Model], n: int) -> range:
        """``n`` fresh, never used primary keys for ``model``.

        PostgreSQL: a block reserved from the table's own sequence, so ids are never reused (a
        process that cached something by id cannot confuse an old row with a new one) and the
        sequence needs no reset. SQLite: above both the highest row and sqlite_sequence.
        """
        start, end = self._blocks.get(model, (0, 0))
        if end - start < n:
            start, end = self._reserve(model, max(n, self.BLOCK))
        self._blocks[model] = (start + n, end)
        return range(start, start + n)

    def next_id(self, model: type[models.Model]) -> int:
        return self.ids(model, 1).start

    BLOCK = 10_000

    def _reserve(self, model: type[models.Model], n: int) -> tuple[int, int]:
        self._drain()
        table = model._meta.db_table
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, model._meta.pk.column])
                (sequence,) = cursor.fetchone()
                cursor.execute("SELECT nextval(%s)", [sequence])
                (first,) = cursor.fetchone()
                cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
                return first, first + n
            highest = model._default_manager.using(self.using).aggregate(m=models.Max("pk"))["m"] or 0
            if self.connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
            highest = max(highest, self._reserved.get(model, 0))
            self._reserved[model] = highest + n
            return highest + 1, highest + 1 + n

    # --- writing ------------------------------------------------------------------------------

    def write(self, model: type[models.Model], objs: Iterable[models.Model]) -> int:
        objs = list(objs)
        if not objs:
            return 0
        self._drain()
        self._touched.add(model)
        if self.use_copy:
            self._copy(model, objs)
        else:
            model._default_manager.using(self.using).bulk_create(objs, batch_size=self.batch_size)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return len(objs)

    def _copy(self, model: type[models.Model], objs: list[models.Model]) -> None:
        fields = list(model._meta.concrete_fields)
        if all(obj.pk is None for obj in objs):  # let the sequence number them, as bulk_create would
            fields = [f for f in fields if not f.primary_key]
        columns = ", ".join(self.connection.ops.quote_name(f.column) for f in fields)
        table = self.connection.ops.quote_name(model._meta.db_table)
        prepare = [(f.attname, f) for f in fields]
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objs:
                    copy.write_row(
                        [field.get_db_prep_save(getattr(obj, attname), self.connection) for attname, field in prepare]
                    )

    def write_dicts(self, model: type[models.Model], rows: list[dict]) -> int:
        """Rows as dicts of attname → value (all with the same keys): cheaper than model objects."""
        if not rows:
            return 0
        columns = tuple(rows[0])
        return self.write_rows(model, columns, [tuple(row[c] for c in columns) for row in rows])

    def write_rows(self, model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> int:
        """Rows as plain tuples of ``columns`` (attnames), without building model instances: the
        hot path of large demos. Other fields take their model default; ``id`` may be left out.
        In ``overlapped`` the rows are written by the second thread: the caller hands them over
        and must not change the list afterwards."""
        if not rows:
            return 0
        if self._pending is not None:
            self._raise_pending()
            self._pending.put((model, columns, rows))
        else:
            self._write_rows_now(model, columns, rows)
        self._touched.add(model)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        return len(rows)

    def _write_rows_now(self, model: type[models.Model], columns: Sequence[str], rows: list[tuple]) -> None:
        meta = model._meta
        given = [meta.get_field(name) for name in columns]
        rest = [f for f in meta.concrete_fields if f.attname not in columns and not f.primary_key]
        defaults = tuple(f.get_db_prep_save(f.get_default(), self.connection) for f in rest)
        prepare = [self._converter(f) for f in given]
        names = [f.column for f in given] + [f.column for f in rest]
        quote = self.connection.ops.quote_name
        table, column_list = quote(meta.db_table), ", ".join(quote(c) for c in names)

        def prepared():
            for row in rows:
                yield tuple(v if p is None else p(v) for p, v in zip(prepare, row, strict=True)) + defaults

        with self.connection.cursor() as cursor:
            if self.use_copy:
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in prepared():
                        copy.write_row(row)
            else:
                sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(names))})"
                batch = []
                for row in prepared():
                    batch.append(row)
                    if len(batch) >= self.batch_size:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)

    # --- overlapping the database's work with the caller's --------------------------------------

    @contextlib.contextmanager
    def overlapped(self) -> Iterator[None]:
        """Within the block ``write_rows`` hands its rows to a second thread and returns, so that
        PostgreSQL loads one batch (the COPY, its foreign-key checks and indexes: the other core)
        while the caller builds the next; one written, two waiting at most, so memory stays
        bounded. The caller must not use the connection itself meanwhile; the writer's own id
        reservations and object writes first wait for the thread. An error in the thread is
        raised by the next write or at the end of the block."""
        self._pending, self._error = queue.Queue(maxsize=2), None
        self.connection.inc_thread_sharing()
        thread = threading.Thread(target=self._write_pending, name="demo-writer", daemon=True)
        thread.start()
        try:
            yield
        finally:
            self._pending.put(None)
            thread.join()
            self._pending = None
            self.connection.dec_thread_sharing()
        self._raise_pending()

    def _write_pending(self) -> None:
        while (batch := self._pending.get()) is not None:
            try:
                if self._error is None:
                    self._write_rows_now(*batch)
            except BaseException as error:  # handed back to the caller's thread
                self._error = error
            finally:
                self._pending.task_done()

    def _drain(self) -> None:
        """Wait until the writing thread has written what it was given (outside ``overlapped``:
        nothing to wait for)."""
        if self._pending is not None:
            self._pending.join()
            self._raise_pending()

    def _raise_pending(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    _PLAIN = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
              "PositiveSmallIntegerField", "SmallIntegerField", "CharField", "TextField", "FloatField",
              "BooleanField", "ForeignKey", "SlugField", "EmailField", "URLField"}

    def _converter(self, field):
        """None where the value goes to the driver as it is; else the field's own preparation."""
        if field.get_internal_type() in self._PLAIN:
            return None
        connection = self.connection
        return lambda value: field.get_db_prep_save(value, connection)

    def analyze(self) -> None:
        """Fresh planner statistics after a bulk load: without them PostgreSQL plans the first
        queries on the new rows as if the tables were empty."""
        self._drain()
        if self.connection.vendor != "postgresql" or not self._touched:
            return
        quote = self.connection.ops.quote_name
        with self.connection.cursor() as cursor:
            for model in sorted(self._touched, key=lambda m: m._meta.db_table):
                cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")


@contextlib.contextmanager
def seeded_timestamps() -> Iterator[None]:
    """Switch off auto_now/auto_now_add on our models' fields so the seed sets every timestamp.

    The flags are restored however the block ends; the process is a management command or a test,
    and nothing else writes through these models meanwhile.
    """
    saved = []
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    saved.append((field, field.auto_now, field.auto_now_add))
                    field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


@contextlib.contextmanager
def indexes_built_after(*tables_of: type[models.Model], using: str = "default") -> Iterator[None]:
    """Load ``tables_of``'s rows first and build their secondary B-tree indexes afterwards, as
    PostgreSQL's "Populating a Database" advises: one sorted build per index instead of an
    insertion per row, and indexes packed ~90 % full where, kept up row by row in the seed's
    random key order, they end ~75 % full (bench/README.md, "storage"). The indexes behind
    constraints (primary and unique keys) stay, with their checks. So does the text search's GIN
    index: rebuilt after the load it would compute every row's codes on one core at the end (2.9 s
    per 100,000 results), where kept up it costs the load's other core, and it is as small
    either way. The dropped indexes are re-created from their own definitions, in the caller's
    transaction. A no-op elsewhere than PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in tables_of]
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[])
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                  AND (SELECT a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam
                        WHERE c.oid = i.indexrelid) = 'btree'
                ORDER BY i.indexrelid""",
            [tables],
        )
        definitions = cursor.fetchall()
        for name, _definition in definitions:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in definitions:
            cursor.execute(definition)


@contextlib.contextmanager
def foreign_keys_checked_after(*tables_of: type[models.Model], using: str = "default") -> Iterator[None]:
    """Load ``tables_of``'s rows without their foreign keys and add the keys back afterwards, each
    checked by one join over the whole table instead of one query per row (PostgreSQL's
    "Populating a Database" again: the per-row checks were 43 % of the database's work while the
    enterprises and plans were loaded). The keys come back from their own definitions, in the
    caller's transaction: a row that breaks one fails the seed, and an error rolls the drop back
    with the rest. A no-op elsewhere than PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                 FROM pg_constraint
                WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
                ORDER BY oid""",
            [[model._meta.db_table for model in tables_of]],
        )
        constraints = cursor.fetchall()
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    yield
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
