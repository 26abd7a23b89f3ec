"""Product benchmarking results: values, verdicts, test reports and review events, streamed in
chunks so that a large demo never holds all its rows at once."""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import itertools
import multiprocessing
import os
import random
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator

from results.indicator_values import encode_values
from results.models import BenchmarkResult, ResultEvent, TestReport

from .. import names
from .context import RESULTS_FROM, RESULTS_UNTIL, SeedContext, at_office_hours, day_between, extra, months_between
from .parties import EnterpriseIndex, InstitutionIndex, WeightedPicker
from .plans import DRAFT, PUBLISHED, RETURNED, SUBMITTED, Actors, PlanBook, PlanInfo
from .values import ATTAINED, LEADING, NOT_ATTAINED, generate, level_of

CHUNK = 4000  # results a task generates (whole categories, so a task may hold more)
# Tasks a worker generates before a fresh one is forked in its place: reading the inherited
# categories and plans writes their reference counts, so a worker copies the pages of every one it
# touches, and going through the categories it would end up with a copy of most of them.
TASKS_PER_WORKER = 25
STATUSES = (PUBLISHED, DRAFT, SUBMITTED, RETURNED)
COMEBACK_SHARE = 0.7
MOST_PER_ENTERPRISE = 40.0  # relative to the least active enterprise
COLUMNS = {
    BenchmarkResult: ("id", "enterprise_id", "plan_version_id", "category_id", "industry_id", "city_id", "province_id",
                      "product_name", "brand", "model", "enterprise_standard", "status", "level",
                      "created_at", "updated_at", "submitted_at", "published_at", "predecessor_id",
                      "improvement_measures", "improvement_due", "values"),
    ResultEvent: ("result_id", "actor_id", "actor_name", "from_status", "to_status", "reason", "created_at"),
    TestReport: ("result_id", "institution_id", "issuer_name", "report_number", "issued_on", "covers_all_tested"),
}
TARGETS = ((LEADING, 0.15), (ATTAINED, 0.60), (NOT_ATTAINED, 0.25))
RESULT_RETURN_REASONS = (
    "检测报告未加盖 CMA 资质认定标志，请补充有效报告。",
    "产品型号与检测报告所列型号不一致，请核对。",
    "部分指标只填写了企业标准值，缺少实测值。",
    "检测报告出具日期已超过一年，请提供近期报告。",
    "执行标准编号有误，请填写企业标准自我声明公开的编号。",
    "实测值的单位与方案要求不一致，请换算后重新填写。",
)
# What an enterprise short of the benchmark says it will do (shown with the product's history).
RESULT_MEASURES = (
    "引进在线检测设备，关键指标实现全数检验，下一批次产品重新送检。",
    "对照国际先进标准修订企业标准，调整原材料配比与工艺参数。",
    "与第三方检测机构开展比对试验，建立指标提升台账，按季度复测。",
    "开展工艺攻关，改进关键工序，提升产品一致性与可靠性。",
)
REPORT_PREFIXES = ("WT", "JC", "BG", "QT", "SJ")
STANDARD_LETTERS = "ABCDEFGHJKLMNPQRSTWXYZ"


def _month_weights(months: list[dt.date]) -> list[float]:
    """Publications grow as the campaign spreads, dip at the Spring Festival, peak at year end."""
    weights = []
    for i, month in enumerate(months):
        weight = 1.0 + 0.09 * i
        weight *= {2: 0.45, 6: 1.25, 11: 1.3, 12: 1.7}.get(month.month, 1.0)
        weights.append(weight)
    return weights


class ResultCalendar:
    def __init__(self):
        self.months = months_between(RESULTS_FROM, RESULTS_UNTIL)
        self.cumulative = list(itertools.accumulate(_month_weights(self.months)))

    def published_day(self, rng: random.Random, earliest: dt.date, latest: dt.date = RESULTS_UNTIL) -> dt.date:
        earliest, latest = max(earliest, RESULTS_FROM), min(latest, RESULTS_UNTIL)
        if earliest >= latest:
            return latest
        first = bisect.bisect_right(self.months, earliest) - 1
        last = bisect.bisect_right(self.months, latest) - 1
        below = self.cumulative[first - 1] if first else 0.0
        index = bisect.bisect_right(self.cumulative, below + rng.random() * (self.cumulative[last] - below))
        month = self.months[min(index, last)]
        month_end = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1) - dt.timedelta(days=1)
        return day_between(rng, max(month, earliest), min(month_end, latest))


class ResultWriter:
    def __init__(self, ctx, enterprises, plans, institutions, actors, category_names, city_names):
        self.ctx, self.enterprises, self.plans = ctx, enterprises, plans
        self.institutions, self.actors = institutions, actors
        self.category_names, self.city_names = category_names, city_names
        self.category_industry: dict[int, str] = {}
        self.rng = ctx.fork("results")  # drawn afresh per category: see ``generate_task``
        self.calendar = ResultCalendar()
        self.rows: dict[type, list[tuple]] = {m: [] for m in COLUMNS}
        # A category nobody is accredited for is tested by a general laboratory, never by one
        # whose name says it tests something else.
        self.fallback_testers = institutions.general_testers or sorted(
            {i for ids in institutions.testers_by_category.values() for i in ids})
        self.levels: Counter[tuple[str, str]] = Counter()
        self.result_ids: Iterator[int] = iter(())

    def add_enterprise(self, pos: int, statuses: list[str]) -> None:
        rng, e = self.rng, self.enterprises
        brands = [names.brand(rng) for _ in range(rng.choice((1, 1, 1, 2)))]
        standard_prefix = "Q/" + "".join(rng.choice(STANDARD_LETTERS) for _ in range(rng.randint(2, 4)))
        used: set[tuple] = set()
        candidates = self.plans.candidates(e.category[pos], pos)
        own = self.plans.own_by_enterprise.get(pos, [])
        # A product short of a plan that gets a second version comes back against it (its next
        # published result), usually having improved: the product histories of the public pages.
        comebacks: list[tuple[PlanInfo, tuple[str, str, str], int, dt.datetime]] = []
        for status in statuses:
            if status == PUBLISHED and comebacks:
                revision, product, predecessor, after = comebacks.pop()
                self._result(pos, revision, status, *product, standard_prefix, target=self._better(),
                             predecessor=predecessor, after=after)
                continue
            plan = rng.choice(own) if own and rng.random() < 0.5 else rng.choice(candidates)
            if plan.superseded_at is not None and not self._room_before(pos, plan, status):
                plan = self.plans.revisions[plan.version_id]
            while True:
                brand = rng.choice(brands)
                key = (plan.version_id, names.product_name(rng, self.category_names[plan.category_id], brand), brand,
                       names.model_code(rng))
                if key not in used:
                    used.add(key)
                    break
            result_id, level, published_at = self._result(pos, plan, status, *key[1:], standard_prefix)
            revision = self.plans.revisions.get(plan.version_id)
            if revision is not None and level == NOT_ATTAINED and status == PUBLISHED and rng.random() < COMEBACK_SHARE:
                comebacks.append((revision, key[1:], result_id, max(published_at, revision.published_at)))

    def _target(self) -> str:
        draw, total = self.rng.random(), 0.0
        for level, share in TARGETS:
            total += share
            if draw < total:
                return level
        return NOT_ATTAINED

    def _room_before(self, pos: int, plan: PlanInfo, status: str) -> bool:
        """Whether a result of ``status`` fits against a version before it was superseded: only
        a published one, submitted and published in between."""
        earliest = max(plan.published_at.date(), self.enterprises.created[pos]) + dt.timedelta(days=15)
        return status == PUBLISHED and earliest + dt.timedelta(days=30) < plan.superseded_at.date()

    def _better(self) -> str:
        return LEADING if self.rng.random() < 0.35 else ATTAINED

    def _result(self, pos: int, plan: PlanInfo, status: str, product: str, brand: str, model: str,
                standard_prefix: str, *, target: str | None = None, predecessor: int | None = None,
                after: dt.datetime | None = None) -> tuple[int, str, dt.datetime | None]:
        """Write one result; its id, level and publication moment."""
        rng, e = self.rng, self.enterprises
        result_id = next(self.result_ids)
        values = generate(rng, plan.slots, target or self._target())
        level = level_of(plan.verdicts, values)
        earliest = max(plan.published_at.date(), e.created[pos], after.date() if after else RESULTS_FROM)
        earliest += dt.timedelta(days=15)
        # Nothing happens to a result before its plan is published and its enterprise registered.
        floor = max(plan.published_at, at_office_hours(rng, e.created[pos])) + dt.timedelta(days=1)
        published_at = returned_at = None
        if status == PUBLISHED:
            latest = plan.superseded_at.date() - dt.timedelta(days=1) if plan.superseded_at else RESULTS_UNTIL
            day = self.calendar.published_day(rng, earliest, latest)
            published_at = at_office_hours(rng, day)
            submitted_at = max(published_at - dt.timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 5)),
                               floor)
        elif status == DRAFT:
            submitted_at = None
        else:
            start = max(earliest, dt.date(2023, 11, 1) if status == SUBMITTED else dt.date(2023, 9, 1))
            submitted_at = at_office_hours(rng, day_between(rng, start, dt.date(2023, 12, 20)))
            if status == RETURNED:
                returned_at = submitted_at + dt.timedelta(days=rng.randint(2, 10), hours=rng.randint(0, 5))
        anchor = submitted_at or at_office_hours(rng, day_between(rng, max(earliest, dt.date(2023, 10, 1)),
                                                                  dt.date(2023, 12, 28)))
        created_at = min(anchor, max(anchor - dt.timedelta(days=rng.randint(5, 40), hours=rng.randint(0, 8)), floor))
        updated_at = max(t for t in (created_at, submitted_at, returned_at, published_at) if t is not None)
        category, ids = plan.category_id, plan.plan_indicator_ids
        measures, due = "", None
        if level == NOT_ATTAINED and published_at is not None and rng.random() < 0.5:
            measures = rng.choice(RESULT_MEASURES)
            due = published_at.date() + dt.timedelta(days=rng.randint(180, 420))
        self.rows[BenchmarkResult].append((
            result_id, e.ids[pos], plan.version_id, category, self.category_industry[category], e.city[pos],
            e.province[pos], product, brand, model,
            f"{standard_prefix} {rng.randint(1, 30):03d}-{created_at.year - rng.randint(0, 2)}",
            status, level, created_at, updated_at, submitted_at, published_at, predecessor,
            measures, due,
            encode_values((ids[v.key], v.declared, v.tested, v.passed, v.unit, v.condition) for v in values),
        ))
        self._events(result_id, pos, status, created_at, submitted_at, returned_at, published_at)
        if rng.random() < (0.3 if status == DRAFT else 0.65):
            self._report(result_id, plan.category_id, created_at)
        self.levels[(str(status), level)] += 1
        return result_id, level, published_at

    def _events(self, result_id, pos, status, created_at, submitted_at, returned_at, published_at) -> None:
        if status == DRAFT:
            return
        rng, e, actors = self.rng, self.enterprises, self.actors
        author = actors.enterprise if pos == e.demo else None
        author_name = e.contact[pos]
        reviewer = actors.city if e.city[pos] == actors.city_code else None
        reviewer_name = f"{self.city_names[e.city[pos]]}对标达标工作办公室"
        events = []
        if status == PUBLISHED and rng.random() < 0.08 and submitted_at - created_at > dt.timedelta(days=12):
            # Returned once, corrected, then approved: all between creation and the last submission.
            first = created_at + (submitted_at - created_at) * rng.uniform(0.1, 0.4)
            returned = first + (submitted_at - first) * rng.uniform(0.2, 0.6)
            events += [(author, author_name, DRAFT, SUBMITTED, "", first),
                       (reviewer, reviewer_name, SUBMITTED, RETURNED, rng.choice(RESULT_RETURN_REASONS), returned),
                       (author, author_name, RETURNED, SUBMITTED, "", submitted_at)]
        else:
            events.append((author, author_name, DRAFT, SUBMITTED, "", submitted_at))
        if status == RETURNED:
            events.append((reviewer, reviewer_name, SUBMITTED, RETURNED, rng.choice(RESULT_RETURN_REASONS),
                           returned_at))
        if status == PUBLISHED:
            events.append((reviewer, reviewer_name, SUBMITTED, PUBLISHED, "", published_at))
        self.rows[ResultEvent].extend((result_id, *event) for event in events)

    def _report(self, result_id: int, category: int, created_at: dt.datetime) -> None:
        rng = self.rng
        testers = self.institutions.testers_by_category.get(category) or self.fallback_testers
        if not testers:
            return
        institution = rng.choice(testers)
        issued = (created_at - dt.timedelta(days=rng.randint(0, 60))).date()
        self.rows[TestReport].append((
            result_id, institution, "",  # named by the institution's row
            # Numbered by the result: unique whichever process generates it.
            f"{rng.choice(REPORT_PREFIXES)}{issued.year}-{result_id:07d}", issued, True,
        ))

    def generate_task(self, task: Task) -> tuple[list[tuple[type, tuple[str, ...], list[tuple]]], Counter]:
        """The rows of one task's results (COLUMNS' tables, parents first) and their levels.

        Each category draws from its own stream, so the data set is the same whichever process
        generates which task, and however many processes there are."""
        self.levels = Counter()
        for stream, enterprises in task:
            self.rng = self.ctx.fork(stream)
            for pos, first_id, codes in enterprises:
                self.result_ids = iter(range(first_id, first_id + len(codes)))
                self.add_enterprise(pos, [STATUSES[code] for code in codes])
        rows, self.rows = self.rows, {model: [] for model in COLUMNS}
        return [(model, COLUMNS[model], model_rows) for model, model_rows in rows.items()], self.levels


# One task: whole categories, each as its random stream's name and its enterprises as (position,
# first result id, status codes).
Task = list[tuple[str, list[tuple[int, int, bytes]]]]


def by_category(enterprises: EnterpriseIndex) -> Iterator[tuple[int, array]]:
    """Enterprise positions category by category, so that the plans of a category (and the
    specs built for them) are used together."""
    positions: dict[int, array] = {}
    for pos, category in enumerate(enterprises.category):
        positions.setdefault(category, array("I")).append(pos)
    for category in sorted(positions):
        yield category, positions[category]


def plan_tasks(enterprises: EnterpriseIndex, per_enterprise: array, statuses: bytearray,
               first_id: int, first: Task) -> Iterator[Task]:
    """The results to generate, cut into tasks of whole categories of about CHUNK results; each
    enterprise's results take the next ids and statuses in category order. ``first`` opens the
    first task: a task of a few rows written first would have PostgreSQL plan any per-row check
    of the whole load (the foreign keys', when they were kept up during it) against a one-page
    table, as sequential scans it then keeps."""
    task: Task = list(first)
    size = cursor = 0
    # A category's stream is named by its place in the order, not by its id: a seed after a flush
    # gives the categories new ids, and the same data.
    for ordinal, (_category, positions) in enumerate(by_category(enterprises)):
        mine = []
        for pos in positions:
            n = per_enterprise[pos]
            if n:
                mine.append((pos, first_id + cursor, bytes(statuses[cursor:cursor + n])))
                cursor += n
                size += n
        if mine:
            task.append((f"results:{ordinal}", mine))
        if size >= CHUNK:
            yield task
            task, size = [], 0
    if task:
        yield task


_generator: ResultWriter | None = None  # what a forked worker generates with (inherited, never pickled)


def _generate(task: Task):
    return _generator.generate_task(task)


def generated(writer: ResultWriter, tasks: Iterable[Task], processes: int):
    """Each task's rows, in task order: from ``processes`` forked workers, each holding a copy of
    the (read-only) enterprises and plans, where the platform can fork; in this process otherwise.

    Generating is pure Python (values, verdicts, dates): one process keeps one core busy while
    PostgreSQL takes a quarter of another, so workers generate and this process only writes."""
    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(writer.generate_task, tasks)
        return
    global _generator
    _generator = writer
    # The pool would queue every task at once and keep every result it is not yet asked for: a
    # window of tasks in flight keeps memory flat however far the workers run ahead of the writes.
    window = threading.Semaphore(2 * processes + 2)
    stopped = False

    def released(tasks: Iterable[Task]) -> Iterator[Task]:
        for task in tasks:
            window.acquire()
            if stopped:  # the writes failed: the pool is being torn down and joins this thread
                return
            yield task

    # The workers' copies of the inherited objects stay shared pages only while nothing writes to
    # them; the collector would, by marking every object it visits (reference counts still do:
    # hence the workers' bounded lives, ``TASKS_PER_WORKER``).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes, maxtasksperchild=TASKS_PER_WORKER) as pool:
            try:
                for rows in pool.imap(_generate, released(tasks)):
                    yield rows
                    window.release()
            finally:
                stopped = True
                window.release()
    finally:
        gc.unfreeze()
        _generator = None


def default_processes() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def build_results(ctx: SeedContext, enterprises: EnterpriseIndex, plans: PlanBook, institutions: InstitutionIndex,
                  actors: Actors, category_names: dict[int, str], category_industry: dict[int, str],
                  city_names: dict[str, str], processes: int | None = None) -> dict[tuple[str, str], int]:
    out = ResultWriter(ctx, enterprises, plans, institutions, actors, category_names, city_names)
    out.category_industry = category_industry
    rng = ctx.fork("result-allocation")
    n_published = ctx.n("published_results")
    pools = {PUBLISHED: n_published, DRAFT: extra(n_published, 0.03), SUBMITTED: extra(n_published, 0.025),
             RETURNED: extra(n_published, 0.015)}
    # The demo enterprise shows every state; the rest are dealt out at random.
    demo_statuses = [PUBLISHED] * min(2, n_published) + [RETURNED, SUBMITTED, DRAFT]
    for status in demo_statuses:
        pools[status] -= 1
    # One byte per result to come (3.4 million at scale 100), an index into STATUSES.
    statuses = bytearray(code for code, status in enumerate(STATUSES) for _ in range(max(0, pools[status])))
    rng.shuffle(statuses)

    active = array("I", (pos for pos in range(len(enterprises)) if pos != enterprises.demo
                         and plans.has_candidates(enterprises.category[pos], pos)))
    # A few enterprises benchmark many models, most one or two; capped so that no single one
    # (a draw from the tail) outweighs a whole province or category.
    picker = WeightedPicker(active, (min(rng.paretovariate(1.6), MOST_PER_ENTERPRISE) for _ in active))
    per_enterprise = array("I", [0]) * len(enterprises)
    for _ in statuses:
        per_enterprise[picker.pick(rng)] += 1
    ids = ctx.writer.ids(BenchmarkResult, len(statuses) + len(demo_statuses))
    demo = [("results:demo", [(enterprises.demo, ids.start, bytes(STATUSES.index(s) for s in demo_statuses))])]
    tasks = plan_tasks(enterprises, per_enterprise, statuses, ids.start + len(demo_statuses), first=demo)
    levels: Counter = Counter()
    for rows, task_levels in generated(out, tasks, default_processes() if processes is None else processes):
        for model, columns, model_rows in rows:
            ctx.writer.write_rows(model, columns, model_rows)
        levels.update(task_levels)
    return dict(levels)
