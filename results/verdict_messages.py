"""Sentences about verdict gaps, in the platform's two languages (Chinese first, English).

The verdict itself stays structured (results/verdict.py: `Gap.kind` and its fields); this module
is for places with no gettext at hand: the import error report, logs, the admin. The web layer may
translate with its own catalogue instead: keys are `GapKind` values, fields those of `describe()`.
"""

from __future__ import annotations

from collections.abc import Mapping

from results.verdict import Gap, GapKind

GAP_TEMPLATES: Mapping[str, Mapping[GapKind, str]] = {
    "zh": {
        GapKind.BELOW_MINIMUM: "{indicator}：{value} {unit} 低于 {standard} 要求的 ≥ {limit} {unit}"
        "{condition}，差 {shortfall} {unit}",
        GapKind.ABOVE_MAXIMUM: "{indicator}：{value} {unit} 高于 {standard} 要求的 ≤ {limit} {unit}"
        "{condition}，超出 {shortfall} {unit}",
        GapKind.FAILED_TEST: "{indicator}：未通过 {standard} 的检验{condition}",
        GapKind.MISSING_VALUE: "{indicator}：未填写数值，无法与 {standard} 比对",
        GapKind.CONDITION_MISMATCH: "{indicator}：测试条件（{measurement_condition}）与 {standard} "
        "要求的测试条件（{requirement_condition}）不一致，无法比对",
        GapKind.AMBIGUOUS_MEASUREMENTS: "{indicator}：有多个数值（{measurement_condition}），"
        "无法确定哪一个与 {standard}{condition} 比对",
        GapKind.UNKNOWN_UNIT: "{indicator}：无法识别单位 '{measured_unit}'，无法与 {standard} 比对",
        GapKind.INCOMPATIBLE_UNITS: "{indicator}：单位 '{measured_unit}' 无法换算为 '{unit}'，"
        "无法与 {standard} 比对",
        GapKind.INVALID_VALUE: "{indicator}：数值 {measured_value} 无效，无法与 {standard} 比对",
    },
    "en": {
        GapKind.BELOW_MINIMUM: "{indicator}: {value} {unit} is below {standard}'s minimum of "
        "{limit} {unit}{condition}, short by {shortfall} {unit}",
        GapKind.ABOVE_MAXIMUM: "{indicator}: {value} {unit} is above {standard}'s maximum of "
        "{limit} {unit}{condition}, over by {shortfall} {unit}",
        GapKind.FAILED_TEST: "{indicator}: did not pass {standard}'s test{condition}",
        GapKind.MISSING_VALUE: "{indicator}: no value given, cannot compare with {standard}",
        GapKind.CONDITION_MISMATCH: "{indicator}: tested at {measurement_condition}, but "
        "{standard} tests at {requirement_condition}; not comparable",
        GapKind.AMBIGUOUS_MEASUREMENTS: "{indicator}: several values ({measurement_condition}); "
        "cannot tell which to compare with {standard}{condition}",
        GapKind.UNKNOWN_UNIT: "{indicator}: unit '{measured_unit}' is not recognised; cannot "
        "compare with {standard}",
        GapKind.INCOMPATIBLE_UNITS: "{indicator}: unit '{measured_unit}' cannot be converted to "
        "'{unit}'; cannot compare with {standard}",
        GapKind.INVALID_VALUE: "{indicator}: value {measured_value} is not valid; cannot compare "
        "with {standard}",
    },
}


_CONDITION_FORMATS = {"zh": "（{}）", "en": " at {}"}


def _number(value: float | bool | None) -> str:
    if value is None or isinstance(value, bool):
        return str(value)
    return f"{value:.6g}"  # 240.00000000000003 → 240: float noise is not news to the user


def describe(gap: Gap, language: str = "zh") -> str:
    """One sentence about a gap, in Chinese ("zh") or English ("en")."""
    condition = ""
    if gap.requirement_condition:
        condition = _CONDITION_FORMATS[language].format(gap.requirement_condition)
    return GAP_TEMPLATES[language][gap.kind].format(
        indicator=gap.indicator_name or gap.indicator_key,
        standard=gap.standard_label,
        value=_number(gap.value),
        limit=_number(gap.limit),
        shortfall=_number(gap.shortfall),
        unit=gap.unit,
        measured_value=_number(gap.measured_value),
        measured_unit=gap.measured_unit,
        requirement_condition=gap.requirement_condition or "—",
        measurement_condition=gap.measurement_condition or "—",
        condition=condition,
    )


