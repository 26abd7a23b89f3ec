import pytest
from hypothesis import given
from hypothesis import strategies as st

from standards.codes import StandardCodeError, guess_kind, normalize_standard_code, parse_standard_code


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


# --- classification -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "prefix", "kind"), [
    ("GBZ 2.1-2019", "GBZ", "gb_mandatory"),  # 国家职业卫生标准, mandatory
    ("GBZ/T 229.1-2010", "GBZ/T", "gb_recommended"),
    ("JGJ 59-2011", "JGJ", "industry"),  # 建筑工程
    ("JGJ/T 104-2011", "JGJ/T", "industry"),
    ("CJJ 1-2008", "CJJ", "industry"),  # 城镇建设
    ("JTG D50-2017", "JTG", "industry"),  # 公路工程
    ("JTG/T 3650-2020", "JTG/T", "industry"),
    ("GJB 150.1A-2009", "GJB", "military"),  # 国家军用标准
    ("CECS 102:2002", "CECS", "group"),  # 中国工程建设标准化协会
    ("T/CECS 10012-2019", "T/CECS", "group"),
    ("DB11/T 1234-2020", "DB11/T", "local"),
    ("DB4403/T 123-2020", "DB4403/T", "local"),  # 深圳市's own local standards
    ("DB11/ 139-2015", "DB11/", "local"),
    ("DIN EN 149:2009-08", "DIN EN", "foreign_national"),  # a national adoption is national
    ("BS EN 149:2001+A1:2009", "BS EN", "foreign_national"),
    ("EN ISO 13485:2016", "EN ISO", "regional"),
    ("ANSI/ISEA Z87.1-2020", "ANSI/ISEA", "foreign_national"),
])
def test_chinese_national_industry_military_and_association_codes_are_not_foreign(text, prefix, kind):
    parsed = parse_standard_code(text)
    assert parsed.prefix == prefix
    assert guess_kind(parsed.prefix) == kind


@pytest.mark.parametrize(("text", "province"), [
    ("DB11/T 1234-2020", "110000"),  # 北京
    ("DB31/T 1001-2016", "310000"),  # 上海
    ("DB44/ 27-2001", "440000"),  # 广东, a mandatory local standard
    ("DB11 139-2015", "110000"),
    ("DB4403/T 123-2020", "440000"),  # 深圳市's, in 广东
    ("db65/t 4321-2021", "650000"),  # 新疆
    ("GB 2626-2019", ""),
])
def test_local_standards_know_their_province(text, province):
    assert parse_standard_code(text).local_province_code == province


def test_a_local_standard_of_no_province_is_refused():
    with pytest.raises(StandardCodeError, match="省级行政区划代码"):
        parse_standard_code("DB99/T 1-2020")


# --- one written form -----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("GB 2626 - 2019", "GB 2626-2019"),
    ("GB 19083 — 2010", "GB 19083-2010"),
    ("GB 19083 – 2010", "GB 19083-2010"),
    ("GB 19083−2010", "GB 19083-2010"),  # U+2212 minus sign
    ("ASTM F2100\u201119", "ASTM F2100-19"),  # U+2011 non-breaking hyphen
    ("ASTM F2100\u201019", "ASTM F2100-19"),
    ("ISO 16900\u20111:2014", "ISO 16900-1:2014"),
    ("JIS T9001:2021", "JIS T 9001:2021"),
    ("JIS T 9001:2021", "JIS T 9001:2021"),
    ("jis  t9001 : 2021", "JIS T 9001:2021"),
    ("T/CAS431-2020", "T/CAS 431-2020"),
    ("T/CAS 431 - 2020", "T/CAS 431-2020"),
    ("Q/SZJ001-2023", "Q/SZJ 001-2023"),
    ("DB11/T1234-2020", "DB11/T 1234-2020"),
    ("DB11/139-2015", "DB11/ 139-2015"),  # mandatory local standards keep the slash
    ("DB11 139-2015", "DB11/ 139-2015"),
    ("GBZ/T229.1-2010", "GBZ/T 229.1-2010"),
    ("DIN EN 149:2009-08", "DIN EN 149:2009-08"),
    ("BS EN 149:2001 + A1:2009", "BS EN 149:2001+A1:2009"),
])
def test_the_same_code_written_differently_has_one_form(text, code):
    assert parse_standard_code(text).code == code


@pytest.mark.parametrize(("text", "number", "year", "adopts"), [
    ("BS EN 149:2001+A1:2009", "149", 2001, "EN 149:2001+A1:2009"),
    # DIN's date is the month of its own edition, not the year of the EN it adopts.
    ("DIN EN 149:2009-08", "149", 2009, "EN 149"),
    ("NF EN 14683+AC:2019", "14683", None, "EN 14683+AC:2019"),
    ("EN ISO 13485:2016", "13485", 2016, "ISO 13485:2016"),
    ("BS EN ISO 374-1:2016", "374-1", 2016, "EN ISO 374-1:2016"),
    ("EN 149:2001+A1:2009", "149", 2001, ""),
    ("AS/NZS 1716:2012", "1716", 2012, ""),
    ("GB 2626-2019", "2626", 2019, ""),
])
def test_national_adoptions_are_accepted_and_say_what_they_adopt(text, number, year, adopts):
    parsed = parse_standard_code(text)
    assert (parsed.number, parsed.year, parsed.adopts) == (number, year, adopts)


@pytest.mark.parametrize("text", ["DIN EN 149:2009-13", "DIN EN 149:2009-8"])
def test_an_edition_month_must_be_a_month(text):
    with pytest.raises(StandardCodeError, match="四位数字"):
        parse_standard_code(text)


_DASH_VARIANTS = ["-", " - ", "\u2010", "\u2011", "\u2013", " \u2014 ", "\u2212", "\uff0d", " -"]


@given(
    prefix=st.sampled_from(["GB", "GB/T", "GBZ", "GBZ/T", "YY/T", "JGJ", "T/CAS", "Q/XYZ", "DB11/T", "GJB"]),
    number=st.integers(min_value=1, max_value=99999),
    year=st.integers(min_value=1950, max_value=2099),
    dash=st.sampled_from(_DASH_VARIANTS),
    gap=st.sampled_from(["", " ", "  ", "\u3000"]),
    lower=st.booleans(),
)
def test_chinese_codes_written_any_way_have_the_canonical_form(prefix, number, year, dash, gap, lower):
    canonical = f"{prefix} {number}-{year}"
    text = f"{prefix}{gap}{number}{dash}{year}"
    parsed = parse_standard_code(text.lower() if lower else text)
    assert parsed.code == canonical and parsed.year == year


@given(st.text(max_size=40))
def test_normalising_is_idempotent_on_any_text(text):
    once = normalize_standard_code(text)
    assert normalize_standard_code(once) == once


@given(st.text(alphabet="GBTZJISDNEO/ -–—‑−:+.0123456789　ａｂ", max_size=30))
def test_the_normal_form_is_a_fixed_point_with_plain_hyphens_and_no_spaces_around_them(text):
    once = normalize_standard_code(text)
    assert normalize_standard_code(once) == once
    assert not set(once) & set("–—‑−　") and " -" not in once and "- " not in once
    try:
        parsed = parse_standard_code(text)
    except StandardCodeError:
        return
    assert parse_standard_code(parsed.code) == parsed  # a parsed code parses to itself


@pytest.mark.django_db
def test_a_stored_standard_derives_its_form_adoption_and_province(client):
    from django.urls import reverse

    from tests import factories

    en = factories.StandardFactory(code="EN 149:2001+A1:2009", kind="regional")
    bs = factories.StandardFactory(code="BS EN 149:2001 + A1:2009", kind="foreign_national")
    din = factories.StandardFactory(code="DIN EN 149:2009\u201108", kind="foreign_national")
    local = factories.StandardFactory(code="db11/t1234 - 2020", kind="local")
    assert (bs.code, bs.adopted_code, bs.local_province_code) == ("BS EN 149:2001+A1:2009", en.code, "")
    assert (din.code, din.adopted_code, din.year) == ("DIN EN 149:2009-08", "EN 149", 2009)
    assert (local.code, local.prefix, local.local_province_code) == ("DB11/T 1234-2020", "DB11/T", "110000")
    # The adoption's page names what it adopts, linked when the library has it.
    page = client.get(reverse("public_standards:detail", args=[bs.pk])).content.decode()
    adopted = page.split('id="adopted-standard"')[1].split("</dd>")[0]
    assert f'href="/standards/{en.pk}/"' in adopted and en.code in adopted
    assert 'id="adopted-standard"' not in client.get(reverse("public_standards:detail", args=[en.pk])).content.decode()


@pytest.mark.django_db
def test_standards_stored_as_foreign_by_the_old_parser_get_their_kind_back():
    import importlib

    from django.apps import apps

    from standards.models import Standard
    from tests import factories

    migration = importlib.import_module("standards.migrations.0006_military_kind_and_reclassified_codes")
    wrong = {code: factories.StandardFactory(code=code, kind="foreign_national").pk for code in (
        "GBZ 2.1-2019", "GBZ/T 229.1-2010", "JGJ 59-2011", "GJB 150.1A-2009", "CECS 102:2002", "DB4403/T 123-2020")}
    astm = factories.StandardFactory(code="ASTM F2100-19", kind="foreign_national")
    migration.reclassify(apps, None)
    kinds = dict(Standard.objects.filter(pk__in=wrong.values()).values_list("code", "kind"))
    assert kinds == {"GBZ 2.1-2019": "gb_mandatory", "GBZ/T 229.1-2010": "gb_recommended", "JGJ 59-2011": "industry",
                     "GJB 150.1A-2009": "military", "CECS 102:2002": "group", "DB4403/T 123-2020": "local"}
    assert Standard.objects.get(pk=astm.pk).kind == "foreign_national"
    assert {code: guess_kind(parse_standard_code(code).prefix) for code in kinds} == kinds  # as the parser now says
