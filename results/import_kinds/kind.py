"""The results kind of the import engine: benchmark results with their indicator values.

One template per plan version, generated from its indicators: per indicator and test condition
a tested-value and a declared-value column (a pass/fail one for pass/fail indicators), with the
unit in the header; a value may carry its own unit ("2.4 mbar") or a comparator where the
indicator's direction allows it ("≥95%" for higher-is-better). Rows are checked with the forms'
rules (USCC, standard codes, numbers, units convertible to the plan's); the verdict and the level
are computed on import, cached per indicator and measurements (``verdict_cache``),
so a repeating value costs a dictionary look-up instead of the engine.

Who imports decides the status: the campaign office and a city office publish (a city office
only for enterprises of its city), an enterprise imports its own rows as drafts — the workflow's
``publish_imported`` and ``draft_imported`` transitions, recorded in bulk by the writer
(``results.services.imported``) with the same events and statistics deltas as one by one. The
natural key is the result's unique constraint: enterprise (by USCC), plan version, product name,
brand, model. A row already stored exactly so is not written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Hashable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user
from companies.models import Enterprise, UsccStatus
from core.imports import cells
from core.imports.errors import ImportRefused
from core.imports.kinds import BatchWriter, Column, ImportKind, Row, TemplateSpec, WriteCounts
from core.models import ReviewStatus
from plans.models import PlanAuthorKind, PlanVersion
from plans.selectors import published_versions_usable_by
from plans.specs import spec_for_version
from verdict import (
    Direction,
    Gap,
    Level,
    condition_key,
    units,
)

from ..evaluation import comparisons_missing, fraction_question, implausible
from ..indicator_values import encode_values
from ..models import BenchmarkResult
from ..selectors import StoredResult, stored_results_by_key
from ..services.imported import ResultWriter, imported_transition
from .columns import Slot, fixed_columns, plan_slots, slot_columns
from .context import ResultImportContext
from .verdict_cache import VerdictCache

REPORT_KEYS = ("report_number", "report_issuer", "report_date")
NO_REPORT = ("", "", None)
EARLIEST_DATE = dt.date(2000, 1, 1)
DOUBTS_REMEMBERED = 100_000
_UNASKED = object()
COMPARATORS_BY_DIRECTION = {
    Direction.HIGHER_BETTER: {">=", ">"},
    Direction.LOWER_BETTER: {"<=", "<"},
}


def _versions_for(user):
    return published_versions_usable_by(user).select_related("plan__category")


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
    portal_job_url_name = "results:result_import"

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
        office = is_campaign_office(user)
        own_rows = is_enterprise_user(user) and not office  # an enterprise imports its own drafts
        publish = not own_rows
        slots = plan_slots(version)
        columns = fixed_columns(publish=publish, enterprise=own_rows) + slot_columns(slots)
        try:
            verdicts = VerdictCache(spec_for_version(version))
        except ValueError as invalid:  # InvalidPlan: the plan cannot be evaluated at all
            raise ImportRefused(_("方案版本无法用于比对：%(problem)s") % {"problem": str(invalid)[:200]},
                                code="invalid_plan") from None
        return ResultImportContext(
            user=user, version=version, publish=publish,
            city_id=user.region_id if is_city_office(user) and not office else None,
            own_enterprise=user.enterprise if own_rows else None,
            slots=slots, columns=columns, verdicts=verdicts, now=timezone.now(),
            category_id=version.plan.category_id, industry_id=version.plan.category.industry_id,
            stored_before=BenchmarkResult.objects.filter(plan_version=version).exists(),
        )

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
            lines.append(_("填写了实测值的行须填写出具这些数值的检测报告（编号、检测机构、报告日期）；"
                           "该报告记为覆盖本行全部实测值。"))
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
            level, gaps, _missing = context.verdicts.judge(given)
            untested = context.tested_required - {value[0] for value in values if value[2] is not None
                                                 or value[3] is not None}
            report = self._report(context, row, values)
            if context.publish and (level == Level.INCOMPLETE or untested or report is None):
                # Everything the row lacks, at once.
                if level == Level.INCOMPLETE:
                    missing = comparisons_missing(Gap.from_json(json.loads(gap)) for gap in gaps)
                    row.error(_("以下对标或强制性标准的要求还没有可比对的数值：%(missing)s。")
                              % {"missing": "；".join(missing)})
                if untested:
                    row.error(_("方案要求以下指标提供检测值（实测值）：%(names)s。") % {
                        "names": "、".join(context.indicator_names[pk] for pk in sorted(untested))})
                continue
            v = row.values
            row.record = (
                (enterprise[0], context.category_id, context.industry_id, enterprise[1], enterprise[2],
                 v["product_name"], v["brand"] or "", v["model"] or "", v["enterprise_standard"] or "",
                 level, published_at, created_at, *(report or NO_REPORT)),
                encode_values(values, remembered=context.value_texts),  # as the result row stores them
                None,  # the id of the result stored under this key already: set by _check_existing
            )
            checked.append(row)
        self._check_existing(context, checked)

    @staticmethod
    def _report(context: ResultImportContext, row: Row, values: list[tuple]) -> tuple | None:
        """The row's test report (number, issuer, date), NO_REPORT where the row needs none, or
        None after telling the row what is missing: tested values are published only with the
        report that gives them."""
        if not context.publish:
            return NO_REPORT
        v = row.values
        given = (v.get("report_number") or "", v.get("report_issuer") or "", v.get("report_date"))
        tested = any(value[2] is not None or value[3] is not None for value in values)
        if not any(given) and not tested:
            return NO_REPORT
        missing = [context.column_by_key[key].header for key, part in zip(REPORT_KEYS, given, strict=True)
                   if not part]
        if missing:
            if tested:
                row.error(_("本行填写了实测值，请填写出具这些数值的检测报告：%(missing)s。")
                          % {"missing": "、".join(missing)})
            else:
                row.error(_("检测报告信息不完整，请填写：%(missing)s。") % {"missing": "、".join(missing)})
            return None
        if given[2] > context.today or given[2] < EARLIEST_DATE:
            row.error(_("报告日期 %(date)s 不在 %(earliest)s 至今天之间。") % {
                "date": given[2].isoformat(), "earliest": EARLIEST_DATE.isoformat()},
                context.column_by_key["report_date"])
            return None
        return given

    def _load_enterprises(self, context: ResultImportContext, rows: list[Row]) -> None:
        codes = {row.values["uscc"].code for row in rows if row.values.get("uscc") is not None}
        wanted = codes - context.enterprises.keys()
        if wanted:
            for found in Enterprise.objects.filter(uscc__in=wanted).values_list(
                "uscc", "id", "city_id", "province_id", "name", "uscc_status"
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
            return (own.pk, own.city_id, own.province_id, own.name, own.uscc_status)
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
        if context.publish and found[4] == UsccStatus.PENDING:
            # Published rows name the enterprise by its code: not before the licence confirmed it.
            row.error(_("企业“%(name)s”的统一社会信用代码待核验（校验位不符合 GB 32100），城市试点办公室对照营业执照"
                        "核验之前不能导入发布其结果。") % {"name": found[3]}, uscc_column)
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
        for slot, position, tested_key, declared_key, is_pass_fail in context.slot_keys:
            if is_pass_fail:
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
            low, high = context.ordinary_range[slot.plan_indicator_id]
            # Most values: in the plan's unit, inside what the indicator can be, and not a fraction
            # that might mean a percentage. Only the others are checked in full.
            if not ((unit == "" or unit == slot.plan_unit)
                    and (tested_value is None or (low <= tested_value <= high and not 0 < tested_value <= 1))
                    and (declared_value is None or (low <= declared_value <= high and not 0 < declared_value <= 1))
                    ) and not self._plausible(context, row, slot, unit, ((tested_value, tested_key),
                                                                          (declared_value, declared_key))):
                continue
            # Stored without the unit where it is the plan indicator's own (``in_plan_units``).
            stored.append((slot.plan_indicator_id, declared_value, tested_value, None,
                           "" if unit == slot.plan_unit else unit, slot.condition))
            if position is not None:
                given[position].append((tested_value if tested_value is not None else declared_value, unit,
                                        slot.condition))
        return stored, given

    @staticmethod
    def _plausible(context: ResultImportContext, row: Row, slot: Slot, unit: str, numbers) -> bool:
        """Refuse a value the indicator cannot take (a negative resistance) and question one that
        looks like a fraction typed as a percentage (0.96 % against ≥ 95 %)."""
        plan_indicator = context.plan_indicators[slot.plan_indicator_id]
        low, high = context.ordinary_range[slot.plan_indicator_id]
        plausible = True
        for value, key in numbers:
            if value is None:
                continue
            if (unit == "" or unit == slot.plan_unit) and low <= value <= high and not 0 < value <= 1:
                continue  # in range and not a fraction that might mean a percentage
            # The doubt is the slot's, the unit's and the value's alone: asked once per job.
            reason = context.doubts.get((slot.index, unit, value), _UNASKED)
            if reason is _UNASKED:
                limits = context.slot_limits.get((slot.plan_indicator_id, condition_key(slot.condition)), [])
                reason = (implausible(plan_indicator, value, unit, context.possible_bounds[slot.plan_indicator_id])
                          or fraction_question(value, unit, limits))
                if len(context.doubts) < DOUBTS_REMEMBERED:
                    context.doubts[(slot.index, unit, value)] = reason
            if reason:
                row.error(f"{slot.label}：{reason}", context.column_by_key.get(key))
                plausible = False
        return plausible

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
        """Which rows are results stored already (the import's one look-up of them), and what
        those allow: a row that would write nothing is unchanged and not staged at all (a second
        import of a file costs its reading); a withdrawn result is not published again by an
        import; an enterprise changes only its results in draft or returned (as in its portal).
        None is looked up in a version that held no result when the job began."""
        if not rows or not context.stored_before:
            return
        by_key = {(r.record[0][0], r.record[0][5], r.record[0][6], r.record[0][7]): r for r in rows}
        existing = stored_results_by_key(
            context.version.pk, [(*key, row.record[0][12] or "") for key, row in by_key.items()])
        target = imported_transition(publish=context.publish).target
        for stored in existing:
            row = by_key.get(stored.key)
            if row is None:
                continue
            result, values, _stored = row.record
            row.record = (result, values, stored.id)  # the writer upserts it; the others it writes as new
            if context.publish and stored.status == ReviewStatus.WITHDRAWN:
                row.error(_("该产品的对标结果已撤回，不能通过导入重新发布。"))
                row.record = None
            elif _writes_nothing(result, values, stored, status=target, publish=context.publish):
                row.unchanged = True
            elif not context.publish and stored.status not in ReviewStatus.editable():
                if stored.enterprise_standard == result[8] and stored.values == values:
                    row.unchanged = True
                else:
                    row.error(_("该产品的对标结果处于“%(state)s”状态，不能通过导入修改。") % {
                        "state": ReviewStatus(stored.status).label})
                    row.record = None

    def writer(self, context: ResultImportContext) -> BatchWriter:
        return ResultWriter(version=context.version, publish=context.publish, actor=context.user)

    def summary(self, context: ResultImportContext, counts: WriteCounts) -> str:
        numbers = {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged}
        if context.publish:
            return _("对标结果：新增并发布 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条。") % numbers
        return _("对标结果：新增草稿 %(created)d 条，更新 %(updated)d 条，无变化 %(unchanged)d 条。") % numbers


def _writes_nothing(result: tuple, values: str, stored: StoredResult, *, status: str, publish: bool) -> bool:
    """The writer would change nothing of ``stored`` for this row (``ResultWriter``'s upsert
    compares the same fields): the same status, coordinates, standard, level and values; the same
    publication date (a published result keeps its own when the row gives none; a draft has none);
    and the row's test report, if it names one, stored on it already, covering its tested values."""
    same_date = (result[10] is None or result[10] == stored.published_at) if publish else stored.published_at is None
    return (stored.status == status and same_date and tuple(result[1:5]) == stored.coordinates
            and result[8] == stored.enterprise_standard and result[9] == stored.level and values == stored.values
            and (not result[12] or stored.report_stored))
