"""The regions kind: which provinces and cities take part in the campaign, and the pilot cities.

One row per region (natural key: its GB/T 2260 code). Regions are loaded from the code list
(``manage.py load_reference``), so the import only updates existing rows — a code that does not
exist is an error, never a new region. A county does not take part by itself; a pilot is a city
(a prefecture-level city or a municipality) and became one no earlier than it took part. An empty
pilot cell leaves the stored pilot date as it is: withdrawing a pilot is a decision taken in the
admin, not a side effect of a column missing from a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office
from core.imports import cells
from core.imports.kinds import Column, ImportKind, Row, WriteCounts, check_day
from core.imports.staging import MemoryWriter
from core.public_cache import Area, publication_changed

from ..models import Region, RegionLevel
from ..services import regions_write_participation
from .lookups import RegionCache, refresh_summary_later


@dataclass
class RegionContext:
    regions: RegionCache = field(default_factory=RegionCache)
    today: dt.date = field(default_factory=timezone.localdate)
    columns: dict[str, Column] = field(default_factory=dict)


class RegionImportKind(ImportKind):
    name = "regions"
    label = gettext_lazy("参与地区与试点城市")
    natural_key_label = gettext_lazy("行政区划代码")
    allowed_rule = is_campaign_office

    def prepare(self, *, user, options) -> RegionContext:
        context = RegionContext()
        context.columns = {column.key: column for column in self._columns()}
        return context

    def _columns(self) -> list[Column]:
        return [
            Column("code", "行政区划代码", parse=cells.region_code, required=True, width=16, number_format="@",
                   aliases=("region code", "code", "区划代码", "地区代码", "GB/T 2260"), example="440300",
                   help=_("GB/T 2260 六位代码，省级（如 440000）或城市（如 440300）；地区须已在平台的区划表中。")),
            Column("name", "名称", parse=cells.text(max_length=60), width=16,
                   aliases=("name", "region", "地区名称", "地区"), example="深圳市",
                   help=_("仅供核对：填写时须与代码对应的名称一致。")),
            Column("taking_part_since", "参与行动日期", parse=cells.date, required=True, width=16,
                   number_format="yyyy-mm-dd", aliases=("taking part since", "participation date", "参与日期"),
                   example="2021-03-01", help=_("该省份或城市参与百城千业万企对标达标提升专项行动的日期。")),
            Column("pilot_since", "试点城市日期", parse=cells.date, width=16, number_format="yyyy-mm-dd",
                   aliases=("pilot since", "pilot date", "试点日期"), example="2021-06-01",
                   help=_("仅城市可填：成为试点城市的日期，不早于参与日期。留空则保持原状（取消试点请在后台操作）。")),
        ]

    def columns(self, context: RegionContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context) -> list[str]:
        return [
            _("每行一个省份或城市，以行政区划代码为准；导入只更新已有地区的参与和试点信息，不会新增地区。"),
            _("区县不单独参与行动；试点城市只能是地级市或直辖市。"),
        ]

    def natural_key(self, context: RegionContext, row: Row) -> Hashable:
        return row.record[0]

    def validate(self, context: RegionContext, rows: list[Row]) -> None:
        columns = context.columns
        context.regions.load(row.values["code"] for row in rows)
        for row in rows:
            v = row.values
            region = context.regions.require(row, columns["code"], v["code"])
            taking_part, pilot = v["taking_part_since"], v["pilot_since"]
            check_day(row, columns["taking_part_since"], taking_part, today=context.today)
            check_day(row, columns["pilot_since"], pilot, today=context.today)
            if region is None:
                continue
            if v["name"] and not region.name.startswith(v["name"]):
                row.error(_("代码 %(code)s 是“%(name)s”，与填写的名称不符。") % {
                    "code": region.code, "name": region.name}, columns["name"])
            if region.level != RegionLevel.PROVINCE and not region.is_city:
                row.error(_("%(name)s（%(code)s）是区县，只有省份和城市可以登记参与行动。") % {
                    "name": region.name, "code": region.code}, columns["code"])
            if pilot is not None and not region.is_city:
                row.error(_("%(name)s 不是城市，不能登记为试点城市。") % {"name": region.name}, columns["pilot_since"])
            if pilot is not None and taking_part is not None and pilot < taking_part:
                row.error(_("试点城市日期 %(pilot)s 早于参与行动日期 %(since)s。") % {
                    "pilot": pilot.isoformat(), "since": taking_part.isoformat()}, columns["pilot_since"])
            if row.ok:
                row.record = (region.code, taking_part, pilot)
        self._check_stored_pilots(context, [row for row in rows if row.ok and row.record[2] is None])

    def _check_stored_pilots(self, context: RegionContext, rows: list[Row]) -> None:
        """A kept pilot date must still be no earlier than the new taking-part date."""
        if not rows:
            return
        pilots = dict(Region.objects.filter(code__in=[row.record[0] for row in rows], pilot_since__isnull=False)
                      .values_list("code", "pilot_since"))
        for row in rows:
            code, taking_part, _pilot = row.record
            stored = pilots.get(code)
            if stored is not None and stored < taking_part:
                row.error(_("该城市已于 %(pilot)s 成为试点城市，参与行动日期不能晚于该日期。") % {
                    "pilot": stored.isoformat()}, context.columns["taking_part_since"])
                row.record = None

    def writer(self, context: RegionContext) -> MemoryWriter:
        return MemoryWriter(regions_write_participation)

    def after_commit(self, context: RegionContext, counts: WriteCounts) -> None:
        if counts.updated:
            publication_changed(Area.PLACES, Area.STATISTICS)
            refresh_summary_later()

    def summary(self, context: RegionContext, counts: WriteCounts) -> str:
        return _("参与地区：更新 %(updated)d 个，无变化 %(unchanged)d 个。") % {
            "updated": counts.updated, "unchanged": counts.unchanged}
