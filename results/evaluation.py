"""From database rows to the verdict engine: measurements of stored values, and their verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from plans.models import PlanIndicator, PlanVersion
from plans.specs import indicator_keys_for_version, possible_range_in_plan_unit, spec_for_version
from verdict import Gap, GapKind, Measurement, Verdict, describe, evaluate, number, plausibility

from .indicator_values import IndicatorValue
from .models import BenchmarkResult


def measurement_of(value: IndicatorValue) -> Measurement:
    """The tested value where a test report gave one, else the declared (enterprise-standard) one."""
    if value.passed is not None:
        return Measurement(value=value.passed, unit=value.unit, condition=value.condition)
    return Measurement(value=value.number, unit=value.unit, condition=value.condition)


def measurements(values: Iterable[IndicatorValue], keys: dict[int, str]) -> dict[str, list[Measurement]]:
    """Keyed by indicator key (``keys``: by plan indicator id); a value of an indicator the plan
    version does not have is no measurement of it."""
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for value in values:
        key = keys.get(value.plan_indicator_id)
        if key is not None:
            by_indicator[key].append(measurement_of(value))
    return dict(by_indicator)


def evaluate_values(version: PlanVersion, values: Iterable[IndicatorValue]) -> Verdict:
    return evaluate(spec_for_version(version), measurements(values, indicator_keys_for_version(version)))


def verdict_of(result: BenchmarkResult) -> Verdict:
    """The verdict of a result's stored values against its plan version."""
    return evaluate_values(result.plan_version, result.values)


# What keeps a verdict from being stated: a decisive requirement with no comparable value.
_UNSTATED = frozenset({GapKind.MISSING_VALUE, GapKind.CONDITION_MISMATCH, GapKind.AMBIGUOUS_MEASUREMENTS,
                       GapKind.UNKNOWN_UNIT, GapKind.INCOMPATIBLE_UNITS, GapKind.INVALID_VALUE})


def comparisons_missing(gaps: Iterable[Gap], language: str | None = None) -> list[str]:
    """Each benchmark or mandatory requirement still without a comparable value, in words: which
    value, at which test condition, for which standard (all of them, for one refusal)."""
    language = "en" if (language or get_language() or "").startswith("en") else "zh"
    return [describe(gap, language) for gap in gaps if gap.kind in _UNSTATED]


def implausible(plan_indicator: PlanIndicator, value: float, unit: str,
                bounds: tuple[float | None, float | None] | None = None) -> str:
    """'' or why ``value`` (in ``unit``, '' for the plan's) cannot be a measurement of this
    indicator: a negative resistance, a content above 100 %. ``bounds``: the indicator's possible
    range in the plan's unit, where the caller has it already (an import, per value)."""
    if bounds is None:
        bounds = tuple(possible_range_in_plan_unit(plan_indicator).values())
    found = plausibility.outside(value, unit or plan_indicator.unit, plan_indicator.unit, bounds,
                                 plan_indicator.is_difference)
    if found is None:
        return ""
    side, bound = found
    text = _("%(value)s %(unit)s 不是可能的数值：该指标不小于 %(bound)s %(plan_unit)s。") if side == "below" else _(
        "%(value)s %(unit)s 不是可能的数值：该指标不大于 %(bound)s %(plan_unit)s。")
    return text % {"value": number(value), "unit": unit or plan_indicator.unit, "bound": number(bound),
                   "plan_unit": plan_indicator.unit}


def fraction_question(value: float, unit: str, limits: Iterable[tuple[float | None, float | None, str]]) -> str:
    """'' or the question a value like 0.96 % against a limit of 95 % raises (是否应为 96 %？)."""
    meant = plausibility.fraction_typed_as_percent(value, unit, limits)
    if meant is None:
        return ""
    return _("%(value)s %% 远低于要求，是否应为 %(meant)s %%？") % {"value": number(value), "meant": number(meant)}
