"""Reads of the statistics: the home page, the dashboards, the region pages, ``/api/v1/stats/…``
and the xlsx report read ``StatCount`` rows only, so their cost follows the number of provinces,
cities, categories and months, not the number of results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import CharField, Q, Sum
from django.db.models.functions import Cast
from django.utils import translation
from django.utils.translation import get_language

from benchmarking.models import Industry, ProductCategory, Region, Sector
from verdict import Level

from .models import StatCount
from .services.statistics import ALL_LEVELS, ENTERPRISES, IMPROVED, SUMMARY

LEVELS = (Level.LEADING, Level.ATTAINED, Level.NOT_ATTAINED)


@dataclass
class LevelCounts:
    key: str
    name: str = ""
    name_en: str = ""
    leading: int = 0
    attained: int = 0
    not_attained: int = 0
    enterprises: int = 0

    @property
    def total(self) -> int:
        return self.leading + self.attained + self.not_attained

    @property
    def label(self) -> str:
        return self.name_en if self.name_en and get_language() == "en" else self.name or self.key

    def add(self, level: str, count: int) -> None:
        if level in Level.values:
            setattr(self, level, getattr(self, level) + count)

    def level_items(self) -> list[dict]:
        """The three levels as chart items, leading first: [{key, name, value}, …]."""
        return [{"key": level.value, "name": str(level.label), "value": getattr(self, level.value)}
                for level in LEVELS]

    def as_dict(self) -> dict:
        return {
            "key": self.key, "name": self.name, "name_en": self.name_en, "total": self.total,
            "leading": self.leading, "attained": self.attained, "not_attained": self.not_attained,
        }


def _by_key(rows: Iterable[StatCount]) -> dict[str, LevelCounts]:
    grouped: dict[str, LevelCounts] = {}
    for row in rows:
        grouped.setdefault(row.key, LevelCounts(key=row.key)).add(row.level, row.count)
    return grouped


def _cells(dimension: str, scope: str = "") -> list[StatCount]:
    return list(StatCount.objects.filter(dimension=dimension, scope=scope).only("key", "level", "count"))


# --- the campaign in numbers ------------------------------------------------------------------

def summary() -> dict[str, int]:
    """Headline counts plus published results by level: one query."""
    rows = StatCount.objects.filter(dimension__in=[SUMMARY, "all"]).only("dimension", "key", "level", "count")
    figures: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.dimension == SUMMARY:
            figures[row.key] = row.count
        else:
            figures["results"] += row.count
            figures[f"results_{row.level}"] += row.count
    for level in LEVELS:
        figures.setdefault(f"results_{level.value}", 0)
    figures.setdefault("results", 0)
    return dict(figures)


def by_province() -> list[LevelCounts]:
    """Every province with published results or registered enterprises, busiest first."""
    counts = _by_key(_cells("province"))
    for row in StatCount.objects.filter(dimension=ENTERPRISES).only("scope", "count"):
        counts.setdefault(row.scope, LevelCounts(key=row.scope)).enterprises += row.count
    return _named_regions(counts)


def by_city(province: str) -> list[LevelCounts]:
    counts = _by_key(_cells("city", province))
    for row in StatCount.objects.filter(dimension=ENTERPRISES, scope=province).only("key", "count"):
        counts.setdefault(row.key, LevelCounts(key=row.key)).enterprises += row.count
    return _named_regions(counts)


def _named_regions(counts: dict[str, LevelCounts]) -> list[LevelCounts]:
    counts.pop("", None)
    for code, name, name_en in Region.objects.filter(code__in=list(counts)).values_list("code", "name", "name_en"):
        counts[code].name, counts[code].name_en = name, name_en
    return sorted(counts.values(), key=lambda c: (-c.total, -c.enterprises, c.key))


def by_sector() -> list[LevelCounts]:
    """The three sectors, named in Chinese and English like the industries and regions."""
    counts = _by_key(_cells("sector"))
    with translation.override("zh-hans"):
        chinese = {sector.value: str(sector.label) for sector in Sector}
    with translation.override("en"):
        english = {sector.value: str(sector.label) for sector in Sector}
    return [
        _labelled(counts.get(str(sector.value), LevelCounts(key=str(sector.value))), chinese[sector.value],
                  english[sector.value])
        for sector in Sector
    ]


def _labelled(counts: LevelCounts, name: str, name_en: str = "") -> LevelCounts:
    counts.name, counts.name_en = name, name_en
    return counts


def by_industry() -> list[LevelCounts]:
    """Industries (GB/T 4754 divisions) with published results, most first."""
    counts = _by_key(_cells("industry"))
    for code, name, name_en in Industry.objects.filter(code__in=list(counts)).values_list("code", "name_zh", "name_en"):
        counts[code].name, counts[code].name_en = name, name_en
    return sorted(counts.values(), key=lambda c: (-c.total, c.key))


def by_month(*, city: str = "") -> list[LevelCounts]:
    """Published results per month, oldest first (for one city when given)."""
    rows = _cells("city_month", city) if city else _cells("month")
    return sorted(_by_key(rows).values(), key=lambda c: c.key)


def by_category(*, city: str = "", limit: int | None = None) -> list[LevelCounts]:
    """Product categories with the most published results (of one city when given): the
    all-levels cells ranked by the index on count, then their levels for those keys only."""
    dimension = "city_category" if city else "category"
    totals = StatCount.objects.filter(dimension=dimension, scope=city, level=ALL_LEVELS, count__gt=0).order_by(
        "-count", "key"
    )
    keys = list((totals[:limit] if limit is not None else totals).values_list("key", flat=True))
    counts = _by_key(
        StatCount.objects.filter(dimension=dimension, scope=city, key__in=keys).exclude(level=ALL_LEVELS)
        .only("key", "level", "count")
    )
    ranked = [counts[key] for key in keys if key in counts]
    ids = [int(c.key) for c in ranked if c.key.isdigit()]
    names = {str(pk): (zh, en) for pk, zh, en in
             ProductCategory.objects.filter(pk__in=ids).values_list("pk", "name_zh", "name_en")}
    for row in ranked:
        row.name, row.name_en = names.get(row.key, (row.key, ""))
    return ranked


def published_in_categories(category_ids: Iterable[int]) -> int:
    """How many published results the categories hold, as the statistics last counted: an
    estimate (a publication counts once a worker folds it), read from the all-levels cells."""
    keys = [str(pk) for pk in category_ids]
    if not keys:
        return 0
    return StatCount.objects.filter(dimension="category", scope="", level=ALL_LEVELS, key__any_of=keys).aggregate(
        total=Sum("count"))["total"] or 0


# The public list's filters that one statistics dimension counts, with the dimension: a list
# filtered by these alone (and by a level) is as long as the cells say.
COUNTED_FILTERS = {
    frozenset(): "all",
    frozenset({"province"}): "province",
    frozenset({"city"}): "city",
    frozenset({"province", "city"}): "city",
    frozenset({"industry"}): "industry",
    frozenset({"category"}): "category",
}


def counted_results(filters: Mapping[str, object]) -> int | None:
    """How many published results the list filtered by ``filters`` (a ``PublishedResultFilter``'s
    cleaned data) holds, as the statistics last counted them: a publication counts once a worker
    folds it, so this is an estimate. None where no dimension counts that combination of filters
    (a text search, a plan, a province with an industry …) or no cell holds it."""
    given = {name: value for name, value in filters.items() if value not in (None, "")}
    level = given.pop("level", "")
    dimension = COUNTED_FILTERS.get(frozenset(given))
    if dimension is None:
        return None
    cells = StatCount.objects.filter(dimension=dimension, level__in=[level] if level else Level.stated())
    if dimension == "province":
        cells = cells.filter(scope="", key=given["province"])
    elif dimension == "city":
        # A city counts within its province: the province named, or the city's own.
        scopes = [given["province"]] if "province" in given else Region.objects.filter(
            code=given["city"]).values("province_id")
        cells = cells.filter(scope__in=scopes, key=given["city"])
    elif dimension == "industry":  # a division, or a section letter: every division in it
        code = given["industry"]
        cells = cells.filter(scope="", key__in=Industry.objects.filter(Q(code=code) | Q(parent_id=code))
                             .values("code"))
    elif dimension == "category":  # the filter names the category's code, the cells its id
        cells = cells.filter(scope="", key__in=ProductCategory.objects.filter(code=given["category"])
                             .values(key=Cast("id", CharField())))
    counts = list(cells.values_list("count", flat=True))
    return sum(counts) if counts else None


def levels(*, city: str = "", province: str = "") -> LevelCounts:
    """Published results by level: the whole campaign, a province or a city."""
    if city:
        region = Region.objects.only("province_id").get(pk=city)
        rows = StatCount.objects.filter(dimension="city", scope=region.province_id, key=city)
    elif province:
        rows = StatCount.objects.filter(dimension="province", key=province)
    else:
        rows = StatCount.objects.filter(dimension="all")
    total = LevelCounts(key=city or province)
    for row in rows.only("level", "count"):
        total.add(row.level, row.count)
    return total


# --- one region -------------------------------------------------------------------------------

@dataclass
class RegionNumbers:
    """What a province or city page shows of its published work."""

    region: Region
    levels: LevelCounts
    enterprises: int
    months: list[LevelCounts] = field(default_factory=list)
    top_categories: list[LevelCounts] = field(default_factory=list)
    cities: list[LevelCounts] = field(default_factory=list)  # a province's cities

    @property
    def results(self) -> int:
        return self.levels.total


def city_enterprises(city: str) -> int:
    """Registered enterprises of one city (counted by the worker with the headline figures)."""
    return sum(StatCount.objects.filter(dimension=ENTERPRISES, key=city).values_list("count", flat=True))


def region_numbers(region: Region, *, top: int = 10) -> RegionNumbers:
    if region.is_city:
        return RegionNumbers(
            region=region, levels=levels(city=region.code), enterprises=city_enterprises(region.code),
            months=by_month(city=region.code), top_categories=by_category(city=region.code, limit=top),
        )
    cities = by_city(region.code)
    return RegionNumbers(
        region=region, levels=levels(province=region.code), enterprises=sum(c.enterprises for c in cities),
        cities=cities,
    )


def improvements(by: str) -> list[dict]:
    """Products that moved up a level per month, city, province or industry (``by``), as the
    worker counted them with the headline figures."""
    rows = StatCount.objects.filter(dimension=IMPROVED, scope=by).order_by("key").values_list("key", "count")
    return [{"key": key, "count": count} for key, count in rows]


def improved_in(city: str) -> int:
    """Products of one city that moved up a level."""
    return sum(StatCount.objects.filter(dimension=IMPROVED, scope="city", key=city).values_list("count", flat=True))
