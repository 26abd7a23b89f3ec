"""Indicator values that land a result at a chosen level, judged by the real verdict engine.

The generator only steers: it places each value in a band between the plan's limits (better than
every limit, at a limit, between the benchmark and a stricter non-benchmark limit, short of the
benchmark). The stored level is always what ``verdict.judgement.evaluate`` says about the values
(asked through the import's ``VerdictCache``, which gives the engine's level).

Declared (enterprise standard) and tested values lie in the same band, so judging either gives
the same level; the engine is fed the tested value, or the declared one where no test exists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from results.import_kinds.verdict_cache import VerdictCache
from verdict import Direction, PlanSpec, at_limit, condition_key, units

LEADING, ATTAINED, NOT_ATTAINED = "leading", "attained", "not_attained"


@dataclass(frozen=True)
class Cell:
    minimum: float | None  # in the indicator's unit
    maximum: float | None
    is_benchmark: bool


@dataclass(frozen=True)
class Slot:
    """One test condition of one indicator: one of a result's values, judged against ``cells``.
    The rest is derived from the cells once per plan content (``compile_slots``), since every
    result of the plan asks it."""

    condition: str
    cells: tuple[Cell, ...]
    bounds: tuple[float, ...] = ()  # every stated minimum and maximum
    # One-sided: the benchmark cells' limits on the indicator's side; the strictest of all cells';
    # all of them, distinct and in order; whether a non-benchmark limit is stricter than every
    # benchmark needs.
    bench: tuple[float, ...] = ()
    strictest: float | None = None
    ordered: tuple[float, ...] = ()
    stricter_non_benchmark: bool = False
    # Range: the narrowest interval every cell allows, and the cells a failing value breaks.
    low: float | None = None
    high: float | None = None
    judged: tuple[Cell, ...] = ()


def _slot(direction: str, condition: str, cells: tuple[Cell, ...]) -> Slot:
    bounds = tuple(x for c in cells for x in (c.minimum, c.maximum) if x is not None)
    if direction == Direction.RANGE:
        lows = [c.minimum for c in cells if c.minimum is not None]
        highs = [c.maximum for c in cells if c.maximum is not None]
        return Slot(condition, cells, bounds, low=max(lows) if lows else None, high=min(highs) if highs else None,
                    judged=tuple(c for c in cells if c.is_benchmark) or cells)
    if direction not in (Direction.HIGHER_BETTER, Direction.LOWER_BETTER):
        return Slot(condition, cells, bounds)
    higher = direction == Direction.HIGHER_BETTER
    limits = tuple(c.minimum if higher else c.maximum for c in cells)
    bench = tuple(limit for limit, c in zip(limits, cells, strict=True) if c.is_benchmark)
    others = [limit for limit, c in zip(limits, cells, strict=True) if not c.is_benchmark]
    stricter = False
    if bench and others:
        need = max(bench) if higher else min(bench)
        stricter = any(_better(direction, limit, need) and not at_limit(limit, need) for limit in others)
    return Slot(condition, cells, bounds, bench, max(limits) if higher else min(limits), tuple(sorted(set(limits))),
                stricter)


@dataclass(frozen=True)
class IndicatorSlots:
    key: str
    unit: str
    direction: str
    slots: tuple[Slot, ...]

    @property
    def one_sided(self) -> bool:
        return self.direction in (Direction.HIGHER_BETTER, Direction.LOWER_BETTER)


@dataclass(frozen=True)
class Value:
    key: str
    condition: str
    unit: str
    declared: float | None
    tested: float | None
    passed: bool | None


def compile_slots(spec: PlanSpec) -> tuple[IndicatorSlots, ...]:
    """Per indicator, its distinct test conditions and the limits that apply at each, converted
    to the indicator's unit (once per distinct plan content, not per result)."""
    out = []
    for indicator in spec.indicators:
        by_condition: dict[frozenset[str], tuple[str, list[Cell]]] = {}
        for r in spec.requirements:
            if r.indicator_key != indicator.key:
                continue
            conversion = units.conversion(r.unit or indicator.unit, indicator.unit,
                                          difference=indicator.is_difference)
            minimum = None if r.minimum is None else conversion.apply(r.minimum)
            maximum = None if r.maximum is None else conversion.apply(r.maximum)
            key = condition_key(r.condition)
            by_condition.setdefault(key, (r.condition, []))[1].append(Cell(minimum, maximum, r.is_benchmark))
        slots = tuple(_slot(str(indicator.direction), condition, tuple(cells))
                      for condition, cells in by_condition.values())
        out.append(IndicatorSlots(indicator.key, indicator.unit, str(indicator.direction), slots))
    return tuple(out)


def _round(value: float) -> float:
    magnitude = abs(value)
    if magnitude >= 1000:
        return round(value)
    if magnitude >= 90:
        return round(value, 2)
    if magnitude >= 10:
        return round(value, 1)
    if magnitude >= 1:
        return round(value, 2)
    return float(f"{value:.3g}")


def _better(direction: str, a: float, b: float) -> bool:
    return a > b if direction == Direction.HIGHER_BETTER else a < b


def _beyond(rng: random.Random, direction: str, limit: float, unit: str, worse: bool = False) -> float:
    """A value strictly better (or, with ``worse``, strictly worse) than ``limit``."""
    sign = 1 if direction == Direction.HIGHER_BETTER else -1
    if worse:
        sign = -sign
    if unit == "%" and direction == Direction.HIGHER_BETTER and not worse and limit > 50:
        return limit + (100 - limit) * rng.uniform(0.15, 0.7)  # stay below 100 %
    span = abs(limit) * rng.uniform(0.01, 0.12) or rng.uniform(0.01, 0.1)
    value = limit + sign * span
    if direction == Direction.LOWER_BETTER and not worse:
        value = max(value, limit * 0.3)  # never below zero, rarely implausibly far below
    return value


def _slot_value(rng: random.Random, ind: IndicatorSlots, slot: Slot, mode: str) -> float | bool:
    """mode: 'strict' better than every limit; 'equal' at the strictest; 'middle' meets the
    benchmarks but not a stricter non-benchmark limit; 'fail' short of a benchmark."""
    if ind.direction == Direction.PASS_FAIL:
        return mode != "fail"
    if ind.direction == Direction.RANGE:
        low, high = slot.low, slot.high
        if mode == "fail":
            cell = rng.choice(slot.judged)
            if cell.maximum is not None and (cell.minimum is None or rng.random() < 0.5):
                return cell.maximum + abs(cell.maximum) * rng.uniform(0.03, 0.15) + 0.1
            return cell.minimum - abs(cell.minimum) * rng.uniform(0.03, 0.15) - 0.1
        if low is not None and high is not None:
            return low + (high - low) * rng.uniform(0.2, 0.8)
        if low is not None:
            return low + abs(low) * rng.uniform(0.02, 0.1) + 0.1
        return high - abs(high) * rng.uniform(0.02, 0.1) - 0.1
    direction, bench, strictest = ind.direction, slot.bench, slot.strictest
    if mode == "strict":
        return _beyond(rng, direction, strictest, ind.unit)
    if mode == "equal":
        return strictest
    if mode == "fail":
        target = rng.choice(bench) if bench else strictest
        return _beyond(rng, direction, target, ind.unit, worse=True)
    # middle: meets every benchmark, falls short of the strictest (a non-benchmark) limit
    bench_need = (max(bench) if direction == Direction.HIGHER_BETTER else min(bench)) if bench else None
    if bench_need is None or not _better(direction, strictest, bench_need):
        return strictest
    return bench_need + (strictest - bench_need) * rng.uniform(0.15, 0.85)


def _declared_for(rng: random.Random, ind: IndicatorSlots, slot: Slot, tested: float) -> float:
    """An enterprise standard value no better than ``tested`` and in the same band of limits."""
    if ind.direction == Direction.RANGE:
        return tested
    limits = slot.ordered
    if any(abs(tested - limit) <= 1e-9 * max(1.0, abs(limit)) for limit in limits):
        return tested
    # The nearest limit on the worse side of the tested value bounds the band.
    if ind.direction == Direction.HIGHER_BETTER:
        worse = [limit for limit in limits if limit < tested]
        floor = max(worse) if worse else tested - abs(tested) * 0.1
        return floor + (tested - floor) * rng.uniform(0.5, 0.95)
    worse = [limit for limit in limits if limit > tested]
    ceiling = min(worse) if worse else tested + abs(tested) * 0.1
    return ceiling - (ceiling - tested) * rng.uniform(0.5, 0.95)


def _side(value: float, limit: float) -> int:
    return 0 if at_limit(value, limit) else (1 if value > limit else -1)


def _same_band(slot: Slot, a: float, b: float) -> bool:
    """Whether two values stand on the same side of (or on) every limit of the slot."""
    return all(_side(a, limit) == _side(b, limit) for limit in slot.bounds)


def generate(rng: random.Random, indicators: tuple[IndicatorSlots, ...], target: str) -> list[Value]:
    """Values steered towards ``target`` (leading / attained / not_attained)."""
    slots = [(ind, slot) for ind in indicators for slot in ind.slots]
    one_sided = [ind for ind in indicators if ind.one_sided and ind.slots]
    modes = ["strict" if rng.random() < 0.9 else "equal" for _ in slots]
    if target == LEADING and one_sided:
        star = rng.choice(one_sided)
        for i, (ind, _slot) in enumerate(slots):
            if ind is star:
                modes[i] = "strict"
    else:
        # Attained (and the base of not attained): no one-sided indicator strictly better everywhere.
        for ind in one_sided:
            mine = [i for i, (other, _slot) in enumerate(slots) if other is ind]
            modes[rng.choice(mine)] = "middle" if rng.random() < 0.75 else "equal"
    if target == NOT_ATTAINED:
        judged = [i for i, (_ind, slot) in enumerate(slots) if any(c.is_benchmark for c in slot.cells)]
        for i in rng.sample(judged, min(len(judged), 1 if rng.random() < 0.7 else 2)):
            modes[i] = "fail"
    values = []
    for (ind, slot), mode in zip(slots, modes, strict=True):
        if mode == "middle" and not slot.stricter_non_benchmark:
            mode = "equal"  # nothing between the benchmark and the strictest limit: sit on it
        raw = _slot_value(rng, ind, slot, mode)
        if isinstance(raw, bool):
            values.append(Value(ind.key, slot.condition, "", None, None, raw))
            continue
        # At a limit the value is the limit itself (float noise of the unit conversion trimmed).
        tested = float(f"{raw:.10g}") if mode == "equal" else _round(raw)
        declared = tested if mode == "equal" else _round(_declared_for(rng, ind, slot, tested))
        if not _same_band(slot, declared, tested):  # rounding crossed a limit: declare what was tested
            declared = tested
        # In the plan indicator's own unit, which a stored value leaves blank (``in_plan_units``).
        values.append(Value(ind.key, slot.condition, "", declared, tested, None))
    return values


def level_of(verdicts: VerdictCache, values: list[Value]) -> str:
    """The level the verdict engine gives ``values`` (the tested value, or the declared one where
    none was tested), through the plan's verdict cache (``PlanInfo.verdicts``). Its cells are
    shared with the category's other plans (``plans._built``), so a condition and value is judged
    once per set of requirements, not once per plan."""
    given: list[list[tuple]] = [[] for _ in verdicts.indicators]
    for v in values:
        number = v.declared if v.tested is None else v.tested
        given[verdicts.index[v.key]].append((v.passed if v.passed is not None else number, v.unit, v.condition))
    return verdicts.judge(given)[0]
