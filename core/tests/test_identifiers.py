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
    [("12345", "uscc_length"), ("9111000060003734100", "uscc_length"), ("B1110000600037341L", "uscc_format"),
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


# GB 32100-2015 表 1: every registering authority (第 1 位) with every organisation category
# (第 2 位) the standard lists for it, written out here apart from the code under test.
STANDARD_TABLE = [
    "11", "12", "13", "19",  # 1 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "21", "29",  # 2 外交: 外国常驻新闻机构, 其他
    # 3 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "31", "32", "33", "34", "35", "39",
    "41", "49",  # 4 文化: 外国在华文化中心, 其他
    "51", "52", "53", "59",  # 5 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "61", "62", "69",  # 6 旅游: 外国 / 港澳台地区旅游部门常驻代表机构, 其他
    "71", "72", "79",  # 7 宗教: 宗教活动场所, 宗教院校, 其他
    "81", "89",  # 8 工会: 基层工会, 其他
    "91", "92", "93",  # 9 工商: 企业, 个体工商户, 农民专业合作社
    "A1", "A9",  # A 中央军委改革和编制办公室: 军队事业单位, 其他
    "N1", "N2", "N3", "N9",  # N 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y1",  # Y 其他: one category
]


def gb32100_check_character(stem: str) -> str:
    """GB 32100-2015 5 校验码: weights 3^(i-1) mod 31, C18 = 31 - (sum mod 31), 31 written as 0 —
    implemented apart from python-stdnum to cross-check it."""
    values = {c: i for i, c in enumerate(ALPHABET)}
    total = sum(values[c] * pow(3, i, 31) for i, c in enumerate(stem))
    return ALPHABET[(31 - total % 31) % 31]


@pytest.mark.parametrize("head", STANDARD_TABLE)
def test_every_authority_and_category_of_the_standard_is_accepted(head):
    stem = f"{head}420000MA4{head}XY12"[:17]
    code = stem + gb32100_check_character(stem)
    assert uscc.calc_check_digit(stem) == code[-1]  # the library agrees with the standard
    result = check_uscc(code)
    assert (result.code, result.legacy_checksum) == (code, False)
    assert result.registering_authority and result.organisation_category


def test_letters_as_registering_authority_are_named():
    stem = "N2420000MA4F8U3K2"  # a village collective economic organisation (村级集体经济组织)
    result = check_uscc(stem + gb32100_check_character(stem))
    assert (result.registering_authority, result.organisation_category) == ("农业", "村级集体经济组织")


def test_the_independent_check_character_matches_a_known_code():
    assert gb32100_check_character("91110000600037341") == "L"


@pytest.mark.parametrize(("head", "reason"), [
    ("B1", "第 1 位"), ("01", "第 1 位"), ("X1", "第 1 位"),  # no such registering authority
    ("94", "第 2 位"), ("99", "第 2 位"), ("14", "第 2 位"), ("Y9", "第 2 位"), ("N4", "第 2 位"), ("AA", "第 2 位"),
])
def test_authorities_and_categories_outside_the_standard_are_refused(head, reason):
    stem = f"{head}110000600037341"
    with pytest.raises(ValidationError) as error:
        check_uscc(stem + gb32100_check_character(stem))
    assert error.value.code == "uscc_format" and reason in error.value.messages[0]


def test_the_region_part_must_be_digits():
    stem = "91A10000600037341"
    with pytest.raises(ValidationError, match="第 3–8 位"):
        check_uscc(stem + gb32100_check_character(stem))


@given(
    head=st.sampled_from(STANDARD_TABLE), region=st.from_regex(r"\A[0-9]{6}\Z"),
    body=st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)
def test_any_code_of_the_standard_with_its_check_character_is_valid(head, region, body):
    stem = f"{head}{region}{body}"
    assert check_uscc(stem + gb32100_check_character(stem)).legacy_checksum is False
