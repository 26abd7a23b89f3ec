"""The one number format of the verdicts: six significant digits, never an exponent."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verdict import number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (240.00000000000003, "240"),  # 2.4 mbar in pascals
        (95.0, "95"),
        (0.1 + 0.2, "0.3"),
        (3.14159265, "3.14159"),
        (2592000.0, "2592000"),  # 30 days in seconds: was 2.592e+06
        (1234567.0, "1234567"),
        (-2592000.4, "-2592000"),
        (0.000015, "0.000015"),  # was 1.5e-05
        (1.5e-07, "0.00000015"),
        (0.0, "0"),
        (None, ""),
    ],
)
def test_numbers_read_as_figures(value, text):
    assert number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15))
def test_no_number_is_written_with_an_exponent_and_each_reads_back_close(value):
    text = number(value)
    assert "e" not in text.lower()
    assert float(text) == pytest.approx(value, rel=1e-5, abs=1e-300)
