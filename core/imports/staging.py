"""Staging tables and upserts: how a kind's writer reaches the database fast and idempotently.

Rows are first copied into a temporary table of the job's connection — PostgreSQL ``COPY``
(psycopg 3 ``cursor.copy``), SQLite ``executemany`` — while the file is read; nothing outside
the job sees them, and they vanish with the connection if the worker dies. The final transaction
then moves them in chunks with ``INSERT … SELECT … ON CONFLICT (natural key) DO UPDATE … WHERE
(something differs)``, so a row that is already stored exactly so is not written at all and a
second import of the same file reports 0 created, 0 updated (both backends speak this SQL;
SQLite ≥ 3.35).

`UpsertWriter` is the whole writer for a kind that fills one table; ``results.services.imported``
shows one that fills two tables and records the status changes through the workflow.
"""

from __future__ import annotations

import itertools
import uuid
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import connection as default_connection
from django.db import models, transaction

from ..bulk import column_types, converters, prepare_rows
from .kinds import BatchWriter, WriteCounts


def write_chunk() -> int:
    """Rows per upsert statement in the final transaction (``IMPORT_WRITE_CHUNK``): progress and
    heartbeats between statements, statements of bounded size."""
    return settings.IMPORT_WRITE_CHUNK
def distinct(left: str, right: str, vendor: str) -> str:
    """SQL: the two values differ, NULLs compared as values."""
    if vendor == "postgresql":
        return f"{left} IS DISTINCT FROM {right}"
    return f"{left} IS NOT {right}"


class StagingTable:
    """A temporary table on ``connection``: ``seq`` (0, 1, …, in staging order) and ``columns``
    ((name, SQL type) pairs). Created on first write, dropped by ``drop``."""

    def __init__(self, columns: Sequence[tuple[str, str]], *, connection=None, prefix: str = "import_stage",
                 uncompressed: Sequence[str] = ()):
        self.connection = connection or default_connection
        self.columns = list(columns)
        # Large values PostgreSQL would otherwise compress (TOAST) on their way through staging,
        # only to decompress them again for the upsert: stored out of line, uncompressed.
        self.uncompressed = tuple(uncompressed)
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.count = 0
        self.created = False

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    def quoted(self) -> str:
        return self.connection.ops.quote_name(self.name)

    def create(self) -> None:
        if self.created:
            return
        quote = self.connection.ops.quote_name
        columns = ", ".join(f"{quote(name)} {sql_type}" for name, sql_type in [("seq", "integer"), *self.columns])
        with self.connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.quoted()} ({columns})")
            if self.vendor == "postgresql":
                for name in self.uncompressed:
                    cursor.execute(f"ALTER TABLE {self.quoted()} ALTER COLUMN {quote(name)} SET STORAGE EXTERNAL")
        self.created = True

    def write(self, rows: Iterable[Sequence]) -> int:
        """Append rows (values in ``columns`` order, ready for the driver)."""
        self.create()
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(name) for name in ["seq", *(name for name, _type in self.columns)])
        start = self.count
        numbered = ((seq, *row) for seq, row in zip(itertools.count(start), rows, strict=False))
        if self.vendor == "postgresql":
            with self.connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {self.quoted()} ({names}) FROM STDIN"
            ) as copy:
                for row in numbered:
                    copy.write_row(row)
                    self.count += 1
            return self.count - start
        placeholders = ", ".join(["%s"] * (len(self.columns) + 1))
        batch = list(numbered)
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.quoted()} ({names}) VALUES ({placeholders})", batch)
        self.count += len(batch)
        return len(batch)

    def index(self, *columns: str) -> None:
        if not self.created:
            return
        quote = self.connection.ops.quote_name
        name = quote(f"{self.name}_{'_'.join(columns)}")
        with self.connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {name} ON {self.quoted()} ({', '.join(quote(c) for c in columns)})")

    def analyze(self) -> None:
        """PostgreSQL plans queries on a temporary table as if it were empty until analysed."""
        if self.created and self.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.quoted()}")

    def chunks(self, size: int | None = None, start: int = 0) -> Iterable[tuple[int, int]]:
        """``(first, past_last)`` seq ranges covering the staged rows from ``start``."""
        size = size or write_chunk()
        for first in range(start, self.count, size):
            yield first, min(first + size, self.count)

    def drop(self) -> None:
        if not self.created:
            return
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.quoted()}")
        except Exception:  # a dead connection took its temporary tables with it
            pass
        self.created = False


def upsert_sql(*, table: str, stage: StagingTable, columns: Sequence[str], key: Sequence[str],
               update: Sequence[str], vendor: str, returning: str = "1", set_extra: str = "",
               insert_values: dict[str, str] | None = None) -> str:
    """``INSERT INTO table (columns) SELECT … FROM stage WHERE seq range ON CONFLICT (key) DO
    UPDATE SET update… WHERE any differs``; parameters: first seq, past-last seq.
    ``insert_values`` replaces a column's staged value by an SQL expression (e.g. ``now()``)."""
    quote = stage.connection.ops.quote_name
    insert_values = insert_values or {}
    select = ", ".join(insert_values.get(c, f"s.{quote(c)}") for c in columns)
    target = quote(table)
    assignments = [f"{quote(c)} = excluded.{quote(c)}" for c in update]
    if set_extra:
        assignments.append(set_extra)
    differs = " OR ".join(distinct(f"{target}.{quote(c)}", f"excluded.{quote(c)}", vendor) for c in update)
    # SQLite needs "WHERE true" to tell the SELECT's end from the ON CONFLICT clause.
    return (
        f"INSERT INTO {target} ({', '.join(quote(c) for c in columns)}) "
        f"SELECT {select} FROM {stage.quoted()} s WHERE s.seq >= %s AND s.seq < %s ORDER BY s.seq "
        f"ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET {', '.join(assignments)} "
        f"WHERE {differs} RETURNING {returning}"
    )


class UpsertWriter(BatchWriter):
    """A writer for a kind whose rows fill one table, upserted on a natural key.

    ``fields`` are the model's attnames in the order of the staged tuples; ``key`` the natural
    key (a unique constraint of the table); ``update`` the fields a re-import may change
    (default: all the others). Created vs updated is counted by looking for the key first.
    """

    def __init__(self, *, model: type[models.Model], fields: Sequence[str], key: Sequence[str],
                 update: Sequence[str] | None = None, connection=None, chunk: int | None = None,
                 insert_values: dict[str, str] | None = None):
        self.connection = connection or default_connection
        self.model, self.fields, self.key = model, list(fields), list(key)
        self.update = list(update) if update is not None else [f for f in self.fields if f not in self.key]
        self.chunk = chunk
        self.insert_values = insert_values or {}
        meta = model._meta
        self.columns = [meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column for f in self.fields]
        self.stage_table = StagingTable(column_types(model, self.fields, self.connection), connection=self.connection)
        self.convert = converters(model, self.fields, self.connection)
        self.flushed, self.counts = 0, WriteCounts()

    def stage(self, records: list) -> None:
        self.stage_table.write(prepare_rows(records, self.convert))

    streams = True

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        self.flush(progress=progress)
        return self.counts

    def flush(self, *, progress: Callable[[int], None]) -> None:
        """Upsert the rows staged since the last flush (in the job's transaction)."""
        stage, quote, vendor = self.stage_table, self.connection.ops.quote_name, self.connection.vendor
        if stage.count <= self.flushed:
            return
        table = self.model._meta.db_table
        column_of = dict(zip(self.fields, self.columns, strict=True))
        key_columns = [column_of[f] for f in self.key]
        sql = upsert_sql(table=table, stage=stage, columns=self.columns, key=key_columns,
                         update=[column_of[f] for f in self.update], vendor=vendor, insert_values=self.insert_values)
        join = " AND ".join(f"t.{quote(c)} = s.{quote(c)}" for c in key_columns)
        existing_sql = (f"SELECT count(*) FROM {stage.quoted()} s JOIN {quote(table)} t ON {join} "
                        f"WHERE s.seq >= %s AND s.seq < %s")
        if not self.flushed:
            stage.index("seq")
            stage.analyze()
        with self.connection.cursor() as cursor:
            for first, past in stage.chunks(self.chunk, start=self.flushed):
                cursor.execute(existing_sql, [first, past])
                existing = cursor.fetchone()[0]
                cursor.execute(sql, [first, past])
                changed = len(cursor.fetchall())
                created = (past - first) - existing
                self.counts = self.counts.add(WriteCounts(created, changed - created, existing - (changed - created)))
                self.flushed = past
                progress(past - first)

    def close(self) -> None:
        self.stage_table.drop()


# --- small files, written through the ORM -------------------------------------------------------------

LOCK_NAMESPACE = 7_402_612  # advisory locks of the import kinds (the statistics use 7_402_611)


class MemoryWriter(BatchWriter):
    """Collects the staged records; ``write(records, progress)`` runs in the final transaction."""

    def __init__(self, write: Callable[[list, Callable[[int], None]], WriteCounts]):
        self.records: list = []
        self.write = write

    def stage(self, records: list) -> None:
        self.records.extend(records)

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        return self.write(self.records, progress)

    def close(self) -> None:
        self.records = []


def lock_kind(name: str, target: int | None = None) -> None:
    """Serialise the transactions of jobs of one kind (PostgreSQL; SQLite has one writer), or of
    one kind into one ``target`` (the results imported into one plan version): two jobs must not
    both find a record missing and both create it — for tables whose natural key is no unique
    constraint (activities), or rows written by COPY, which has no ON CONFLICT."""
    if default_connection.vendor == "postgresql":
        key = name if target is None else f"{name}:{target}"
        with default_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, zlib.crc32(key.encode()) >> 1])


def changed_fields(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    """Set ``values`` on ``instance``; the names of the fields whose value changed."""
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed
