"""The results import against django-import-export and against the floor, in one run, as ratios.

    DATABASE_URL=postgres://campaign:campaign@127.0.0.1:5432/bench_imports \
    REDIS_URL=redis://127.0.0.1:6379/7 VAR_DIR=/tmp/bench-imports-var \
    .venv/bin/python bench/imports.py [--rows 100000] [--runs 3] [--skip-import-export]

It migrates the (scratch) database, seeds regions, 1,000 enterprises and one published respirator
plan (6 indicators, 8 value slots, 3 compared standards), writes a results xlsx of ``--rows`` rows
(cached under VAR_DIR), and measures, each on emptied result tables:

1. **ours** — the file imported end to end through a real Celery worker (a fresh process each
   run): upload → job → safety checks → calamine → validation and verdicts → COPY of new results
   (their values on their rows) and reports straight into their tables, committed; wall time
   from enqueueing to the job's end; the worker's peak RSS; how long after the job the
   statistics have folded the import's deltas (and that they then equal a full rebuild); then
   the same file again (nothing changes: the re-import);
2. **floor** — python-calamine reading the same file plus one COPY per table of exactly the rows
   ours stored (results with their levels and values, test reports) into tables like ours with a
   primary key only: no other index, no foreign key; and beside it the floor as first defined,
   with the values as rows of a table of their own;
3. **django-import-export** (``pip install django-import-export``; not a project dependency) —
   the same rows into the same tables: a ModelResource with the enterprise resolved by USCC, the
   natural key as ``import_id_fields``, ``use_bulk``, verdicts by our (cached) engine and the
   values set on the result as ours stores them: the usual way, done carefully.

Targets (the issue): ours ≥ 10× faster than django-import-export, ≤ 3× the floor.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from benchmarking.models import Region  # noqa: E402
from companies.models import Enterprise  # noqa: E402
from core.imports import services  # noqa: E402
from core.models import ImportJob, ImportStatus  # noqa: E402
from results.models import (  # noqa: E402
    BenchmarkResult,
    ResultEvent,
    StatCount,
    StatDelta,
    TestReport,
)
from results.selectors import indicator_value_count  # noqa: E402
from results.services import statistics as statistics_service  # noqa: E402
from results.services.statistics import stats_rebuild  # noqa: E402
from tests import factories  # noqa: E402
from verdict import Direction  # noqa: E402

BASE_DIR = Path(__file__).resolve().parent.parent
ENTERPRISES = 1000
SEED = 2021


# --- the scene ----------------------------------------------------------------------------------

def seed_scene():
    guangdong = factories.region("440000", "广东省", "province", taking_part_since="2021-03-01")
    shenzhen = factories.region("440300", "深圳市", "prefecture", guangdong, taking_part_since="2021-03-01",
                                pilot_since="2021-06-01")
    factories.region("440305", "南山区", "county", shenzhen)
    office, _ = User.objects.get_or_create(username="bench-office", defaults={"role": Role.OFFICE, "is_staff": True})
    existing = Enterprise.objects.count()
    if existing < ENTERPRISES:
        industry = factories.manufacturing_division()
        nanshan = Region.objects.get(code="440305")
        Enterprise.objects.bulk_create(
            Enterprise(uscc=factories.make_uscc(500_000 + n), name=f"基准测试企业{n}", region=nanshan, city=shenzhen,
                       province=guangdong, industry=industry)
            for n in range(existing, ENTERPRISES)
        )
    from plans.models import PlanVersion

    plan = PlanVersion.objects.filter(plan__title_zh="基准测试 KN95 防护口罩对标技术方案").first()
    if plan is None:
        plan = seeded_plan()
    return office, plan, list(Enterprise.objects.order_by("pk").values_list("uscc", flat=True)[:ENTERPRISES])


def seeded_plan():
    gb = factories.StandardFactory(code="GB 2626-2019", kind="gb_mandatory")
    en = factories.StandardFactory(code="EN 149:2001+A1:2009", kind="regional")
    niosh = factories.StandardFactory(code="NIOSH 42 CFR 84", kind="foreign_national")
    indicator = factories.IndicatorFactory
    filtration = indicator(key="bench-filtration", name_zh="过滤效率", name_en="Filtration", unit="%")
    inhale = indicator(key="bench-inhale", name_zh="吸气阻力", unit="Pa", direction=Direction.LOWER_BETTER)
    exhale = indicator(key="bench-exhale", name_zh="呼气阻力", unit="Pa", direction=Direction.LOWER_BETTER)
    leakage = indicator(key="bench-leakage", name_zh="总泄漏率", unit="%", direction=Direction.LOWER_BETTER)
    dead_space = indicator(key="bench-co2", name_zh="呼吸器死腔", unit="%", direction=Direction.LOWER_BETTER)
    flame = indicator(key="bench-flame", name_zh="阻燃性能", unit="", direction=Direction.PASS_FAIL)
    version = factories.published_plan(
        standards=[(gb, False), (en, True), (niosh, False)],
        indicators=[
            (filtration, {gb.code: (95, None, "%", "85 L/min"), en.code: (94, None, "%", "95 L/min"),
                          niosh.code: (95, None, "%", "85 L/min")}),
            (inhale, {gb.code: (None, 350, "Pa", "85 L/min"), en.code: (None, 2.4, "mbar", "95 L/min"),
                      niosh.code: (None, 35, "mmH2O", "85 L/min")}),
            (exhale, {gb.code: (None, 250, "Pa", "85 L/min"), en.code: (None, 3.0, "mbar", "160 L/min"),
                      niosh.code: (None, 25, "mmH2O", "85 L/min")}),
            (leakage, {gb.code: (None, 8, "%", ""), en.code: (None, 8, "%", "")}),
            (dead_space, {gb.code: (None, 1, "%", ""), en.code: (None, 1, "%", "")}),
            (flame, {gb.code: (None, None, "", ""), en.code: (None, None, "", "")}),
        ],
    )
    version.plan.title_zh = "基准测试 KN95 防护口罩对标技术方案"
    version.plan.save(update_fields=["title_zh"])
    return version


def header_and_rows(office, plan, codes, rows: int):
    from results.import_kinds import ResultImportKind

    kind = ResultImportKind()
    context = kind.prepare(user=office, options={"plan_version": plan.pk})
    header = [column.template_header for column in kind.columns(context)]
    rng = random.Random(SEED)
    brands = ["甲牌", "乙牌", "丙牌", "丁牌"]

    def row(n: int) -> list:
        filtration = [round(rng.uniform(94, 99.5), 1) for _ in range(2)]
        values = {
            "t0": filtration[0], "d0": "≥95", "t1": filtration[1], "d1": "",
            "t2": rng.randint(150, 360), "d2": "≤350", "t3": round(rng.uniform(1.5, 2.6), 1), "d3": "",
            "t4": rng.randint(100, 260), "d4": "≤250", "t5": round(rng.uniform(2.0, 3.2), 1), "d5": "",
            "t6": round(rng.uniform(2, 9), 1), "d6": "", "t7": round(rng.uniform(0.3, 1.2), 2), "d7": "",
            "p8": "合格" if rng.random() < 0.97 else "不合格",
        }
        fixed = {"uscc": codes[n % len(codes)], "enterprise_name": "", "product_name": f"KN95 防护口罩 {n}",
                 "brand": brands[n % 4], "model": f"M-{n:06d}", "enterprise_standard": "Q/SZJ 001-2023",
                 "published_on": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}",
                 "report_number": f"WT2023-{n:06d}", "report_issuer": "国家劳动防护用品质量检验检测中心",
                 "report_date": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}"}
        return [{**fixed, **values}.get(column.key, "") for column in kind.columns(context)]

    return header, (row(n) for n in range(rows)), context


def results_file(office, plan, codes, rows: int) -> Path:
    path = Path(settings.VAR_DIR) / f"bench-results-{rows}-{plan.pk}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    started = time.perf_counter()
    header, body, _context = header_and_rows(office, plan, codes, rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(["基准测试 产品对标结果"])
    sheet.append(header)
    for row in body:
        sheet.append(row)
    workbook.save(path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def stat_cells() -> set[tuple]:
    """The statistics' result cells (the headline figures are refreshed apart)."""
    return set(StatCount.objects.exclude(dimension__in=[statistics_service.SUMMARY, statistics_service.ENTERPRISES])
               .values_list("dimension", "scope", "key", "level", "count"))


def empty_results() -> None:
    from core.append_only import purging_events

    with transaction.atomic(), purging_events(), connection.cursor() as cursor:  # events refuse TRUNCATE else
        cursor.execute(f"TRUNCATE {ResultEvent._meta.db_table}, "
                       f"{BenchmarkResult._meta.db_table}, {StatDelta._meta.db_table}, "
                       f"{StatCount._meta.db_table} CASCADE")
        cursor.execute(f"ANALYZE {BenchmarkResult._meta.db_table}")


# --- ours, through a worker -------------------------------------------------------------------------

def start_worker(queue: str) -> subprocess.Popen:
    log = Path(settings.VAR_DIR) / f"bench-worker-{queue}.log"
    env = {**os.environ, "CELERY_QUEUE": queue, "PYTHONUNBUFFERED": "1"}
    handle = log.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
         "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT,
    )
    process.log_path = log
    deadline = time.monotonic() + 60
    while "ready" not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(log.read_text(errors="replace"))
        time.sleep(0.1)
    return process


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int, *, with_children: bool = False) -> float:
    """User + system CPU time a process has used (Linux ``/proc``), with its ended children's when
    asked, 0 if it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if with_children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def database_cpu() -> float | None:
    """CPU time used so far by this machine's PostgreSQL backends, those still connected and those
    ended, or None when the database is not on this machine. The difference over an import is the
    database's own work for it: a bound no change on the Python side can go below."""
    if connection.settings_dict.get("HOST") not in ("", "localhost", "127.0.0.1", "::1"):
        return None
    # A backend that ends while it is read may be counted twice or not at all (between its own
    # entry and its parent's): read until two readings agree.
    previous = _database_cpu_once()
    for _ in range(20):
        time.sleep(0.2)
        now = _database_cpu_once()
        if abs(now - previous) < 0.05:
            return now
        previous = now
    return previous


# PostgreSQL's own lasting processes, which work beside the backends (their time is not the rows').
AUXILIARY = (b"checkpointer", b"background writer", b"walwriter", b"autovacuum launcher",
             b"logical replication launcher", b"archiver", b"stats collector")


def _database_cpu_once() -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if not (entry / "comm").read_text().startswith("postgres"):
                    continue
                if any(name in (entry / "cmdline").read_bytes() for name in AUXILIARY):
                    continue
                # A backend that has ended counts in its parent's (the postmaster's) children's time.
                total += cpu_seconds(int(entry.name), with_children=True)
            except OSError:
                continue
    return total


def ours(office, plan, path: Path) -> dict:
    from config.celery import app

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    worker = start_worker(queue)
    try:
        baseline = peak_rss_mb(worker.pid)
        timings = {}
        for label in ("first", "again"):
            worker_cpu, db_cpu = cpu_seconds(worker.pid), database_cpu()  # before the clock: it may wait
            started = time.perf_counter()
            with transaction.atomic():
                job = services.import_job_create(kind="results", actor=office, path=path,
                                                 options={"plan_version": plan.pk})
            while not ImportJob.objects.get(pk=job.pk).is_finished:
                time.sleep(0.05)
            timings[label] = time.perf_counter() - started
            timings[f"{label}_worker_cpu"] = cpu_seconds(worker.pid) - worker_cpu
            timings[f"{label}_database_cpu"] = None if db_cpu is None else database_cpu() - db_cpu
            job.refresh_from_db()
            assert job.status == ImportStatus.SUCCEEDED, job.message
            timings[f"{label}_counts"] = (job.rows_created, job.rows_updated, job.rows_unchanged)
            timings[f"{label}_in_worker"] = (job.finished_at - job.started_at).total_seconds()
            if label == "first":
                # The statistics: the import's deltas, folded by the task it queued on commit.
                while StatDelta.objects.exists():
                    time.sleep(0.05)
                timings["fold"] = time.perf_counter() - started - timings["first"]
                folded = stat_cells()
                stats_rebuild()
                timings["fold_equals_rebuild"] = folded == stat_cells()
        timings["peak_rss_mb"] = peak_rss_mb(worker.pid)
        timings["baseline_rss_mb"] = baseline
        return timings
    finally:
        worker.terminate()
        worker.wait(timeout=30)


# --- the floor ------------------------------------------------------------------------------------------

FLOOR_TABLES = (BenchmarkResult, TestReport, TestReport.indicators.through)
VALUE_ROW_COLUMNS = ("result_id", "plan_indicator_id", "declared_value", "tested_value", "passed", "unit", "condition")


def _floor_tables(cursor, *, value_rows: bool) -> list[tuple[str, list[str], list[tuple]]]:
    """The rows ours stored, and empty unlogged tables like ours with a primary key only for them."""
    prefix = "floor_rows_" if value_rows else "floor_"
    tables = []
    for model in FLOOR_TABLES:
        table = model._meta.db_table
        columns = [f.column for f in model._meta.concrete_fields]
        if value_rows and model is BenchmarkResult:
            columns.remove("indicator_values")
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table}")
        tables.append((f"{prefix}{table}", columns, cursor.fetchall()))
        cursor.execute(f"DROP TABLE IF EXISTS {prefix}{table}")
        cursor.execute(f"CREATE UNLOGGED TABLE {prefix}{table} (LIKE {table} INCLUDING DEFAULTS)")
        cursor.execute(f"ALTER TABLE {prefix}{table} ADD PRIMARY KEY (id)")
    if value_rows:
        rows = [(pk, *value.as_row()) for pk, values in BenchmarkResult.objects.values_list("pk", "values")
                for value in values]
        tables.append((f"{prefix}values", list(VALUE_ROW_COLUMNS), rows))
        cursor.execute(f"DROP TABLE IF EXISTS {prefix}values")
        cursor.execute(f"CREATE UNLOGGED TABLE {prefix}values (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                       f"result_id bigint, plan_indicator_id bigint, declared_value double precision, "
                       f"tested_value double precision, passed boolean, unit varchar(30), condition varchar(120))")
    return tables


def floors_of(path: Path, *, run: int) -> dict[str, float]:
    """The hardware's least work for the same content: python-calamine reads the file and one COPY
    per table writes exactly the rows ours stored (results with their values, reports and what
    they cover) into tables like ours with a primary key only, in this process ("stored"). Beside
    it, the floor as the benchmark first defined it ("value rows"): the values as rows of a table
    of their own (an id and the value's seven columns), the results without them. The two are
    timed in turn, the first alternating between runs."""
    from python_calamine import CalamineWorkbook

    with connection.cursor() as cursor:
        variants = {"stored": _floor_tables(cursor, value_rows=False),
                    "value rows": _floor_tables(cursor, value_rows=True)}
    empty_results()
    timings = {}
    for name in sorted(variants, reverse=run % 2 == 1):
        tables = variants[name]
        db_cpu = database_cpu()  # before the clock: it may wait
        started = time.perf_counter()
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)  # calamine reads the whole sheet here
        timings[f"{name} sheet loaded"] = time.perf_counter() - started
        count = sum(1 for _ in sheet.iter_rows())
        assert count >= len(tables[0][2])
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, rows in tables:
                with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        timings[name] = time.perf_counter() - started
        timings[f"{name} database cpu"] = None if db_cpu is None else database_cpu() - db_cpu
    with connection.cursor() as cursor:
        for tables in variants.values():
            for table, _columns, _rows in tables:
                cursor.execute(f"DROP TABLE {table}")
    return timings


# --- django-import-export -------------------------------------------------------------------------------

def import_export(office, plan, path: Path) -> float | None:
    try:
        import tablib
        from import_export import fields, resources, widgets
    except ImportError:
        print("django-import-export is not installed: pip install django-import-export (bench only)")
        return None
    from results.import_kinds import ResultImportKind

    kind = ResultImportKind()
    context = kind.prepare(user=office, options={"plan_version": plan.pk})
    columns = kind.columns(context)
    by_header = {column.template_header: column for column in columns}
    now = timezone.now()

    class ResultResource(resources.ModelResource):
        enterprise = fields.Field(attribute="enterprise", column_name="统一社会信用代码*",
                                  widget=widgets.ForeignKeyWidget(Enterprise, field="uscc"))
        product_name = fields.Field(attribute="product_name", column_name="产品名称*")
        brand = fields.Field(attribute="brand", column_name="品牌")
        model = fields.Field(attribute="model", column_name="型号")
        enterprise_standard = fields.Field(attribute="enterprise_standard", column_name="执行标准")
        plan_version = fields.Field(attribute="plan_version_id", column_name="plan_version")

        class Meta:
            model = BenchmarkResult
            import_id_fields = ("enterprise", "plan_version", "product_name", "brand", "model")
            fields = ("enterprise", "plan_version", "product_name", "brand", "model", "enterprise_standard")
            use_bulk = True
            batch_size = 2000
            skip_diff = True
            skip_unchanged = False

        def before_import_row(self, row, **kwargs):
            row["品牌"] = row.get("品牌") or ""
            row["型号"] = row.get("型号") or ""
            row["执行标准"] = row.get("执行标准") or ""

        def before_save_instance(self, instance, row, **kwargs):
            # The same verdict work as ours, with our cached engine (its fastest form).
            from core.imports.kinds import Row

            parsed = Row(0, [])
            for header, column in by_header.items():
                value = row.get(header)
                if value not in (None, ""):
                    parsed.values[column.key] = column.parse(value)
            values, given = kind._values(context, parsed)
            level, _gaps, _missing = context.verdicts.judge(given)
            instance.plan_version_id = plan.pk
            instance.category_id, instance.industry_id = context.category_id, context.industry_id
            instance.city_id, instance.province_id = instance.enterprise.city_id, instance.enterprise.province_id
            instance.status, instance.level = "published", level
            instance.published_at = now
            instance.values = values  # on the result's row, as ours stores them

    started = time.perf_counter()
    # What tablib's xlsx format does (openpyxl, read-only), less the title row above the header,
    # which tablib would take for the header.
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    header = [str(cell) for cell in next(rows)]
    dataset = tablib.Dataset(*((*row[:len(header)], plan.pk) for row in rows),
                             headers=[*header, "plan_version"])
    workbook.close()
    result = ResultResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    elapsed = time.perf_counter() - started
    assert not result.has_errors()
    return elapsed


def _seconds(value: float | None) -> str:
    return "not measured (the database is on another machine)" if value is None else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-import-export", action="store_true")
    args = parser.parse_args()
    assert connection.vendor == "postgresql", "run on PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    office, plan, codes = seed_scene()
    path = results_file(office, plan, codes, args.rows)
    runs, floors = [], []
    for run in range(args.runs):
        empty_results()
        measured = ours(office, plan, path)
        print(f"ours #{run + 1}: {measured['first']:.2f} s end to end ({measured['first_in_worker']:.2f} s in the "
              f"worker) {measured['first_counts']}; statistics folded {measured['fold']:.2f} s later "
              f"(equal to a rebuild: {measured['fold_equals_rebuild']}); again {measured['again']:.2f} s "
              f"{measured['again_counts']}; worker peak RSS {measured['peak_rss_mb']:.0f} MB "
              f"(idle {measured['baseline_rss_mb']:.0f} MB); CPU of the import: worker "
              f"{measured['first_worker_cpu']:.2f} s, database {_seconds(measured['first_database_cpu'])}")
        runs.append(measured)
        floors.append(floors_of(path, run=run))
        print(f"floor #{run + 1}: {floors[-1]['stored']:.2f} s (calamine read + COPY of the rows ours stored into "
              f"tables with a primary key only; database CPU {_seconds(floors[-1]['stored database cpu'])}); "
              f"with the values as rows {floors[-1]['value rows']:.2f} s")
    ours_median = statistics.median(r["first"] for r in runs)
    again_median = statistics.median(r["again"] for r in runs)
    floor_median = statistics.median(f["stored"] for f in floors)
    rows_median = statistics.median(f["value rows"] for f in floors)
    print(f"\nrows {args.rows}: ours min {min(r['first'] for r in runs):.2f} s, floor min "
          f"{min(f['stored'] for f in floors):.2f} s (values as rows {min(f['value rows'] for f in floors):.2f} s)")
    print(f"rows {args.rows}: ours {ours_median:.2f} s (re-import {again_median:.2f} s), floor {floor_median:.2f} s, "
          f"ours/floor {ours_median / floor_median:.2f}× (target ≤ 3×); against the floor with the values as rows "
          f"({rows_median:.2f} s) {ours_median / rows_median:.2f}×; statistics fold "
          f"{statistics.median(r['fold'] for r in runs) / ours_median:.1%} of the import (target ≤ 10 %); "
          f"worker peak RSS {max(r['peak_rss_mb'] for r in runs):.0f} MB")
    if runs[0]["first_database_cpu"] is not None:
        database_median = statistics.median(r["first_database_cpu"] for r in runs)
        loaded_median = statistics.median(f["stored sheet loaded"] for f in floors)
        print(f"rows {args.rows}: the database's own CPU for ours {database_median:.2f} s median = "
              f"{database_median / floor_median:.2f}× the floor's whole time; the sheet loaded by calamine (which "
              f"reads all of it before its first row) {loaded_median:.2f} s: ours cannot end before "
              f"{loaded_median + database_median:.2f} s = {(loaded_median + database_median) / floor_median:.2f}× "
              f"the floor, whatever its Python does; the worker's CPU "
              f"{statistics.median(r['first_worker_cpu'] for r in runs):.2f} s")
    if not args.skip_import_export:
        empty_results()
        elapsed = import_export(office, plan, path)
        if elapsed is not None:
            stored = BenchmarkResult.objects.count(), indicator_value_count()
            print(f"django-import-export: {elapsed:.1f} s for {stored[0]} results, {stored[1]} values; "
                  f"it/ours {elapsed / ours_median:.1f}× (target ≥ 10×)")
    empty_results()


if __name__ == "__main__":
    main()
