"""领跑者: the published results of a plan version ranked on each core indicator and overall.

A worker ranks a version whenever one of its results is published or withdrawn (and every night),
from the stored values: only results that meet the benchmark (达标 or 领先) take part, each value
converted to the indicator's plan unit. Per core indicator and test condition the better value
ranks first (ties share a place); overall, a result with a value in every column is placed by the
mean of its places as fractions of the field (0 the best), so no single indicator's scale
dominates. Rewriting a version's ranks is one DELETE and one INSERT."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from core.models import ReviewStatus
from plans.models import PlanIndicator, PlanVersion
from plans.services import RANKABLE
from verdict import Direction, Level, condition_key, units

from ..models import BenchmarkResult, LeaderRank

__all__ = ["CANDIDATE_LEVELS", "plan_version_rank", "plan_versions_rank_all"]

CANDIDATE_LEVELS = (Level.LEADING, Level.ATTAINED)


def _places(values: list[tuple[float, int]], *, higher_better: bool) -> list[tuple[int, float, int]]:
    """(result id, value, place) in order, the better value first; equal values share a place."""
    ordered = sorted(values, key=lambda item: (-item[0] if higher_better else item[0], item[1]))
    places, previous, place = [], None, 0
    for position, (value, result_id) in enumerate(ordered, start=1):
        if value != previous:
            place, previous = position, value
        places.append((result_id, value, place))
    return places


def _in_plan_unit(pi: PlanIndicator, number: float, unit: str) -> float | None:
    """The value in the indicator's plan unit; None where the unit does not convert (the verdict
    calls such a value incomparable, and it ranks nowhere)."""
    conversion = units.conversion(unit or pi.unit, pi.unit, difference=pi.is_difference)
    return conversion.apply(number) if conversion.ok else None


@transaction.atomic
def plan_version_rank(*, version_id: int) -> int:
    """Rank the version's candidates afresh; returns how many rank rows were written."""
    LeaderRank.objects.filter(plan_version_id=version_id).delete()
    version = PlanVersion.objects.filter(pk=version_id, status=ReviewStatus.PUBLISHED).first()
    if version is None:
        return 0
    core = {pi.pk: pi for pi in version.indicators.filter(is_core=True, direction__in=RANKABLE)}
    if not core:
        return 0
    columns: dict[tuple[int, frozenset], tuple[str, list[tuple[float, int]]]] = {}
    candidates = BenchmarkResult.objects.filter(
        plan_version_id=version_id, status=ReviewStatus.PUBLISHED, level__in=CANDIDATE_LEVELS,
    ).order_by().values_list("pk", "values").iterator(chunk_size=5_000)
    for result_id, values in candidates:
        for value in values:
            if value.plan_indicator_id not in core:
                continue
            converted = (None if value.number is None
                         else _in_plan_unit(core[value.plan_indicator_id], value.number, value.unit))
            if converted is not None:
                key = (value.plan_indicator_id, condition_key(value.condition))
                columns.setdefault(key, (value.condition, []))[1].append((converted, result_id))
    rows, fractions = [], defaultdict(list)
    for (pi_id, _key), (condition, column) in columns.items():
        places = _places(column, higher_better=core[pi_id].direction == Direction.HIGHER_BETTER)
        for result_id, value, place in places:
            rows.append(LeaderRank(plan_version_id=version_id, result_id=result_id, plan_indicator_id=pi_id,
                                   condition=condition, value=value, rank=place, ranked=len(places)))
            fractions[result_id].append((place - 1) / (len(places) - 1) if len(places) > 1 else 0.0)
    complete = [(sum(parts) / len(parts), result_id) for result_id, parts in fractions.items()
                if len(parts) == len(columns)]
    for result_id, score, place in _places(complete, higher_better=False):
        rows.append(LeaderRank(plan_version_id=version_id, result_id=result_id, plan_indicator=None,
                               condition="", value=score, rank=place, ranked=len(complete)))
    LeaderRank.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def plan_versions_rank_all() -> int:
    """Every published version with core indicators (the nightly run)."""
    ids = PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED, indicators__is_core=True).values_list(
        "pk", flat=True).distinct()
    return sum(plan_version_rank(version_id=pk) for pk in ids)
