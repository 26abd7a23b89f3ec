"""What a value can physically be: a resistance is never negative, a one-sided percentage lies in
0–100 %; a fraction typed as a percentage (0.96 % against ≥ 95 %) is questioned."""

import pytest

from verdict import Direction, IndicatorSpec, PlanProblemKind, PlanSpec, RequirementSpec, plan_problems
from verdict.plausibility import bounds_in, default_range, fraction_typed_as_percent, outside


@pytest.mark.parametrize(("unit", "direction", "expected"), [
    ("%", "higher_better", (0.0, 100.0)),
    ("％", "lower_better", (0.0, 100.0)),  # full-width
    ("%", "range", (None, None)),  # a dimensional change of −3 %…+3 %
    ("Pa", "lower_better", (0.0, None)),
    ("mbar", "lower_better", (0.0, None)),
    ("L/min", "range", (0.0, None)),
    ("mg/m³", "lower_better", (0.0, None)),
    ("°C", "lower_better", (None, None)),  # a temperature may be below zero
    ("dB(A)", "lower_better", (None, None)),
    ("", "higher_better", (None, None)),
    ("", "pass_fail", (None, None)),
])
def test_the_range_a_unit_implies(unit, direction, expected):
    assert default_range(unit, direction) == expected


def test_a_temperature_rise_is_not_bounded_by_its_unit():
    assert default_range("K", Direction.LOWER_BETTER, is_difference=True) == (None, None)


def test_values_outside_the_range_are_found_in_any_unit():
    assert outside(-3.0, "Pa", "Pa", (0.0, None)) == ("below", 0.0)
    assert outside(-0.01, "mbar", "Pa", (0.0, None)) == ("below", 0.0)
    assert outside(100.5, "%", "%", (0.0, 100.0)) == ("above", 100.0)
    assert outside(0.0, "Pa", "Pa", (0.0, None)) is None  # at the bound
    assert outside(3.0, "kg", "Pa", (0.0, None)) is None  # not convertible: the verdict says so
    assert bounds_in((0.0, 100.0), "%", "‰") == (0.0, 1000.0)


def test_a_fraction_typed_as_a_percentage_is_questioned_against_a_high_limit_only():
    assert fraction_typed_as_percent(0.96, "%", [(95.0, None, "%")]) == 96.0
    assert fraction_typed_as_percent(0.96, "%", [(None, 1.0, "%")]) is None  # an impurity ≤ 1 %: plausible
    assert fraction_typed_as_percent(0.96, "Pa", [(95.0, None, "%")]) is None
    assert fraction_typed_as_percent(96.0, "%", [(95.0, None, "%")]) is None


def test_a_plan_limit_no_value_can_reach_is_a_problem():
    plan = PlanSpec(
        (IndicatorSpec("inhalation", "吸气阻力", "Pa", Direction.LOWER_BETTER, possible_minimum=0.0),),
        (RequirementSpec("inhalation", "GB 2626-2019", None, -350.0, "Pa", is_benchmark=True),),
    )
    assert [p.kind for p in plan_problems(plan)] == [PlanProblemKind.IMPOSSIBLE_LIMIT]
