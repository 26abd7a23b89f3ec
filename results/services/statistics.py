"""Keeping the statistics current: every write to ``StatCount`` lives here.

Two paths give the same numbers (tested):

* **incremental** — the approve and withdraw transitions write a ``StatDelta`` row in their own
  transaction (``stats_record_transition``); a worker folds pending deltas into the counts
  (``stats_apply_pending``), queued on commit and swept every minute by beat;
* **rebuild** — ``stats_rebuild`` recounts everything from the published results (nightly by beat,
  ``manage.py rebuild_stats``).

Both take one lock, so a rebuild never interleaves with a fold. On PostgreSQL the rebuild reads in
one REPEATABLE READ snapshot: a delta committed while it runs is neither deleted nor counted by it,
and is folded in afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator, Sequence

from django.db import connection, transaction
from django.db.models import CharField, Count, Func, Sum, Value
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from benchmarking.models import Activity, Industry
from benchmarking.selectors import participation_figures
from companies.models import Enterprise
from core.bulk import insert_rows
from core.models import ReviewStatus
from core.public_cache import Area, publication_changed
from core.queue import enqueue_on_commit
from plans.models import PlanVersion
from thirdparty.models import AccreditationStatus, Institution

from ..models import BenchmarkResult, StatCount, StatDelta
from ..selectors import IMPROVEMENT_DIMENSIONS, improved_results, improvements_by

# Cells of each dimension a published result counts in: (dimension, scope, key) from its
# coordinates. The xlsx report's pivots (province × sector, city × category) and the city pages
# (city × month) read the crossed ones.
Cell = tuple[str, str, str, str]  # dimension, scope, key, level
COORDINATES = ("province", "city", "industry", "sector", "category", "month")
DIMENSIONS: dict[str, tuple[str | None, str | None]] = {
    "all": (None, None),
    "province": (None, "province"),
    "city": ("province", "city"),
    "industry": (None, "industry"),
    "sector": (None, "sector"),
    "category": (None, "category"),
    "month": (None, "month"),
    "province_sector": ("province", "sector"),
    "city_sector": ("city", "sector"),
    "city_category": ("city", "category"),
    "city_month": ("city", "month"),
}
# Dimensions read as "top N": they also keep an all-levels cell (level ""), indexed by count, so
# the top ten of 24,000 categories is an index scan, not a sort of every category.
RANKED = frozenset({"category", "city_category"})
ALL_LEVELS = ""
SUMMARY = "summary"
ENTERPRISES = "enterprises"  # registered enterprises per city (scope: its province)
IMPROVED = "improved"  # products that moved up a level (scope: month, city, province or industry)
LOCK_ID = 7_402_611  # any constant: the advisory lock that serialises folds and rebuilds
FOLD_BATCH = 50_000  # deltas per transaction: an import's 100,000 in two


def month_of(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def cells_of(coordinates: dict[str, str], level: str) -> Iterator[Cell]:
    for dimension, (scope_field, key_field) in DIMENSIONS.items():
        scope = str(coordinates[scope_field]) if scope_field else ""
        key = str(coordinates[key_field]) if key_field else ""
        yield dimension, scope, key, level
        if dimension in RANKED:
            yield dimension, scope, key, ALL_LEVELS


# --- the incremental path ---------------------------------------------------------------------

def stats_record_transition(*, result: BenchmarkResult, sign: int) -> StatDelta:
    """Call inside the transaction that publishes (+1) or withdraws (−1) ``result``."""
    assert sign in (1, -1)
    sector = Industry.objects.values_list("sector", flat=True).get(pk=result.industry_id)
    delta = StatDelta.objects.create(
        sign=sign, province=result.province_id, city=result.city_id, industry=result.industry_id, sector=sector,
        category=str(result.category_id), month=month_of(result.published_at), level=result.level,
    )
    enqueue_on_commit("results.tasks.apply_stat_deltas")
    return delta


def stats_record_transitions(*, result_ids: Sequence[int], sign: int) -> int:
    """``stats_record_transition`` for many results at once (an import that publishes): one
    read of their coordinates and one bulk insert of their deltas, in the caller's transaction."""
    assert sign in (1, -1)
    if not result_ids:
        return 0
    enqueue_on_commit("results.tasks.apply_stat_deltas")
    if connection.vendor == "postgresql":
        return _record_transitions_in_sql(result_ids, sign)
    rows = []
    for start in range(0, len(result_ids), FOLD_BATCH):
        published = BenchmarkResult.objects.filter(pk__in=result_ids[start:start + FOLD_BATCH]).values_list(
            "province_id", "city_id", "industry_id", "industry__sector", "category_id", "published_at", "level",
        )
        rows.extend(
            (sign, province, city, industry, sector, str(category), month_of(published_at), level)
            for province, city, industry, sector, category, published_at, level in published
        )
    now = timezone.now()
    insert_rows(StatDelta, ["sign", "province", "city", "industry", "sector", "category", "month", "level",
                            "created_at"], ((*row, now) for row in rows))
    return len(rows)


def _record_transitions_in_sql(result_ids: Sequence[int], sign: int) -> int:
    """The deltas of ``result_ids`` by one INSERT … SELECT in the database (PostgreSQL): an import's
    100,000 results are not read into Python to be written back (1.7 s of its commit). The
    month is the local one, as ``month_of`` gives it."""
    rows = BenchmarkResult.objects.filter(pk__any_of=list(result_ids)).order_by().values_list(
        Value(sign), "province_id", "city_id", "industry_id", "industry__sector", Cast("category_id", CharField()),
        Func(TruncMonth("published_at"), Value("YYYY-MM"), function="to_char", output_field=CharField()),
        "level", Value(timezone.now()),
    )
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(StatDelta._meta.get_field(name).column) for name in (
        "sign", "province", "city", "industry", "sector", "category", "month", "level", "created_at"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(StatDelta._meta.db_table)} ({columns}) {select}", params)
        return cursor.rowcount


def stats_record_moves(*, before: Sequence[tuple]) -> int:
    """Published results that an import changed in place (their level, category, place or date):
    out of the cells of their coordinates ``before`` — (id, province, city, industry, category,
    published at, level) — and into those they have now, as deltas, in the caller's transaction."""
    if not before:
        return 0
    sectors = dict(Industry.objects.filter(pk__in={row[3] for row in before}).values_list("pk", "sector"))
    now = timezone.now()
    insert_rows(StatDelta, ["sign", "province", "city", "industry", "sector", "category", "month", "level",
                            "created_at"],
                ((-1, province, city, industry, sectors[industry], str(category), month_of(published_at), level, now)
                 for _id, province, city, industry, category, published_at, level in before))
    stats_record_transitions(result_ids=[row[0] for row in before], sign=+1)
    return len(before)


def stats_apply_pending(*, batch: int = FOLD_BATCH) -> int:
    """Fold pending deltas into the counts; returns how many were folded. Deltas and counts change
    in one transaction, so running twice (a redelivered task) counts each delta once."""
    folded = 0
    table = StatDelta._meta.db_table
    coordinates = ", ".join(COORDINATES)
    with _stats_lock():
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                # The deltas taken are the deltas deleted, in one statement: none is counted that
                # another transaction writes meanwhile, none twice.
                cursor.execute(
                    f'DELETE FROM "{table}" WHERE id IN (SELECT id FROM "{table}" ORDER BY id LIMIT %s) '
                    f"RETURNING {coordinates}, level, sign",
                    [batch],
                )
                taken = cursor.fetchall()
                if not taken:
                    break
                # Summed per coordinates first: an import's deltas share a few hundred of them.
                by_coordinates: Counter[tuple] = Counter()
                for *where, level, sign in taken:
                    by_coordinates[(*where, level)] += sign
                changes: Counter[Cell] = Counter()
                for (*where, level), sign in by_coordinates.items():
                    if sign:
                        for cell in cells_of(dict(zip(COORDINATES, where, strict=True)), level):
                            changes[cell] += sign
                _add_counts(changes)
                folded += len(taken)
            if len(taken) < batch:
                break
    if folded:
        # A result's publication changes no headline count but the results' own (the "all"
        # cells); the headline counts are refreshed by beat and by the rebuild.
        publication_changed(Area.STATISTICS)
    return folded


def _add_counts(changes: Counter[Cell]) -> None:
    rows = [(d, s, k, lv, n) for (d, s, k, lv), n in changes.items() if n]
    if not rows:
        return
    table = StatCount._meta.db_table
    with connection.cursor() as cursor:
        # One statement per cell, the same SQL on PostgreSQL and SQLite (both have ON CONFLICT).
        cursor.executemany(
            f'INSERT INTO "{table}" (dimension, scope, key, level, count) VALUES (%s, %s, %s, %s, %s) '
            f'ON CONFLICT (dimension, scope, key, level) DO UPDATE SET count = "{table}".count + excluded.count',
            rows,
        )


# --- the rebuild ------------------------------------------------------------------------------

def stats_rebuild() -> int:
    """Recount every statistic from the published results; returns the number of cells written."""
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its isolation holds
    with _stats_lock(), transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        StatDelta.objects.all().delete()  # counted below, from the same snapshot
        StatCount.objects.exclude(dimension__in=[SUMMARY, ENTERPRISES]).delete()
        written = 0
        # Streamed: each dimension's cells go from the database cursor to the INSERT, none held
        # (a dimension's cells held at once cost a scale-100 seed hundreds of megabytes).
        for cells in _recount():
            # In batches: the cursor cannot fetch while a COPY is writing on the same connection.
            while batch := list(itertools.islice(cells, 10_000)):
                written += insert_rows(StatCount, ["dimension", "scope", "key", "level", "count"], batch)
        _refresh_summary()
    publication_changed(Area.STATISTICS)
    return written


def _recount() -> Iterator[Iterator[tuple[str, str, str, str, int]]]:
    """Per dimension, its cells (dimension, scope, key, level, count) from one GROUP BY over the
    published results (index ``status, published_at``), ordered so that a ranked dimension's
    all-levels cell follows its levels' cells without holding them."""
    published = BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).order_by()
    expressions = {
        "province": "province_id", "city": "city_id", "industry": "industry_id", "sector": "industry__sector",
        "category": "category_id",
    }
    for dimension, (scope_field, key_field) in DIMENSIONS.items():
        fields = [f for f in (scope_field, key_field) if f]
        queryset = published
        names = []
        for field in fields:
            if field == "month":
                queryset = queryset.annotate(month_start=TruncMonth("published_at"))
                names.append("month_start")
            else:
                names.append(expressions[field])
        rows = queryset.values(*names, "level").annotate(n=Count("pk")).order_by(*names, "level")
        yield _cells(dimension, bool(scope_field), bool(key_field), names, rows.iterator(chunk_size=10_000))


def _cells(dimension: str, scoped: bool, keyed: bool, names: list[str], rows) -> Iterator[tuple]:
    group, total = None, 0
    for row in rows:
        values = [_coordinate(row[name]) for name in names]
        scope, key = (values[0] if scoped else ""), (values[-1] if keyed else "")
        yield dimension, scope, key, row["level"], row["n"]
        if dimension in RANKED:
            if (scope, key) != group:
                if group is not None:
                    yield dimension, *group, ALL_LEVELS, total
                group, total = (scope, key), 0
            total += row["n"]
    if group is not None:
        yield dimension, *group, ALL_LEVELS, total


def _coordinate(value) -> str:
    if isinstance(value, dt.datetime):
        return month_of(value)
    return str(value)


# --- headline figures -------------------------------------------------------------------------

def summary_figures() -> dict[str, int]:
    """The campaign's headline counts, computed in a worker (their cost grows with the tables, so
    no page computes them)."""
    participation = participation_figures()
    published_versions = PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED)
    activities = Activity.objects.order_by().values("kind").annotate(n=Count("pk"), people=Sum("attendances"))
    by_kind = {row["kind"]: row for row in activities}
    figures = {
        "provinces": participation.provinces,
        "cities": participation.cities,
        "pilot_cities": participation.pilot_cities,
        "enterprises": Enterprise.objects.count(),
        "plans": published_versions.values("plan_id").distinct().count(),
        "categories": published_versions.values("plan__category_id").distinct().count(),
        "institutions": Institution.objects.filter(status=AccreditationStatus.ACCREDITED).count(),
        "activities": sum(row["n"] for row in by_kind.values()),
        "attendances": sum(row["people"] or 0 for row in by_kind.values()),
        "improved": improved_results().count(),
    }
    for kind, row in by_kind.items():
        figures[f"activities_{kind}"] = row["n"]
    return figures


def stats_refresh_summary() -> dict[str, int]:
    with transaction.atomic():
        figures = _refresh_summary()
    publication_changed(Area.STATISTICS)
    return figures


def _refresh_summary() -> dict[str, int]:
    figures = summary_figures()
    cells = [StatCount(dimension=SUMMARY, key=name, count=value) for name, value in figures.items()]
    for row in Enterprise.objects.order_by().values("province_id", "city_id").annotate(n=Count("pk")):
        cells.append(StatCount(dimension=ENTERPRISES, scope=row["province_id"] or "", key=row["city_id"] or "",
                               count=row["n"]))
    # The products that moved up a level: counted from the results that have a predecessor (a
    # small part of all), so that pages and the API read them as rows like every other figure.
    for by in IMPROVEMENT_DIMENSIONS:
        cells += [StatCount(dimension=IMPROVED, scope=by, key=row["key"] or "", count=row["count"])
                  for row in improvements_by(by)]
    StatCount.objects.filter(dimension__in=[SUMMARY, ENTERPRISES, IMPROVED]).delete()
    StatCount.objects.bulk_create(cells, batch_size=2_000)
    return figures


@contextlib.contextmanager
def _stats_lock() -> Iterator[None]:
    """A session-level advisory lock on PostgreSQL, taken outside the transaction so that the
    rebuild's snapshot starts after it holds the lock. SQLite serialises writers by itself."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_ID])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
