"""Unit resolution (results/units.py): the conversions the verdict relies on.

Pure Python, no Django: runs under `pytest -p no:django --noconftest` as well as in the suite.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verdict import units
from verdict.units import UnitProblem, conversion, normalise_unit


def convert(value: float, from_unit: str, to_unit: str, difference: bool = False) -> float:
    resolved = conversion(from_unit, to_unit, difference)
    assert resolved.ok, resolved.detail
    return resolved.apply(value)


@pytest.mark.parametrize(
    ("value", "from_unit", "to_unit", "expected"),
    [
        (2.4, "mbar", "Pa", 240.0),
        (240.0, "Pa", "mbar", 2.4),
        (1.0, "mmH2O", "Pa", 9.80665),
        (1.0, "mm H2O", "Pa", 9.80665),
        (1.0, "mm H₂O", "Pa", 9.80665),
        (1.0, "mmH₂O", "Pa", 9.80665),
        (35.0, "mm H₂O", "Pa", 343.23275),  # NIOSH N95 inhalation limit
        (25.0, "mm H₂O", "Pa", 245.16625),  # NIOSH N95 exhalation limit
        (0.35, "kPa", "Pa", 350.0),
        (95.0, "%", "‰", 950.0),
        (950.0, "‰", "%", 95.0),
        (1.0, "L", "mL", 1000.0),
        (85.0, "L/min", "mL/s", 85000.0 / 60.0),
        (1.0, "m³/min", "L/min", 1000.0),
        (1.0, "mg/m³", "µg/m³", 1000.0),
        (1.0, "mg/m3", "ug/m3", 1000.0),
        (1.0, "kg", "g", 1000.0),
        (1.0, "mm", "µm", 1000.0),
        (1.0, "mm", "um", 1000.0),
        (1.0, "h", "min", 60.0),
        (1.0, "min", "s", 60.0),
        (1.0, "kWh", "W*h", 1000.0),
        (1.0, "kW·h", "kWh", 1.0),
        (1500.0, "W", "kW", 1.5),
        (1.0, "", "%", 100.0),  # a dimensionless fraction is a percentage too
    ],
)
def test_conversions(value, from_unit, to_unit, expected):
    assert math.isclose(convert(value, from_unit, to_unit), expected, rel_tol=1e-12)


@pytest.mark.parametrize(
    ("text", "spelling"),
    [
        ("℃", "degC"),
        ("°C", "degC"),
        ("％", "%"),
        ("ｍｇ／ｍ３", "mg/m**3"),
        ("mg/m³", "mg/m**3"),
        ("mm H₂O", "mmH2O"),
        ("MM h2o", "mmH2O"),
        ("毫米水柱", "mmH2O"),
        ("千帕", "kPa"),
        ("帕", "Pa"),
        ("毫巴", "mbar"),
        ("升/分钟", "L/min"),
        ("毫克/立方米", "mg/m**3"),
        ("dB(A)", "dBA"),
        ("Δ℃", "delta_degC"),
        ("  L/min ", "L/min"),
        ("Ｐａ", "Pa"),
    ],
)
def test_typographic_and_chinese_variants_are_folded(text, spelling):
    assert normalise_unit(text) == spelling


def test_case_is_kept_because_milli_and_mega_differ():
    assert convert(1.0, "MPa", "Pa") == 1e6
    assert convert(1.0, "mPa", "Pa") == pytest.approx(1e-3)


@pytest.mark.parametrize("celsius", ["°C", "℃", "degC", "摄氏度"])
def test_absolute_temperatures_convert_with_the_offset(celsius):
    assert convert(0.0, celsius, "K") == pytest.approx(273.15)
    assert convert(100.0, celsius, "K") == pytest.approx(373.15)
    assert convert(300.0, "K", celsius) == pytest.approx(26.85)


@pytest.mark.parametrize("celsius", ["°C", "℃", "degC"])
def test_temperature_differences_convert_without_the_offset(celsius):
    # A temperature rise of 10 K is a rise of 10 °C (GB 4706 style 温升 limits).
    assert convert(10.0, "K", celsius, difference=True) == pytest.approx(10.0)
    assert convert(10.0, celsius, "K", difference=True) == pytest.approx(10.0)
    assert convert(18.0, "°F", celsius, difference=True) == pytest.approx(10.0)


def test_a_unit_spelt_with_delta_is_a_difference_even_without_the_flag():
    assert convert(10.0, "K", "Δ℃") == pytest.approx(10.0)
    assert convert(10.0, "Δ°C", "K") == pytest.approx(10.0)
    assert units.marks_difference("Δ℃") and units.marks_difference("ΔK")
    assert not units.marks_difference("℃")


def test_fahrenheit_offset_conversion_is_exact_enough_at_the_boiling_point():
    assert convert(212.0, "°F", "°C") == pytest.approx(100.0, rel=1e-11)


def test_unknown_unit_is_named_as_the_user_wrote_it():
    resolved = conversion("bananas", "Pa")
    assert resolved.problem is UnitProblem.UNKNOWN_UNIT
    assert resolved.unknown_unit == "bananas"
    assert resolved.detail


@pytest.mark.parametrize("text", ["kg/", "(", "1/0", "10 Pa", "**", "nan", "\x00"])
def test_malformed_unit_text_is_unknown_not_an_exception(text):
    assert conversion(text, "Pa").problem is UnitProblem.UNKNOWN_UNIT
    assert units.unit_problem(text)


def test_incompatible_units_do_not_convert():
    resolved = conversion("kg", "Pa")
    assert resolved.problem is UnitProblem.INCOMPATIBLE_UNITS
    assert "kilogram" in resolved.detail


def test_a_weighted_decibels_do_not_convert_to_plain_decibels():
    assert conversion("dB(A)", "dB").problem is UnitProblem.INCOMPATIBLE_UNITS
    assert conversion("dB(A)", "dBA").ok
    assert conversion("dB", "dB").ok


def test_logarithmic_conversions_are_refused_rather_than_linearised():
    assert conversion("dB", "").problem is UnitProblem.NONLINEAR_CONVERSION


def test_absolute_celsius_is_not_a_difference():
    assert not conversion("degC", "Δ℃").ok


def test_known_units_have_no_problem():
    for text in ["Pa", "mbar", "mm H₂O", "%", "‰", "L/min", "℃", "K", "mg/m³", "dB", "dB(A)", ""]:
        assert units.unit_problem(text) == "", text


def test_pint_is_asked_once_per_normalised_pair():
    units.clear_caches()
    for _ in range(1000):
        conversion("mbar", "Pa")
        conversion("mm H₂O", "Pa")
        conversion("mmH2O", "Pa")  # same normalised pair as the line above
    assert units.pint_lookups() == 2


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.sampled_from(["Pa", "%", "L/min", "", "degC"]))
def test_no_unit_text_makes_conversion_raise(text, target):
    resolved = conversion(text, target)
    assert resolved.ok or resolved.problem in set(UnitProblem)


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(["Pa", "kPa", "mbar", "mmH2O", "hPa"]),
    st.sampled_from(["Pa", "kPa", "mbar", "mmH2O", "hPa"]),
)
def test_round_trips_return_the_value(value, first, second):
    there = convert(value, first, second)
    assert math.isclose(convert(there, second, first), value, rel_tol=1e-12, abs_tol=1e-9)
