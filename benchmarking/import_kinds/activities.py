"""The activities kind: mobilisation meetings, online trainings, publicity articles, lectures.

One row per activity; natural key: kind, title, date and region (none for national ones). The
table has no unique constraint on that key (a region may be empty), so the writer looks the
activities up itself, under an advisory lock that keeps two imports from creating one twice.
Empty optional cells of an existing activity leave what is stored.
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
from core.imports.cells import labelled_choice, url
from core.imports.kinds import Column, ImportKind, Row, WriteCounts, check_day
from core.imports.staging import MemoryWriter
from core.public_cache import Area, publication_changed

from ..models import ActivityKind
from ..services import activities_write_imported
from .lookups import RegionCache, refresh_summary_later

KIND_PARSER, KIND_LABELS = labelled_choice(ActivityKind, extra={"会议": ActivityKind.MEETING,
                                                                  "培训": ActivityKind.TRAINING,
                                                                  "文章": ActivityKind.ARTICLE,
                                                                  "讲座": ActivityKind.LECTURE})



@dataclass(frozen=True)
class ActivityRecord:
    kind: str
    title_zh: str
    held_on: dt.date
    region_id: str | None
    title_en: str | None
    attendances: int | None
    summary: str | None
    url: str | None

    @property
    def key(self) -> tuple:
        return (self.kind, self.title_zh, self.held_on, self.region_id)


@dataclass
class ActivityContext:
    regions: RegionCache = field(default_factory=RegionCache)
    today: dt.date = field(default_factory=timezone.localdate)
    columns: dict[str, Column] = field(default_factory=dict)


def _attendances(value) -> int:
    number = cells.integer(value)
    if number < 0:
        raise cells.CellError(_("不能为负数。"))
    return number


class ActivityImportKind(ImportKind):
    name = "activities"
    label = gettext_lazy("宣传培训活动")
    natural_key_label = gettext_lazy("类型、标题、日期、地区")
    allowed_rule = is_campaign_office

    def prepare(self, *, user, options) -> ActivityContext:
        context = ActivityContext()
        context.columns = {column.key: column for column in self._columns()}
        return context

    def _columns(self) -> list[Column]:
        return [
            Column("kind", "类型", parse=KIND_PARSER, required=True, choices=KIND_LABELS, width=14,
                   aliases=("kind", "type", "activity type", "活动类型"), example=KIND_LABELS[0]),
            Column("title_zh", "标题", parse=cells.text(max_length=200), required=True, width=36,
                   aliases=("title", "title (Chinese)", "活动名称", "中文标题"),
                   example="深圳市对标达标提升专项行动动员会"),
            Column("title_en", "英文标题", parse=cells.text(max_length=200), width=30,
                   aliases=("title (English)", "english title")),
            Column("region", "地区代码", parse=cells.region_code, width=14, number_format="@",
                   aliases=("region code", "region", "行政区划代码"), example="440300",
                   help=_("举办地的 GB/T 2260 代码（省、市或区县）；全国性活动留空。")),
            Column("held_on", "日期", parse=cells.date, required=True, width=14, number_format="yyyy-mm-dd",
                   aliases=("date", "held on", "活动日期", "举办日期", "发布日期"), example="2021-06-15",
                   help=_("举办（文章为发布）的日期，不能晚于今天。")),
            Column("attendances", "参加人次", parse=_attendances, width=12,
                   aliases=("attendances", "participants", "参加人数", "人次"), example="120",
                   help=_("非负整数；宣传文章填 0 或留空。")),
            Column("summary", "摘要", parse=cells.text(max_length=5000), width=40,
                   aliases=("summary", "简介", "内容摘要")),
            Column("url", "链接", parse=url, width=30, aliases=("url", "link", "网址"),
                   help=_("以 http:// 或 https:// 开头。")),
        ]

    def columns(self, context: ActivityContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context) -> list[str]:
        return [
            _("每行一项活动；类型、标题、日期和地区都相同的行视为同一活动，再次导入时更新而不是重复新增。"),
            _("选填列留空时，已有活动的该项保持不变。"),
        ]

    def natural_key(self, context: ActivityContext, row: Row) -> Hashable:
        return row.record.key

    def validate(self, context: ActivityContext, rows: list[Row]) -> None:
        columns = context.columns
        context.regions.load(row.values["region"] for row in rows)
        for row in rows:
            v = row.values
            region = context.regions.require(row, columns["region"], v["region"])
            check_day(row, columns["held_on"], v["held_on"], today=context.today)
            if v["kind"] == ActivityKind.ARTICLE and v["attendances"]:
                row.error(_("宣传文章没有参加人次，请填 0 或留空。"), columns["attendances"])
            if not row.ok:
                continue
            row.record = ActivityRecord(
                kind=v["kind"], title_zh=v["title_zh"], held_on=v["held_on"],
                region_id=region.code if region is not None else None,
                title_en=v["title_en"] or None, attendances=v["attendances"], summary=v["summary"] or None,
                url=v["url"] or None,
            )

    def writer(self, context: ActivityContext) -> MemoryWriter:
        return MemoryWriter(activities_write_imported)

    def after_commit(self, context: ActivityContext, counts: WriteCounts) -> None:
        if counts.created or counts.updated:
            publication_changed(Area.PLACES, Area.STATISTICS)
            refresh_summary_later()

    def summary(self, context: ActivityContext, counts: WriteCounts) -> str:
        return _("活动：新增 %(created)d 项，更新 %(updated)d 项，无变化 %(unchanged)d 项。") % {
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
