"""The xlsx statistics report of the campaign office (everything) or of a city office (its city):
pandas pivot tables over the statistics rows, never over the results themselves."""

from __future__ import annotations

import io

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from benchmarking.models import ProductCategory, Region, Sector
from core.export_rows import safe_cell
from verdict import Level

from .models import StatCount

LEVEL_NAMES = {level.value: str(level.label) for level in Level}


def _frame(dimension: str, *, scope: str | None = None) -> pd.DataFrame:
    rows = StatCount.objects.filter(dimension=dimension)
    if scope is not None:
        rows = rows.filter(scope=scope)
    frame = pd.DataFrame.from_records(rows.values("scope", "key", "level", "count"),
                                      columns=["scope", "key", "level", "count"])
    frame["count"] = frame["count"].astype("int64")
    return frame


def _pivot(frame: pd.DataFrame, *, index: str, columns: str, index_name: str, column_names: dict[str, str],
           column_order: list[str], chronological: bool = False) -> pd.DataFrame:
    """Rows by their total, largest first; ``chronological`` rows (months, "YYYY-MM") in time order."""
    total = _("合计")
    if frame.empty:
        return pd.DataFrame(columns=[index_name, *[column_names[c] for c in column_order], total])
    table = frame.pivot_table(index=index, columns=columns, values="count", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=column_order, fill_value=0).rename(columns=column_names)
    table[total] = table.sum(axis=1)
    table = table.sort_index() if chronological else table.sort_values(total, ascending=False)
    table.loc[total] = table.sum(axis=0)
    table.index.name = index_name
    return table.reset_index()


def _names(frame: pd.DataFrame, field: str, names: dict[str, str]) -> pd.DataFrame:
    frame[field] = frame[field].map(lambda code: safe_cell(names.get(code, code)))
    return frame


def _region_names(codes) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def _category_names(keys) -> dict[str, str]:
    ids = [int(k) for k in keys if str(k).isdigit()]
    return {str(pk): name for pk, name in ProductCategory.objects.filter(pk__in=ids).values_list("pk", "name_zh")}


SECTOR_NAMES = {str(s.value): str(s.label) for s in Sector}
SECTOR_ORDER = [str(s.value) for s in Sector]
LEVEL_ORDER = [Level.LEADING.value, Level.ATTAINED.value, Level.NOT_ATTAINED.value]


def _level_sheet(dimension: str, *, scope: str | None, index_name: str, names,
                 chronological: bool = False) -> pd.DataFrame:
    frame = _frame(dimension, scope=scope)
    frame = _names(frame, "key", names(frame["key"].unique()))
    return _pivot(frame, index="key", columns="level", index_name=index_name, column_names=LEVEL_NAMES,
                  column_order=LEVEL_ORDER, chronological=chronological)


def report_sheets(*, city: Region | None = None) -> dict[str, pd.DataFrame]:
    """Sheet name → table. The campaign's report when ``city`` is None, else that city's."""
    if city is None:
        by_sector = _frame("province_sector")
        by_sector = _names(by_sector, "scope", _region_names(by_sector["scope"].unique()))
        return {
            _("省份×三次产业"): _pivot(by_sector, index="scope", columns="key", index_name=_("省份"),
                                    column_names=SECTOR_NAMES, column_order=SECTOR_ORDER),
            _("产品类别×对标结论"): _level_sheet("category", scope=None, index_name=_("产品类别"),
                                           names=_category_names),
            _("省份×对标结论"): _level_sheet("province", scope=None, index_name=_("省份"), names=_region_names),
            _("月份×对标结论"): _level_sheet("month", scope=None, index_name=_("月份"), names=lambda keys: {},
                                         chronological=True),
        }
    by_sector = _frame("city_sector", scope=city.code)
    by_sector["scope"] = city.name
    return {
        _("三次产业"): _pivot(by_sector, index="scope", columns="key", index_name=_("城市"),
                            column_names=SECTOR_NAMES, column_order=SECTOR_ORDER),
        _("产品类别×对标结论"): _level_sheet("city_category", scope=city.code, index_name=_("产品类别"),
                                       names=_category_names),
        _("月份×对标结论"): _level_sheet("city_month", scope=city.code, index_name=_("月份"),
                                    names=lambda keys: {}, chronological=True),
    }


def report_xlsx(*, city: Region | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, table in report_sheets(city=city).items():
            table.to_excel(writer, sheet_name=name[:31], index=False)
            sheet = writer.sheets[name[:31]]
            sheet.column_dimensions["A"].width = 28
            sheet.freeze_panes = "B2"
    return buffer.getvalue()


def report_filename(*, city: Region | None = None) -> str:
    stamp = timezone.localdate().strftime("%Y%m%d")
    return f"stats-{city.code if city else 'campaign'}-{stamp}.xlsx"
