"""A plan version as the verdict engine's PlanSpec (the engine itself, ``verdict``, is pure)."""

from __future__ import annotations

from core.models import ReviewStatus
from plans.models import PlanVersion
from verdict import IndicatorSpec, PlanSpec, RequirementSpec
from verdict.plausibility import bounds_in

_FROZEN = (ReviewStatus.PUBLISHED, ReviewStatus.SUPERSEDED)
# Published versions never change, so their compiled spec is kept per process: unit factors are
# resolved once per plan (PERFORMANCE.md: pint per value would cost ~100 s per 100k-row import).
# Keyed by publication time too: a primary key can come back for another version (rolled-back
# test transactions on SQLite, a restored database), and a stale spec would judge wrongly.
_frozen: dict[tuple[str, int, object], object] = {}


def _kept_while_frozen(name: str, version: PlanVersion, build):
    """``build(version)``, kept per process under ``name`` once the version is frozen."""
    if version.status not in _FROZEN:
        return build(version)
    key = (name, version.pk, version.published_at)
    if key not in _frozen:
        _frozen[key] = build(version)
    return _frozen[key]


def possible_range_in_plan_unit(plan_indicator) -> dict[str, float | None]:
    """The library indicator's possible range, in the unit the plan uses for it."""
    indicator = plan_indicator.indicator
    low, high = bounds_in(indicator.possible_range, indicator.unit, plan_indicator.unit, indicator.is_difference)
    return {"possible_minimum": low, "possible_maximum": high}


def indicator_keys_for_version(version: PlanVersion) -> dict[int, str]:
    """Each plan indicator's library key (what the verdict engine knows a value by), by its id."""
    return _kept_while_frozen("keys", version, lambda v: dict(v.indicators.values_list("pk", "indicator__key")))


def spec_for_version(version: PlanVersion) -> PlanSpec:
    return _kept_while_frozen("spec", version, _spec)


def _spec(version: PlanVersion) -> PlanSpec:
    indicators = version.indicators.select_related("indicator").order_by("position", "id")
    requirements = version.requirements.select_related("plan_standard__standard", "plan_indicator__indicator")
    return PlanSpec(
        indicators=tuple(
            IndicatorSpec(
                key=pi.indicator.key, name=pi.indicator.name_zh, unit=pi.unit, direction=pi.direction,
                is_difference=pi.is_difference, **possible_range_in_plan_unit(pi),
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
                is_mandatory=r.plan_standard.standard.is_mandatory,
            )
            for r in requirements.order_by("plan_indicator__position", "plan_standard__position", "id")
        ),
    )
