"""From database rows to the verdict engine and back: the only bridge between the two."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from benchmarking.models import PlanVersion, ReviewStatus

from .models import IndicatorValue
from .verdict import Measurement, Verdict, evaluate
from .verdict_plan import IndicatorSpec, PlanSpec, RequirementSpec

# Published versions never change, so their compiled spec is kept per process. Unit factors
# are resolved once per plan this way (PERFORMANCE.md: pint per value would cost ~100 s per import).
_published_specs: dict[int, PlanSpec] = {}


def plan_spec(version: PlanVersion) -> PlanSpec:
    if version.status in (ReviewStatus.PUBLISHED, ReviewStatus.SUPERSEDED) and version.pk in _published_specs:
        return _published_specs[version.pk]
    indicators = list(version.indicators.select_related("indicator").order_by("position", "id"))
    requirements = list(
        version.requirements.select_related("plan_standard__standard", "plan_indicator__indicator").order_by(
            "plan_indicator__position", "plan_standard__position", "id"
        )
    )
    spec = PlanSpec(
        indicators=tuple(
            IndicatorSpec(
                key=pi.indicator.key, name=pi.indicator.name_zh, unit=pi.unit, direction=pi.direction,
                is_difference=pi.is_difference,
            )
            for pi in indicators
        ),
        requirements=tuple(
            RequirementSpec(
                indicator_key=r.plan_indicator.indicator.key,
                standard_code=r.plan_standard.standard.code,
                grade=r.plan_standard.grade,
                minimum=r.minimum,
                maximum=r.maximum,
                unit=r.unit,
                condition=r.condition,
                is_benchmark=r.plan_standard.is_benchmark,
            )
            for r in requirements
        ),
    )
    if version.status in (ReviewStatus.PUBLISHED, ReviewStatus.SUPERSEDED):
        _published_specs[version.pk] = spec
    return spec


def measurement_of(value: IndicatorValue) -> Measurement:
    """The tested value where a test report gave one, else the declared (enterprise-standard) one."""
    if value.passed is not None:
        return Measurement(value=value.passed, unit=value.unit, condition=value.condition)
    number = value.tested_value if value.tested_value is not None else value.declared_value
    return Measurement(value=number, unit=value.unit, condition=value.condition)


def measurements(values: Iterable[IndicatorValue]) -> dict[str, list[Measurement]]:
    by_indicator: dict[str, list[Measurement]] = defaultdict(list)
    for value in values:
        by_indicator[value.plan_indicator.indicator.key].append(measurement_of(value))
    return dict(by_indicator)


def evaluate_values(version: PlanVersion, values: Iterable[IndicatorValue]) -> Verdict:
    return evaluate(plan_spec(version), measurements(values))
