"""The set-based write of a results import: many results at once.

The import kind (``results.import_kinds``) reads, checks and judges the rows; ``ResultWriter``
writes them while the file is read, in the job's transaction opened before the first row
(PostgreSQL in a worker): a new result goes straight into its table (its values on its row) with
its report, one COPY per table and its id drawn beforehand; a stored one is staged in a temporary
table and upserted in chunks on its natural key (a row stored exactly so is not written at all).
Elsewhere (SQLite, a run inside a caller's transaction) every row takes the staged way.
The status changes it makes are recorded by ``RESULT_WORKFLOW.record_bulk`` — the same event
rows and statistics deltas as one-by-one transitions, one statement each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import psycopg
from django.db import connection as default_connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.imports.errors import ImportRefused
from core.imports.kinds import BatchWriter, WriteCounts
from core.imports.staging import StagingTable, distinct, lock_kind
from core.models import ReviewStatus
from core.queue import enqueue_on_commit
from plans.models import PlanVersion
from thirdparty.models import AccreditationStatus, Institution

from ..models import BenchmarkResult, TestReport, product_key_sql
from .history import results_link_predecessors
from .statistics import stats_record_moves
from .workflow import RESULT_WORKFLOW

RESULT_STAGE = (
    ("enterprise_id", "bigint"), ("category_id", "bigint"), ("industry_id", "varchar(2)"),
    ("city_id", "varchar(6)"), ("province_id", "varchar(6)"), ("product_name", "varchar(200)"),
    ("brand", "varchar(100)"), ("model", "varchar(100)"), ("enterprise_standard", "varchar(80)"),
    ("status", "varchar(12)"), ("level", "varchar(12)"), ("indicator_values", "text"), ("published_at", "timestamp"),
    ("created_at", "timestamp"), ("result_id", "bigint"), ("old_status", "varchar(12)"),
    ("report_number", "varchar(60)"), ("report_issuer", "varchar(200)"), ("report_date", "date"),
    # A stored result's statistical coordinates before the import: a published one changed in
    # place leaves its old cells (−1) and enters its new ones (+1), as a withdrawal and a publication.
    ("old_level", "varchar(12)"), ("old_category_id", "bigint"), ("old_industry_id", "varchar(2)"),
    ("old_city_id", "varchar(6)"), ("old_province_id", "varchar(6)"), ("old_published_at", "timestamp"),
)
# Report keys per statement: well under the parameters a statement may carry (SQLite 32,766,
# PostgreSQL 65,535), whatever IMPORT_WRITE_CHUNK is.
REPORTS_PER_UPDATE = 1_000
# Fields of a stored result that an import sets, compared to tell "changed" from "the same".
RESULT_UPDATED = ("category_id", "industry_id", "city_id", "province_id", "enterprise_standard", "status",
                  "level", "indicator_values", "published_at")


def imported_transition(*, publish: bool):
    """The workflow transition an import records for its results (its target: the status it leaves them in)."""
    return RESULT_WORKFLOW.transition("publish_imported" if publish else "draft_imported")


def _stored_moment(value):
    moment = parse_datetime(value) if isinstance(value, str) else value
    return timezone.make_aware(moment, dt.UTC) if moment is not None and timezone.is_naive(moment) else moment


class ResultWriter(BatchWriter):
    """Writes results (in the status of the workflow transition ``publish_imported`` or
    ``draft_imported``) with their values: new ones by COPY when streaming; the others staged and
    committed with ``INSERT … ON CONFLICT … DO UPDATE … WHERE something differs`` on their unique
    constraint (the values compared as their canonical text); and records the status changes
    through the workflow."""

    streams = True

    def __init__(self, *, version: PlanVersion, publish: bool, actor, connection=None, chunk: int | None = None):
        self.version, self.publish, self.actor = version, publish, actor
        self.transition = imported_transition(publish=publish)
        self.connection = connection or default_connection
        self.chunk = chunk
        vendor = self.connection.vendor
        timestamp = "timestamp with time zone" if vendor == "postgresql" else "datetime"
        self.results = StagingTable([(n, timestamp if t == "timestamp" else t) for n, t in RESULT_STAGE],
                                    connection=self.connection)
        self.flushed, self.counts, self.now = 0, WriteCounts(), None
        self.streaming = False
        self.sequence: str | None = None  # the results' id sequence, once the version is locked
        self.written_unreported = 0  # new results written straight into their table, not yet on the bar
        self.institutions: dict[str, int | None] = {}  # a report issuer's name → its accredited institution
        self.transitions: list[tuple[int, str]] = []  # (result id, its status before) for the workflow
        # Published results whose level, coordinates or date an import changed in place, with
        # their coordinates before: (result id, province, city, industry, category, published at, level).
        self.republished: list[tuple] = []
        self.prepare_time: Callable[[Any], Any] = (
            (lambda value: value) if vendor == "postgresql"
            else (lambda value: value and self.connection.ops.adapt_datetimefield_value(value))
        )

    @property
    def status(self) -> str:
        """The status every written result ends in: the target of the workflow's transition."""
        return self.transition.target

    def stage(self, records: list) -> None:
        if self.streaming:
            # In the job's open transaction: new results go straight into their tables; only those
            # stored already are staged, for the upserts that tell changed from unchanged.
            records = self._write_new(records)
            if not records:
                return
        prepare = self.prepare_time
        self.results.write([
            (*result[:9], self.status, result[9], values, prepare(result[10]), prepare(result[11]), stored_id, None,
             result[12], result[13], result[14] and result[14].isoformat(), None, None, None, None, None, None)
            for result, values, stored_id in records
        ])

    def _write_new(self, records: list) -> list:
        """Write the new results of ``records`` (with their values) and their reports straight
        into their tables, their ids drawn beforehand, one COPY per table; the records of results
        stored already (as the kind found them) are returned, for staging."""
        quote = self.connection.ops.quote_name
        result_table = BenchmarkResult._meta.db_table
        new = [record for record in records if not record[2]]
        if not new:
            return records
        with self.connection.cursor() as cursor:
            if self.sequence is None:
                # From here until the job commits no other import writes into this version.
                lock_kind("results", self.version.pk)
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [result_table])
                (self.sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [self.sequence, len(new)])
            ids = [row[0] for row in cursor.fetchall()]
            status, now, version_id = self.status, self.now, self.version.pk
            try:
                with cursor.cursor.copy(
                    f"COPY {quote(result_table)} (id, enterprise_id, plan_version_id, category_id, industry_id, "
                    f"city_id, province_id, product_name, brand, model, enterprise_standard, status, level, "
                    f"indicator_values, created_at, updated_at, published_at) FROM STDIN"
                ) as copy:
                    for result_id, (result, values, _stored) in zip(ids, new, strict=True):
                        published_at = (result[10] or now) if self.publish else None
                        copy.write_row((result_id, result[0], version_id, *result[1:9], status, result[9], values,
                                        result[11], now, published_at))
            except psycopg.errors.UniqueViolation:
                # A product saved meanwhile: in an enterprise's portal, or by an import that held
                # the version before this one took it.
                raise ImportRefused(_("导入期间有用户保存了同一产品（同一企业、产品名称、品牌、型号）的对标结果，"
                                      "未导入任何数据。请重新导入。"), code="changed_meanwhile") from None
            reports = [(result_id, result[12], result[13], result[14])
                       for result_id, (result, _values, _stored) in zip(ids, new, strict=True) if result[12]]
            if reports:
                institutions = self._accredited_institutions(cursor, {report[2] for report in reports})
                with cursor.cursor.copy(
                    f"COPY {quote(TestReport._meta.db_table)} (result_id, report_number, issuer_name, institution_id, "
                    f"issued_on, file, covers_all_tested) FROM STDIN"
                ) as copy:
                    for result_id, number, issuer, issued_on in reports:
                        institution = institutions[issuer]
                        copy.write_row((result_id, number, "" if institution else issuer, institution, issued_on,
                                        "", True))
        self.transitions.extend((result_id, "") for result_id in ids)
        self.counts = self.counts.add(WriteCounts(created=len(ids)))
        self.written_unreported += len(ids)
        return [record for record in records if record[2]]

    def _accredited_institutions(self, cursor, names: set[str]) -> dict[str, int | None]:
        """An accredited institution of each issuer's name (the first), or None: as the staged
        reports are linked."""
        wanted = sorted(names - self.institutions.keys())
        if wanted:
            cursor.execute(
                f"SELECT name, min(id) FROM {self.connection.ops.quote_name(Institution._meta.db_table)} "
                f"WHERE name = ANY(%s) AND status = %s GROUP BY name",
                [wanted, AccreditationStatus.ACCREDITED],
            )
            found = dict(cursor.fetchall())
            self.institutions.update({name: found.get(name) for name in wanted})
        return self.institutions

    def start(self, *, streaming: bool) -> None:
        self.streaming = streaming
        self.now = self.prepare_time(timezone.now())

    def flush(self, *, progress: Callable[[int], None]) -> None:
        """Upsert the results staged since the last flush (in the job's transaction)."""
        if self.written_unreported:
            progress(self.written_unreported)
            self.written_unreported = 0
        if self.results.count <= self.flushed:
            return
        if not self.flushed:
            self.results.index("seq")
            self.results.index("result_id")
            self.results.analyze()
        with self.connection.cursor() as cursor:
            for first, past in self.results.chunks(self.chunk, start=self.flushed):
                self.counts = self.counts.add(self._write_chunk(cursor, first, past))
                self.flushed = past
                progress(past - first)

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        self.flush(progress=progress)
        # The same events and statistics deltas as one-by-one transitions, in this transaction.
        RESULT_WORKFLOW.record_bulk(name=self.transition.name, changes=self.transitions, actor=self.actor,
                                    reason=_("批量导入（导入任务）"))
        if self.republished:
            # Out of their old cells, into their new ones: deltas, folded like any publication.
            stats_record_moves(before=self.republished)
        # New results of a product benchmarked against an earlier version follow their result there.
        results_link_predecessors(version=self.version)
        if self.publish and (self.transitions or self.republished):  # published results came or changed: 领跑者 again
            enqueue_on_commit("results.tasks.rank_plan_version", version_id=self.version.pk)
        return self.counts

    def close(self) -> None:
        self.results.drop()

    # --- one chunk of staged rows, step by step ---------------------------------------------------

    def _write_chunk(self, cursor, first: int, past: int) -> WriteCounts:
        created = self._match_stored_results(cursor, first, past)
        changed = self._upsert_results(cursor, first, past)
        self._number_new_results(cursor, first, past)
        self._record_reports(cursor, first, past)
        self._collect_transitions(cursor, first, past, changed)
        updated = len(changed) - created
        return WriteCounts(created=created, updated=updated, unchanged=(past - first) - created - updated)

    def _sql(self) -> dict[str, str]:
        quote, vendor = self.connection.ops.quote_name, self.connection.vendor
        results = self.results.quoted()
        return {
            "results": results, "quote": quote, "result_table": quote(BenchmarkResult._meta.db_table),
            "in_chunk": f"{results}.seq >= %s AND {results}.seq < %s",
            "key_join": (f"r.plan_version_id = %s AND r.enterprise_id = {results}.enterprise_id "
                         f"AND {product_key_sql(vendor, 'r')} = {product_key_sql(vendor, results)} "
                         f"AND r.product_name = {results}.product_name AND r.brand = {results}.brand "
                         f"AND r.model = {results}.model"),
        }

    def _match_stored_results(self, cursor, first: int, past: int) -> int:
        """The stored results of the staged rows (the ids the kind found them under): their
        status and coordinates before; a stored result keeps its publication date unless the file
        gives one. One look-up by primary key a row, whatever the planner's statistics say of the
        version's rows (a join on the key read them all, per chunk, on a table analysed before a
        large import). Returns how many rows are new."""
        sql = self._sql()
        results, result_table = sql["results"], sql["result_table"]
        cursor.execute(
            f"UPDATE {results} SET (result_id, old_status, old_level, old_category_id, old_industry_id, "
            f"old_city_id, old_province_id, old_published_at) = (SELECT r.id, r.status, r.level, r.category_id, "
            f"r.industry_id, r.city_id, r.province_id, r.published_at "
            f"FROM {result_table} r WHERE r.id = {results}.result_id AND r.plan_version_id = %s) "
            f"WHERE {sql['in_chunk']} AND {results}.result_id IS NOT NULL",
            [self.version.pk, first, past],
        )
        cursor.execute(
            f"UPDATE {results} SET published_at = "
            + ("old_published_at" if self.publish else "NULL")
            + f" WHERE {sql['in_chunk']} AND result_id IS NOT NULL"
            + (" AND published_at IS NULL" if self.publish else ""),
            [first, past],
        )
        cursor.execute(f"SELECT count(*) FROM {results} WHERE {sql['in_chunk']} AND result_id IS NULL", [first, past])
        return cursor.fetchone()[0]

    def _upsert_results(self, cursor, first: int, past: int) -> set[int]:
        """Results inserted, or updated where something differs; the ids written."""
        sql, vendor = self._sql(), self.connection.vendor
        quote, result_table = sql["quote"], sql["result_table"]
        published = "COALESCE(s.published_at, %s)" if self.publish else "NULL"
        differs = " OR ".join(
            distinct(f"{result_table}.{quote(c)}", f"excluded.{quote(c)}", vendor) for c in RESULT_UPDATED
        )
        cursor.execute(
            f"INSERT INTO {result_table} (enterprise_id, plan_version_id, category_id, industry_id, city_id, "
            f"province_id, product_name, brand, model, enterprise_standard, status, level, indicator_values, "
            f"created_at, updated_at, published_at) "
            f"SELECT s.enterprise_id, %s, s.category_id, s.industry_id, s.city_id, s.province_id, s.product_name, "
            f"s.brand, s.model, s.enterprise_standard, s.status, s.level, s.indicator_values, s.created_at, %s, "
            f"{published} "
            f"FROM {sql['results']} s WHERE s.seq >= %s AND s.seq < %s ORDER BY s.seq "
            f"ON CONFLICT (enterprise_id, plan_version_id, {product_key_sql(vendor)}) DO UPDATE SET "
            + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in RESULT_UPDATED)
            + f", updated_at = excluded.updated_at WHERE {differs} RETURNING id",
            [self.version.pk, self.now, *([self.now] if self.publish else []), first, past],
        )
        return {row[0] for row in cursor.fetchall()}

    def _number_new_results(self, cursor, first: int, past: int) -> None:
        """The ids the new results were given, onto their staged rows (one look-up of the unique
        key a row)."""
        sql = self._sql()
        cursor.execute(
            f"UPDATE {sql['results']} SET result_id = (SELECT r.id FROM {sql['result_table']} r "
            f"WHERE {sql['key_join']}) WHERE {sql['results']}.result_id IS NULL AND {sql['in_chunk']}",
            [self.version.pk, first, past],
        )

    def _record_reports(self, cursor, first: int, past: int) -> None:
        """The rows' test reports, each new one (by result and report number) once, linked to an
        accredited institution of the same name (then without the name: ``TestReport.issuer_name``);
        each covers its result's tested values."""
        sql = self._sql()
        quote, results = sql["quote"], sql["results"]
        report_table = quote(TestReport._meta.db_table)
        # Whether a row's report is stored already, asked row by row (a subquery per row, one probe
        # of the reports' result index): as NOT EXISTS, PostgreSQL made it an anti-join, and on a
        # reports table analysed before a large import it scanned every report for every staged
        # row (17–44 s a chunk of 20,000).
        cursor.execute(
            f"INSERT INTO {report_table} (result_id, report_number, issuer_name, institution_id, issued_on, file, "
            f"covers_all_tested) "
            f"SELECT s.result_id, s.report_number, CASE WHEN s.institution_id IS NULL THEN s.report_issuer "
            f"ELSE '' END, s.institution_id, s.report_date, '', %s "
            f"FROM (SELECT s.*, (SELECT 1 FROM {report_table} t WHERE t.result_id = s.result_id "
            f"AND t.report_number = s.report_number LIMIT 1) AS stored, "
            f"(SELECT min(i.id) FROM {quote(Institution._meta.db_table)} i "
            f"WHERE i.name = s.report_issuer AND i.status = %s) AS institution_id FROM {results} s "
            f"WHERE s.seq >= %s AND s.seq < %s AND s.report_number <> '') s WHERE s.stored IS NULL",
            [True, AccreditationStatus.ACCREDITED, first, past],
        )
        # A report stored before (by the portal, or by an import that wrote a row per indicator) and
        # named again by the file: the file says it gives the row's tested values. Found row by row
        # as above, then updated by key (usually none: no statement).
        cursor.execute(
            f"SELECT (SELECT t.id FROM {report_table} t WHERE t.result_id = s.result_id "
            f"AND t.report_number = s.report_number AND NOT t.covers_all_tested LIMIT 1) FROM {results} s "
            f"WHERE s.seq >= %s AND s.seq < %s AND s.report_number <> ''",
            [first, past],
        )
        named_again = sorted({report_id for (report_id,) in cursor.fetchall() if report_id is not None})
        for start in range(0, len(named_again), REPORTS_PER_UPDATE):
            keys = named_again[start:start + REPORTS_PER_UPDATE]
            cursor.execute(
                f"UPDATE {report_table} SET covers_all_tested = %s WHERE id IN ({', '.join(['%s'] * len(keys))})",
                [True, *keys],
            )

    def _collect_transitions(self, cursor, first: int, past: int, changed_results: set[int]) -> None:
        """The results whose status the import set (new ones, or a changed status) go to the
        workflow at commit; published results changed in place are counted for the statistics."""
        sql = self._sql()
        cursor.execute(
            f"SELECT result_id, COALESCE(old_status, '') FROM {sql['results']} "
            f"WHERE {sql['in_chunk']} AND (old_status IS NULL OR old_status <> status)",
            [first, past],
        )
        self.transitions.extend(cursor.fetchall())
        if self.publish and changed_results:
            cursor.execute(
                f"SELECT result_id, old_province_id, old_city_id, old_industry_id, old_category_id, "
                f"old_published_at, old_level FROM {sql['results']} "
                f"WHERE {sql['in_chunk']} AND old_status = %s AND status = %s",
                [first, past, ReviewStatus.PUBLISHED, ReviewStatus.PUBLISHED],
            )
            moved = [row for row in cursor.fetchall() if row[0] in changed_results]
            if self.connection.vendor != "postgresql":  # SQLite hands a staged date-time back as text
                moved = [(*row[:5], _stored_moment(row[5]), row[6]) for row in moved]
            self.republished.extend(moved)
