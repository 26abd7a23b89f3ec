"""How a plan's content reads on a page: requirement texts and the indicator × standard matrix."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language

from plans.models import PlanIndicator, PlanRequirement, PlanStandard, PlanVersion
from standards.models import StandardKind
from verdict import requirement_text


def kind_group(kind: str) -> str:
    """'national' (Chinese), 'advanced' (international, regional, foreign) or 'other' for badges."""
    if kind in (StandardKind.GB_MANDATORY, StandardKind.GB_RECOMMENDED):
        return "national"
    if kind in StandardKind.advanced():
        return "advanced"
    return "other"


@dataclass
class MatrixRow:
    plan_standard: PlanStandard
    requirements: list[tuple[str, str]] = field(default_factory=list)  # (text, condition)


@dataclass
class MatrixIndicator:
    plan_indicator: PlanIndicator
    rows: list[MatrixRow]


def content_matrix(version: PlanVersion) -> tuple[list[PlanStandard], list[MatrixIndicator]]:
    """The version's standards and, per indicator, each standard's requirements (three queries)."""
    standards = list(version.standards.select_related("standard"))
    indicators = list(version.indicators.select_related("indicator"))
    by_pair: dict[tuple[int, int], list[PlanRequirement]] = {}
    for requirement in version.requirements.order_by("condition", "id"):
        by_pair.setdefault((requirement.plan_standard_id, requirement.plan_indicator_id), []).append(requirement)
    english = (get_language() or "").startswith("en")
    matrix = []
    for plan_indicator in indicators:
        rows = []
        for plan_standard in standards:
            requirements = by_pair.get((plan_standard.pk, plan_indicator.pk), [])
            rows.append(MatrixRow(plan_standard, [
                (requirement_text(plan_indicator.direction, r.minimum, r.maximum, r.unit or plan_indicator.unit),
                 r.condition_en if english and r.condition_en else r.condition)
                for r in requirements
            ]))
        matrix.append(MatrixIndicator(plan_indicator, rows))
    return standards, matrix
