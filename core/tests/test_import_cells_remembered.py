"""A column's remembered parser answers every cell exactly as the parser itself would."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..imports import cells
from ..imports.errors import CellError

CELLS = st.lists(
    st.one_of(
        st.sampled_from([1.0, 1, True, 0.0, 0, False, "1", "合格", "≥95", "95.5", "", "abc", 96.5, "2023-05-01",
                         dt.date(2023, 5, 1), dt.datetime(2023, 5, 1, 9)]),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=8),
    ),
    max_size=60,
)


def answers(parse, values):
    out = []
    for value in values:
        try:
            out.append(("ok", type(parsed := parse(value)), parsed))
        except CellError as error:
            out.append(("refused", error.message))
    return out


@pytest.mark.parametrize("parse", [cells.parse_number, cells.pass_fail, cells.date, cells.text(max_length=3)],
                         ids=["number", "pass_fail", "date", "text"])
@given(values=CELLS)
def test_the_same_answers_and_refusals_as_the_parser_for_any_cells_in_any_order(parse, values):
    assert answers(cells.Remembered(parse), values) == answers(parse, values)


def test_a_logical_cell_is_not_answered_as_the_equal_number_before_it():
    remembered = cells.Remembered(cells.parse_number)
    assert remembered(1.0) == cells.Number(1.0)
    with pytest.raises(CellError):
        remembered(True)  # True == 1.0, but it is no number
    assert cells.Remembered(cells.pass_fail)(1.0) is True


def test_a_refused_cell_is_refused_each_time_and_not_remembered():
    remembered = cells.Remembered(cells.parse_number)
    for _ in range(2):
        with pytest.raises(CellError):
            remembered("abc")
    assert remembered.seen == {}


def test_a_changeable_answer_is_not_shared_between_rows():
    remembered = cells.Remembered(lambda value: [value])
    first = remembered("GB 2626")
    first.append("changed by a row")
    assert remembered("GB 2626") == ["GB 2626"]


def test_a_column_of_distinct_cells_stops_remembering():
    remembered = cells.Remembered(cells.text(max_length=20))
    for n in range(cells.Remembered.LIMIT + 1):
        assert remembered(f"M-{n:06d}") == f"M-{n:06d}"
    assert remembered.seen is None
    assert remembered("M-000001") == "M-000001"


def test_repeated_cells_are_parsed_once():
    calls = []

    def parse(value):
        calls.append(value)
        return str(value)

    remembered = cells.Remembered(parse)
    cells_ = ["甲牌", "乙牌", "甲牌", "甲牌", 2.0, 2.0]
    assert [remembered(v) for v in cells_] == ["甲牌", "乙牌", "甲牌", "甲牌", "2.0", "2.0"]
    assert calls == ["甲牌", "乙牌", 2.0]
