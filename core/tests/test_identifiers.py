import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc

from ..identifiers import check_uscc, uscc_region_code

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def test_a_valid_code_is_accepted_without_warning():
    result = check_uscc("91110000600037341L")
    assert result.code == "91110000600037341L"
    assert result.legacy_checksum is False
    assert uscc_region_code(result.code) == "110000"


def test_spaces_lower_case_and_full_width_are_folded():
    assert check_uscc(" 9111 0000 6000 3734 1l ").code == "91110000600037341L"
    assert check_uscc("９１１１００００６０００３７３４１Ｌ").code == "91110000600037341L"


def test_a_wrong_check_character_is_accepted_with_a_visible_flag():
    result = check_uscc("91110000600037341A")
    assert result.legacy_checksum is True
    assert result.expected_check_character == "L"


@pytest.mark.parametrize(
    ("text", "code"),
    [("12345", "uscc_length"), ("9111000060003734100", "uscc_length"), ("A1110000600037341L", "uscc_format"),
     ("91110000600037341O", "uscc_format"), ("", "uscc_length")],
)
def test_anything_else_malformed_is_refused_with_a_reason(text, code):
    with pytest.raises(ValidationError) as error:
        check_uscc(text)
    assert error.value.code == code
    assert "统一社会信用代码" in error.value.messages[0]


@given(body=st.text(alphabet=ALPHABET, min_size=9, max_size=9), region=st.from_regex(r"\A[0-9]{6}\Z"))
def test_every_code_with_its_check_character_is_valid_and_any_other_is_flagged(body, region):
    stem = f"91{region}{body}"
    good = stem + uscc.calc_check_digit(stem)
    assert check_uscc(good).legacy_checksum is False
    bad = stem + next(c for c in ALPHABET if c != good[-1])
    assert check_uscc(bad).legacy_checksum is True
