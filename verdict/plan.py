"""The plan side of the verdict: what is compared with what, checked and resolved once.

A `PlanSpec` is a technical plan version as the verdict needs it: its indicators (unit,
direction) and each compared standard's requirement on them (limits in the standard's own unit,
test condition, grade, whether the standard is a benchmark). `PlanSpec.compiled` checks the plan
(`plan_problems`) and resolves it once, so evaluating 100k results does not redo that work.

No database here; the package ``verdict`` re-exports everything a caller needs.
"""

from __future__ import annotations

import enum
import functools
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from . import plausibility, units
from .vocabulary import Direction


@dataclass(frozen=True)
class IndicatorSpec:
    """One plan indicator. ``unit`` is the plan's unit for it ('' for dimensionless/pass-fail).

    ``is_difference``: the values are temperature differences (温升), so °C and K convert by a
    factor of 1 instead of by 273.15. A unit spelt with Δ (Δ℃, ΔK) implies it.
    """

    key: str
    name: str
    unit: str
    direction: Direction
    is_difference: bool = False
    # What a value can physically be, in ``unit`` (None: unbounded); a limit outside it is a slip.
    possible_minimum: float | None = None
    possible_maximum: float | None = None

    def __post_init__(self) -> None:
        # Directions come from the database as plain strings; an unknown one raises ValueError.
        object.__setattr__(self, "direction", Direction(self.direction))


@dataclass(frozen=True)
class RequirementSpec:
    """One compared standard's limit on one indicator, in the unit the standard states it.

    higher_better uses ``minimum``, lower_better ``maximum``, range either or both (open-ended),
    pass_fail neither. ``unit`` '' means the indicator's unit.
    """

    indicator_key: str
    standard_code: str
    minimum: float | None
    maximum: float | None
    unit: str
    condition: str = ""
    grade: str = ""
    is_benchmark: bool = False
    # A mandatory standard (GB without /T, a mandatory industry or local standard) always
    # applies: failing it is never 达标, whether or not the plan made it a benchmark.
    is_mandatory: bool = False

    def __post_init__(self) -> None:
        # Limits may arrive as int or Decimal; the engine subtracts floats from them.
        for name in ("minimum", "maximum"):
            limit = getattr(self, name)
            if limit is not None and not isinstance(limit, bool):
                object.__setattr__(self, name, float(limit))

    @property
    def standard_label(self) -> str:
        return f"{self.standard_code} {self.grade}".strip()

    @property
    def is_decisive(self) -> bool:
        """Its cells decide the level: a benchmark or a mandatory standard."""
        return self.is_benchmark or self.is_mandatory


class PlanProblemKind(enum.StrEnum):
    DUPLICATE_INDICATOR = "duplicate_indicator"
    UNKNOWN_INDICATOR = "unknown_indicator"
    DUPLICATE_REQUIREMENT = "duplicate_requirement"
    LIMITS_DO_NOT_FIT_DIRECTION = "limits_do_not_fit_direction"
    UNKNOWN_UNIT = "unknown_unit"
    INCOMPATIBLE_UNITS = "incompatible_units"
    BENCHMARK_INCONSISTENT = "benchmark_inconsistent"
    NO_BENCHMARK = "no_benchmark"
    IMPOSSIBLE_LIMIT = "impossible_limit"


@dataclass(frozen=True)
class PlanProblem:
    kind: PlanProblemKind
    indicator_key: str = ""
    standard_code: str = ""
    detail: str = ""  # English, for logs and the plan editor's technical note


class InvalidPlan(ValueError):
    """A plan that cannot be evaluated; a plan editor should show ``problems`` before publishing."""

    def __init__(self, problems: Sequence[PlanProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.kind}: {p.detail}" for p in self.problems))


@dataclass(frozen=True)
class PlanSpec:
    indicators: tuple[IndicatorSpec, ...]
    requirements: tuple[RequirementSpec, ...]

    def __post_init__(self) -> None:
        # Callers build plans from querysets and lists; tuples keep the spec hashable and frozen.
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "requirements", tuple(self.requirements))

    def problems(self) -> tuple[PlanProblem, ...]:
        return plan_problems(self)

    @functools.cached_property
    def compiled(self) -> CompiledPlan:
        """The plan resolved once: directions, limits, condition keys; raises InvalidPlan."""
        problems = self.problems()
        if problems:
            raise InvalidPlan(problems)
        by_key: dict[str, list[RequirementSpec]] = {i.key: [] for i in self.indicators}
        for requirement in self.requirements:
            by_key[requirement.indicator_key].append(requirement)
        return CompiledPlan(
            tuple(
                CompiledIndicator(
                    indicator,
                    indicator.is_difference or units.marks_difference(indicator.unit),
                    tuple(
                        CompiledRequirement(r, r.unit or indicator.unit, condition_key(r.condition))
                        for r in by_key[indicator.key]
                    ),
                )
                for indicator in self.indicators
            )
        )


def plan_problems(plan: PlanSpec) -> tuple[PlanProblem, ...]:
    """Everything that would make a plan's verdicts wrong or impossible; () for a sound plan."""
    problems: list[PlanProblem] = []
    indicators: dict[str, IndicatorSpec] = {}
    for indicator in plan.indicators:
        if indicator.key in indicators:
            problems.append(PlanProblem(PlanProblemKind.DUPLICATE_INDICATOR, indicator.key,
                                        detail=f"indicator '{indicator.key}' listed twice"))
        indicators[indicator.key] = indicator
        if indicator.direction is not Direction.PASS_FAIL and units.unit_problem(indicator.unit):
            problems.append(PlanProblem(PlanProblemKind.UNKNOWN_UNIT, indicator.key,
                                        detail=units.unit_problem(indicator.unit)))
    benchmark_by_standard: dict[str, set[bool]] = {}
    seen: set[tuple[str, str, str, frozenset[str]]] = set()
    for requirement in plan.requirements:
        key, code = requirement.indicator_key, requirement.standard_code
        benchmark_by_standard.setdefault(code, set()).add(requirement.is_benchmark)
        identity = (key, code, requirement.grade, condition_key(requirement.condition))
        if identity in seen:
            problems.append(PlanProblem(PlanProblemKind.DUPLICATE_REQUIREMENT, key, code,
                                        f"two requirements at condition '{requirement.condition}'"))
        seen.add(identity)
        indicator = indicators.get(key)
        if indicator is None:
            problems.append(PlanProblem(PlanProblemKind.UNKNOWN_INDICATOR, key, code,
                                        f"no indicator '{key}' in the plan"))
            continue
        misfit = _limits_problem(indicator.direction, requirement.minimum, requirement.maximum)
        if misfit:
            problems.append(
                PlanProblem(PlanProblemKind.LIMITS_DO_NOT_FIT_DIRECTION, key, code, misfit)
            )
        if indicator.direction is Direction.PASS_FAIL:
            continue
        to_indicator = units.conversion(
            requirement.unit or indicator.unit, indicator.unit,
            indicator.is_difference or units.marks_difference(indicator.unit),
        )
        if not to_indicator.ok:  # a blank measurement unit means the indicator's: it must convert
            kind = (PlanProblemKind.UNKNOWN_UNIT
                    if to_indicator.problem is units.UnitProblem.UNKNOWN_UNIT
                    else PlanProblemKind.INCOMPATIBLE_UNITS)
            problems.append(PlanProblem(kind, key, code, to_indicator.detail))
            continue
        for limit in (requirement.minimum, requirement.maximum):
            if limit is not None and not isinstance(limit, bool) and math.isfinite(limit) and plausibility.outside(
                    limit, requirement.unit or indicator.unit, indicator.unit,
                    (indicator.possible_minimum, indicator.possible_maximum), indicator.is_difference):
                problems.append(PlanProblem(PlanProblemKind.IMPOSSIBLE_LIMIT, key, code,
                                            f"limit {limit} {requirement.unit} is not a possible value"))
    for code, flags in benchmark_by_standard.items():
        if len(flags) > 1:
            problems.append(PlanProblem(PlanProblemKind.BENCHMARK_INCONSISTENT, standard_code=code,
                                        detail="benchmark on some requirements but not on others"))
    # Without a benchmark every result would be "attained" by default: no verdict at all.
    if not any(r.is_benchmark for r in plan.requirements):
        problems.append(PlanProblem(PlanProblemKind.NO_BENCHMARK, detail="no benchmark standard"))
    return tuple(problems)


def _limits_problem(direction: Direction, minimum: float | None, maximum: float | None) -> str:
    given = [limit for limit in (minimum, maximum) if limit is not None]
    if any(isinstance(limit, bool) or not math.isfinite(limit) for limit in given):
        return "limits must be finite numbers"
    wanted = {
        Direction.HIGHER_BETTER: (True, False),
        Direction.LOWER_BETTER: (False, True),
        Direction.PASS_FAIL: (False, False),
    }.get(direction)
    if wanted is not None and (minimum is not None, maximum is not None) != wanted:
        takes = {(True, False): "a minimum only", (False, True): "a maximum only"}
        return f"{direction} takes {takes.get(wanted, 'no limits')}"
    if direction is Direction.RANGE:
        if not given:
            return "a range needs a minimum, a maximum or both"
        if minimum is not None and maximum is not None and minimum > maximum:
            return f"minimum {minimum} is above maximum {maximum}"
    return ""


@dataclass(frozen=True)
class CompiledRequirement:
    spec: RequirementSpec
    unit: str  # the requirement's own unit, or the indicator's when it states none
    condition_key: frozenset[str]


@dataclass(frozen=True)
class CompiledIndicator:
    spec: IndicatorSpec
    temperature_as_difference: bool
    requirements: tuple[CompiledRequirement, ...]


@dataclass(frozen=True)
class CompiledPlan:
    indicators: tuple[CompiledIndicator, ...]


@functools.lru_cache(maxsize=4096)
def condition_key(condition: str) -> frozenset[str]:
    """A test condition in comparable form: "NaCl; 85 L/min" == "85l/min；nacl".

    NFKC folds full-width characters, case and whitespace are ignored, and the parts joined by
    ";" may come in any order.
    """
    folded = unicodedata.normalize("NFKC", condition).casefold()
    parts = ("".join(part.split()) for part in folded.split(";"))
    return frozenset(part for part in parts if part)
