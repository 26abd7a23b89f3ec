"""A verdict as the portal shows it: per indicator × compared standard, the level, the gaps.

One rendering path for the live preview (a Verdict just computed, never saved) and for a stored
verdict (``BenchmarkResult.verdict``, the JSON of the same Verdict): both go through
``Verdict.to_json()``. Nothing here judges anything; results/verdict.py does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from benchmarking.models import PlanIndicator
from benchmarking.plan_display import requirement_text

from .models import Level
from .verdict import Gap
from .verdict_messages import describe

OUTCOME_LABELS = {
    "meets": _("满足"),
    "fails": _("不满足"),
    "incomparable": _("无法比对"),
    "missing": _("未填写"),
}
RELATION_LABELS = {
    "stricter": pgettext_lazy("verdict relation", "严于要求"),
    "equal": pgettext_lazy("verdict relation", "等于限值"),
    "looser": pgettext_lazy("verdict relation", "宽于要求"),
}


def verdict_language() -> str:
    return "zh" if (get_language() or "zh-hans").startswith("zh") else "en"


@dataclass
class CellRow:
    standard_label: str
    is_benchmark: bool
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


def _value_text(cell: dict[str, Any]) -> str:
    value = cell.get("value")
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("合格") if value else _("不合格"))
    unit = cell.get("unit") or ""
    return f"{value:.6g} {unit}".strip()


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
            requirement=requirement_text(cell.get("direction", ""), cell.get("minimum"), cell.get("maximum"),
                                         cell.get("unit") or ""),
            condition=cell.get("requirement_condition") or "",
            value=_value_text(cell) if outcome in ("meets", "fails") else "—",
            outcome=outcome,
            outcome_label=str(OUTCOME_LABELS.get(outcome, outcome)),
            relation_label=str(RELATION_LABELS[relation]) if relation and cell.get("direction") != "pass_fail" else "",
        ))
    level = verdict.get("level") or ""
    return VerdictView(
        level=level,
        level_label=str(dict(Level.choices).get(level, "")),
        indicators=list(blocks.values()),
        gaps=[describe(Gap.from_json(gap), language) for gap in verdict.get("gaps", [])],
        notes=[describe(Gap.from_json(gap), language) for gap in verdict.get("notes", [])],
        filled=filled,
    )
