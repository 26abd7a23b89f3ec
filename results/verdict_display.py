"""A verdict as the portal shows it: per indicator × compared standard, the level, the gaps.

One rendering path for the live preview (a Verdict just computed, never saved) and for a stored
verdict (``BenchmarkResult.verdict``, the JSON of the same Verdict): both go through
``Verdict.to_json()``. Nothing here judges anything; the ``verdict`` package does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

from plans.models import PlanIndicator
from verdict import Gap, Level, Outcome, Relation, describe, label_of, requirement_text, value_text


def verdict_language() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


@dataclass
class CellRow:
    standard_label: str
    is_benchmark: bool
    is_mandatory: bool
    requirement: str
    condition: str
    value: str
    outcome: str
    outcome_label: str
    relation_label: str


@dataclass
class IndicatorBlock:
    name: str
    unit: str
    direction_label: str
    cells: list[CellRow] = field(default_factory=list)


@dataclass
class VerdictView:
    level: str
    level_label: str
    indicators: list[IndicatorBlock]
    gaps: list[str]
    notes: list[str]
    filled: int  # cells with a value, to tell "nothing typed yet" from "not attained"


def verdict_view(verdict: dict[str, Any], plan_indicators: list[PlanIndicator]) -> VerdictView:
    """``verdict`` is Verdict.to_json(); ``plan_indicators`` with their library indicator."""
    language = verdict_language()
    blocks: dict[str, IndicatorBlock] = {}
    for pi in plan_indicators:
        name = pi.indicator.name_en if language == "en" and pi.indicator.name_en else pi.indicator.name_zh
        blocks[pi.indicator.key] = IndicatorBlock(name, pi.unit, pi.get_direction_display())
    filled = 0
    for cell in verdict.get("cells", []):
        block = blocks.get(cell["indicator_key"])
        if block is None:
            continue
        outcome = cell.get("outcome", "missing")
        filled += outcome != "missing"
        relation = cell.get("relation")
        block.cells.append(CellRow(
            standard_label=f"{cell['standard_code']} {cell.get('grade') or ''}".strip(),
            is_benchmark=bool(cell.get("is_benchmark")),
            is_mandatory=bool(cell.get("is_mandatory")),
            requirement=requirement_text(cell.get("direction", ""), cell.get("minimum"), cell.get("maximum"),
                                         cell.get("unit") or ""),
            condition=cell.get("requirement_condition") or "",
            value=value_text(cell.get("value"), cell.get("unit") or "") if outcome in ("meets", "fails") else "—",
            outcome=outcome,
            outcome_label=label_of(Outcome, outcome),
            relation_label=label_of(Relation, relation) if relation and cell.get("direction") != "pass_fail" else "",
        ))
    level = verdict.get("level") or ""
    return VerdictView(
        level=level,
        level_label=label_of(Level, level),
        indicators=list(blocks.values()),
        gaps=[describe(Gap.from_json(gap), language) for gap in verdict.get("gaps", [])],
        notes=[describe(Gap.from_json(gap), language) for gap in verdict.get("notes", [])],
        filled=filled,
    )
