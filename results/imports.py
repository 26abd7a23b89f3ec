"""The results kind of the import engine: benchmark results with their indicator values.

One template per plan version, generated from its indicators: per indicator and test condition
a tested-value and a declared-value column (a pass/fail one for pass/fail indicators), with the
unit in the header; a value may carry its own unit ("2.4 mbar") or a comparator where the
indicator's direction allows it ("≥95%" for higher-is-better). Rows are checked with the forms'
rules (USCC, standard codes, numbers, units convertible to the plan's); the verdict and the level
are computed on import, cached per indicator and measurements (verdict.judgement.judge_indicator),
so a repeating value costs a dictionary look-up instead of the engine.

Who imports decides the status: the campaign office and a city office publish (a city office
only for enterprises of its city), an enterprise imports its own rows as drafts. The natural key
is the result's unique constraint: enterprise (by USCC), plan version, product name, brand, model.
A row already stored exactly so is not written; one whose status or content changes gets an event
row, as a transition through the workflow would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection as default_connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user
from companies.models import Enterprise
from core.imports import cells
from core.imports.errors import CellError, ImportRefused
from core.imports.kinds import BatchWriter, Column, ImportKind, Row, TemplateSpec, WriteCounts
from core.imports.staging import StagingTable, distinct
from core.models import ReviewStatus
from core.public_cache import publication_changed
from plans.models import PlanAuthorKind, PlanVersion
from plans.specs import spec_for_version
from standards.codes import StandardCodeError, parse_standard_code
from verdict import (
    CompiledIndicator,
    Direction,
    Level,
    Measurement,
    PlanSpec,
    Verdict,
    condition_key,
    judge_indicator,
    units,
)

from .models import BenchmarkResult, IndicatorValue, ResultEvent
from .stats import stats_refresh_later

CACHE_LIMIT = 50_000  # cached verdict fragments per indicator before the cache starts afresh
EARLIEST_DATE = dt.date(2000, 1, 1)
COMPARATORS_BY_DIRECTION = {
    Direction.HIGHER_BETTER: {">=", ">"},
    Direction.LOWER_BETTER: {"<=", "<"},
}


# --- the plan's value columns --------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """One plan indicator at one test condition: the columns its values go in."""

    index: int
    plan_indicator_id: int
    key: str  # the library indicator's key (the verdict's)
    name: str
    name_en: str
    unit: str  # the unit values are read in when the cell states none
    direction: str
    is_difference: bool
    condition: str

    @property
    def is_pass_fail(self) -> bool:
        return self.direction == Direction.PASS_FAIL

    @property
    def label(self) -> str:
        return f"{self.name}（{self.condition}）" if self.condition else self.name


def plan_slots(version: PlanVersion) -> list[Slot]:
    """Per plan indicator, one slot per distinct test condition its requirements use (as the
    values form: a respirator's resistance at 85 and at 95 L/min), in the plan's order."""
    indicators = list(version.indicators.select_related("indicator").order_by("position", "id"))
    conditions: dict[int, dict[frozenset, tuple[str, set[str]]]] = {pi.pk: {} for pi in indicators}
    for requirement in version.requirements.order_by("plan_standard__position", "id"):
        found = conditions[requirement.plan_indicator_id].setdefault(
            condition_key(requirement.condition), (requirement.condition, set())
        )
        if requirement.unit:
            found[1].add(requirement.unit)
    slots = []
    for pi in indicators:
        for text, requirement_units in (conditions[pi.pk] or {frozenset(): ("", set())}).values():
            unit = next(iter(requirement_units)) if len(requirement_units) == 1 else pi.unit
            slots.append(Slot(
                index=len(slots), plan_indicator_id=pi.pk, key=pi.indicator.key, name=pi.indicator.name_zh,
                name_en=pi.indicator.name_en, unit="" if pi.direction == Direction.PASS_FAIL else unit,
                direction=pi.direction, is_difference=pi.is_difference, condition=text,
            ))
    return slots


def _unit_part(unit: str) -> str:
    return f"（{unit}）" if unit else ""


def slot_columns(slots: Sequence[Slot]) -> list[Column]:
    columns = []
    for slot in slots:
        english = slot.name_en or slot.key
        condition = f" {slot.condition}" if slot.condition else ""
        if slot.is_pass_fail:
            columns.append(Column(
                key=f"p{slot.index}", header=f"{slot.label}（合格/不合格）", parse=cells.pass_fail,
                aliases=(slot.label, f"{english}{condition}", f"{slot.key}{condition}"),
                choices=("合格", "不合格"), width=16,
                help=_("填写“合格”或“不合格”（也可写 通过/不通过、是/否、√/×）。"),
                example="合格",
            ))
            continue
        unit = _unit_part(slot.unit)
        for role, role_zh, role_en in (("t", "实测值", "tested"), ("d", "企业标准值", "declared")):
            columns.append(Column(
                key=f"{role}{slot.index}", header=f"{slot.label} {role_zh}{unit}", parse=cells.parse_number,
                aliases=(f"{slot.label}{role_zh}", f"{english}{condition} {role_en}",
                         f"{slot.key}{condition} {role_en}", f"{slot.key}{condition}.{role_en}"),
                width=16,
                help=(_("检测报告中的实测数值，单位 %(unit)s；如单位不同可写在数值后（如 2.4 mbar）。")
                      if role == "t" else _("产品执行标准中的指标值，单位 %(unit)s；可写作“≥95”“≤350”。"))
                % {"unit": slot.unit or _("无")},
            ))
    return columns


# --- verdicts, cached per indicator ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Judged:
    cells_json: str
    gaps_json: tuple[str, ...]
    notes_json: tuple[str, ...]
    all_meet: bool
    benchmarks_meet: bool
    beats: bool
    missing: bool  # some requirement found no value


class VerdictCache:
    """``evaluate`` of verdict.judgement, indicator by indicator, with outcomes kept per measurement:
    products' values repeat, and the engine costs ~5 µs per cell. When an indicator has a value at
    each test condition its requirements name, each requirement is judged against the value at its
    own condition only, so the cells are cached per condition and value (a respirator's 96.5 % at
    85 L/min is judged once, whatever its value at 95 L/min); otherwise per indicator and all its
    values. The stored JSON is exactly ``json.dumps(Verdict.to_json())``, as results.services
    stores it (tested against the engine)."""

    def __init__(self, spec: PlanSpec):
        self.indicators = spec.compiled.indicators
        self.index = {indicator.spec.key: i for i, indicator in enumerate(self.indicators)}
        self.cache: list[dict] = [{} for _ in self.indicators]
        self.cell_cache: dict = {}
        # Per indicator: its requirements grouped by condition — (condition key, the indicator with
        # that group's requirements only) — and, in requirement order, (group, position in group).
        self.groups: list[dict[frozenset, tuple[int, CompiledIndicator]]] = []
        self.order: list[list[tuple[int, int]]] = []
        for indicator in self.indicators:
            by_condition: dict[frozenset, list] = {}
            order = []
            for requirement in indicator.requirements:
                members = by_condition.setdefault(requirement.condition_key, [])
                order.append((list(by_condition).index(requirement.condition_key), len(members)))
                members.append(requirement)
            self.groups.append({
                key: (g, dataclasses.replace(indicator, requirements=tuple(members)))
                for g, (key, members) in enumerate(by_condition.items())
            })
            self.order.append(order)

    def judge(self, given: Sequence[list[tuple]]) -> tuple[str, str, list[str]]:
        """(level, verdict JSON, names of indicators with a missing value) of one product;
        ``given`` holds each indicator's measurements as (value, unit, condition), in the plan's order."""
        parts, gaps, notes, missing = [], [], [], []
        all_meet = benchmarks_meet = True
        beats = False
        for i, indicator in enumerate(self.indicators):
            cells_ = self._by_condition(i, given[i])
            if cells_ is not None:
                stricter = bool(cells_) and indicator.spec.direction in _ONE_SIDED
                missed = False
                for cell_json, gap_json, is_benchmark, meets, is_stricter, is_missing in cells_:
                    parts.append(cell_json)
                    if gap_json is not None:
                        (gaps if is_benchmark else notes).append(gap_json)
                    all_meet = all_meet and meets
                    if is_benchmark:
                        benchmarks_meet = benchmarks_meet and meets
                    stricter = stricter and is_stricter
                    missed = missed or is_missing
                beats = beats or stricter
                if missed:
                    missing.append(indicator.spec.name)
                continue
            key = tuple(given[i])
            judged = self.cache[i].get(key)
            if judged is None:
                judged = self._judge(indicator, [Measurement(*m) for m in key])
                if len(self.cache[i]) >= CACHE_LIMIT:
                    self.cache[i].clear()
                self.cache[i][key] = judged
            if judged.cells_json:
                parts.append(judged.cells_json)
            gaps.extend(judged.gaps_json)
            notes.extend(judged.notes_json)
            all_meet = all_meet and judged.all_meet
            benchmarks_meet = benchmarks_meet and judged.benchmarks_meet
            beats = beats or judged.beats
            if judged.missing:
                missing.append(indicator.spec.name)
        if beats and all_meet:
            level = Level.LEADING
        elif benchmarks_meet:
            level = Level.ATTAINED
        else:
            level = Level.NOT_ATTAINED
        verdict = (f'{{"level": "{level.value}", "cells": [{", ".join(parts)}], '
                   f'"gaps": [{", ".join(gaps)}], "notes": [{", ".join(notes)}]}}')
        return level.value, verdict, missing

    def _by_condition(self, i: int, measurements: list[tuple]) -> list[tuple] | None:
        """The indicator's cells, in requirement order, from cells cached per condition and value;
        None when its values do not sit one at each of its requirements' conditions."""
        groups = self.groups[i]
        if not groups or len(measurements) != len(groups):
            return None
        judged: list = [None] * len(groups)
        for measurement in measurements:
            found = groups.get(condition_key(measurement[2]))
            if found is None or judged[found[0]] is not None or measurement[0] is None:
                return None
            g, sub = found
            key = (i, g, measurement)
            cells_ = self.cell_cache.get(key)
            if cells_ is None:
                cells_ = self._cells(sub, measurement)
                if len(self.cell_cache) >= CACHE_LIMIT:
                    self.cell_cache.clear()
                self.cell_cache[key] = cells_
            judged[g] = cells_
        return [judged[g][position] for g, position in self.order[i]]

    @staticmethod
    def _cells(indicator, measurement: tuple) -> tuple:
        cells_, _beats = judge_indicator(indicator, [Measurement(*measurement)])
        return tuple(
            (json.dumps(_as_json(cell)), json.dumps(_as_json(cell.gap)) if cell.gap is not None else None,
             cell.is_benchmark, cell.outcome == "meets", cell.relation == "stricter", cell.outcome == "missing")
            for cell in cells_
        )

    @staticmethod
    def _judge(indicator, measurements) -> _Judged:
        cells_, beats = judge_indicator(indicator, measurements)
        as_json = Verdict(
            Level.ATTAINED, cells_,
            tuple(c.gap for c in cells_ if c.is_benchmark and c.gap is not None),
            tuple(c.gap for c in cells_ if not c.is_benchmark and c.gap is not None),
        ).to_json()
        return _Judged(
            cells_json=", ".join(json.dumps(cell) for cell in as_json["cells"]),
            gaps_json=tuple(json.dumps(gap) for gap in as_json["gaps"]),
            notes_json=tuple(json.dumps(note) for note in as_json["notes"]),
            all_meet=all(c.outcome == "meets" for c in cells_),
            benchmarks_meet=all(c.outcome == "meets" for c in cells_ if c.is_benchmark),
            beats=beats,
            missing=any(c.outcome == "missing" for c in cells_),
        )


def _as_json(record) -> dict:
    """One cell or gap as ``Verdict.to_json()`` writes it (the list item, on its own)."""
    return Verdict(Level.ATTAINED, (record,), (), ()).to_json()["cells"][0]


_ONE_SIDED = frozenset({"higher_better", "lower_better"})


# --- the job's context -------------------------------------------------------------------------------

@dataclass
class ResultImportContext:
    user: Any
    version: PlanVersion
    publish: bool
    city_id: str | None  # a city office's city
    own_enterprise: Enterprise | None  # an enterprise importing its own rows
    slots: list[Slot]
    columns: list[Column]
    verdicts: VerdictCache
    now: dt.datetime
    category_id: int
    industry_id: str
    enterprises: dict[str, tuple | None] = field(default_factory=dict)  # USCC → (id, city, province, name)
    published_changed: bool = False

    def __post_init__(self) -> None:
        self.column_by_key = {column.key: column for column in self.columns}
        self.today = timezone.localdate(self.now)
        self.moments: dict[dt.date, dt.datetime] = {}
        # Per slot: where its measurements go in the verdict, and its columns' keys.
        self.slot_keys = [
            (slot, self.verdicts.index.get(slot.key),
             f"p{slot.index}" if slot.is_pass_fail else f"t{slot.index}", f"d{slot.index}")
            for slot in self.slots
        ]

    @property
    def status(self) -> str:
        return ReviewStatus.PUBLISHED if self.publish else ReviewStatus.DRAFT


def _standard_code(value: Any) -> str:
    text = cells.code_text(value)
    code = _valid_standard_code(text)
    if code is not None:
        return code
    try:
        return parse_standard_code(text).code
    except StandardCodeError as error:
        raise CellError(str(error)) from None


@functools.lru_cache(maxsize=16384)
def _valid_standard_code(text: str) -> str | None:
    """Cached: an enterprise's standard repeats on its rows (a bad one is parsed again, for its message)."""
    try:
        return parse_standard_code(text).code
    except StandardCodeError:
        return None


def _versions_for(user):
    versions = PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED).select_related("plan__category")
    role = getattr(user, "role", "")
    if getattr(user, "is_superuser", False) or role == Role.OFFICE:
        return versions
    if role == Role.CITY:
        return versions.filter(Q(plan__author_kind=PlanAuthorKind.INDUSTRY) | Q(plan__city_id=user.region_id))
    if role == Role.ENTERPRISE:
        return versions.filter(
            Q(plan__author_kind=PlanAuthorKind.INDUSTRY) | Q(plan__enterprise_id=user.enterprise_id)
        )
    return versions.none()


class PlanVersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlanVersion) -> str:
        return _("%(code)s 第 %(number)d 版 %(title)s") % {
            "code": obj.plan.code, "number": obj.number, "title": obj.plan.title_zh}


# --- the kind -----------------------------------------------------------------------------------------

class ResultImportKind(ImportKind):
    name = "results"
    label = gettext_lazy("产品对标结果")
    natural_key_label = gettext_lazy("统一社会信用代码、产品名称、品牌、型号")
    validates_rows_with_cell_errors = True

    allowed_rule = is_campaign_office | is_city_office | is_enterprise_user

    def option_fields(self, *, user) -> dict:
        return {"plan_version": PlanVersionChoiceField(
            label=_("对标方案（版本）"), queryset=_versions_for(user), required=True,
            help_text=_("结果所对标的已发布方案版本；每个方案版本有自己的模板。"),
        )}

    def admin_option_fields(self, *, user, admin_site) -> dict:
        from django.contrib.admin.widgets import AutocompleteSelect

        fields = self.option_fields(user=user)
        field = fields["plan_version"]
        # The plan versions admin's search (code, title, drafting body), scoped to the user there.
        field.widget = AutocompleteSelect(
            BenchmarkResult._meta.get_field("plan_version"), admin_site, attrs={"style": "width: 32em"}
        )
        field.widget.choices = field.choices
        return fields

    def clean_options(self, *, user, options: Mapping[str, Any]) -> dict:
        raw = options.get("plan_version")
        raw = getattr(raw, "pk", raw)
        try:
            version_id = int(raw)
        except (TypeError, ValueError):
            raise ValidationError({"plan_version": _("请选择一个已发布的对标方案版本。")}, code="plan_required") \
                from None
        if not _versions_for(user).filter(pk=version_id).exists():
            raise ValidationError(
                {"plan_version": _("方案版本 %(id)s 不存在、未发布，或您无权为它导入结果。") % {"id": version_id}},
                code="plan_not_allowed",
            )
        return {"plan_version": version_id}

    def describe_options(self, options: Mapping[str, Any]) -> str:
        version = PlanVersion.objects.select_related("plan").filter(pk=options.get("plan_version")).first()
        if version is None:
            return ""
        return _("方案 %(code)s 第 %(number)d 版：%(title)s") % {
            "code": version.plan.code, "number": version.number, "title": version.plan.title_zh}

    def prepare(self, *, user, options: Mapping[str, Any]) -> ResultImportContext:
        version = PlanVersion.objects.select_related("plan__category").get(pk=options["plan_version"])
        role = getattr(user, "role", "")
        publish = role != Role.ENTERPRISE
        slots = plan_slots(version)
        columns = self._fixed_columns(publish=publish, enterprise=role == Role.ENTERPRISE) + slot_columns(slots)
        try:
            verdicts = VerdictCache(spec_for_version(version))
        except ValueError as invalid:  # InvalidPlan: the plan cannot be evaluated at all
            raise ImportRefused(_("方案版本无法用于比对：%(problem)s") % {"problem": str(invalid)[:200]},
                                code="invalid_plan") from None
        return ResultImportContext(
            user=user, version=version, publish=publish,
            city_id=user.region_id if role == Role.CITY else None,
            own_enterprise=user.enterprise if role == Role.ENTERPRISE else None,
            slots=slots, columns=columns, verdicts=verdicts, now=timezone.now(),
            category_id=version.plan.category_id, industry_id=version.plan.category.industry_id,
        )

    @staticmethod
    def _fixed_columns(*, publish: bool, enterprise: bool) -> list[Column]:
        columns = [
            Column("uscc", _("统一社会信用代码"), parse=cells.uscc, required=not enterprise, width=24,
                   aliases=("USCC", "unified social credit code", "credit code", "社会信用代码", "信用代码"),
                   number_format="@", example="91440300MA5DXXXXXX",
                   help=_("企业的 18 位统一社会信用代码；企业须已在平台注册。")
                   if not enterprise else _("可不填；填写时须为本企业的代码。")),
            Column("enterprise_name", _("企业名称"), parse=cells.text(max_length=200), width=28,
                   aliases=("enterprise", "enterprise name", "company", "company name", "企业"),
                   help=_("仅供核对，以统一社会信用代码为准。")),
            Column("product_name", _("产品名称"), parse=cells.text(max_length=200), required=True, width=24,
                   aliases=("product", "product name", "产品"), example="KN95 防护口罩"),
            Column("brand", _("品牌"), parse=cells.text(max_length=100), default="", width=14,
                   aliases=("brand", "商标")),
            Column("model", _("型号"), parse=cells.text(max_length=100), default="", width=14,
                   aliases=("model", "规格型号", "型号规格", "型号/规格"), number_format="@"),
            Column("enterprise_standard", _("执行标准"), parse=_standard_code, default="", width=20,
                   aliases=("enterprise standard", "standard", "执行标准编号", "产品标准"), example="Q/SZJ 001-2023",
                   help=_("产品执行的企业标准或其他标准的标准号。")),
        ]
        if publish:
            columns.append(Column(
                "published_on", _("发布日期"), parse=cells.date, width=14, number_format="yyyy-mm-dd",
                aliases=("published on", "publication date", "date", "发布时间"), example="2023-05-01",
                help=_("历史结果的发布日期；不填则为导入当天。"),
            ))
        return columns

    def columns(self, context: ResultImportContext) -> list[Column]:
        return context.columns

    def template(self, context: ResultImportContext) -> TemplateSpec:
        version = context.version
        plan = version.plan
        lines = [
            _("本模板用于方案 %(code)s 第 %(number)d 版“%(title)s”的对标结果；其他方案请下载各自的模板。") % {
                "code": plan.code, "number": version.number, "title": plan.title_zh},
            _("每个指标有“实测值”（检测报告中的数值）和“企业标准值”两列；比对以实测值为准，未填实测值时用企业标准值。"),
        ]
        if context.publish:
            lines.append(_("由百千万行动办公室或城市试点办公室导入的结果直接发布；城市试点办公室只能导入本市企业的结果。"))
            lines.append(_("结果须填齐全部指标的数值，否则该行不能发布。"))
        else:
            lines.append(_("企业导入的结果保存为草稿，可在“我的对标结果”中补充检测报告后提交审核。"))
        return TemplateSpec(
            title=_("产品对标结果导入模板 · %(code)s 第 %(number)d 版 · %(title)s") % {
                "code": plan.code, "number": version.number, "title": plan.title_zh},
            filename=f"results-{plan.code}-v{version.number}.xlsx",
            instructions=lines,
            meta={"plan_version": str(version.pk), "plan": plan.code, "version": str(version.number)},
        )

    def check_meta(self, context: ResultImportContext, meta: Mapping[str, str]) -> None:
        given = meta.get("plan_version")
        if given and given != str(context.version.pk):
            raise ImportRefused(
                _("该文件是方案 %(plan)s 第 %(version)s 版的模板，与所选方案版本（%(code)s 第 %(number)d 版）不一致。")
                % {"plan": meta.get("plan", "?"), "version": meta.get("version", "?"),
                   "code": context.version.plan.code, "number": context.version.number},
                code="wrong_plan",
            )

    # --- rows -------------------------------------------------------------------------------------

    def natural_key(self, context: ResultImportContext, row: Row) -> Hashable:
        record = row.record
        return (record[0][0], record[0][5], record[0][6], record[0][7])

    def validate(self, context: ResultImportContext, rows: list[Row]) -> None:
        self._load_enterprises(context, rows)
        checked = []
        for row in rows:
            enterprise = self._enterprise(context, row)
            values, given = self._values(context, row)
            published_at, created_at = self._dates(context, row)
            if not row.ok or enterprise is None:
                continue
            level, verdict, missing = context.verdicts.judge(given)
            if context.publish and missing:
                row.error(_("还有指标未填写数值：%(names)s。") % {"names": "、".join(dict.fromkeys(missing))})
                continue
            v = row.values
            row.record = (
                (enterprise[0], context.category_id, context.industry_id, enterprise[1], enterprise[2],
                 v["product_name"], v["brand"] or "", v["model"] or "", v["enterprise_standard"] or "",
                 context.status, level, verdict, published_at, created_at),
                values,
            )
            checked.append(row)
        self._check_existing(context, checked)

    def _load_enterprises(self, context: ResultImportContext, rows: list[Row]) -> None:
        codes = {row.values["uscc"].code for row in rows if row.values.get("uscc") is not None}
        wanted = codes - context.enterprises.keys()
        if wanted:
            for found in Enterprise.objects.filter(uscc__in=wanted).values_list(
                "uscc", "id", "city_id", "province_id", "name"
            ):
                context.enterprises[found[0]] = found[1:]
            for code in wanted:
                context.enterprises.setdefault(code, None)

    def _enterprise(self, context: ResultImportContext, row: Row) -> tuple | None:
        check = row.values.get("uscc")
        uscc_column = context.column_by_key["uscc"]
        own = context.own_enterprise
        if own is not None:
            if check is not None and check.code != own.uscc:
                row.error(_("只能导入本企业（%(code)s）的对标结果。") % {"code": own.uscc}, uscc_column)
                return None
            return (own.pk, own.city_id, own.province_id, own.name)
        if check is None:
            return None  # a required column: already an error
        found = context.enterprises.get(check.code)
        if found is None:
            message = _("未找到统一社会信用代码为 %(code)s 的企业（企业须先在平台注册）。") % {"code": check.code}
            if check.legacy_checksum:
                message += _("另外，该代码的校验位不符合 GB 32100（应为 %(char)s）。") % {
                    "char": check.expected_check_character}
            row.error(message, uscc_column)
            return None
        if context.city_id is not None and found[1] != context.city_id:
            row.error(_("企业“%(name)s”不在本市，城市试点办公室只能导入本市企业的结果。") % {"name": found[3]},
                      uscc_column)
            return None
        plan = context.version.plan
        if plan.author_kind == PlanAuthorKind.ENTERPRISE and plan.enterprise_id != found[0]:
            row.error(_("方案 %(code)s 是企业自己的方案，只能导入该企业的结果。") % {"code": plan.code}, uscc_column)
            return None
        return found

    def _values(self, context: ResultImportContext, row: Row) -> tuple[list[tuple], list[list[tuple]]]:
        """The row's indicator values as stored (plan indicator, declared, tested, passed, unit,
        condition) and, per plan indicator, the measurements the verdict judges."""
        v = row.values
        given: list[list[tuple]] = [[] for _ in context.verdicts.indicators]
        stored: list[tuple] = []
        for slot, position, tested_key, declared_key in context.slot_keys:
            if slot.is_pass_fail:
                passed = v.get(tested_key)
                if passed is not None:
                    stored.append((slot.plan_indicator_id, None, None, passed, "", slot.condition))
                    if position is not None:
                        given[position].append((passed, "", slot.condition))
                continue
            tested, declared = v.get(tested_key), v.get(declared_key)
            if tested is None and declared is None:
                continue
            if (tested is not None and (tested.comparator or tested.unit)) or (
                declared is not None and (declared.comparator or declared.unit)
            ):
                tested = self._number(context, row, slot, tested_key, tested)
                declared = self._number(context, row, slot, declared_key, declared)
                if tested is None and declared is None:
                    continue
                units_given = {n.unit for n in (tested, declared) if n is not None and n.unit}
                if len(units_given) > 1:
                    row.error(_("%(indicator)s：实测值与企业标准值的单位不一致（%(units)s），请换算为同一单位。") % {
                        "indicator": slot.label, "units": "、".join(sorted(units_given))})
                    continue
                unit = units_given.pop() if units_given else slot.unit
            else:
                unit = slot.unit
            tested_value = tested.value if tested is not None else None
            declared_value = declared.value if declared is not None else None
            stored.append((slot.plan_indicator_id, declared_value, tested_value, None, unit, slot.condition))
            if position is not None:
                given[position].append((tested_value if tested_value is not None else declared_value, unit,
                                        slot.condition))
        return stored, given

    def _number(self, context, row: Row, slot: Slot, key: str, number: cells.Number | None) -> cells.Number | None:
        if number is None:
            return None
        column = context.column_by_key[key]
        if number.comparator and number.comparator not in COMPARATORS_BY_DIRECTION.get(slot.direction, ()):
            row.error(_("“%(comparator)s”不适用于此指标（%(direction)s），请只填写数值。") % {
                "comparator": number.comparator.replace(">=", "≥").replace("<=", "≤"),
                "direction": Direction(slot.direction).label}, column)
            return None
        if number.unit and number.unit != slot.unit:
            conversion = units.conversion(number.unit, slot.unit or number.unit, slot.is_difference)
            if not conversion.ok:
                row.error(_("单位“%(unit)s”无法换算为方案的单位“%(plan_unit)s”。") % {
                    "unit": number.unit, "plan_unit": slot.unit or _("无")}, column)
                return None
        return number

    def _dates(self, context: ResultImportContext, row: Row) -> tuple[dt.datetime | None, dt.datetime]:
        day = row.values.get("published_on")
        if day is None:
            return None, context.now
        moment = context.moments.get(day)
        if moment is None:
            if day > context.today or day < EARLIEST_DATE:
                row.error(_("发布日期 %(date)s 不在 %(earliest)s 至今天之间。") % {
                    "date": day.isoformat(), "earliest": EARLIEST_DATE.isoformat()},
                    context.column_by_key["published_on"])
                return None, context.now
            # Nine in the morning, local time: the day stays the day in every time zone's display.
            moment = context.moments[day] = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
        return moment, moment

    def _check_existing(self, context: ResultImportContext, rows: list[Row]) -> None:
        """What the stored results allow: a withdrawn result is not published again by an import;
        an enterprise changes only its results in draft or returned (as in its portal)."""
        if not rows:
            return
        by_key = {(r.record[0][0], r.record[0][5], r.record[0][6], r.record[0][7]): r for r in rows}
        existing = BenchmarkResult.objects.filter(
            plan_version=context.version,
            enterprise_id__in={key[0] for key in by_key},
            product_name__in={key[1] for key in by_key},
        ).values_list("enterprise_id", "product_name", "brand", "model", "id", "status")
        frozen: dict[int, Row] = {}
        for enterprise_id, product_name, brand, model, result_id, status in existing:
            row = by_key.get((enterprise_id, product_name, brand, model))
            if row is None:
                continue
            if context.publish and status == ReviewStatus.WITHDRAWN:
                row.error(_("该产品的对标结果已撤回，不能通过导入重新发布。"))
                row.record = None
            elif not context.publish and status not in ReviewStatus.editable():
                frozen[result_id] = row
        if frozen:
            self._unchanged_or_refused(context, frozen)

    def _unchanged_or_refused(self, context: ResultImportContext, frozen: dict[int, Row]) -> None:
        stored_values: dict[int, set] = {pk: set() for pk in frozen}
        for value in IndicatorValue.objects.filter(result_id__in=frozen).values_list(
            "result_id", "plan_indicator_id", "declared_value", "tested_value", "passed", "unit", "condition"
        ):
            stored_values[value[0]].add(value[1:])
        standards = dict(BenchmarkResult.objects.filter(pk__in=frozen).values_list("pk", "enterprise_standard"))
        labels = dict(BenchmarkResult.objects.filter(pk__in=frozen).values_list("pk", "status"))
        for result_id, row in frozen.items():
            result, values = row.record
            if standards[result_id] == result[8] and stored_values[result_id] == set(values):
                row.unchanged = True
                continue
            row.error(_("该产品的对标结果处于“%(state)s”状态，不能通过导入修改。") % {
                "state": ReviewStatus(labels[result_id]).label})
            row.record = None

    def writer(self, context: ResultImportContext) -> BatchWriter:
        return ResultWriter(context)

    def summary(self, context: ResultImportContext, counts: WriteCounts) -> str:
        numbers = {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
        if context.publish:
            return _("对标结果：新增并发布 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条。") % numbers
        return _("对标结果：新增草稿 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条。") % numbers


# --- the writer ------------------------------------------------------------------------------------------

RESULT_STAGE = (
    ("enterprise_id", "bigint"), ("category_id", "bigint"), ("industry_id", "varchar(2)"),
    ("city_id", "varchar(6)"), ("province_id", "varchar(6)"), ("product_name", "varchar(200)"),
    ("brand", "varchar(100)"), ("model", "varchar(100)"), ("enterprise_standard", "varchar(80)"),
    ("status", "varchar(12)"), ("level", "varchar(12)"), ("verdict", "text"), ("published_at", "timestamp"),
    ("created_at", "timestamp"), ("result_id", "bigint"), ("old_status", "varchar(12)"),
)
VALUE_STAGE = (
    ("result_seq", "integer"), ("plan_indicator_id", "bigint"), ("declared_value", "double precision"),
    ("tested_value", "double precision"), ("passed", "boolean"), ("unit", "varchar(30)"),
    ("condition", "varchar(120)"),
)
# Fields of a stored result that an import sets, compared to tell "changed" from "the same".
RESULT_UPDATED = ("category_id", "industry_id", "city_id", "province_id", "enterprise_standard", "status",
                  "level", "verdict", "published_at")


class ResultWriter(BatchWriter):
    """Stages results and their values in two temporary tables; commits them in chunks with
    ``INSERT … ON CONFLICT … DO UPDATE … WHERE something differs`` (results on their unique
    constraint, values on theirs), removes values the file no longer has, and writes an event
    for every result whose status the import sets or changes."""

    def __init__(self, context: ResultImportContext, *, connection=None, chunk: int | None = None):
        self.context = context
        self.connection = connection or default_connection
        self.chunk = chunk
        vendor = self.connection.vendor
        timestamp = "timestamp with time zone" if vendor == "postgresql" else "datetime"
        verdict_type = "jsonb" if vendor == "postgresql" else "text"

        def column_type(name: str, sql_type: str) -> str:
            return {"timestamp": timestamp, "text": verdict_type}.get(sql_type, sql_type)

        # The verdict is parsed as jsonb as it is copied in (COPY, overlapping the reading), not
        # by the upsert; measured: staging it as text and casting in the upsert is slower.
        self.results = StagingTable([(n, column_type(n, t)) for n, t in RESULT_STAGE], connection=self.connection)
        self.values = StagingTable(list(VALUE_STAGE), connection=self.connection)
        self.flushed, self.counts, self.now = 0, WriteCounts(), None
        self.streaming, self.pending = False, {}
        self.prepare_time: Callable[[Any], Any] = (
            (lambda value: value) if vendor == "postgresql"
            else (lambda value: value and self.connection.ops.adapt_datetimefield_value(value))
        )

    def stage(self, records: list) -> None:
        base = self.results.count
        prepare = self.prepare_time
        results, values = [], []
        for offset, (result, result_values) in enumerate(records):
            results.append((*result[:12], prepare(result[12]), prepare(result[13]), None, None))
            seq = base + offset
            if self.streaming:
                # Held until the flush: a new result's values then go straight into their table.
                self.pending[seq] = result_values
            else:
                values.extend((seq, *value) for value in result_values)
        self.results.write(results)
        if values:
            self.values.write(values)

    streams = True

    def start(self, *, streaming: bool) -> None:
        self.streaming = streaming

    def flush(self, *, progress: Callable[[int], None]) -> None:
        """Upsert the results staged since the last flush (in the job's transaction)."""
        if self.results.count <= self.flushed:
            return
        quote, vendor = self.connection.ops.quote_name, self.connection.vendor
        if not self.flushed:
            if not self.values.created:
                self.values.create()
            self.results.index("seq")
            self.results.index("result_id")
            self.values.index("result_seq")
            self.results.analyze()
            self.values.analyze()
            self.now = self.prepare_time(timezone.now())
        with self.connection.cursor() as cursor:
            for first, past in self.results.chunks(self.chunk, start=self.flushed):
                self.counts = self.counts.add(self._chunk(cursor, first, past, self.now, quote, vendor))
                self.flushed = past
                progress(past - first)

    def commit(self, *, progress: Callable[[int], None]) -> WriteCounts:
        context = self.context
        self.flush(progress=progress)
        counts = self.counts
        if context.publish and (counts.created or counts.updated):
            context.published_changed = True
            # Both queue their work on this transaction's commit.
            stats_refresh_later()
            publication_changed()
        return counts

    def _chunk(self, cursor, first: int, past: int, now, quote, vendor: str) -> WriteCounts:
        context = self.context
        results, values = self.results.quoted(), self.values.quoted()
        result_table, value_table = quote(BenchmarkResult._meta.db_table), quote(IndicatorValue._meta.db_table)
        event_table = quote(ResultEvent._meta.db_table)
        version = context.version.pk
        key_join = (f"r.plan_version_id = %s AND r.enterprise_id = {results}.enterprise_id "
                    f"AND r.product_name = {results}.product_name AND r.brand = {results}.brand "
                    f"AND r.model = {results}.model")
        in_chunk = f"{results}.seq >= %s AND {results}.seq < %s"
        # 1. Which rows exist, with their status; a result keeps its publication date unless the file gives one.
        cursor.execute(
            f"UPDATE {results} SET result_id = r.id, old_status = r.status, "
            f"published_at = {'COALESCE(' + results + '.published_at, r.published_at)' if context.publish else 'NULL'} "
            f"FROM {result_table} r WHERE {key_join} AND {in_chunk}",
            [version, first, past],
        )
        cursor.execute(f"SELECT count(*) FROM {results} WHERE {in_chunk} AND result_id IS NULL", [first, past])
        created = cursor.fetchone()[0]
        # 2. Results: inserted, or updated where something differs.
        published = "COALESCE(s.published_at, %s)" if context.publish else "NULL"
        verdict = "s.verdict"
        differs = " OR ".join(
            distinct(f"{result_table}.{quote(c)}", f"excluded.{quote(c)}", vendor) for c in RESULT_UPDATED
        )
        cursor.execute(
            f"INSERT INTO {result_table} (enterprise_id, plan_version_id, category_id, industry_id, city_id, "
            f"province_id, product_name, brand, model, enterprise_standard, status, level, verdict, created_at, "
            f"updated_at, published_at) "
            f"SELECT s.enterprise_id, %s, s.category_id, s.industry_id, s.city_id, s.province_id, s.product_name, "
            f"s.brand, s.model, s.enterprise_standard, s.status, s.level, {verdict}, s.created_at, %s, {published} "
            f"FROM {results} s WHERE s.seq >= %s AND s.seq < %s ORDER BY s.seq "
            f"ON CONFLICT (enterprise_id, plan_version_id, product_name, brand, model) DO UPDATE SET "
            + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in RESULT_UPDATED)
            + f", updated_at = excluded.updated_at WHERE {differs} RETURNING id",
            [version, now, *([now] if context.publish else []), first, past],
        )
        changed = {row[0] for row in cursor.fetchall()}
        result_changed = set(changed)
        # 3. The new results' ids.
        cursor.execute(
            f"UPDATE {results} SET result_id = r.id FROM {result_table} r "
            f"WHERE {results}.result_id IS NULL AND {key_join} AND {in_chunk}",
            [version, first, past],
        )
        if self.streaming:
            self._copy_values(cursor, first, past, results, value_table, quote)
        # 4. Values: inserted, or updated where something differs.
        value_differs = " OR ".join(
            distinct(f"{value_table}.{quote(c)}", f"excluded.{quote(c)}", vendor)
            for c in ("declared_value", "tested_value", "passed", "unit")
        )
        cursor.execute(
            f"INSERT INTO {value_table} (result_id, plan_indicator_id, declared_value, tested_value, passed, unit, "
            f"{quote('condition')}) "
            f"SELECT s.result_id, v.plan_indicator_id, v.declared_value, v.tested_value, v.passed, v.unit, "
            f"v.{quote('condition')} FROM {values} v JOIN {results} s ON s.seq = v.result_seq "
            f"WHERE v.result_seq >= %s AND v.result_seq < %s ORDER BY v.result_seq "
            f"ON CONFLICT (result_id, plan_indicator_id, {quote('condition')}) DO UPDATE SET "
            f"declared_value = excluded.declared_value, tested_value = excluded.tested_value, "
            f"passed = excluded.passed, unit = excluded.unit WHERE {value_differs} RETURNING result_id",
            [first, past],
        )
        changed.update(row[0] for row in cursor.fetchall())
        # 5. Values the file no longer has (of results that existed before).
        condition = quote("condition")
        if vendor == "postgresql":
            cursor.execute(
                f"DELETE FROM {value_table} iv USING {results} s WHERE iv.result_id = s.result_id "
                f"AND s.seq >= %s AND s.seq < %s AND s.old_status IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {values} v WHERE v.result_seq = s.seq "
                f"AND v.plan_indicator_id = iv.plan_indicator_id AND v.{condition} = iv.{condition}) "
                f"RETURNING iv.result_id",
                [first, past],
            )
        else:
            cursor.execute(
                f"DELETE FROM {value_table} WHERE result_id IN ("
                f"SELECT result_id FROM {results} WHERE {in_chunk} AND old_status IS NOT NULL) "
                f"AND NOT EXISTS (SELECT 1 FROM {results} s JOIN {values} v ON v.result_seq = s.seq "
                f"WHERE s.result_id = {value_table}.result_id "
                f"AND v.plan_indicator_id = {value_table}.plan_indicator_id "
                f"AND v.{condition} = {value_table}.{condition}) RETURNING result_id",
                [first, past],
            )
        changed.update(row[0] for row in cursor.fetchall())
        touched_values_only = changed - result_changed
        if touched_values_only:
            ids = sorted(touched_values_only)
            cursor.execute(
                f"UPDATE {result_table} SET updated_at = %s WHERE id IN ({', '.join(['%s'] * len(ids))})",
                [now, *ids],
            )
        # 6. An event for every result whose status the import set or changed.
        user = context.user
        reason = _("批量导入（导入任务）")
        cursor.execute(
            f"INSERT INTO {event_table} (result_id, actor_id, actor_name, from_status, to_status, reason, created_at) "
            f"SELECT result_id, %s, %s, COALESCE(old_status, ''), status, %s, %s FROM {results} "
            f"WHERE {in_chunk} AND (old_status IS NULL OR old_status <> status)",
            [getattr(user, "pk", None), getattr(user, "username", "") or "", reason, now, first, past],
        )
        updated = len(changed) - created
        return WriteCounts(created=created, updated=updated, unchanged=(past - first) - created - updated)

    def _copy_values(self, cursor, first: int, past: int, results: str, value_table: str, quote) -> None:
        """Streaming: the chunk's new results get their values by one COPY into the values table
        (nothing there to conflict with); those of results that existed are staged for the upsert."""
        cursor.execute(f"SELECT seq, result_id, old_status IS NULL FROM {results} WHERE seq >= %s AND seq < %s",
                       [first, past])
        new_values, staged = [], []
        for seq, result_id, is_new in cursor.fetchall():
            values = self.pending.pop(seq, ())
            if is_new:
                new_values.extend((result_id, *value) for value in values)
            else:
                staged.extend((seq, *value) for value in values)
        if new_values:
            columns = ", ".join(["result_id", "plan_indicator_id", "declared_value", "tested_value", "passed", "unit",
                                 quote("condition")])
            with cursor.cursor.copy(f"COPY {value_table} ({columns}) FROM STDIN") as copy:
                for row in new_values:
                    copy.write_row(row)
        if staged:
            self.values.write(staged)

    def close(self) -> None:
        self.results.drop()
        self.values.drop()
