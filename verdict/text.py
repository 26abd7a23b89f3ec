"""The verdict in words: numbers, requirements ("≥ 95 %") and gaps, each said one way only.

``number`` is the one number format of the platform's verdicts (240.00000000000003 Pa reads
240); ``requirement_text`` the one way a limit is written; ``describe`` one sentence per gap, in
the platform's two languages (Chinese first, English), chosen by an explicit ``language`` so that
an import's error report is written in its uploader's language whatever the worker's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _

from .judgement import Gap
from .vocabulary import Direction, GapKind


def number(value: float | None) -> str:
    """Six significant digits, never in exponent form: float noise from unit conversions is not
    news to the user, and neither 2.592e+06 s nor 1.5e-07 reads as a figure on a verdict. A whole
    part longer than six digits is kept whole (2592000, not 2.592e+06)."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e6:
        return f"{value:.0f}"
    text = f"{value:.6g}"
    return format(Decimal(text), "f") if "e" in text else text


def requirement_text(direction: str, minimum: float | None, maximum: float | None, unit: str) -> str:
    """'≥ 95 %', '≤ 2.4 mbar', '18–22 ℃', or '合格' for a pass/fail test; '—' for no limit."""
    unit = f" {unit}" if unit else ""
    if direction == Direction.PASS_FAIL:
        return _("合格")
    if minimum is not None and maximum is not None:
        return f"{number(minimum)}–{number(maximum)}{unit}"
    if minimum is not None:
        return f"≥ {number(minimum)}{unit}"
    if maximum is not None:
        return f"≤ {number(maximum)}{unit}"
    return "—"


def value_text(value: float | bool | None, unit: str = "") -> str:
    """A measured value as a cell shows it: '96.5 %', '合格' / '不合格', or '—'."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("合格") if value else _("不合格"))
    return f"{number(value)} {unit}".strip()

GAP_TEMPLATES: Mapping[str, Mapping[GapKind, str]] = {
    "zh": {
        GapKind.BELOW_MINIMUM: "{indicator}：{value} {unit} 低于 {standard} 要求的 {requirement}"
        "{condition}，差 {shortfall} {unit}",
        GapKind.ABOVE_MAXIMUM: "{indicator}：{value} {unit} 高于 {standard} 要求的 {requirement}"
        "{condition}，超出 {shortfall} {unit}",
        GapKind.FAILED_TEST: "{indicator}：未通过 {standard} 的检验{condition}",
        GapKind.MISSING_VALUE: "{indicator}：未填写数值{condition}，无法与 {standard} 比对",
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
        GapKind.MISSING_VALUE: "{indicator}: no value given{condition}, cannot compare with {standard}",
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


def _gap_number(value: float | bool | None) -> str:
    return str(value) if value is None or isinstance(value, bool) else number(value)


def describe(gap: Gap, language: str = "zh") -> str:
    """One sentence about a gap, in Chinese ("zh") or English ("en")."""
    condition = ""
    if gap.requirement_condition:
        condition = _CONDITION_FORMATS[language].format(gap.requirement_condition)
    if gap.kind == GapKind.BELOW_MINIMUM:
        requirement = requirement_text(Direction.HIGHER_BETTER, gap.limit, None, gap.unit)
    elif gap.kind == GapKind.ABOVE_MAXIMUM:
        requirement = requirement_text(Direction.LOWER_BETTER, None, gap.limit, gap.unit)
    else:
        requirement = ""
    return GAP_TEMPLATES[language][gap.kind].format(
        requirement=requirement,
        indicator=gap.indicator_name or gap.indicator_key,
        standard=gap.standard_label,
        value=_gap_number(gap.value),
        limit=_gap_number(gap.limit),
        shortfall=_gap_number(gap.shortfall),
        unit=gap.unit,
        measured_value=_gap_number(gap.measured_value),
        measured_unit=gap.measured_unit,
        requirement_condition=gap.requirement_condition or "—",
        measurement_condition=gap.measurement_condition or "—",
        condition=condition,
    )


