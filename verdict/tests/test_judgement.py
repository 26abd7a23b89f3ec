"""The verdict engine (``verdict.judgement``): cells, levels, gaps, conditions, units.

Pure Python, no Django and no database: runs under `pytest -p no:django --noconftest` as well
as in the project suite. The respirator limits are the published ones (GB 2626-2019, NIOSH
42 CFR 84, EN 149:2001+A1:2009); each concrete verdict below was worked out by hand.
"""

import json
import math
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdict import (
    Direction,
    Gap,
    GapKind,
    IndicatorSpec,
    InvalidPlan,
    Level,
    Measurement,
    Outcome,
    PlanProblemKind,
    PlanSpec,
    Relation,
    RequirementSpec,
    describe,
    evaluate,
    units,
)

GB = "GB 2626-2019"
NIOSH = "NIOSH 42 CFR 84"
EN = "EN 149:2001+A1:2009"

M = Measurement


def single(direction, minimum=None, maximum=None, unit="Pa", condition="", indicator_unit=None):
    """A plan with one indicator and one benchmark requirement on it."""
    indicator_unit = unit if indicator_unit is None else indicator_unit
    return PlanSpec(
        (IndicatorSpec("x", "指标", indicator_unit, direction),),
        (RequirementSpec("x", "GB 1", minimum, maximum, unit, condition, "", is_benchmark=True),),
    )


def only_cell(plan, *measurements):
    verdict = evaluate(plan, {"x": list(measurements)})
    (cell,) = verdict.cells
    return verdict, cell


# --- one cell, every direction, each boundary -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "outcome", "relation"),
    [
        (94.999, Outcome.FAILS, Relation.LOOSER),
        (95.0, Outcome.MEETS, Relation.EQUAL),
        (95.001, Outcome.MEETS, Relation.STRICTER),
    ],
)
def test_higher_is_better_around_the_minimum(value, outcome, relation):
    _, cell = only_cell(single(Direction.HIGHER_BETTER, minimum=95.0, unit="%"), M(value, "%"))
    assert (cell.outcome, cell.relation) == (outcome, relation)


@pytest.mark.parametrize(
    ("value", "outcome", "relation"),
    [
        (209.99, Outcome.MEETS, Relation.STRICTER),
        (210.0, Outcome.MEETS, Relation.EQUAL),
        (210.01, Outcome.FAILS, Relation.LOOSER),
    ],
)
def test_lower_is_better_around_the_maximum(value, outcome, relation):
    _, cell = only_cell(single(Direction.LOWER_BETTER, maximum=210.0), M(value, "Pa"))
    assert (cell.outcome, cell.relation) == (outcome, relation)


@pytest.mark.parametrize(
    ("value", "outcome", "relation", "kind"),
    [
        (5.99, Outcome.FAILS, Relation.LOOSER, GapKind.BELOW_MINIMUM),
        (6.0, Outcome.MEETS, Relation.EQUAL, None),
        (7.0, Outcome.MEETS, None, None),  # inside a range there is no better side
        (8.0, Outcome.MEETS, Relation.EQUAL, None),
        (8.01, Outcome.FAILS, Relation.LOOSER, GapKind.ABOVE_MAXIMUM),
    ],
)
def test_range_around_both_bounds(value, outcome, relation, kind):
    _, cell = only_cell(single(Direction.RANGE, 6.0, 8.0, unit=""), M(value))
    assert (cell.outcome, cell.relation) == (outcome, relation)
    assert (cell.gap.kind if cell.gap else None) == kind


def test_open_ended_ranges():
    at_least = single(Direction.RANGE, minimum=6.0, unit="")
    assert only_cell(at_least, M(1e9))[1].outcome is Outcome.MEETS
    assert only_cell(at_least, M(5.0))[1].outcome is Outcome.FAILS
    at_most = single(Direction.RANGE, maximum=8.0, unit="")
    assert only_cell(at_most, M(-1e9))[1].outcome is Outcome.MEETS
    assert only_cell(at_most, M(9.0))[1].outcome is Outcome.FAILS


def test_range_shortfall_is_the_distance_to_the_violated_bound():
    plan = single(Direction.RANGE, 6.0, 8.0, unit="")
    assert only_cell(plan, M(5.5))[1].gap.shortfall == pytest.approx(0.5)
    assert only_cell(plan, M(8.25))[1].gap.limit == 8.0
    assert only_cell(plan, M(8.25))[1].gap.shortfall == pytest.approx(0.25)


def test_pass_fail():
    plan = single(Direction.PASS_FAIL, unit="")
    verdict, cell = only_cell(plan, M(True))
    assert (cell.outcome, cell.relation, verdict.level) == (Outcome.MEETS, Relation.EQUAL,
                                                            Level.ATTAINED)
    verdict, cell = only_cell(plan, M(False))
    assert (cell.outcome, cell.relation, verdict.level) == (Outcome.FAILS, Relation.LOOSER,
                                                            Level.NOT_ATTAINED)
    assert verdict.gaps[0].kind is GapKind.FAILED_TEST


def test_shortfall_and_limit_are_in_the_requirements_unit():
    verdict, cell = only_cell(single(Direction.LOWER_BETTER, maximum=2.4, unit="mbar"),
                              M(250.0, "Pa"))
    (gap,) = verdict.gaps
    assert cell.value == pytest.approx(2.5)
    assert (gap.kind, gap.limit, gap.unit) == (GapKind.ABOVE_MAXIMUM, 2.4, "mbar")
    assert gap.shortfall == pytest.approx(0.1)
    assert (gap.measured_value, gap.measured_unit) == (250.0, "Pa")


def test_a_unit_round_trip_at_the_limit_is_equal_not_float_noise():
    # 2.4 mbar is 240.00000000000003 Pa in floats: still exactly at the limit.
    _, cell = only_cell(single(Direction.LOWER_BETTER, maximum=240.0), M(2.4, "mbar"))
    assert (cell.outcome, cell.relation) == (Outcome.MEETS, Relation.EQUAL)
    _, cell = only_cell(single(Direction.LOWER_BETTER, maximum=2.4, unit="mbar"), M(240.0, "Pa"))
    assert (cell.outcome, cell.relation) == (Outcome.MEETS, Relation.EQUAL)


def test_blank_units_mean_the_indicators_unit():
    plan = single(Direction.LOWER_BETTER, maximum=2.4, unit="mbar", indicator_unit="Pa")
    _, cell = only_cell(plan, M(230.0))  # the form shows "Pa" next to the field
    assert cell.value == pytest.approx(2.3)
    plan = PlanSpec(
        (IndicatorSpec("x", "指标", "Pa", Direction.LOWER_BETTER),),
        (RequirementSpec("x", "GB 1", None, 210.0, "", is_benchmark=True),),
    )
    _, cell = only_cell(plan, M(0.2, "kPa"))
    assert (cell.unit, cell.value, cell.outcome) == ("Pa", 200.0, Outcome.MEETS)


def test_temperature_rise_indicators_convert_kelvin_and_celsius_as_differences():
    plan = PlanSpec(
        (IndicatorSpec("rise", "温升", "K", Direction.LOWER_BETTER, is_difference=True),),
        (RequirementSpec("rise", "GB 4706.1", None, 60.0, "K", is_benchmark=True),),
    )
    verdict = evaluate(plan, {"rise": [M(60.0, "℃")]})
    assert (verdict.cells[0].relation, verdict.cells[0].value) == (Relation.EQUAL, 60.0)
    assert evaluate(plan, {"rise": [M(61.0, "°C")]}).level is Level.NOT_ATTAINED


def test_absolute_temperatures_convert_with_the_offset():
    plan = single(Direction.HIGHER_BETTER, minimum=60.0, unit="℃")
    _, cell = only_cell(plan, M(333.15, "K"))
    assert (cell.outcome, cell.relation) == (Outcome.MEETS, Relation.EQUAL)


# --- values that cannot be compared ------------------------------------------------------------


@pytest.mark.parametrize("measurements", [None, [], [M(None, "Pa")]])
def test_missing_value(measurements):
    plan = single(Direction.LOWER_BETTER, maximum=210.0)
    verdict = evaluate(plan, {} if measurements is None else {"x": measurements})
    (cell,) = verdict.cells
    # Nothing was compared, so nothing failed: the verdict waits for the value.
    assert (cell.outcome, cell.relation, verdict.level) == (Outcome.MISSING, None,
                                                            Level.INCOMPLETE)
    assert verdict.gaps[0].kind is GapKind.MISSING_VALUE
    assert verdict.gaps[0].limit == 210.0


def test_unconvertible_unit_is_incomparable_with_a_reason():
    verdict, cell = only_cell(single(Direction.LOWER_BETTER, maximum=210.0), M(3.0, "kg"))
    assert cell.outcome is Outcome.INCOMPARABLE
    (gap,) = verdict.gaps
    assert (gap.kind, gap.measured_unit, gap.unit) == (GapKind.INCOMPATIBLE_UNITS, "kg", "Pa")
    assert describe(gap) == "指标：单位 'kg' 无法换算为 'Pa'，无法与 GB 1 比对"
    assert "cannot be converted" in describe(gap, "en")
    assert verdict.level is Level.INCOMPLETE


def test_unknown_unit_is_incomparable_with_a_reason():
    verdict, cell = only_cell(single(Direction.LOWER_BETTER, maximum=210.0), M(3.0, "帕帕斯"))
    assert cell.outcome is Outcome.INCOMPARABLE
    (gap,) = verdict.gaps
    assert gap.kind is GapKind.UNKNOWN_UNIT
    assert gap.measured_unit == "帕帕斯"
    assert gap.detail
    assert "无法识别单位 '帕帕斯'" in describe(gap)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, True, "95"])
def test_invalid_numbers_are_incomparable(value):
    plan = single(Direction.HIGHER_BETTER, minimum=95.0, unit="%")
    verdict, cell = only_cell(plan, M(value, "%"))
    assert cell.outcome is Outcome.INCOMPARABLE
    assert verdict.gaps[0].kind is GapKind.INVALID_VALUE


def test_a_number_for_a_pass_fail_indicator_is_incomparable():
    _, cell = only_cell(single(Direction.PASS_FAIL, unit=""), M(1))
    assert (cell.outcome, cell.gap.kind) == (Outcome.INCOMPARABLE, GapKind.INVALID_VALUE)


def test_decimal_values_are_numbers():
    _, cell = only_cell(single(Direction.HIGHER_BETTER, minimum=95.0, unit="%"), M(Decimal("95.5")))
    assert (cell.outcome, cell.relation) == (Outcome.MEETS, Relation.STRICTER)


# --- test conditions ---------------------------------------------------------------------------


def test_the_measurement_at_the_requirements_condition_is_chosen():
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition="85 L/min")
    _, cell = only_cell(plan, M(250.0, "Pa", "95 L/min"), M(200.0, "Pa", "85 L/min"))
    assert (cell.outcome, cell.value, cell.measurement_condition) == (Outcome.MEETS, 200.0,
                                                                      "85 L/min")
    assert not cell.condition_unstated


@pytest.mark.parametrize("spelling", ["85 l/min", "85L/min", "８５ Ｌ／ｍｉｎ", " 85  L/MIN "])
def test_conditions_match_across_spacing_case_and_full_width(spelling):
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition="85 L/min")
    _, cell = only_cell(plan, M(200.0, "Pa", spelling))
    assert cell.outcome is Outcome.MEETS


def test_compound_conditions_match_in_any_order():
    plan = single(Direction.HIGHER_BETTER, minimum=95.0, unit="%", condition="NaCl; 85 L/min")
    _, cell = only_cell(plan, M(96.0, "%", "85 L/min；NaCl"))
    assert cell.outcome is Outcome.MEETS


def test_a_value_at_another_condition_is_never_compared():
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition="85 L/min")
    verdict, cell = only_cell(plan, M(100.0, "Pa", "95 L/min"))  # would meet, if compared
    assert (cell.outcome, cell.relation, cell.value) == (Outcome.INCOMPARABLE, None, None)
    (gap,) = verdict.gaps
    assert gap.kind is GapKind.CONDITION_MISMATCH
    assert (gap.requirement_condition, gap.measurement_condition) == ("85 L/min", "95 L/min")
    assert describe(gap) == (
        "指标：测试条件（95 L/min）与 GB 1 要求的测试条件（85 L/min）不一致，无法比对"
    )
    assert verdict.level is Level.INCOMPLETE  # not tested so: never a public "failed"


def test_a_value_without_condition_is_compared_but_flagged():
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition="85 L/min")
    verdict, cell = only_cell(plan, M(200.0, "Pa"))
    assert (cell.outcome, cell.condition_unstated) == (Outcome.MEETS, True)
    assert verdict.level is Level.LEADING


def test_a_stated_matching_condition_wins_over_an_unstated_one():
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition="85 L/min")
    _, cell = only_cell(plan, M(300.0, "Pa"), M(200.0, "Pa", "85 L/min"))
    assert (cell.value, cell.condition_unstated) == (200.0, False)


def test_a_requirement_without_condition_takes_the_single_value_whatever_its_condition():
    plan = single(Direction.LOWER_BETTER, maximum=210.0)
    _, cell = only_cell(plan, M(200.0, "Pa", "85 L/min"))
    assert (cell.outcome, cell.condition_unstated) == (Outcome.MEETS, False)


def test_a_requirement_without_condition_takes_the_value_without_condition():
    plan = single(Direction.LOWER_BETTER, maximum=210.0)
    _, cell = only_cell(plan, M(250.0, "Pa", "95 L/min"), M(200.0, "Pa"))
    assert cell.value == 200.0


@pytest.mark.parametrize(
    ("condition", "measurements"),
    [
        ("", [M(250.0, "Pa", "95 L/min"), M(200.0, "Pa", "85 L/min")]),
        ("", [M(250.0, "Pa"), M(200.0, "Pa")]),
        ("85 L/min", [M(250.0, "Pa", "85 L/min"), M(200.0, "Pa", "85 l/min")]),
        ("85 L/min", [M(250.0, "Pa"), M(200.0, "Pa")]),
    ],
)
def test_two_values_that_could_both_be_meant_are_ambiguous_not_the_first(condition, measurements):
    plan = single(Direction.LOWER_BETTER, maximum=210.0, condition=condition)
    verdict, cell = only_cell(plan, *measurements)
    assert cell.outcome is Outcome.INCOMPARABLE
    assert verdict.gaps[0].kind is GapKind.AMBIGUOUS_MEASUREMENTS


def test_a_single_measurement_may_be_passed_bare():
    plan = single(Direction.LOWER_BETTER, maximum=210.0)
    assert evaluate(plan, {"x": M(200.0, "Pa")}).level is Level.LEADING


# --- levels ------------------------------------------------------------------------------------


def two_standard_plan(direction=Direction.LOWER_BETTER):
    """Benchmark "B" ≤ 200 Pa; other standard "O" ≤ 2.5 mbar (250 Pa)."""
    bound = "maximum" if direction is Direction.LOWER_BETTER else "minimum"
    return PlanSpec(
        (IndicatorSpec("x", "指标", "Pa", direction),),
        (
            RequirementSpec("x", "B", **{"minimum": None, "maximum": None, bound: 200.0},
                            unit="Pa", is_benchmark=True),
            RequirementSpec("x", "O", **{"minimum": None, "maximum": None, bound: 2.5},
                            unit="mbar"),
        ),
    )


@pytest.mark.parametrize(
    ("value", "level", "notes"),
    [
        (150.0, Level.LEADING, 0),  # better than both, i.e. than the strictest (200)
        (200.0, Level.ATTAINED, 0),  # equal to the strictest: meets all, but not strictly better
        (220.0, Level.NOT_ATTAINED, 0),  # short of the benchmark, within the other standard
    ],
)
def test_levels_lower_is_better(value, level, notes):
    verdict = evaluate(two_standard_plan(), {"x": [M(value, "Pa")]})
    assert verdict.level is level
    assert len(verdict.notes) == notes


def test_higher_is_better_needs_to_beat_the_largest_minimum():
    plan = two_standard_plan(Direction.HIGHER_BETTER)  # B ≥ 200 Pa, O ≥ 250 Pa
    assert evaluate(plan, {"x": [M(251.0, "Pa")]}).level is Level.LEADING
    assert evaluate(plan, {"x": [M(250.0, "Pa")]}).level is Level.ATTAINED
    verdict = evaluate(plan, {"x": [M(220.0, "Pa")]})  # meets the benchmark, not the other
    assert verdict.level is Level.ATTAINED
    assert verdict.gaps == ()
    (note,) = verdict.notes
    assert (note.standard_code, note.kind) == ("O", GapKind.BELOW_MINIMUM)
    assert note.shortfall == pytest.approx(0.3)  # mbar


def test_a_range_or_a_pass_cannot_make_a_value_leading():
    plan = PlanSpec(
        (
            IndicatorSpec("ph", "pH", "", Direction.RANGE),
            IndicatorSpec("leak", "泄漏", "", Direction.PASS_FAIL),
        ),
        (
            RequirementSpec("ph", "B", 6.0, 8.0, "", is_benchmark=True),
            RequirementSpec("leak", "B", None, None, "", is_benchmark=True),
        ),
    )
    assert evaluate(plan, {"ph": [M(7.0)], "leak": [M(True)]}).level is Level.ATTAINED


def test_a_standard_need_not_cover_every_indicator():
    plan = PlanSpec(
        (
            IndicatorSpec("a", "A", "Pa", Direction.LOWER_BETTER),
            IndicatorSpec("b", "B", "%", Direction.HIGHER_BETTER),
        ),
        (
            RequirementSpec("a", "B1", None, 100.0, "Pa", is_benchmark=True),
            RequirementSpec("b", "O1", 90.0, None, "%"),
        ),
    )
    verdict = evaluate(plan, {"a": [M(90.0, "Pa")], "b": [M(95.0, "%")]})
    assert [(c.indicator_key, c.standard_code) for c in verdict.cells] == [("a", "B1"), ("b", "O1")]
    assert verdict.level is Level.LEADING


def test_unknown_measurement_keys_are_ignored():
    plan = single(Direction.LOWER_BETTER, maximum=210.0)
    assert evaluate(plan, {"x": [M(200.0)], "typo": [M(1.0)]}).level is Level.LEADING


# --- the respirator plan: GB 2626 KN95 (benchmark) vs NIOSH N95 vs EN 149 FFP2 -------------------


def respirator_plan():
    return PlanSpec(
        (
            IndicatorSpec("filtration", "过滤效率", "%", Direction.HIGHER_BETTER),
            IndicatorSpec("inhalation", "吸气阻力", "Pa", Direction.LOWER_BETTER),
            IndicatorSpec("exhalation", "呼气阻力", "Pa", Direction.LOWER_BETTER),
        ),
        (
            RequirementSpec("filtration", GB, 95.0, None, "%", "", "KN95", is_benchmark=True),
            RequirementSpec("filtration", NIOSH, 95.0, None, "%", "", "N95"),
            RequirementSpec("filtration", EN, 94.0, None, "%", "", "FFP2"),
            RequirementSpec("inhalation", GB, None, 210.0, "Pa", "85 L/min", "KN95", True),
            RequirementSpec("inhalation", NIOSH, None, 35.0, "mm H₂O", "85 L/min", "N95"),
            RequirementSpec("inhalation", EN, None, 2.4, "mbar", "95 L/min", "FFP2"),
            RequirementSpec("exhalation", GB, None, 150.0, "Pa", "85 L/min", "KN95", True),
            RequirementSpec("exhalation", NIOSH, None, 25.0, "mm H₂O", "85 L/min", "N95"),
            RequirementSpec("exhalation", EN, None, 3.0, "mbar", "160 L/min", "FFP2"),
        ),
    )


def mask(filtration=96.0, inhale_85=200.0, inhale_95=230.0, exhale_85=140.0, exhale_160=290.0):
    return {
        "filtration": [M(filtration, "%")],
        "inhalation": [M(inhale_85, "Pa", "85 L/min"), M(inhale_95, "Pa", "95 L/min")],
        "exhalation": [M(exhale_85, "Pa", "85 L/min"), M(exhale_160, "Pa", "160 L/min")],
    }


def outcomes(verdict):
    return {(c.indicator_key, c.standard_code): (c.outcome, c.relation) for c in verdict.cells}


MEETS_STRICTER = (Outcome.MEETS, Relation.STRICTER)
MEETS_EQUAL = (Outcome.MEETS, Relation.EQUAL)
FAILS = (Outcome.FAILS, Relation.LOOSER)


def test_a_mask_better_than_every_standard_is_leading():
    # 96 % > 95/95/94; 200 Pa < 210 and < 343.2 Pa (35 mm H₂O); 2.3 mbar < 2.4 at 95 L/min;
    # 140 Pa < 150 and < 245.2 Pa (25 mm H₂O); 2.9 mbar < 3.0 at 160 L/min.
    verdict = evaluate(respirator_plan(), mask())
    assert verdict.level is Level.LEADING
    assert set(outcomes(verdict).values()) == {MEETS_STRICTER}
    assert (verdict.gaps, verdict.notes) == ((), ())
    niosh_inhalation = next(c for c in verdict.cells_for("inhalation") if c.standard_code == NIOSH)
    assert niosh_inhalation.value == pytest.approx(200.0 / 9.80665)  # in mm H₂O
    en_exhalation = next(c for c in verdict.cells_for("exhalation") if c.standard_code == EN)
    assert en_exhalation.value == pytest.approx(2.9)  # in mbar


def test_a_mask_exactly_at_the_strictest_limits_is_attained_not_leading():
    # 95 % equals GB and NIOSH; 210 Pa equals GB; 240 Pa equals EN's 2.4 mbar; 150 Pa equals
    # GB; 300 Pa equals EN's 3.0 mbar. No indicator beats every standard.
    verdict = evaluate(
        respirator_plan(),
        mask(filtration=95.0, inhale_85=210.0, inhale_95=240.0, exhale_85=150.0, exhale_160=300.0),
    )
    assert verdict.level is Level.ATTAINED
    assert outcomes(verdict) == {
        ("filtration", GB): MEETS_EQUAL,
        ("filtration", NIOSH): MEETS_EQUAL,
        ("filtration", EN): MEETS_STRICTER,
        ("inhalation", GB): MEETS_EQUAL,
        ("inhalation", NIOSH): MEETS_STRICTER,
        ("inhalation", EN): MEETS_EQUAL,
        ("exhalation", GB): MEETS_EQUAL,
        ("exhalation", NIOSH): MEETS_STRICTER,
        ("exhalation", EN): MEETS_EQUAL,
    }


def test_a_mask_at_94_5_percent_meets_ffp2_only_and_is_not_attained_because_of_gb_2626():
    verdict = evaluate(respirator_plan(), mask(filtration=94.5))
    assert verdict.level is Level.NOT_ATTAINED
    assert outcomes(verdict)[("filtration", GB)] == FAILS
    assert outcomes(verdict)[("filtration", NIOSH)] == FAILS
    assert outcomes(verdict)[("filtration", EN)] == MEETS_STRICTER
    (gap,) = verdict.gaps
    assert (gap.standard_code, gap.grade, gap.kind, gap.value, gap.limit) == (
        GB, "KN95", GapKind.BELOW_MINIMUM, 94.5, 95.0)
    assert gap.shortfall == pytest.approx(0.5)
    assert describe(gap) == "过滤效率：94.5 % 低于 GB 2626-2019 KN95 要求的 ≥ 95 %，差 0.5 %"
    assert describe(gap, "en") == (
        "过滤效率: 94.5 % is below GB 2626-2019 KN95's minimum of 95 %, short by 0.5 %"
    )
    (note,) = verdict.notes
    assert (note.standard_code, note.kind) == (NIOSH, GapKind.BELOW_MINIMUM)


def test_a_mask_within_gb_but_over_en_at_95_l_per_min_is_attained_with_a_note():
    verdict = evaluate(respirator_plan(), mask(inhale_95=250.0))  # 2.5 mbar > 2.4
    assert verdict.level is Level.ATTAINED
    assert verdict.gaps == ()
    (note,) = verdict.notes
    assert (note.standard_code, note.kind, note.unit, note.limit) == (
        EN, GapKind.ABOVE_MAXIMUM, "mbar", 2.4)
    assert note.shortfall == pytest.approx(0.1)
    assert describe(note) == (
        "吸气阻力：2.5 mbar 高于 EN 149:2001+A1:2009 FFP2 要求的 ≤ 2.4 mbar（95 L/min），"
        "超出 0.1 mbar"
    )


def test_niosh_values_in_mm_water_are_converted_to_pascal_for_gb():
    # 21 mm H₂O = 205.94 Pa ≤ 210; 21.5 mm H₂O = 210.84 Pa > 210 but ≤ 35 mm H₂O.
    within = mask()
    within["inhalation"][0] = M(21.0, "mm H₂O", "85 L/min")
    assert outcomes(evaluate(respirator_plan(), within))[("inhalation", GB)] == MEETS_STRICTER
    over = mask()
    over["inhalation"][0] = M(21.5, "mmH2O", "85 L/min")
    verdict = evaluate(respirator_plan(), over)
    assert outcomes(verdict)[("inhalation", GB)] == FAILS
    assert outcomes(verdict)[("inhalation", NIOSH)] == MEETS_STRICTER
    assert verdict.gaps[0].shortfall == pytest.approx(21.5 * 9.80665 - 210.0)


def test_en_values_in_mbar_are_converted_for_gb_and_niosh():
    in_mbar = mask()
    in_mbar["exhalation"] = [M(1.4, "mbar", "85 L/min"), M(2.9, "mbar", "160 L/min")]
    verdict = evaluate(respirator_plan(), in_mbar)
    assert verdict.level is Level.LEADING
    gb_cell = next(c for c in verdict.cells_for("exhalation") if c.standard_code == GB)
    assert gb_cell.value == pytest.approx(140.0)


def test_a_mask_tested_only_at_85_l_per_min_cannot_be_compared_with_en_149():
    only_85 = mask()
    only_85["inhalation"] = [M(200.0, "Pa", "85 L/min")]
    verdict = evaluate(respirator_plan(), only_85)
    assert outcomes(verdict)[("inhalation", EN)] == (Outcome.INCOMPARABLE, None)
    assert verdict.level is Level.ATTAINED  # GB is the benchmark and is met; leading needs all
    (note,) = verdict.notes
    assert (note.kind, note.requirement_condition, note.measurement_condition) == (
        GapKind.CONDITION_MISMATCH, "95 L/min", "85 L/min")


def test_high_grades_kn100_against_ffp3():
    plan = PlanSpec(
        (IndicatorSpec("filtration", "过滤效率", "%", Direction.HIGHER_BETTER),),
        (
            RequirementSpec("filtration", GB, 99.97, None, "%", "", "KN100", is_benchmark=True),
            RequirementSpec("filtration", EN, 99.0, None, "%", "", "FFP3"),
        ),
    )
    assert evaluate(plan, {"filtration": [M(99.98, "%")]}).level is Level.LEADING
    assert evaluate(plan, {"filtration": [M(999.7, "‰")]}).level is Level.ATTAINED
    verdict = evaluate(plan, {"filtration": [M(99.5, "%")]})
    assert verdict.level is Level.NOT_ATTAINED
    assert [gap.grade for gap in verdict.gaps] == ["KN100"]


def test_the_verdict_is_json_safe():
    bad = mask()
    bad["filtration"] = [M(math.nan, "%")]
    bad["inhalation"].append(M(1.0, "kg", "120 L/min"))
    data = evaluate(respirator_plan(), bad).to_json()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    assert json.loads(text)["level"] == "incomplete"
    assert data["cells"][0]["outcome"] == "incomparable"
    assert data["cells"][0]["gap"]["kind"] == "invalid_value"
    assert data["gaps"][0]["measured_value"] is None  # NaN is not JSON


def test_stored_gaps_can_be_described_again():
    verdict = evaluate(respirator_plan(), mask(filtration=94.5))
    stored = json.loads(json.dumps(verdict.to_json()))
    assert [Gap.from_json(gap) for gap in stored["gaps"]] == list(verdict.gaps)
    assert describe(Gap.from_json(stored["gaps"][0])) == describe(verdict.gaps[0])


# --- plan problems -------------------------------------------------------------------------------


MISFIT = PlanProblemKind.LIMITS_DO_NOT_FIT_DIRECTION


@pytest.mark.parametrize(
    ("indicator", "requirement", "kind"),
    [
        (("Pa", Direction.LOWER_BETTER), (None, None, "Pa"), MISFIT),
        (("Pa", Direction.LOWER_BETTER), (1.0, 2.0, "Pa"), MISFIT),
        (("%", Direction.HIGHER_BETTER), (None, 95.0, "%"), MISFIT),
        (("", Direction.RANGE), (None, None, ""), MISFIT),
        (("", Direction.RANGE), (8.0, 6.0, ""), MISFIT),
        (("", Direction.PASS_FAIL), (1.0, None, ""), MISFIT),
        (("Pa", Direction.LOWER_BETTER), (None, math.nan, "Pa"), MISFIT),
        (("Pa", Direction.LOWER_BETTER), (None, 2.0, "kg"), PlanProblemKind.INCOMPATIBLE_UNITS),
        (("Pa", Direction.LOWER_BETTER), (None, 2.0, "bananas"), PlanProblemKind.UNKNOWN_UNIT),
        (("bananas", Direction.LOWER_BETTER), (None, 2.0, "Pa"), PlanProblemKind.UNKNOWN_UNIT),
    ],
)
def test_plan_problems_are_reported_and_stop_evaluation(indicator, requirement, kind):
    unit, direction = indicator
    minimum, maximum, requirement_unit = requirement
    plan = PlanSpec(
        (IndicatorSpec("x", "X", unit, direction),),
        (RequirementSpec("x", "B", minimum, maximum, requirement_unit, is_benchmark=True),),
    )
    assert kind in {problem.kind for problem in plan.problems()}
    with pytest.raises(InvalidPlan) as raised:
        evaluate(plan, {})
    assert kind in {problem.kind for problem in raised.value.problems}


def test_plan_structure_problems():
    x = IndicatorSpec("x", "X", "Pa", Direction.LOWER_BETTER)
    kinds = {p.kind for p in PlanSpec(
        (x, x),
        (
            RequirementSpec("x", "B", None, 1.0, "Pa", "85 L/min", is_benchmark=True),
            RequirementSpec("x", "B", None, 2.0, "Pa", "85 l/min", is_benchmark=False),
            RequirementSpec("y", "O", None, 1.0, "Pa"),
        ),
    ).problems()}
    assert kinds == {
        PlanProblemKind.DUPLICATE_INDICATOR,
        PlanProblemKind.DUPLICATE_REQUIREMENT,
        PlanProblemKind.BENCHMARK_INCONSISTENT,
        PlanProblemKind.UNKNOWN_INDICATOR,
    }
    no_benchmark = PlanSpec((x,), (RequirementSpec("x", "O", None, 1.0, "Pa"),))
    assert [p.kind for p in no_benchmark.problems()] == [PlanProblemKind.NO_BENCHMARK]
    assert [p.kind for p in PlanSpec((x,), ()).problems()] == [PlanProblemKind.NO_BENCHMARK]


def test_sound_plans_have_no_problems_and_accept_database_shaped_input():
    assert respirator_plan().problems() == ()
    plan = PlanSpec(
        [IndicatorSpec("x", "X", "Pa", "lower_better")],  # lists and plain strings, as from the ORM
        [RequirementSpec("x", "B", None, Decimal("210"), "Pa", is_benchmark=True)],
    )
    assert plan.indicators[0].direction is Direction.LOWER_BETTER
    assert evaluate(plan, {"x": [M(210)]}).cells[0].relation is Relation.EQUAL


# --- pint stays off the hot path ---------------------------------------------------------------


def test_ten_thousand_evaluations_ask_pint_only_for_new_unit_pairs():
    plan = PlanSpec(
        (
            IndicatorSpec("filtration", "过滤效率", "%", Direction.HIGHER_BETTER),
            IndicatorSpec("inhalation", "吸气阻力", "Pa", Direction.LOWER_BETTER),
            IndicatorSpec("exhalation", "呼气阻力", "Pa", Direction.LOWER_BETTER),
            IndicatorSpec("mass", "质量", "g", Direction.LOWER_BETTER),
        ),
        (
            *respirator_plan().requirements,
            RequirementSpec("mass", GB, None, 10.0, "g", is_benchmark=True),
            RequirementSpec("mass", NIOSH, None, 0.012, "kg"),
            RequirementSpec("mass", EN, None, 12000.0, "mg"),
        ),
    )
    units.clear_caches()
    measurements = mask()
    measurements["mass"] = [M(9.5, "g")]
    measurements["filtration"] = [M(960.0, "‰")]
    evaluate(plan, measurements)
    after_first = units.pint_lookups()
    assert after_first <= 16  # plan compilation + one look-up per distinct unit pair
    for index in range(10_000):
        measurements["mass"] = [M(9.0 + index % 7 / 10, "g")]
        evaluate(plan, measurements)
    assert units.pint_lookups() == after_first


# --- properties --------------------------------------------------------------------------------

# Values on a 0.1 grid: two different values then differ by far more than the float noise of a
# unit round trip, so "equal" vs "stricter" is never decided by noise.
grid = st.integers(min_value=1, max_value=5000).map(lambda tenths: tenths / 10)

PRESSURE = {"Pa": 1.0, "kPa": 1000.0, "mbar": 100.0, "mmH2O": 9.80665, "mm H₂O": 9.80665}
FRACTION = {"%": 1.0, "‰": 0.1}


def limits(direction, limit):
    """(minimum, maximum) of a one-sided requirement."""
    return (limit, None) if direction is Direction.HIGHER_BETTER else (None, limit)


@st.composite
def plans(draw):
    """1–4 one-sided indicators, each with 1–3 standards' limits in assorted units."""
    indicators, requirements = [], []
    for index in range(draw(st.integers(1, 4))):
        direction = draw(st.sampled_from([Direction.HIGHER_BETTER, Direction.LOWER_BETTER]))
        family = draw(st.sampled_from([PRESSURE, FRACTION]))
        canonical = next(iter(family))
        key = f"i{index}"
        indicators.append(IndicatorSpec(key, key, canonical, direction))
        for standard in draw(st.lists(st.sampled_from("ABC"), min_size=1, max_size=3, unique=True)):
            unit = draw(st.sampled_from(sorted(family)))
            limit = draw(grid) / family[unit]
            requirements.append(RequirementSpec(key, standard, *limits(direction, limit), unit,
                                                is_benchmark=standard == "A"))
    if not any(r.is_benchmark for r in requirements):
        requirements = [replace(r, standard_code="A", is_benchmark=True) if r.standard_code ==
                        requirements[0].standard_code else r for r in requirements]
    return PlanSpec(tuple(indicators), tuple(requirements))


@st.composite
def plans_with_values(draw):
    plan = draw(plans())
    values = {indicator.key: draw(grid) for indicator in plan.indicators}  # canonical units
    return plan, values


def canonical_measurements(plan, values):
    return {i.key: [M(values[i.key], i.unit)] for i in plan.indicators}


@settings(max_examples=150, deadline=None)
@given(plans_with_values(), st.data())
def test_improving_a_value_never_worsens_the_level(plan_and_values, data):
    plan, values = plan_and_values
    before = evaluate(plan, canonical_measurements(plan, values))
    indicator = data.draw(st.sampled_from(plan.indicators))
    step = data.draw(grid)
    better = dict(values)
    better[indicator.key] += step if indicator.direction is Direction.HIGHER_BETTER else -step
    after = evaluate(plan, canonical_measurements(plan, better))
    assert after.level.rank >= before.level.rank
    for old, new in zip(before.cells, after.cells, strict=True):
        if old.outcome is Outcome.MEETS:
            assert new.outcome is Outcome.MEETS


@settings(max_examples=150, deadline=None)
@given(plans_with_values(), st.data())
def test_the_unit_a_value_is_given_in_does_not_change_the_verdict(plan_and_values, data):
    plan, values = plan_and_values
    before = evaluate(plan, canonical_measurements(plan, values))
    restated = {}
    for indicator in plan.indicators:
        family = PRESSURE if indicator.unit == "Pa" else FRACTION
        unit = data.draw(st.sampled_from(sorted(family)))
        restated[indicator.key] = [M(values[indicator.key] / family[unit], unit)]
    after = evaluate(plan, restated)
    assert after.level is before.level
    assert [(c.outcome, c.relation) for c in after.cells] == [
        (c.outcome, c.relation) for c in before.cells
    ]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([Direction.HIGHER_BETTER, Direction.LOWER_BETTER]),
    grid,
    st.sampled_from(sorted(PRESSURE)),
    st.sampled_from(sorted(PRESSURE)),
    st.floats(min_value=1e-6, max_value=0.9),
)
def test_at_the_limit_meets_and_beyond_it_fails(direction, limit_pa, limit_unit, value_unit,
                                                margin):
    limit = limit_pa / PRESSURE[limit_unit]
    plan = PlanSpec(
        (IndicatorSpec("x", "X", "Pa", direction),),
        (RequirementSpec("x", "B", *limits(direction, limit), limit_unit, is_benchmark=True),),
    )
    at_limit = evaluate(plan, {"x": [M(limit_pa / PRESSURE[value_unit], value_unit)]})
    assert (at_limit.cells[0].outcome, at_limit.cells[0].relation) == MEETS_EQUAL
    worse_pa = limit_pa * (1 - margin if direction is Direction.HIGHER_BETTER else 1 + margin)
    beyond = evaluate(plan, {"x": [M(worse_pa / PRESSURE[value_unit], value_unit)]})
    assert (beyond.cells[0].outcome, beyond.level) == (Outcome.FAILS, Level.NOT_ATTAINED)


# --- mandatory standards always apply; a value not compared never failed ----------------------------

def kn95_plan_with_gb_2626_as_a_mere_reference():
    """The seeded KN95 industry plan's shape: EN 149 is the benchmark, GB 2626 only compared."""
    return PlanSpec(
        (IndicatorSpec("filtration", "过滤效率", "%", Direction.HIGHER_BETTER),),
        (
            RequirementSpec("filtration", GB, 95.0, None, "%", "85 L/min", "KN95", is_mandatory=True),
            RequirementSpec("filtration", EN, 94.0, None, "%", "95 L/min", "FFP2", is_benchmark=True),
            RequirementSpec("filtration", NIOSH, 95.0, None, "%", "85 L/min", "N95"),
        ),
    )


def test_a_mask_below_a_mandatory_standard_is_not_attained_whatever_the_benchmark_says():
    verdict = evaluate(kn95_plan_with_gb_2626_as_a_mere_reference(),
                       {"filtration": [M(90.0, "%", "85 L/min"), M(96.0, "%", "95 L/min")]})
    assert verdict.level is Level.NOT_ATTAINED
    # The benchmark (EN 149 at 95 L/min) is met; the gap against the mandatory GB 2626 comes first.
    assert [(gap.standard_code, gap.kind) for gap in verdict.gaps] == [(GB, GapKind.BELOW_MINIMUM)]
    assert [note.standard_code for note in verdict.notes] == [NIOSH]


def test_a_mandatory_gap_is_listed_before_the_benchmark_gaps():
    verdict = evaluate(kn95_plan_with_gb_2626_as_a_mere_reference(),
                       {"filtration": [M(90.0, "%", "85 L/min"), M(90.0, "%", "95 L/min")]})
    assert [gap.standard_code for gap in verdict.gaps] == [GB, EN]


def test_meeting_every_mandatory_and_benchmark_requirement_is_attained_or_leading():
    plan = kn95_plan_with_gb_2626_as_a_mere_reference()
    assert evaluate(plan, {"filtration": [M(95.5, "%", "85 L/min"), M(96.0, "%", "95 L/min")]}).level \
        is Level.LEADING  # strictly above all three limits at their own conditions
    assert evaluate(plan, {"filtration": [M(95.0, "%", "85 L/min"), M(96.0, "%", "95 L/min")]}).level \
        is Level.ATTAINED


def test_a_mandatory_requirement_without_a_comparable_value_leaves_the_verdict_incomplete():
    verdict = evaluate(kn95_plan_with_gb_2626_as_a_mere_reference(),
                       {"filtration": [M(96.0, "%", "95 L/min")]})  # nothing at GB 2626's 85 L/min
    assert verdict.level is Level.INCOMPLETE
    assert [(gap.standard_code, gap.kind) for gap in verdict.gaps] == [(GB, GapKind.CONDITION_MISMATCH)]


def test_a_reference_standard_not_compared_is_a_note_and_never_fails_the_result():
    plan = PlanSpec(
        (IndicatorSpec("inhalation", "吸气阻力", "Pa", Direction.LOWER_BETTER),),
        (
            RequirementSpec("inhalation", GB, None, 210.0, "Pa", "85 L/min", "KN95", is_benchmark=True),
            RequirementSpec("inhalation", EN, None, 2.4, "mbar", "95 L/min", "FFP2"),
        ),
    )
    verdict = evaluate(plan, {"inhalation": [M(200.0, "Pa", "85 L/min")]})  # not measured at 95 L/min
    assert verdict.level is Level.ATTAINED
    (note,) = verdict.notes
    assert (note.standard_code, note.kind) == (EN, GapKind.CONDITION_MISMATCH)
    assert str(Outcome.INCOMPARABLE.label) == "未比对"


def test_a_failed_decisive_cell_outweighs_one_not_compared():
    plan = kn95_plan_with_gb_2626_as_a_mere_reference()
    verdict = evaluate(plan, {"filtration": [M(90.0, "%", "95 L/min")]})  # EN fails; GB not compared
    assert verdict.level is Level.NOT_ATTAINED


def test_the_cells_say_which_standard_is_mandatory():
    data = evaluate(kn95_plan_with_gb_2626_as_a_mere_reference(), {"filtration": [M(96.0, "%", "85 L/min")]}
                    ).to_json()
    assert [(cell["standard_code"], cell["is_mandatory"]) for cell in data["cells"]] == [
        (GB, True), (EN, False), (NIOSH, False)]
