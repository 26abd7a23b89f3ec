"""Reads shared by views, the API and the admin."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet

from core.public_cache import cached_until_changed
from core.search import text_search

from .models import Industry, IndustryLevel, ProductCategory, Region, RegionLevel


def cities() -> QuerySet[Region]:
    """The campaign's cities: prefecture-level cities, the municipalities (北京市 …) and the county-level
    units their province administers directly (仙桃市, 济源市, 石河子市 …)."""
    return Region.objects.filter(city_id=F("code"))


@dataclass(frozen=True)
class ParticipationFigures:
    provinces: int
    cities: int
    pilot_cities: int


def participation_figures() -> ParticipationFigures:
    """Counted over ~3,500 region rows: bounded whatever the size of the campaign's data."""
    taking_part_cities = cities().filter(taking_part_since__isnull=False)
    return ParticipationFigures(
        provinces=Region.objects.filter(level=RegionLevel.PROVINCE, taking_part_since__isnull=False).count(),
        cities=taking_part_cities.count(),
        pilot_cities=taking_part_cities.filter(pilot_since__isnull=False).count(),
    )


def taking_part_provinces() -> QuerySet[Region]:
    """The provinces taking part in the campaign, for the public filters (one small query)."""
    return Region.objects.filter(level=RegionLevel.PROVINCE, taking_part_since__isnull=False).only(
        "code", "name", "name_en"
    ).order_by("code")


def taking_part_cities(province_code: str) -> QuerySet[Region]:
    """The cities of ``province_code`` taking part in the campaign, pilot cities flagged."""
    return cities().filter(province_id=province_code, taking_part_since__isnull=False).only(
        "code", "name", "name_en", "pilot_since", "province_id"
    ).order_by("code")


@dataclass(frozen=True)
class IndustryGroup:
    section: Any  # an industry's row: code, name_zh, name_en, level, parent_id
    divisions: list


def industry_choices() -> list[IndustryGroup]:
    """GB/T 4754 sections with their divisions, for a grouped select (one query)."""
    groups: dict[str, IndustryGroup] = {}
    divisions = []
    rows = Industry.objects.order_by("code").values_list("code", "name_zh", "name_en", "level", "parent_id", named=True)
    for industry in rows:
        if industry.level == IndustryLevel.SECTION:
            groups[industry.code] = IndustryGroup(industry, [])
        else:
            divisions.append(industry)
    for division in divisions:
        if division.parent_id in groups:
            groups[division.parent_id].divisions.append(division)
    return list(groups.values())


# --- the public filters' reference lists, cached ---------------------------------------------------
# Every public list page offers the same provinces, cities and industries; reading them costs a
# query per page view. They change only when regions are (re)loaded or imported, which bumps the
# publication generation like any publication. They are plain rows (named tuples: ``code``,
# ``name``, ``name_en`` …, what the options show), which cost half as much as model instances to
# build on a miss and to unpickle on every hit.


def provinces_for_filters() -> list:
    return cached_until_changed("provinces", lambda: list(
        taking_part_provinces().values_list("code", "name", "name_en", named=True)))


def cities_for_filters(province_code: str) -> list:
    if not (province_code.isdigit() and len(province_code) == 6):
        return []
    return cached_until_changed(f"cities:{province_code}", lambda: list(
        taking_part_cities(province_code).values_list("code", "name", "name_en", "pilot_since", named=True)))


def industries_for_filters() -> list[IndustryGroup]:
    return cached_until_changed("industries", industry_choices)


CATEGORY_MATCHES = 200  # categories a search may name (of 81,000 at scale 100; 口罩 names a few dozen)


def categories_named(text: str, *, every: bool = False) -> list[int]:
    """The ids of the product categories whose Chinese or English name holds ``text`` (their
    pairs index): at most ``CATEGORY_MATCHES`` for a search, which names them besides its own
    text, or ``every`` one for a filter by category name. Written out as ids, the planner
    combines them with the text's own index (a bitmap OR); as a subquery it tested every row."""
    named = ProductCategory.objects.filter(text_search(text, ("name_zh", "name_en"))).values_list("id", flat=True)
    return list(named if every else named[:CATEGORY_MATCHES])
