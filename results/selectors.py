"""Reads of results shared by the public pages and the API."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy

from benchmarking.models import ProductCategory, Region
from companies.models import Enterprise
from core.models import ReviewStatus
from plans.models import PlanIndicator, PlanVersion
from standards.models import Standard
from verdict import Level

from .indicator_values import encode_values
from .models import (
    BenchmarkResult,
    LeaderRank,
    StandardChangeFlag,
    StandardChangeNotice,
    TestReport,
    product_key_sql,
)

# What a text search of results looks in (core.search; the category's name is matched apart): the
# columns of the results' pairs index, in its order (migration 0025).
RESULT_TEXT = ("product_name", "brand", "model")


class _ValueCount(Func):
    """How many values a result's stored values hold (a JSON array's length), in the database."""

    function, output_field = "json_array_length", IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="json_array_length(%(expressions)s::json)", **extra)


def indicator_value_count(results: QuerySet[BenchmarkResult] | None = None) -> int:
    """How many indicator values ``results`` (every result) hold: counted where they are stored."""
    results = BenchmarkResult.objects.all() if results is None else results
    return results.order_by().aggregate(n=Coalesce(Sum(_ValueCount("values")), 0))["n"]


class StoredResult(NamedTuple):
    """A result of the plan version as an import finds it under its key: what the import would
    write over, to tell a row that changes nothing."""

    key: tuple[int, str, str, str]  # enterprise id, product name, brand, model
    id: int
    status: str
    coordinates: tuple[int, str, str, str]  # category, industry, city, province
    enterprise_standard: str
    level: str
    values: str  # their canonical text (``encode_values``)
    published_at: dt.datetime | None
    report_stored: bool  # the key's report number is stored on it, covering its tested values


def stored_results_by_key(version_id: int, keys: Iterable[tuple[int, str, str, str, str]]) -> list[StoredResult]:
    """The results of the plan version stored under ``keys`` (enterprise id, product name, brand,
    model, and the number of the test report a row names, or ''), found by their unique key, with
    what an import compares. On PostgreSQL the keys are joined as arrays, one exact look-up each;
    as ``IN`` lists of enterprises and names a batch of 2,000 cost an import ~100 ms instead of
    ~10 ms."""
    keys = list(keys)
    if not keys:
        return []
    if connection.vendor != "postgresql":
        report_of = {key[:4]: key[4] for key in keys}
        found = [row for row in BenchmarkResult.objects.filter(
            plan_version_id=version_id, enterprise_id__in={key[0] for key in keys},
            product_name__in={key[1] for key in keys},
        ).order_by().values_list("enterprise_id", "product_name", "brand", "model", "id", "status", "category_id",
                                 "industry_id", "city_id", "province_id", "enterprise_standard", "level", "values",
                                 "published_at") if row[:4] in report_of]
        covering = set(TestReport.objects.filter(result_id__in=[row[4] for row in found], covers_all_tested=True)
                       .values_list("result_id", "report_number"))
        return [StoredResult(row[:4], row[4], row[5], row[6:10], row[10], row[11], encode_values(row[12]), row[13],
                             (row[4], report_of[row[:4]]) in covering) for row in found]
    table = connection.ops.quote_name(BenchmarkResult._meta.db_table)
    reports = connection.ops.quote_name(TestReport._meta.db_table)
    with connection.cursor() as cursor:
        # Each key probes the unique index (LATERAL … LIMIT 1): as a join, a table analysed
        # before a large import made PostgreSQL hash all of the version's rows for every batch.
        # Its report likewise, one probe of the reports' result index (a scalar subquery with a
        # LIMIT): as EXISTS, PostgreSQL hashed every covering report for every batch instead.
        cursor.execute(
            f"SELECT k.enterprise_id, k.product_name, k.brand, k.model, r.id, r.status, r.category_id, "
            f"r.industry_id, r.city_id, r.province_id, r.enterprise_standard, r.level, r.indicator_values, "
            f"r.published_at, COALESCE((SELECT true FROM {reports} t WHERE t.result_id = r.id "
            f"AND t.report_number = k.report_number AND t.covers_all_tested LIMIT 1), false) "
            f"FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) AS k(enterprise_id, "
            f"product_name, brand, model, report_number) CROSS JOIN LATERAL (SELECT r.* FROM {table} r "
            f"WHERE r.enterprise_id = k.enterprise_id AND r.plan_version_id = %s "
            f"AND {product_key_sql('postgresql', 'r')} = {product_key_sql('postgresql', 'k')} "
            f"AND r.product_name = k.product_name AND r.brand = k.brand AND r.model = k.model LIMIT 1) r",
            [*(list(column) for column in zip(*keys, strict=True)), version_id],
        )
        return [StoredResult(row[:4], row[4], row[5], row[6:10], *row[10:]) for row in cursor.fetchall()]


def covered_by_reports(result: BenchmarkResult, *, tested: set[int]) -> set[int]:
    """The plan indicators the result's test reports cover: each one a report names, and every
    one of ``tested`` (those of its tested values) where a report covers all of them (an import's)."""
    if result.reports.filter(covers_all_tested=True).exists():
        return set(tested)
    return set(TestReport.indicators.through.objects.filter(testreport__result=result)
               .values_list("planindicator_id", flat=True))


def published_results() -> QuerySet[BenchmarkResult]:
    """Only what is published: never drafts, submissions, returned or withdrawn results."""
    return BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "enterprise", "category", "city", "province", "plan_version__plan"
    )


def published_result_rows() -> QuerySet[BenchmarkResult]:
    """The public list's and the API's rows: one page query with no join, then the page's
    enterprises, categories, regions and plans by key. PostgreSQL spends longer planning the
    six-join query of ``published_results()`` (~5 ms at scale 100) than running it, and joins
    every matching row before it sorts where a search reads the rows by key (``found_first``)."""
    regions = Region.objects.only("code", "name", "name_en")
    return (
        BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED)
        .only("id", "product_name", "brand", "model", "enterprise_standard", "level", "published_at",
              "enterprise_id", "category_id", "industry_id", "city_id", "province_id", "plan_version_id")
        .prefetch_related(
            Prefetch("enterprise", queryset=Enterprise.objects.only("id", "name", "uscc")),
            Prefetch("category", queryset=ProductCategory.objects.only("id", "name_zh", "name_en")),
            Prefetch("city", queryset=regions),
            Prefetch("province", queryset=regions),
            Prefetch("plan_version",
                     queryset=PlanVersion.objects.only("id", "number", "plan__code").select_related("plan")),
        )
    )


# --- standard-change notices ---------------------------------------------------------------------

def notices_of(user) -> QuerySet[StandardChangeNotice]:
    """The standard-change notices of the user's enterprise or institution (none for others)."""
    notices = StandardChangeNotice.objects.select_related("standard__replaced_by")
    if getattr(user, "enterprise_id", None):
        return notices.filter(enterprise_id=user.enterprise_id)
    if getattr(user, "institution_id", None):
        return notices.filter(institution_id=user.institution_id)
    return notices.none()


def notice_plan_versions(notice: StandardChangeNotice) -> QuerySet[PlanVersion]:
    """The party's plan versions compared with the notice's standard (flagged), newest first."""
    flagged = StandardChangeFlag.objects.filter(standard_id=notice.standard_id, result__isnull=True)
    versions = PlanVersion.objects.filter(pk__in=flagged.values("plan_version_id")).select_related("plan")
    party = {"plan__enterprise_id": notice.enterprise_id} if notice.enterprise_id else {
        "plan__institution_id": notice.institution_id, "plan__enterprise__isnull": True}
    return versions.filter(**party).order_by("plan__code", "-number")


def notice_results(notice: StandardChangeNotice) -> QuerySet[BenchmarkResult]:
    """The enterprise's published results compared with the notice's standard, each with the id
    of its latest successor (``successor_id``: benchmarked again), if any."""
    if not notice.enterprise_id:
        return BenchmarkResult.objects.none()
    flagged = StandardChangeFlag.objects.filter(standard_id=notice.standard_id, result__isnull=False)
    return (BenchmarkResult.objects.filter(pk__in=flagged.values("result_id"), enterprise_id=notice.enterprise_id,
                                           status=ReviewStatus.PUBLISHED)
            .select_related("plan_version__plan")
            .annotate(successor_id=Subquery(BenchmarkResult.objects.filter(predecessor=OuterRef("pk"))
                                            .order_by("-id").values("pk")[:1]))
            .order_by("product_name", "id"))


def standard_change_impact(standards: QuerySet[Standard] | None = None) -> QuerySet[Standard]:
    """For the campaign office: per changed standard, the plan versions and published results
    compared with it, and how many of those results were benchmarked again (have a successor),
    and how many of the re-benchmarks are published."""
    flags = StandardChangeFlag.objects.filter(standard_id=OuterRef("pk"))
    results = flags.filter(result__isnull=False, result__status=ReviewStatus.PUBLISHED)
    successors = BenchmarkResult.objects.filter(predecessor_id=OuterRef("result_id"))

    def count(queryset) -> Subquery:
        return Subquery(queryset.order_by().values("standard_id").annotate(n=Count("*")).values("n")[:1],
                        output_field=IntegerField())

    standards = Standard.objects.all() if standards is None else standards
    return (standards.filter(pk__in=StandardChangeFlag.objects.values("standard_id"))
            .select_related("replaced_by")
            .annotate(
                plans_affected=Coalesce(count(flags.filter(result__isnull=True)), 0),
                results_affected=Coalesce(count(results), 0),
                results_rebenchmarked=Coalesce(count(results.filter(Exists(successors))), 0),
                rebenchmarks_published=Coalesce(count(results.filter(
                    Exists(successors.filter(status=ReviewStatus.PUBLISHED)))), 0),
            ))


def standard_changes_of(standards: Iterable[Standard]) -> list[str]:
    """What a reader of a result must know of its compared ``standards`` (with ``replaced_by``
    read) today: “比对标准 YY 0469-2011 已被 YY 0469-2023 代替（2026-12-01 实施）”, one line per
    changed standard."""
    today = timezone.localdate()
    return [text for standard in standards if (text := standard.change_text(today))]


# --- improvement over time ---------------------------------------------------------------------------

def _rank(field: str) -> Case:
    """The level's rank in SQL (``Level.rank``): leading 2 > attained 1 > not attained 0."""
    return Case(*(When(**{field: level.value}, then=Value(level.rank)) for level in Level.stated()),
                default=Value(-1), output_field=IntegerField())


def improved_results() -> QuerySet[BenchmarkResult]:
    """Published results whose product's previous published result had a lower level: the
    products that moved up (未达标 → 达标, 达标 → 领先…). Served by the partial predecessor index:
    its cost follows the results that have a predecessor, a small part of all."""
    return (BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED, predecessor__isnull=False,
                                           predecessor__status=ReviewStatus.PUBLISHED)
            .alias(rank=_rank("level"), before=_rank("predecessor__level"))
            .filter(rank__gt=F("before")))


IMPROVEMENT_DIMENSIONS = {"month": "month", "city": "city_id", "province": "province_id", "industry": "industry_id"}


def improvements_by(dimension: str) -> list[dict]:
    """How many products moved up a level, per month of the later publication, city, province or
    industry (``IMPROVEMENT_DIMENSIONS``): the worker's count (``stats_refresh_summary``)."""
    rows = improved_results()
    if dimension == "month":
        rows = rows.annotate(key=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
    else:
        rows = rows.annotate(key=F(IMPROVEMENT_DIMENSIONS[dimension]))
    counted = rows.order_by().values("key").annotate(count=Count("id")).order_by("key")
    return [{"key": row["key"].strftime("%Y-%m") if dimension == "month" else row["key"], "count": row["count"]}
            for row in counted]


def product_history(result: BenchmarkResult, *, limit: int = 10) -> list[BenchmarkResult]:
    """The product's published results in order, oldest first, ``result`` among them: followed
    back through its predecessors and forward through its successors (each step one query; a
    product is rarely benchmarked more than a few times)."""
    published = BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).select_related("plan_version")
    before, current = [], result
    while current.predecessor_id and len(before) < limit:
        current = published.filter(pk=current.predecessor_id).first()
        if current is None:
            break
        before.append(current)
    after, current = [], result
    while len(after) < limit:
        current = published.filter(predecessor_id=current.pk).order_by("published_at", "id").first()
        if current is None:
            break
        after.append(current)
    return [*reversed(before), result, *after]


# --- 领跑者 ----------------------------------------------------------------------------------------

LEADER_RULE = gettext_lazy(
    "只有达标或领先的已发布结果参与排名。每个核心指标按各测试条件分别排名，数值换算为方案单位，越优者名次越前，"
    "数值相同名次相同；总排名只含在全部核心指标上都有数值的结果，按其各项名次的相对位置（第一名为 0，末名为 1）"
    "的平均值排序。排名由系统根据已发布的数值计算，结果发布或撤回后自动更新。")

@dataclass(frozen=True)
class LeaderColumn:
    """One ranking of a plan version: overall (``plan_indicator`` None) or one core indicator at
    one test condition, its best ``ranks`` with their results."""

    plan_indicator: PlanIndicator | None
    condition: str
    ranks: list[LeaderRank]


def plan_leaders(version: PlanVersion, *, top: int = 5) -> list[LeaderColumn]:
    """The 领跑者 candidates of a version as the worker ranked them: the overall ranking first,
    then each core indicator in the plan's order; two queries whatever the number of results."""
    ranks = list(LeaderRank.objects.filter(plan_version=version, rank__lte=top)
                 .select_related("result__enterprise", "plan_indicator__indicator")
                 .order_by("plan_indicator__position", "plan_indicator_id", "condition", "rank", "result_id"))
    columns: dict[tuple, LeaderColumn] = {}
    for rank in ranks:
        key = (rank.plan_indicator_id, rank.condition)
        if key not in columns:
            columns[key] = LeaderColumn(rank.plan_indicator, rank.condition, [])
        columns[key].ranks.append(rank)
    overall = [column for key, column in columns.items() if key[0] is None]
    return overall + [column for key, column in columns.items() if key[0] is not None]
