"""The seed's compact columns read back exactly what was put in."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from demo.builders.compact import CodeColumn, DateColumn, LimitRows, SeenTexts, TextColumn
from demo.builders.plans import IdsByKey, decode_order, decode_subset, encode_order, encode_subset


@given(st.lists(st.text(max_size=30)))
def test_text_column_reads_back_every_text(texts):
    column = TextColumn()
    for text in texts:
        column.append(text)
    assert len(column) == len(texts)
    assert [column[i] for i in range(len(texts))] == texts


@given(st.lists(st.sampled_from(["440300", "330200", "17", "38"])),
       st.lists(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))))
def test_code_and_date_columns_read_back(codes, days):
    code_column, date_column = CodeColumn(), DateColumn()
    for code in codes:
        code_column.append(code)
    for day in days:
        date_column.append(day)
    assert [code_column[i] for i in range(len(codes))] == codes
    assert [date_column[i] for i in range(len(days))] == days


@given(st.lists(st.text(max_size=12), max_size=3000), st.lists(st.text(max_size=12), max_size=50))
def test_seen_texts_is_a_set_of_texts(added, probed):
    seen = SeenTexts()
    for text in added:
        seen.add(text)
    assert len(seen) == len(set(added))  # the table grew past its first 1,024 slots and kept them
    for text in [*added, *probed]:
        assert (text in seen) == (text in set(added))


def test_seen_texts_keeps_every_text_as_its_table_grows():
    seen = SeenTexts(f"宁波华兴家电有限公司{i}" for i in range(5000))
    assert len(seen) == 5000 and len(seen._slots) >= 10_000
    assert all(f"宁波华兴家电有限公司{i}" in seen for i in range(5000))
    assert "宁波华兴家电有限公司5000" not in seen


_bound = st.none() | st.floats(allow_nan=False, allow_infinity=False)
_limits = st.dictionaries(st.sampled_from(["filtration", "noise", "power", "ph"]),
                          st.tuples(_bound, _bound, st.sampled_from(["%", "dB(A)", "W"]),
                                    st.sampled_from(["", "经向"])))


@given(st.lists(_limits, max_size=20), st.sampled_from(["filtration", "noise", "absent"]))
def test_packed_limits_read_back_as_the_dicts_they_were(standards, probe):
    rows = LimitRows()
    packed = [rows.pack(limits) for limits in standards]
    for limits, read in zip(standards, packed, strict=True):
        assert dict(read) == limits  # open sides (None) stay None
        assert (probe in read) == (probe in limits)
        assert bool(read) == bool(limits)


def test_plan_indicator_ids_follow_the_keys_in_their_block():
    ids = IdsByKey(("noise", "power", "ph"), range(501, 504))
    assert dict(ids) == {"noise": 501, "power": 502, "ph": 503}
    with pytest.raises(ValueError):
        IdsByKey(("noise", "power"), range(501, 504))  # a block of another length


@given(st.integers(min_value=1, max_value=15).flatmap(
    lambda n: st.tuples(st.just(n), st.permutations(range(n)), st.integers(min_value=0, max_value=n))))
def test_a_plans_chosen_standards_read_back_in_their_order(drawn):
    n, order, size = drawn
    standards = [object() for _ in range(n)]  # told apart by identity, as the catalogue's are
    chosen = [standards[i] for i in order[:size]]
    assert decode_order(encode_order(chosen, standards), standards) == tuple(chosen)


def test_a_choice_among_sixteen_or_more_is_refused():
    with pytest.raises(ValueError):
        encode_order([], list(range(16)))


@given(st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=12).flatmap(
    lambda keys: st.tuples(st.just(keys), st.lists(st.booleans(), min_size=len(keys), max_size=len(keys)))))
def test_a_plans_kept_keys_read_back_in_the_categorys_order(drawn):
    keys, kept = drawn
    subset = [key for key, keep in zip(keys, kept, strict=True) if keep]
    assert decode_subset(encode_subset(subset, keys), keys) == tuple(subset)


def test_keys_out_of_the_categorys_order_are_refused():
    with pytest.raises(ValueError):
        encode_subset(["power", "noise"], ["noise", "power"])
