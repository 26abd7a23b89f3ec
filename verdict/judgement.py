"""The verdict (比对结论): an enterprise's measurements against a plan's compared standards.

Pure logic, no database. For each indicator and each compared
standard's requirement a `Cell` says whether the value meets it and whether it is stricter than,
equal to or looser than the limit; the overall `Level` follows the campaign's vocabulary:

- 领先 leading: every cell of every compared standard meets, and on at least one indicator
  (higher- or lower-is-better) the value is strictly better than every compared standard's limit
  on it, i.e. than the strictest one;
- 达标 attained: every cell of the decisive standards meets — the benchmark standards and every
  mandatory standard compared (a mandatory standard applies whatever the plan's benchmark flags);
- 未达标 not attained: a cell of a mandatory standard fails (never 达标 or 领先 then), or a
  decisive cell fails;
- 未完成比对 incomplete: no decisive cell fails, but one has no comparable value (none given, or
  measured at another test condition). A value not compared is not a value that failed.

Each decisive cell that does not meet is a `Gap`, those of mandatory standards first; the other
standards' are notes, shown and never decisive.

Units are resolved to a factor and an offset once per unit pair (``verdict.units``); comparing a
value then costs a multiplication. Reasons are structured (`GapKind` + fields); ``verdict.text``
says them in Chinese or English. The plan side (specs, checks, compilation) is ``verdict.plan``.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from . import units
from .plan import CompiledIndicator, CompiledRequirement, PlanSpec, condition_key
from .tolerance import at_limit  # a value at the limit meets it
from .vocabulary import Direction, GapKind, Level, Outcome, Relation


@dataclass(frozen=True)
class Measurement:
    """An enterprise's value for an indicator; ``unit`` '' means the indicator's unit.

    ``value`` is a bool for pass/fail indicators; None means the field was left empty.
    ``condition`` is the test condition it was measured at ('' when not stated).
    """

    value: float | bool | None
    unit: str = ""
    condition: str = ""


@dataclass(frozen=True)
class Gap:
    """Why one cell does not meet its requirement, with everything a sentence about it needs.

    ``value`` is the enterprise value in the requirement's ``unit`` (None when it could not be
    converted); ``measured_value``/``measured_unit`` are as the enterprise gave them;
    ``shortfall`` is how far ``value`` is on the wrong side of ``limit``, in ``unit``.
    For a condition mismatch ``measurement_condition`` lists the conditions that were offered.
    """

    indicator_key: str
    indicator_name: str
    standard_code: str
    grade: str
    kind: GapKind
    value: float | bool | None
    limit: float | None
    unit: str
    shortfall: float | None = None
    measured_value: float | bool | None = None
    measured_unit: str = ""
    requirement_condition: str = ""
    measurement_condition: str = ""
    detail: str = ""  # English technical detail (pint's message, what was expected)

    @property
    def standard_label(self) -> str:
        return f"{self.standard_code} {self.grade}".strip()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Gap:
        """A gap back from `Verdict.to_json()`, e.g. one an import judged, to describe it."""
        return cls(**{**data, "kind": GapKind(data["kind"])})


@dataclass(frozen=True)
class Cell:
    """The verdict of one indicator against one compared standard's requirement."""

    indicator_key: str
    standard_code: str
    grade: str
    is_benchmark: bool
    direction: Direction
    outcome: Outcome
    relation: Relation | None  # None when not compared, and strictly inside a range
    value: float | bool | None  # the enterprise value in the requirement's unit
    minimum: float | None
    maximum: float | None
    unit: str  # the requirement's unit
    requirement_condition: str
    measurement_condition: str = ""
    condition_unstated: bool = False  # compared, but the enterprise stated no test condition
    gap: Gap | None = None
    is_mandatory: bool = False

    @property
    def is_decisive(self) -> bool:
        return self.is_benchmark or self.is_mandatory

    @property
    def limit(self) -> float | None:
        """The bound that matters for one-sided directions; None for range and pass/fail."""
        return _one_sided_limit(self.direction, self.minimum, self.maximum)


@dataclass(frozen=True)
class Verdict:
    level: Level
    cells: tuple[Cell, ...]
    gaps: tuple[Gap, ...]  # decisive cells that do not meet (mandatory first): why not attained
    notes: tuple[Gap, ...] = ()  # other standards' cells that do not meet: shown, not decisive

    def cells_for(self, indicator_key: str) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.cells if cell.indicator_key == indicator_key)

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (for BenchmarkResult.verdict): enums as strings, NaN/∞ as None."""
        return {
            "level": self.level.value,
            "cells": [_as_json(cell) for cell in self.cells],
            "gaps": [_as_json(gap) for gap in self.gaps],
            "notes": [_as_json(gap) for gap in self.notes],
        }


def _as_json(record: Cell | Gap) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, Gap):
            value = _as_json(value)
        elif isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, float) and not math.isfinite(value):
            value = None  # PostgreSQL jsonb rejects NaN and Infinity
        data[name] = value
    return data


@functools.cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(record_type))


def evaluate(
    plan: PlanSpec, measurements: Mapping[str, Sequence[Measurement] | Measurement]
) -> Verdict:
    """The verdict of one product's measurements, keyed by indicator key, against a plan.

    Raises InvalidPlan for a plan that cannot be evaluated (checked once per PlanSpec); never
    raises on bad measurements: they become missing or incomparable cells with their reason.
    """
    cells: list[Cell] = []
    beats_every_standard_somewhere = False
    for indicator in plan.compiled.indicators:
        judged, beats = judge_indicator(indicator, measurements.get(indicator.spec.key, ()))
        cells.extend(judged)
        beats_every_standard_somewhere = beats_every_standard_somewhere or beats
    level = level_of(cells, beats_every_standard_somewhere)
    return Verdict(
        level=level,
        cells=tuple(cells),
        gaps=decisive_gaps(cells),
        notes=tuple(cell.gap for cell in cells if not cell.is_decisive and cell.gap is not None),
    )


def decisive_gaps(cells: Sequence[Cell]) -> tuple[Gap, ...]:
    """The gaps that decide the level: mandatory standards' first, then the benchmarks'."""
    return (tuple(cell.gap for cell in cells if cell.is_mandatory and cell.gap is not None)
            + tuple(cell.gap for cell in cells
                    if cell.is_benchmark and not cell.is_mandatory and cell.gap is not None))


def judge_indicator(
    indicator: CompiledIndicator, given: Sequence[Measurement] | Measurement
) -> tuple[tuple[Cell, ...], bool]:
    """One indicator's cells (one per requirement) and whether its value is strictly better than
    every compared limit on it (what makes a product 领先, with every other cell meeting).

    `evaluate` is this per indicator of ``plan.compiled.indicators`` followed by `level_of`. A
    caller judging many products whose values repeat (an import) may cache it per indicator and
    measurements: it depends on nothing else.
    """
    if isinstance(given, Measurement):
        given = (given,)
    stated = [(condition_key(m.condition), m) for m in given if m.value is not None]
    judged = tuple(_judge(indicator, requirement, stated) for requirement in indicator.requirements)
    # Strictly better than every compared limit is strictly better than the strictest one,
    # and stays meaningful when standards test at different conditions (85 vs 95 L/min).
    beats = bool(judged) and indicator.spec.direction in _ONE_SIDED and all(
        cell.relation is Relation.STRICTER for cell in judged
    )
    return judged, beats


def level_of(cells: Sequence[Cell], beats_every_standard_somewhere: bool) -> Level:
    """The overall level of a product's cells (see the module docstring)."""
    decisive = [cell.outcome for cell in cells if cell.is_decisive]
    return level_from(
        all_meet=all(cell.outcome is Outcome.MEETS for cell in cells),
        beats=beats_every_standard_somewhere,
        decisive_meet=all(outcome is Outcome.MEETS for outcome in decisive),
        decisive_fail=any(outcome is Outcome.FAILS for outcome in decisive),
    )


def level_from(*, all_meet: bool, beats: bool, decisive_meet: bool, decisive_fail: bool) -> Level:
    """The level from what the cells add up to (the import's verdict cache adds them itself).

    A failed mandatory cell is a failed decisive cell, and then not every cell meets: it can be
    neither 领先 nor 达标."""
    if beats and all_meet:
        return Level.LEADING
    if decisive_meet:
        return Level.ATTAINED
    if decisive_fail:
        return Level.NOT_ATTAINED
    return Level.INCOMPLETE


# Only a direction with a "better side" can make a value leading; a range or a pass can't.
_ONE_SIDED = frozenset({Direction.HIGHER_BETTER, Direction.LOWER_BETTER})

_Stated = Sequence[tuple[frozenset[str], Measurement]]


def _choose_measurement(
    requirement: CompiledRequirement, stated: _Stated
) -> tuple[Measurement | None, bool, GapKind | None]:
    """(measurement, condition_unstated, why none) for one requirement.

    Never compares across different test conditions: a value at 95 L/min says nothing about a
    limit at 85 L/min. Two values that could both be meant are ambiguous, not "take the first".
    """
    wanted = requirement.condition_key
    if not wanted and len(stated) == 1:
        return stated[0][1], False, None
    matching = [m for key, m in stated if key == wanted]
    if len(matching) == 1:
        return matching[0], False, None
    if len(matching) > 1:
        return None, False, GapKind.AMBIGUOUS_MEASUREMENTS
    if not wanted:  # several values, each at a condition the requirement does not name
        return None, False, GapKind.AMBIGUOUS_MEASUREMENTS
    unconditioned = [m for key, m in stated if not key]
    if len(unconditioned) == 1:
        return unconditioned[0], True, None
    if len(unconditioned) > 1:
        return None, False, GapKind.AMBIGUOUS_MEASUREMENTS
    return None, False, GapKind.CONDITION_MISMATCH


class _Assessed(NamedTuple):
    outcome: Outcome
    relation: Relation | None
    value: float | bool | None  # in the requirement's unit
    kind: GapKind | None = None
    limit: float | None = None  # the violated bound, when there is one
    shortfall: float | None = None
    detail: str = ""


# A tuple, not int | float | Decimal: isinstance is several times faster with it on the hot path.
_NUMBERS = (int, float, Decimal)
_MISSING = _Assessed(Outcome.MISSING, None, None, GapKind.MISSING_VALUE)
_PASSED = _Assessed(Outcome.MEETS, Relation.EQUAL, True)
_FAILED_TEST = _Assessed(Outcome.FAILS, Relation.LOOSER, False, GapKind.FAILED_TEST)


def _judge(indicator: CompiledIndicator, requirement: CompiledRequirement, stated: _Stated) -> Cell:
    if not stated:
        return _cell(indicator, requirement, _MISSING)
    measurement, unstated, why_none = _choose_measurement(requirement, stated)
    if measurement is None:
        offered = " / ".join(m.condition.strip() or "—" for _, m in stated)
        assessed = _Assessed(
            Outcome.INCOMPARABLE, None, None, why_none, detail=f"offered: {offered}"
        )
        return _cell(indicator, requirement, assessed, measurement_condition=offered)
    return _cell(
        indicator, requirement, _assess(indicator, requirement, measurement), measurement, unstated
    )


def _assess(
    indicator: CompiledIndicator, requirement: CompiledRequirement, measurement: Measurement
) -> _Assessed:
    raw, direction = measurement.value, indicator.spec.direction
    if direction is Direction.PASS_FAIL:
        if not isinstance(raw, bool):
            return _Assessed(Outcome.INCOMPARABLE, None, None, GapKind.INVALID_VALUE,
                             detail="a pass/fail indicator takes True or False")
        return _PASSED if raw else _FAILED_TEST
    if isinstance(raw, bool) or not isinstance(raw, _NUMBERS):
        return _Assessed(Outcome.INCOMPARABLE, None, None, GapKind.INVALID_VALUE,
                         detail="expected a number")
    if not math.isfinite(raw):
        return _Assessed(Outcome.INCOMPARABLE, None, None, GapKind.INVALID_VALUE,
                         detail="expected a finite number")
    conversion = units.conversion(
        measurement.unit or indicator.spec.unit, requirement.unit,
        indicator.temperature_as_difference,  # positional: the cache key is cheapest that way
    )
    if conversion.problem is not None:
        kind = (GapKind.UNKNOWN_UNIT if conversion.problem is units.UnitProblem.UNKNOWN_UNIT
                else GapKind.INCOMPATIBLE_UNITS)
        return _Assessed(Outcome.INCOMPARABLE, None, None, kind, detail=conversion.detail)
    value = float(raw) * conversion.factor + conversion.offset
    return _compare(value, direction, requirement.spec.minimum, requirement.spec.maximum)


def _compare(
    value: float, direction: Direction, minimum: float | None, maximum: float | None
) -> _Assessed:
    """A number, already in the requirement's unit, against its limits."""
    if minimum is not None and value < minimum and not at_limit(value, minimum):
        return _Assessed(Outcome.FAILS, Relation.LOOSER, value, GapKind.BELOW_MINIMUM, minimum,
                         minimum - value)
    if maximum is not None and value > maximum and not at_limit(value, maximum):
        return _Assessed(Outcome.FAILS, Relation.LOOSER, value, GapKind.ABOVE_MAXIMUM, maximum,
                         value - maximum)
    if (minimum is not None and at_limit(value, minimum)) or (
        maximum is not None and at_limit(value, maximum)
    ):
        return _Assessed(Outcome.MEETS, Relation.EQUAL, value)
    # Strictly inside a range is neither better nor worse than a limit: no relation.
    relation = None if direction is Direction.RANGE else Relation.STRICTER
    return _Assessed(Outcome.MEETS, relation, value)


def _one_sided_limit(
    direction: Direction, minimum: float | None, maximum: float | None
) -> float | None:
    if direction is Direction.HIGHER_BETTER:
        return minimum
    if direction is Direction.LOWER_BETTER:
        return maximum
    return None


def _cell(
    indicator: CompiledIndicator,
    requirement: CompiledRequirement,
    assessed: _Assessed,
    measurement: Measurement | None = None,
    unstated: bool = False,
    measurement_condition: str = "",
) -> Cell:
    spec, direction = requirement.spec, indicator.spec.direction
    if measurement is not None:
        measurement_condition = measurement.condition
    gap = None
    if assessed.kind is not None:
        limit = assessed.limit
        if limit is None:
            limit = _one_sided_limit(direction, spec.minimum, spec.maximum)
        gap = Gap(
            indicator.spec.key, indicator.spec.name, spec.standard_code, spec.grade,
            assessed.kind, assessed.value, limit, requirement.unit, assessed.shortfall,
            measured_value=measurement.value if measurement else None,
            measured_unit=(measurement.unit or indicator.spec.unit) if measurement else "",
            requirement_condition=spec.condition, measurement_condition=measurement_condition,
            detail=assessed.detail,
        )
    return Cell(
        indicator.spec.key, spec.standard_code, spec.grade, spec.is_benchmark, direction,
        assessed.outcome, assessed.relation, assessed.value, spec.minimum, spec.maximum,
        requirement.unit, spec.condition, measurement_condition, unstated, gap, spec.is_mandatory,
    )

