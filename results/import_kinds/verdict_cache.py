"""Verdicts on import, cached per indicator and measurements: a value that repeats across rows
costs a dictionary look-up instead of the engine (``verdict.judge_indicator``)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass

from verdict import (
    CompiledIndicator,
    Level,
    Measurement,
    PlanSpec,
    Verdict,
    condition_key,
    decisive_gaps,
    judge_indicator,
    level_from,
)

CACHE_LIMIT = 50_000  # cached verdict fragments per indicator before the cache starts afresh
_UNKNOWN = object()


class CellCache:
    """Judged cells per sub-indicator (one indicator's requirements at one test condition) and
    value. Each ``VerdictCache`` keeps its own unless given one. Plans that share
    requirements can share one: a category's plans compare with the same standards, so the demo
    seed, whose plans each serve a dozen results, judges a value once per category instead of
    once per plan. With ``with_gaps=False`` no gap is encoded and ``VerdictCache.judge`` gives
    none: for a caller that needs the level only."""

    def __init__(self, *, with_gaps: bool = True, limit: int = CACHE_LIMIT):
        self.with_gaps, self.limit = with_gaps, limit
        self.entries: dict = {}
        self._tokens: dict[CompiledIndicator, int] = {}
        self._next = 0

    def token(self, sub: CompiledIndicator) -> int:
        """A number naming ``sub``'s requirements: equal subs share it. Numbers are never reused,
        so a plan holding one from before the table started afresh only misses the cache."""
        found = self._tokens.get(sub)
        if found is None:
            if len(self._tokens) >= self.limit:
                self._tokens.clear()
            found = self._tokens[sub] = self._next
            self._next += 1
        return found

    def store(self, key, cells: tuple) -> None:
        """Keep ``cells`` under ``key``, starting afresh once ``limit`` are kept."""
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = cells


@dataclass(frozen=True, slots=True)
class _Judged:
    mandatory_gaps_json: tuple[str, ...]
    benchmark_gaps_json: tuple[str, ...]
    all_meet: bool
    decisive_meet: bool
    decisive_fail: bool
    beats: bool
    missing: bool  # some requirement found no value


class VerdictCache:
    """``evaluate`` of verdict.judgement, indicator by indicator, with outcomes kept per measurement:
    products' values repeat, and the engine costs ~5 µs per cell. When an indicator has a value at
    each test condition its requirements name, each requirement is judged against the value at its
    own condition only, so the cells are cached per condition and value (a respirator's 96.5 % at
    85 L/min is judged once, whatever its value at 95 L/min); otherwise per indicator and all its
    values. The level and the gaps (as ``Verdict.to_json()`` writes them) are the engine's (tested
    against it); the cells are not built, since only the level is stored."""

    def __init__(self, spec: PlanSpec, *, cells: CellCache | None = None):
        self.indicators = spec.compiled.indicators
        self.index = {indicator.spec.key: i for i, indicator in enumerate(self.indicators)}
        self.cache: list[dict] = [{} for _ in self.indicators]
        self.cells = cells if cells is not None else CellCache()
        # Per indicator, its cells by its measurements as a whole (most products repeat them):
        # one look-up instead of one per condition; None where they are judged together (``cache``).
        self.by_measurements: list[dict] = [{} for _ in self.indicators]
        # Per indicator: its requirements grouped by condition — (condition key, the indicator with
        # that group's requirements only, the key of its cells in ``cells``) — and, in
        # requirement order, (group, position in group).
        self.groups: list[dict[frozenset, tuple[int, CompiledIndicator, object]]] = []
        self.order: list[list[tuple[int, int]]] = []
        for indicator in self.indicators:
            by_condition: dict[frozenset, list] = {}
            order = []
            for requirement in indicator.requirements:
                members = by_condition.setdefault(requirement.condition_key, [])
                order.append((list(by_condition).index(requirement.condition_key), len(members)))
                members.append(requirement)
            groups = {}
            for g, (key, members) in enumerate(by_condition.items()):
                sub = dataclasses.replace(indicator, requirements=tuple(members))
                groups[key] = (g, sub, self.cells.token(sub))
            self.groups.append(groups)
            self.order.append(order)

    def judge(self, given: Sequence[list[tuple]]) -> tuple[str, list[str], list[str]]:
        """(level, its decisive gaps as JSON, names of indicators with a missing value) of one product;
        ``given`` holds each indicator's measurements as (value, unit, condition), in the plan's order."""
        mandatory_gaps, benchmark_gaps, missing = [], [], []
        all_meet = decisive_meet = True
        decisive_fail = beats = False
        for i, indicator in enumerate(self.indicators):
            key = tuple(given[i])
            cells_ = self.by_measurements[i].get(key, _UNKNOWN)
            if cells_ is _UNKNOWN:
                cells_ = self._by_condition(i, given[i])
                if len(self.by_measurements[i]) >= CACHE_LIMIT:
                    self.by_measurements[i].clear()
                self.by_measurements[i][key] = cells_
            if cells_ is not None:
                stricter = bool(cells_) and indicator.spec.direction in _ONE_SIDED
                missed = False
                for gap_json, standing, meets, fails, is_stricter, is_missing in cells_:
                    if gap_json is not None and standing != _REFERENCE:
                        (mandatory_gaps, benchmark_gaps)[standing].append(gap_json)
                    all_meet = all_meet and meets
                    if standing != _REFERENCE:
                        decisive_meet = decisive_meet and meets
                        decisive_fail = decisive_fail or fails
                    stricter = stricter and is_stricter
                    missed = missed or is_missing
                beats = beats or stricter
                if missed:
                    missing.append(indicator.spec.name)
                continue
            judged = self.cache[i].get(key)
            if judged is None:
                judged = self._judge(indicator, [Measurement(*m) for m in key], self.cells.with_gaps)
                if len(self.cache[i]) >= CACHE_LIMIT:
                    self.cache[i].clear()
                self.cache[i][key] = judged
            mandatory_gaps.extend(judged.mandatory_gaps_json)
            benchmark_gaps.extend(judged.benchmark_gaps_json)
            all_meet = all_meet and judged.all_meet
            decisive_meet = decisive_meet and judged.decisive_meet
            decisive_fail = decisive_fail or judged.decisive_fail
            beats = beats or judged.beats
            if judged.missing:
                missing.append(indicator.spec.name)
        level = level_from(all_meet=all_meet, beats=beats, decisive_meet=decisive_meet, decisive_fail=decisive_fail)
        return level.value, mandatory_gaps + benchmark_gaps, missing  # as verdict.decisive_gaps orders them

    def _by_condition(self, i: int, measurements: list[tuple]) -> list[tuple] | None:
        """The indicator's cells, in requirement order, from cells cached per condition and value;
        None when its values do not sit one at each of its requirements' conditions."""
        groups = self.groups[i]
        if not groups or len(measurements) != len(groups):
            return None
        judged: list = [None] * len(groups)
        for measurement in measurements:
            found = groups.get(condition_key(measurement[2]))
            if found is None or judged[found[0]] is not None or measurement[0] is None:
                return None
            g, sub, token = found
            key = (token, measurement)
            cells_ = self.cells.entries.get(key)
            if cells_ is None:
                cells_ = self._cells(sub, measurement, self.cells.with_gaps)
                self.cells.store(key, cells_)
            judged[g] = cells_
        return [judged[g][position] for g, position in self.order[i]]

    @staticmethod
    def _cells(indicator, measurement: tuple, with_gaps: bool) -> tuple:
        cells_, _beats = judge_indicator(indicator, [Measurement(*measurement)])
        return tuple(
            (json.dumps(_as_json(cell.gap)) if with_gaps and cell.gap is not None else None,
             _standing(cell), cell.outcome == "meets", cell.outcome == "fails", cell.relation == "stricter",
             cell.outcome == "missing")
            for cell in cells_
        )

    @staticmethod
    def _judge(indicator, measurements, with_gaps: bool) -> _Judged:
        cells_, beats = judge_indicator(indicator, measurements)
        gaps = decisive_gaps(cells_) if with_gaps else ()
        as_json = Verdict(Level.ATTAINED, (), gaps, ()).to_json()
        mandatory = sum(1 for c in cells_ if c.is_mandatory and c.gap is not None) if with_gaps else 0
        decisive = [c.outcome for c in cells_ if c.is_decisive]
        return _Judged(
            mandatory_gaps_json=tuple(json.dumps(gap) for gap in as_json["gaps"][:mandatory]),
            benchmark_gaps_json=tuple(json.dumps(gap) for gap in as_json["gaps"][mandatory:]),
            all_meet=all(c.outcome == "meets" for c in cells_),
            decisive_meet=all(outcome == "meets" for outcome in decisive),
            decisive_fail=any(outcome == "fails" for outcome in decisive),
            beats=beats,
            missing=any(c.outcome == "missing" for c in cells_),
        )


_MANDATORY, _BENCHMARK, _REFERENCE = 0, 1, 2  # where a cell's gap goes: verdict.decisive_gaps' order


def _standing(cell) -> int:
    return _MANDATORY if cell.is_mandatory else _BENCHMARK if cell.is_benchmark else _REFERENCE


def _as_json(gap) -> dict:
    """One gap as ``Verdict.to_json()`` writes it (the list item, on its own)."""
    return Verdict(Level.ATTAINED, (), (gap,), ()).to_json()["gaps"][0]


_ONE_SIDED = frozenset({"higher_better", "lower_better"})
