"""The public home page: the campaign in numbers, the tile-grid map and the charts.

Part of the composition root (it reads the statistics of ``results``). Every figure comes from
the statistics tables (``results.stats_selectors``): a handful of queries over rows whose number
follows the provinces, sectors, industries and months, never the results. The page is cached
until the next publication (``cached_public_page``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from benchmarking.models import Region
from benchmarking.reference.regions import PROVINCE_TILE_GRID, short_name
from results import stats_selectors

TOP_CATEGORIES = 10
TOP_INDUSTRIES = 10

FIGURES = (
    ("provinces", gettext_noop("参与省份"), "bi-map"),
    ("cities", gettext_noop("参与城市"), "bi-buildings"),
    ("pilot_cities", gettext_noop("试点城市"), "bi-flag"),
    ("enterprises", gettext_noop("参与企业"), "bi-building"),
    ("plans", gettext_noop("已发布对标技术方案"), "bi-journal-text"),
    ("results", gettext_noop("已发布产品对标结果"), "bi-clipboard-check"),
    ("categories", gettext_noop("覆盖产品类别"), "bi-tags"),
    ("institutions", gettext_noop("已认定第三方机构"), "bi-patch-check"),
    ("activities", gettext_noop("宣传培训活动"), "bi-megaphone"),
    ("improved", gettext_noop("已提升产品"), "bi-graph-up-arrow"),
)


def _stacked(rows, *, label=lambda row: row.label) -> dict[str, Any]:
    return {
        "names": [label(row) for row in rows],
        "series": [{"key": level.value, "name": str(level.label), "values": [getattr(row, level.value) for row in rows]}
                   for level in stats_selectors.LEVELS],
    }


def tile_map(provinces) -> list[dict[str, Any]]:
    """One square per province in its approximate place; provinces with no data still get a tile."""
    by_code = {row.key: row for row in provinces}
    names = {code: (name, name_en) for code, name, name_en in
             Region.objects.filter(code__in=list(PROVINCE_TILE_GRID)).values_list("code", "name", "name_en")}
    tiles = []
    for code, (row, column) in PROVINCE_TILE_GRID.items():
        counts = by_code.get(code)
        name, name_en = names.get(code, (code, ""))
        tiles.append({
            "code": code, "x": column, "y": row,
            "name": name_en if name_en and get_language() == "en" else short_name(name),
            "results": counts.total if counts else 0,
            "enterprises": counts.enterprises if counts else 0,
        })
    return tiles


def home_context() -> dict[str, Any]:
    figures = stats_selectors.summary()
    provinces = stats_selectors.by_province()
    tiles = tile_map(provinces)
    months = stats_selectors.by_month()
    categories = stats_selectors.by_category(limit=TOP_CATEGORIES)
    industries = stats_selectors.by_industry()[:TOP_INDUSTRIES]
    sectors = stats_selectors.by_sector()
    level_totals = stats_selectors.levels()
    return {
        "figures": [{"key": key, "name": _(label), "icon": icon, "value": figures.get(key, 0)}
                    for key, label, icon in FIGURES],
        "provinces": provinces[:10],
        "charts": {
            "map": tiles,
            "levels": level_totals.level_items(),
            "sectors": [{"key": row.key, "name": row.label, "value": row.total} for row in sectors],
            "industries": _stacked(list(reversed(industries))),
            "months": _stacked(months, label=lambda row: row.key),
            "categories": _stacked(list(reversed(categories))),
            "labels": {
                "results": _("已发布结果"), "enterprises": _("参与企业"), "no_results": _("暂无已发布结果"),
                "few": _("少"), "many": _("多"),
            },
        },
    }
