"""The verdict engine (比对结论): an enterprise's measurements against a plan's compared standards.

Pure: no model, no database, no request. The domain apps build a ``PlanSpec`` from a plan version
and ``Measurement``s from a result's values, and store or show what comes back.

- ``vocabulary``: the enums and their labels (``Direction``, ``Level``, ``Outcome``, ``Relation``,
  ``GapKind``), the one vocabulary that models, admin, pages and API use;
- ``units``: unit conversion (pint, resolved once per unit pair);
- ``plan``: the plan side (``PlanSpec``, its problems, compilation);
- ``judgement``: per-indicator judgement, the overall level (``evaluate``);
- ``text``: the verdict in words (``number``, ``requirement_text``, ``describe``).
"""

from .judgement import (
    Cell,
    Gap,
    Measurement,
    Verdict,
    decisive_gaps,
    evaluate,
    judge_indicator,
    level_from,
    level_of,
)
from .plan import (
    CompiledIndicator,
    CompiledPlan,
    IndicatorSpec,
    InvalidPlan,
    PlanProblem,
    PlanProblemKind,
    PlanSpec,
    RequirementSpec,
    condition_key,
    plan_problems,
)
from .text import describe, number, requirement_text, value_text
from .tolerance import ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, at_limit
from .vocabulary import Direction, GapKind, Level, Outcome, Relation, label_of

__all__ = [
    "ABSOLUTE_TOLERANCE",
    "RELATIVE_TOLERANCE",
    "Cell",
    "CompiledIndicator",
    "CompiledPlan",
    "Direction",
    "Gap",
    "GapKind",
    "IndicatorSpec",
    "InvalidPlan",
    "Level",
    "Measurement",
    "Outcome",
    "PlanProblem",
    "PlanProblemKind",
    "PlanSpec",
    "Relation",
    "RequirementSpec",
    "Verdict",
    "at_limit",
    "condition_key",
    "decisive_gaps",
    "describe",
    "evaluate",
    "judge_indicator",
    "label_of",
    "level_from",
    "level_of",
    "number",
    "plan_problems",
    "requirement_text",
    "value_text",
]
