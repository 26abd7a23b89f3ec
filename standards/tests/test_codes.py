import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards.codes import StandardCodeError, guess_kind, parse_standard_code


@pytest.mark.parametrize(
    ("text", "code", "prefix", "number", "year", "kind"),
    [
        ("GB 2626-2019", "GB 2626-2019", "GB", "2626", 2019, "gb_mandatory"),
        ("GB/T 1234.5-2020", "GB/T 1234.5-2020", "GB/T", "1234.5", 2020, "gb_recommended"),
        ("EN 149:2001+A1:2009", "EN 149:2001+A1:2009", "EN", "149", 2001, "regional"),
        ("ISO 16900-1:2014", "ISO 16900-1:2014", "ISO", "16900-1", 2014, "international"),
        ("T/CAS 123-2021", "T/CAS 123-2021", "T/CAS", "123", 2021, "group"),
        ("Q/ABC 001-2022", "Q/ABC 001-2022", "Q/ABC", "001", 2022, "enterprise"),
        ("YY/T 0969-2013", "YY/T 0969-2013", "YY/T", "0969", 2013, "industry"),
        ("DB11/T 123-2020", "DB11/T 123-2020", "DB11/T", "123", 2020, "local"),
        ("ASTM F2100-19", "ASTM F2100-19", "ASTM", "F2100", 2019, "foreign_national"),
        ("JIS T 9001:2021", "JIS T 9001:2021", "JIS", "T 9001", 2021, "foreign_national"),
        ("NIOSH 42 CFR 84", "NIOSH 42 CFR 84", "NIOSH", "42 CFR 84", None, "foreign_national"),
        ("AS/NZS 1716:2012", "AS/NZS 1716:2012", "AS/NZS", "1716", 2012, "foreign_national"),
        ("IEC 60335-2-84:2019", "IEC 60335-2-84:2019", "IEC", "60335-2-84", 2019, "international"),
        ("ISO/TS 16976-8:2013", "ISO/TS 16976-8:2013", "ISO/TS", "16976-8", 2013, "international"),
        ("CEN/TS 17553:2021", "CEN/TS 17553:2021", "CEN/TS", "17553", 2021, "regional"),
        # What spreadsheets really contain: lower case, a missing space, full-width characters.
        ("gb/t1234-2020", "GB/T 1234-2020", "GB/T", "1234", 2020, "gb_recommended"),
        ("ＧＢ　２６２６－２０１９", "GB 2626-2019", "GB", "2626", 2019, "gb_mandatory"),
        ("EN 149:2001 + A1:2009", "EN 149:2001+A1:2009", "EN", "149", 2001, "regional"),
    ],
)
def test_codes_are_parsed_into_prefix_number_and_year(text, code, prefix, number, year, kind):
    parsed = parse_standard_code(text)
    assert (parsed.code, parsed.prefix, parsed.number, parsed.year) == (code, prefix, number, year)
    assert guess_kind(parsed.prefix) == kind


def test_amendments_are_kept_apart():
    assert parse_standard_code("EN 149:2001+A1:2009").amendments == "+A1:2009"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "为空"),
        ("2626-2019", "代号"),
        ("GB", "缺少顺序号"),
        ("GB 2626:19", "四位数字"),
        ("中文 123", "代号"),
        ("GB 2626-1776", "不合理"),
    ],
)
def test_malformed_codes_are_refused_with_a_reason(text, reason):
    with pytest.raises(StandardCodeError, match=reason):
        parse_standard_code(text)


@given(
    prefix=st.sampled_from(["GB", "GB/T", "YY/T", "T/CAS", "Q/XYZ"]),
    number=st.integers(min_value=1, max_value=99999),
    part=st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    year=st.integers(min_value=1950, max_value=2099),
)
def test_chinese_codes_round_trip(prefix, number, part, year):
    text = f"{prefix} {number}{'' if part is None else f'.{part}'}-{year}"
    parsed = parse_standard_code(text)
    assert parsed.code == text
    assert parsed.year == year
    assert parse_standard_code(parsed.code) == parsed
