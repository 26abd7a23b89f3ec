"""From database rows to the verdict engine: measurements of stored values, and their verdict."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from plans.models import PlanVersion
from plans.specs import spec_for_version
from verdict import Measurement, Verdict, evaluate

from .models import BenchmarkResult, IndicatorValue


def measurement_of(value: IndicatorValue) -> Measurement:
    """The tested value where a test report gave one, else the declared (enterprise-standard) one."""
    if value.passed is not None:
        return Measurement(value=value.passed, unit=value.unit, condition=value.condition)
    number = value.tested_value if value.tested_value is not None else value.declared_value
    return Measurement(value=number, unit=value.unit, condition=value.condition)


def measurements(values: Iterable[IndicatorValue]) -> dict[str, list[Measurement]]:
    """Keyed by indicator key; callers select_related('plan_indicator__indicator')."""
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for value in values:
        by_indicator[value.plan_indicator.indicator.key].append(measurement_of(value))
    return dict(by_indicator)


def evaluate_values(version: PlanVersion, values: Iterable[IndicatorValue]) -> Verdict:
    return evaluate(spec_for_version(version), measurements(values))


def verdict_of(result: BenchmarkResult) -> Verdict:
    """The verdict of a result's stored values against its plan version."""
    values = result.values.select_related("plan_indicator__indicator")
    return evaluate_values(result.plan_version, values)
