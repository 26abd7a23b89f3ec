"""What PostgreSQL's side of the import costs, part by part: the import's own rows copied into the
results table as it stands, and with one index, key or function taken away at a time.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_imports \
    REDIS_URL=redis://127.0.0.1:6379/6 VAR_DIR=/tmp/bench-imports-var \
    .venv/bin/python bench/import_ingest.py [--rows 100000] [--rounds 3]

On the scene and file of ``bench/imports.py``: the file is imported once in this process
(``manage.py import_file``), the rows it stored (results with their values, test reports) are
read back, the tables emptied, and then, rounds interleaved, each variant copies exactly those
rows, as the import's writer does (one COPY per table, ids given), in a transaction that is rolled
back (the schema changes of a variant with it). The difference between a variant and "as stored"
is what that part costs the database per import. The floors copy the same rows into tables with a
primary key only, logged (durable, as the platform's tables are) and unlogged (no write-ahead
log: not crash-safe). Prints min and median per variant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import imports as scene
from django.core.management import call_command
from django.db import connection, transaction

from results.models import BenchmarkResult, ResultEvent, StatDelta, TestReport
from results.services.statistics import stats_record_transitions
from results.services.workflow import RESULT_WORKFLOW

RESULTS = BenchmarkResult._meta.db_table
REPORTS = TestReport._meta.db_table
RESULT_COLUMNS = ("id", "enterprise_id", "plan_version_id", "category_id", "industry_id", "city_id", "province_id",
                  "product_name", "brand", "model", "enterprise_standard", "status", "level", "indicator_values",
                  "created_at", "updated_at", "published_at")
REPORT_COLUMNS = ("id", "result_id", "report_number", "issuer_name", "institution_id", "issued_on", "file",
                  "covers_all_tested")


def _foreign_keys(cursor, table: str, columns: tuple[str, ...] | None = None) -> list[str]:
    cursor.execute(
        "SELECT c.conname, a.attname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid "
        "AND a.attnum = c.conkey[1] WHERE c.conrelid = %s::regclass AND c.contype = 'f'", [table])
    return [name for name, column in cursor.fetchall() if columns is None or column in columns]


def _indexes(cursor, table: str, names: tuple[str, ...] | None = None) -> list[str]:
    """The table's indexes (those named, or all) other than its primary and unique keys."""
    cursor.execute(
        "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary AND NOT x.indisunique", [table])
    return [name for (name,) in cursor.fetchall() if names is None or name in names]


def _drop_constraints(cursor, names: list[str]) -> None:
    for name in names:
        cursor.execute(f'ALTER TABLE {RESULTS} DROP CONSTRAINT "{name}"')


def _set_indexes(cursor, names: list[str], parameter: str) -> None:
    for name in names:
        cursor.execute(f'ALTER INDEX "{name}" SET ({parameter})')


def _drop_indexes(cursor, names: list[str]) -> None:
    for name in names:
        cursor.execute(f'DROP INDEX "{name}"')


# The pair codes as they were before results' migration 0027: each code looked for before it is added.
PAIR_CODES_DEDUPLICATED = importlib.import_module("results.migrations.0027_pair_codes_listed_as_found").DEDUPLICATED

PUBLIC_LISTS = ("result_published", "result_city_published", "result_province_published",
                "result_category_published", "result_industry_published", "result_product_name")
OFFICES = ("result_city_status", "result_province_status")

VARIANTS = {
    "as stored": lambda cursor: None,
    "no coordinate foreign keys (category, industry, city, province)": lambda cursor: _drop_constraints(
        cursor, _foreign_keys(cursor, RESULTS, ("category_id", "industry_id", "city_id", "province_id"))),
    "no foreign keys": lambda cursor: _drop_constraints(cursor, _foreign_keys(cursor, RESULTS)),
    "no search index": lambda cursor: _drop_indexes(cursor, _indexes(cursor, RESULTS, ("result_search_pairs",))),
    "pair codes de-duplicated (the function before 0027)": lambda cursor: cursor.execute(PAIR_CODES_DEDUPLICATED),
    "no public-list indexes (6)": lambda cursor: _drop_indexes(cursor, _indexes(cursor, RESULTS, PUBLIC_LISTS)),
    "no office indexes (2)": lambda cursor: _drop_indexes(cursor, _indexes(cursor, RESULTS, OFFICES)),
    "office indexes without deduplication": lambda cursor: _set_indexes(
        cursor, _indexes(cursor, RESULTS, OFFICES), "deduplicate_items = off"),
    "public-list indexes without deduplication": lambda cursor: _set_indexes(
        cursor, _indexes(cursor, RESULTS, PUBLIC_LISTS), "deduplicate_items = off"),
    "search index without its pending list": lambda cursor: _set_indexes(
        cursor, ["result_search_pairs"], "fastupdate = off"),
    "search index's pending list of 32 MB": lambda cursor: cursor.execute(
        "SET LOCAL gin_pending_list_limit = '32MB'"),
    "search index's pending list of 256 MB": lambda cursor: cursor.execute(
        "SET LOCAL gin_pending_list_limit = '256MB'"),
    "search index's pending list of 256 MB, work_mem 256 MB": lambda cursor: (
        cursor.execute("SET LOCAL gin_pending_list_limit = '256MB'"), cursor.execute("SET LOCAL work_mem = '256MB'")),
    "keys only (primary, unique; no foreign key)": lambda cursor: (
        _drop_constraints(cursor, _foreign_keys(cursor, RESULTS)), _drop_indexes(cursor, _indexes(cursor, RESULTS))),
}


def stored_rows() -> tuple[list[tuple], list[tuple]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(RESULT_COLUMNS)} FROM {RESULTS} ORDER BY id")
        results = cursor.fetchall()
        cursor.execute(f"SELECT {', '.join(REPORT_COLUMNS)} FROM {REPORTS} ORDER BY id")
        return results, cursor.fetchall()


def copy(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as writing:
        for row in rows:
            writing.write_row(row)


class RolledBack(Exception):
    pass


def timed_variant(change, results: list[tuple], reports: list[tuple], actor) -> tuple[float, ...]:
    """Seconds of: the results' COPY, the reports' COPY, the events with the statistics' deltas (as
    the import's commit records them), the deltas alone once more; rolled back."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            change(cursor)
            started = time.perf_counter()
            copy(cursor, RESULTS, RESULT_COLUMNS, results)
            # What a pending list holds still is cleaned in the same transaction (or the next
            # writer to the table, a user saving one result, would pay for it).
            cursor.execute("SELECT gin_clean_pending_list(i) FROM to_regclass('result_search_pairs') i "
                           "WHERE i IS NOT NULL")
            copied = time.perf_counter()
            copy(cursor, REPORTS, REPORT_COLUMNS, reports)
            reported = time.perf_counter()
            ids = [row[0] for row in results]
            RESULT_WORKFLOW.record_bulk(name="publish_imported", changes=[(pk, "") for pk in ids], actor=actor)
            recorded = time.perf_counter()
            stats_record_transitions(result_ids=ids, sign=+1)
            done = time.perf_counter()
            raise RolledBack
    except RolledBack:
        pass
    _vacuum()
    return copied - started, reported - copied, recorded - reported, done - recorded


def timed_floor(results: list[tuple], reports: list[tuple], *, logged: bool) -> tuple[float, float]:
    kind = "" if logged else "UNLOGGED "
    with connection.cursor() as cursor:
        for table in (RESULTS, REPORTS):
            cursor.execute(f"DROP TABLE IF EXISTS floor_{table}")
            cursor.execute(f"CREATE {kind}TABLE floor_{table} (LIKE {table} INCLUDING DEFAULTS)")
            cursor.execute(f"ALTER TABLE floor_{table} ADD PRIMARY KEY (id)")
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        copy(cursor, f"floor_{RESULTS}", RESULT_COLUMNS, results)
        copied = time.perf_counter()
        copy(cursor, f"floor_{REPORTS}", REPORT_COLUMNS, reports)
        done = time.perf_counter()
    with connection.cursor() as cursor:
        for table in (RESULTS, REPORTS):
            cursor.execute(f"DROP TABLE floor_{table}")
    return copied - started, done - copied, 0.0, 0.0


def _vacuum() -> None:
    with connection.cursor() as cursor:
        for table in (RESULTS, REPORTS, ResultEvent._meta.db_table, StatDelta._meta.db_table):
            cursor.execute(f"VACUUM {table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=(), help="the variants whose name holds one of these")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    office, plan, codes = scene.seed_scene()
    path = scene.results_file(office, plan, codes, args.rows)
    scene.empty_results()
    with open(os.devnull, "w") as quiet:
        call_command("import_file", "results", str(path), plan_version=plan.pk, user=office.username, stdout=quiet)
    results, reports = stored_rows()
    assert len(results) == args.rows, len(results)
    scene.empty_results()
    measured: dict[str, list[tuple[float, ...]]] = {}
    names = [name for name in [*VARIANTS, "floor, logged", "floor, unlogged"]
             if name == "as stored" or not args.only or any(part in name for part in args.only)]
    for round_number in range(args.rounds):
        for name in names if round_number % 2 == 0 else reversed(names):
            if name.startswith("floor"):
                timing = timed_floor(results, reports, logged=name == "floor, logged")
            else:
                timing = timed_variant(VARIANTS[name], results, reports, office)
            measured.setdefault(name, []).append(timing)
            print(f"round {round_number + 1}: {name}: results {timing[0]:.2f} s, reports {timing[1]:.2f} s, "
                  f"events and deltas {timing[2]:.2f} s, deltas {timing[3]:.2f} s", flush=True)
    stored = statistics.median(timing[0] for timing in measured["as stored"])
    print(f"\n{len(results)} results, {len(reports)} reports; min / median seconds; the results' COPY against "
          f"'as stored' ({stored:.2f} s median)")
    for name in names:
        parts = list(zip(*measured[name], strict=True))
        median = statistics.median(parts[0])
        print(f"{name:70} results {min(parts[0]):5.2f} / {median:5.2f} s ({median - stored:+.2f} s); reports, "
              f"events with deltas, deltas: " + ", ".join(
                  f"{min(part):.2f} / {statistics.median(part):.2f} s" for part in parts[1:]))
    scene.empty_results()


if __name__ == "__main__":
    main()
