"""The standards kind of the import engine (``core.imports``): standards with their
requirements (the library's limits per indicator, grade and test condition).

One row per requirement: the standard's columns (code, titles, kind, issuing body in Chinese and
in English, country, status, replacing standard, dates) repeated on each of its rows, then the
requirement's (the indicator by its key or Chinese name, grade, lower and upper limit, unit, test
condition, source). A row without an indicator lists the standard alone. Natural keys: the
standard's code (parsed and normalised with ``standards.codes``; the kind, when not given, is
guessed from its prefix) and, for a requirement, standard, indicator, grade and test condition —
the table's unique constraint.

Requirements are checked with the verdict engine's own rules (``verdict.plan``): limits
that fit the indicator's direction (higher is better: a lower limit only; lower is better: an
upper limit only; a range: either or both; pass/fail: none) and a unit that converts to the
indicator's (pint, through ``verdict.units``). Indicators come from the library: an unknown one
is an error, so that the same indicator is not created twice under two spellings.

Standards are written first, then requirements, by ``standards.services.standards_write_imported``
(through a ``MemoryWriter``: the library holds thousands of standards, not millions). An import
adds and updates; it deletes nothing. Empty optional cells of an existing standard or requirement
keep what is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office
from core.imports import cells
from core.imports.cells import labelled_choice
from core.imports.errors import CellError
from core.imports.kinds import GROUP_BATCH, Column, ImportKind, Row, WriteCounts, check_day
from core.imports.staging import MemoryWriter
from core.public_cache import Area, publication_changed
from verdict import Direction, IndicatorSpec, PlanProblemKind, PlanSpec, RequirementSpec, plan_problems
from verdict.plausibility import bounds_in, default_range

from .codes import ParsedStandardCode, StandardCodeError, guess_kind, parse_standard_code
from .models import Indicator, Standard, StandardKind, StandardStatus
from .services import StandardRecord, standards_write_imported

KIND_PARSER, KIND_LABELS = labelled_choice(StandardKind)
STATUS_PARSER, STATUS_LABELS = labelled_choice(StandardStatus, extra={"有效": StandardStatus.IN_FORCE,
                                                                       "已废止": StandardStatus.WITHDRAWN,
                                                                       "作废": StandardStatus.WITHDRAWN})
STANDARD_FIELDS = ("title_zh", "title_en", "kind", "issuing_body", "issuing_body_en", "country", "status",
                   "replaced_by", "published_on", "effective_on", "withdrawn_on")
REQUIRED_STANDARD_FIELDS = ("title_zh",)
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def standard_code(value: Any) -> ParsedStandardCode:
    try:
        return parse_standard_code(cells.code_text(value))
    except StandardCodeError as error:
        raise CellError(str(error)) from None


def country(value: Any) -> str:
    text = cells.code_text(value).upper()
    if not _COUNTRY.match(text):
        raise CellError(_("请填写 ISO 3166 两位字母代码，如 CN、US；区域标准填 EU，国际标准留空。"))
    return text


@dataclass(frozen=True)
class IndicatorFacts:
    pk: int
    key: str
    name: str
    unit: str
    direction: str
    is_difference: bool
    possible_minimum: float | None = None
    possible_maximum: float | None = None

    def possible_range_in(self, unit: str) -> dict[str, float | None]:
        """For an IndicatorSpec in ``unit``: the indicator's possible range (stated, else the unit's)."""
        stated = (self.possible_minimum, self.possible_maximum)
        bounds = stated if stated != (None, None) else default_range(self.unit, self.direction, self.is_difference)
        low, high = bounds_in(bounds, self.unit, unit, self.is_difference)
        return {"possible_minimum": low, "possible_maximum": high}


def load_indicators(cache: dict[str, IndicatorFacts | None], rows: list[Row]) -> None:
    """Look the batch's indicators up by key and by Chinese name into ``cache`` (two queries);
    shared by every kind whose rows name indicators (standards, plans)."""
    names = {row.values[k] for row in rows for k in ("indicator", "indicator_name") if row.values[k]}
    names -= cache.keys()
    if not names:
        return
    fields = ("pk", "key", "name_zh", "unit", "direction", "is_difference", "possible_minimum", "possible_maximum")
    for found in Indicator.objects.filter(key__in=names).values_list(*fields):
        cache[found[1]] = IndicatorFacts(*found)
    by_name: dict[str, list] = {}
    for found in Indicator.objects.filter(name_zh__in=names).values_list(*fields):
        by_name.setdefault(found[2], []).append(found)
    for name, found in by_name.items():
        # A Chinese name two indicators share identifies neither: the key must be given.
        cache.setdefault(f"name:{name}", IndicatorFacts(*found[0]) if len(found) == 1 else None)
    for name in names:
        cache.setdefault(name, None)
        cache.setdefault(f"name:{name}", None)


def indicator_of(cache: dict[str, IndicatorFacts | None], row: Row, columns) -> IndicatorFacts | None:
    """The row's indicator from ``load_indicators``' cache, or None with the reason on the row."""
    key, name = row.values["indicator"], row.values["indicator_name"]
    if key:
        found = cache.get(key)
        if found is None:
            row.error(_("标准库中没有标识为“%(key)s”的技术指标（请先在后台“技术指标”中添加）。") % {"key": key},
                      columns["indicator"])
        elif name and name != found.name:
            row.error(_("指标“%(key)s”的名称是“%(name)s”，与填写的不符。") % {"key": key, "name": found.name},
                      columns["indicator_name"])
        return found
    found = cache.get(f"name:{name}")
    if found is None:
        row.error(_("标准库中没有名称为“%(name)s”的技术指标，或有多个同名指标（请填写指标标识）。")
                  % {"name": name}, columns["indicator_name"])
    return found


@dataclass
class StandardContext:
    columns: dict[str, Column]
    today: dt.date = field(default_factory=timezone.localdate)
    first: dict[str, tuple[int, dict]] = field(default_factory=dict)  # code → (first line, its values)
    stored: dict[str, dict | None] = field(default_factory=dict)  # code → the stored standard's fields
    codes_in_file: set[str] = field(default_factory=set)
    indicators: dict[str, IndicatorFacts | None] = field(default_factory=dict)  # by key and by Chinese name


class StandardImportKind(ImportKind):
    name = "standards"
    label = gettext_lazy("标准及指标要求")
    natural_key_label = gettext_lazy("标准号、指标、等级、测试条件")
    batch_size = GROUP_BATCH
    allowed_rule = is_campaign_office

    def prepare(self, *, user, options) -> StandardContext:
        return StandardContext(columns={c.key: c for c in self._columns()})

    def _columns(self) -> list[Column]:
        return [
            Column("code", "标准号", parse=standard_code, required=True, width=22, number_format="@",
                   aliases=("standard code", "code", "standard", "standard number", "标准编号"),
                   example="GB 2626-2019", help=_("如 GB 2626-2019、EN 149:2001+A1:2009、ISO 16900-1:2014；"
                                                  "同一标准的各行填写相同的标准信息。")),
            Column("title_zh", "中文名称", parse=cells.text(max_length=300), required=True, width=30,
                   aliases=("title", "chinese title", "title (Chinese)", "标准名称"),
                   example="呼吸防护 自吸过滤式防颗粒物呼吸器"),
            Column("title_en", "英文名称", parse=cells.text(max_length=300), width=30,
                   aliases=("english title", "title (English)")),
            Column("kind", "类别", parse=KIND_PARSER, choices=KIND_LABELS, width=18,
                   aliases=("kind", "type", "standard kind", "标准类别"),
                   help=_("留空时按标准号的代号判断（GB 为强制性国家标准，GB/T 为推荐性国家标准，"
                          "ISO 为国际标准……）。")),
            Column("issuing_body", "发布机构", parse=cells.text(max_length=200), width=20,
                   aliases=("issuing body", "issuer", "publisher", "发布单位")),
            # After "发布机构": a header folds to its text before a trailing "(…)" too, and that
            # short form must keep naming the Chinese column.
            Column("issuing_body_en", "发布机构（英文）", parse=cells.text(max_length=200), width=20,
                   aliases=("issuing body (English)", "english issuing body", "issuer (English)", "发布机构英文",
                            "发布单位（英文）")),
            Column("country", "国家/地区", parse=country, width=10,
                   aliases=("country", "国家", "country code"), example="CN",
                   help=_("ISO 3166 两位字母代码，如 CN、US；区域标准填 EU，国际标准留空。")),
            Column("status", "状态", parse=STATUS_PARSER, choices=STATUS_LABELS, width=10,
                   aliases=("status", "标准状态"), help=_("留空时新标准为“现行”，已有标准保持原状态。")),
            Column("replaced_by", "代替标准号", parse=standard_code, width=22, number_format="@",
                   aliases=("replaced by", "被代替为", "替代标准"),
                   help=_("状态为“被代替”时可填：代替它的标准，须已在标准库中或在本文件中。")),
            Column("published_on", "发布日期", parse=cells.date, width=13, number_format="yyyy-mm-dd",
                   aliases=("published on", "publication date")),
            Column("effective_on", "实施日期", parse=cells.date, width=13, number_format="yyyy-mm-dd",
                   aliases=("effective on", "effective date")),
            Column("withdrawn_on", "废止日期", parse=cells.date, width=13, number_format="yyyy-mm-dd",
                   aliases=("withdrawn on", "withdrawal date")),
            Column("indicator", "指标标识", parse=cells.text(max_length=80), width=16,
                   aliases=("indicator key", "indicator", "key"), example="filtration",
                   help=_("标准库中技术指标的标识；也可只填“指标名称”。本行只登记标准时两列都留空。")),
            Column("indicator_name", "指标名称", parse=cells.text(max_length=120), width=16,
                   aliases=("indicator name", "技术指标"), example="过滤效率"),
            Column("grade", "等级", parse=cells.text(max_length=30), default="", width=10,
                   aliases=("grade", "class", "级别"), example="KN95"),
            Column("minimum", "下限", parse=cells.number, width=10,
                   aliases=("minimum", "min", "lower limit", "最小值")),
            Column("maximum", "上限", parse=cells.number, width=10,
                   aliases=("maximum", "max", "upper limit", "最大值")),
            Column("unit", "单位", parse=cells.text(max_length=30), default="", width=10, aliases=("unit",),
                   help=_("限值的单位，须能换算为指标的单位（如 Pa、mbar、mmH2O）；留空表示与指标单位相同。")),
            Column("condition", "测试条件", parse=cells.text(max_length=120), default="", width=18,
                   aliases=("condition", "test condition"), example="85 L/min"),
            Column("source", "出处", parse=cells.text(max_length=300), width=24,
                   aliases=("source", "reference", "条款")),
        ]

    def columns(self, context: StandardContext) -> list[Column]:
        return list(context.columns.values())

    def instructions(self, context) -> list[str]:
        return [
            _("每行一条指标要求：标准信息在同一标准的各行重复填写，后面是该标准对一个指标（某一等级、某一测试条件）的限值；"
              "只登记标准、不登记指标要求时，指标两列留空。"),
            _("标准号、指标、等级和测试条件都相同的行视为同一条要求，再次导入时更新而不是重复新增；导入不会删除已有的标准或要求。"),
            _("越高越好的指标只填下限，越低越好的只填上限，区间至少填一个，合格/不合格的指标不填限值。"),
            _("指标须已在标准库中（在后台“技术指标”中添加）。选填列留空时，已有标准或要求的该项保持不变。"),
        ]

    def natural_key(self, context: StandardContext, row: Row) -> Hashable:
        record: StandardRecord = row.record
        requirement = record.requirement
        if requirement is None:
            return (record.code, None, "", "")
        return (record.code, requirement["indicator_id"], requirement["grade"], requirement["condition"])

    # --- rows ----------------------------------------------------------------------------------------

    def validate(self, context: StandardContext, rows: list[Row]) -> None:
        self._load(context, rows)
        for row in rows:
            parsed: ParsedStandardCode = row.values["code"]
            standard = self._standard(context, row, parsed)
            requirement = self._requirement(context, row, parsed.code)
            if row.ok:
                row.record = StandardRecord(
                    line=row.line, code=parsed.code, prefix=parsed.prefix, number=parsed.number, year=parsed.year,
                    standard=standard, requirement=requirement,
                )

    def _load(self, context: StandardContext, rows: list[Row]) -> None:
        codes = {row.values["code"].code for row in rows}
        context.codes_in_file |= codes
        references = {row.values["replaced_by"].code for row in rows if row.values["replaced_by"]}
        wanted = (codes | references) - context.stored.keys()
        if wanted:
            for stored in Standard.objects.filter(code__in=wanted).values("code", *STANDARD_FIELDS):
                context.stored[stored["code"]] = stored
            for code in wanted:
                context.stored.setdefault(code, None)
        load_indicators(context.indicators, rows)

    def _standard(self, context: StandardContext, row: Row, parsed: ParsedStandardCode) -> dict[str, Any]:
        columns, v = context.columns, row.values
        stored = context.stored.get(parsed.code)
        values = {name: v[name] for name in STANDARD_FIELDS}
        replaced_by = values["replaced_by"]
        values["replaced_by"] = replaced_by.code if replaced_by else None
        first_line, first = context.first.setdefault(parsed.code, (row.line, dict(values)))
        if first_line != row.line:
            for name in STANDARD_FIELDS:
                given, stated = values[name], first.get(name)
                if name in REQUIRED_STANDARD_FIELDS or (given is not None and given != "" and stated not in (None, "")):
                    if given != stated:
                        row.error(_("与第 %(line)d 行（同一标准）填写的不一致。") % {"line": first_line}, columns[name])
                elif given not in (None, ""):
                    first[name] = given
        if values["kind"] is None and stored is None and not guess_kind(parsed.prefix):
            row.error(_("无法由代号“%(prefix)s”判断标准类别，请填写类别。") % {"prefix": parsed.prefix},
                      columns["kind"])
        # What the standard will be: the row's values over the stored ones.
        effective = {}
        for name in STANDARD_FIELDS:
            for source in (values, first, stored or {}):
                if source.get(name) not in (None, ""):
                    effective[name] = source[name]
                    break
            else:
                effective[name] = None
        status = effective["status"] or StandardStatus.IN_FORCE
        replacement = values["replaced_by"]
        if replacement:
            if replacement == parsed.code:
                row.error(_("标准不能被自己代替。"), columns["replaced_by"])
            elif replacement not in context.codes_in_file and context.stored.get(replacement) is None:
                row.error(_("未找到代替标准 %(code)s：须已在标准库中或在本文件中。") % {"code": replacement},
                          columns["replaced_by"])
        # A standard in force may name its replacement or its withdrawal date ahead of time: the
        # daily run changes its status when that date arrives. A date already past contradicts it.
        withdrawn_on = effective["withdrawn_on"]
        if withdrawn_on is not None and status == StandardStatus.IN_FORCE and withdrawn_on <= context.today:
            row.error(_("废止日期 %(date)s 已过，状态不能为“现行”。") % {"date": withdrawn_on.isoformat()},
                      columns["withdrawn_on"])
        if withdrawn_on is not None and status == StandardStatus.WITHDRAWN and withdrawn_on > context.today:
            row.error(_("废止日期 %(date)s 尚未到来，状态应为“现行”。") % {"date": withdrawn_on.isoformat()},
                      columns["withdrawn_on"])
        published, effective_on = effective["published_on"], effective["effective_on"]
        if published is not None and effective_on is not None and effective_on < published:
            row.error(_("实施日期 %(effective)s 早于发布日期 %(published)s。") % {
                "effective": effective_on.isoformat(), "published": published.isoformat()}, columns["effective_on"])
        check_day(row, columns["published_on"], values["published_on"], today=context.today)
        for name in ("effective_on", "withdrawn_on"):
            if values[name] is not None and values[name].year < 1900:
                row.error(_("“%(text)s”不是有效的日期。") % {"text": values[name].isoformat()}, columns[name])
        if stored is None:
            values["kind"] = values["kind"] or first.get("kind") or guess_kind(parsed.prefix)
            values["status"] = status
        return values

    def _requirement(self, context: StandardContext, row: Row, code: str) -> dict[str, Any] | None:
        columns, v = context.columns, row.values
        limits_given = any(v[k] not in (None, "") for k in ("minimum", "maximum", "unit", "condition", "source"))
        if not (v["indicator"] or v["indicator_name"]):
            if limits_given or v["grade"]:
                row.error(_("填写了指标要求，但没有填写指标。"), columns["indicator"])
            return None
        indicator = indicator_of(context.indicators, row, context.columns)
        if indicator is None:
            return None
        minimum, maximum, unit = v["minimum"], v["maximum"], v["unit"]
        spec = PlanSpec(
            indicators=(IndicatorSpec(indicator.key, indicator.name, indicator.unit, indicator.direction,
                                      indicator.is_difference, **indicator.possible_range_in(indicator.unit)),),
            requirements=(RequirementSpec(indicator.key, code, minimum, maximum, unit, v["condition"], v["grade"],
                                          is_benchmark=True),),
        )
        direction = Direction(indicator.direction)
        for problem in plan_problems(spec):
            if problem.kind == PlanProblemKind.LIMITS_DO_NOT_FIT_DIRECTION:
                row.error(_("指标“%(name)s”%(direction)s：越高越好只填下限，越低越好只填上限，区间至少填一个且下限不大于上限，"
                            "合格/不合格不填限值。") % {"name": indicator.name, "direction": direction.label},
                          columns["minimum"])
            elif problem.kind == PlanProblemKind.IMPOSSIBLE_LIMIT:
                row.error(_("指标“%(name)s”的限值超出它可能的取值范围（如阻力不能为负、含量不超过 100 %%）。")
                          % {"name": indicator.name}, columns["minimum"])
            elif problem.kind in (PlanProblemKind.UNKNOWN_UNIT, PlanProblemKind.INCOMPATIBLE_UNITS):
                row.error(_("单位“%(unit)s”无法换算为指标“%(name)s”的单位“%(indicator_unit)s”。") % {
                    "unit": unit or indicator.unit, "name": indicator.name,
                    "indicator_unit": indicator.unit or _("无")}, columns["unit"])
        if direction == Direction.PASS_FAIL and unit:
            row.error(_("合格/不合格的指标没有单位。"), columns["unit"])
        return {"indicator_id": indicator.pk, "grade": v["grade"], "condition": v["condition"], "minimum": minimum,
                "maximum": maximum, "unit": unit, "source": v["source"]}

    # --- writing ---------------------------------------------------------------------------------------

    def writer(self, context: StandardContext) -> MemoryWriter:
        return MemoryWriter(lambda records, progress: standards_write_imported(records=records, progress=progress))

    def after_commit(self, context: StandardContext, counts: WriteCounts) -> None:
        if counts.created or counts.updated:
            publication_changed(Area.STANDARDS, Area.PLANS)  # the library of standards is public

    def summary(self, context: StandardContext, counts: WriteCounts) -> str:
        return _("标准及指标要求：新增 %(created)d 行，更新 %(updated)d 行，无变化 %(unchanged)d 行。") % {
            "created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
