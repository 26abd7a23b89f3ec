"""The cited seed data: it holds together, its key numbers are the cited ones, and validate()
really catches the mistakes it claims to catch. Pure Python: runs without Django."""

from dataclasses import replace
from datetime import date

import pytest

from standards import seed_data
from standards.codes import guess_kind, normalize_standard_code, parse_standard_code
from standards.seed_data import (
    ALL_COMPARISONS,
    ALL_INDICATORS,
    ALL_PLANS,
    ALL_REQUIREMENTS,
    ALL_STANDARDS,
    SeedDataError,
    problems,
    validate,
)
from standards.seed_data.types import MAX_LEN, UNITS, ComparisonItemSeed, RequirementSeed

# Pascals per unit, to check relations across the units the standards state their limits in.
PA = {"Pa": 1.0, "mbar": 100.0, "mmH2O": 9.80665}


def requirement(code: str, key: str, grade: str, condition: str) -> RequirementSeed:
    found = [
        r
        for r in ALL_REQUIREMENTS
        if (r.standard_code, r.indicator_key, r.grade, r.condition) == (code, key, grade, condition)
    ]
    assert len(found) == 1, f"expected one requirement {code}/{key}/{grade}/{condition}, found {found}"
    return found[0]


def comparison(a: str, b: str):
    (found,) = [c for c in ALL_COMPARISONS if (c.standard_a, c.standard_b) == (a, b)]
    return found


def item(a: str, b: str, key: str) -> ComparisonItemSeed:
    (found,) = [i for i in comparison(a, b).items if i.indicator_key == key]
    return found


# --- the data holds together ------------------------------------------------------------------


def test_validate_passes():
    validate()
    assert problems() == []


def test_collections_are_tuples_and_non_empty():
    for collection in (ALL_STANDARDS, ALL_INDICATORS, ALL_REQUIREMENTS, ALL_PLANS, ALL_COMPARISONS):
        assert isinstance(collection, tuple)
        assert collection


def test_every_requirement_names_its_source():
    assert all(r.source.strip() for r in ALL_REQUIREMENTS)


def test_every_standard_and_recognition_names_its_source():
    assert all(s.source.strip() for s in ALL_STANDARDS)
    assert all(rec.source.strip() for c in ALL_COMPARISONS for rec in c.recognitions)


def test_codes_are_stored_as_the_model_will_store_them():
    # Standard.save() normalizes and parses the code; a seed code that changed on the way in would
    # break every lookup by code (requirements, plans, comparisons).
    for standard in ALL_STANDARDS:
        assert normalize_standard_code(standard.code) == standard.code
        assert parse_standard_code(standard.code).code == standard.code


def test_kinds_agree_with_what_the_code_prefix_implies():
    for standard in ALL_STANDARDS:
        implied = guess_kind(parse_standard_code(standard.code).prefix)
        assert implied in ("", standard.kind), (standard.code, implied, standard.kind)


def test_units_are_from_the_agreed_list():
    assert {r.unit for r in ALL_REQUIREMENTS} <= set(UNITS)
    assert {i.unit for i in ALL_INDICATORS} <= set(UNITS)


def test_text_fits_the_model_columns():
    for r in ALL_REQUIREMENTS:
        assert len(r.source) <= MAX_LEN["requirement_source"]
        assert len(r.condition) <= MAX_LEN["condition"]


# --- spot checks: each would fail if a cited number flipped ---------------------------------


def test_gb2626_2019_filtration():
    kn95 = requirement("GB 2626-2019", "filtration_efficiency", "KN95", "NaCl; 85 L/min")
    assert (kn95.minimum, kn95.maximum, kn95.unit) == (95.0, None, "%")
    assert requirement("GB 2626-2019", "filtration_efficiency", "KN100", "NaCl; 85 L/min").minimum == 99.97
    assert requirement("GB 2626-2019", "filtration_efficiency", "KN90", "NaCl; 85 L/min").minimum == 90.0
    assert requirement("GB 2626-2019", "filtration_efficiency", "KP95", "油类颗粒物; 85 L/min").minimum == 95.0


def test_gb2626_2019_kn95_total_inward_leakage():
    exercises = requirement("GB 2626-2019", "total_inward_leakage", "KN95", "50 个动作中至少 46 个")
    wearers = requirement("GB 2626-2019", "total_inward_leakage", "KN95", "10 名受试者平均值中至少 8 个")
    assert (exercises.maximum, wearers.maximum, exercises.unit) == (11.0, 8.0, "%")


def test_en149_filtration_is_100_minus_penetration():
    assert requirement("EN 149:2001+A1:2009", "filtration_efficiency", "FFP1", "NaCl; 95 L/min").minimum == 80.0
    assert requirement("EN 149:2001+A1:2009", "filtration_efficiency", "FFP2", "NaCl; 95 L/min").minimum == 94.0
    assert requirement("EN 149:2001+A1:2009", "filtration_efficiency", "FFP3", "石蜡油; 95 L/min").minimum == 99.0


def test_en149_breathing_resistance_in_mbar():
    ffp2_95 = requirement("EN 149:2001+A1:2009", "inhalation_resistance", "FFP2", "95 L/min")
    assert (ffp2_95.maximum, ffp2_95.unit) == (2.4, "mbar")
    expected = {("FFP1", 0.6, 2.1), ("FFP2", 0.7, 2.4), ("FFP3", 1.0, 3.0)}
    actual = {
        (
            grade,
            requirement("EN 149:2001+A1:2009", "inhalation_resistance", grade, "30 L/min").maximum,
            requirement("EN 149:2001+A1:2009", "inhalation_resistance", grade, "95 L/min").maximum,
        )
        for grade in ("FFP1", "FFP2", "FFP3")
    }
    assert actual == expected
    for grade in ("FFP1", "FFP2", "FFP3"):
        exhale = requirement("EN 149:2001+A1:2009", "exhalation_resistance", grade, "160 L/min")
        assert (exhale.maximum, exhale.unit) == (3.0, "mbar")


def test_en149_total_inward_leakage_two_part_rule():
    # 25/11/5 % bind 46 of 50 exercise results; the arithmetic means of 8 of 10 wearers bind 22/8/2 %.
    limits = {
        grade: (
            requirement("EN 149:2001+A1:2009", "total_inward_leakage", grade, "50 个动作中至少 46 个").maximum,
            requirement("EN 149:2001+A1:2009", "total_inward_leakage", grade, "10 名受试者平均值中至少 8 个").maximum,
        )
        for grade in ("FFP1", "FFP2", "FFP3")
    }
    assert limits == {"FFP1": (25.0, 22.0), "FFP2": (11.0, 8.0), "FFP3": (5.0, 2.0)}


def test_niosh_part_84():
    inhale = requirement("NIOSH 42 CFR 84", "inhalation_resistance", "", "85 L/min")
    exhale = requirement("NIOSH 42 CFR 84", "exhalation_resistance", "", "85 L/min")
    assert (inhale.maximum, inhale.unit) == (35.0, "mmH2O")
    assert (exhale.maximum, exhale.unit) == (25.0, "mmH2O")
    n95 = requirement("NIOSH 42 CFR 84", "filtration_efficiency", "N95", "NaCl; 85 L/min")
    assert (n95.minimum, n95.unit) == (95.0, "%")
    assert requirement("NIOSH 42 CFR 84", "filtration_efficiency", "N100", "NaCl; 85 L/min").minimum == 99.97


def test_gb19083_2010():
    grades = {
        g: requirement("GB 19083-2010", "filtration_efficiency", g, "NaCl; 85 L/min").minimum
        for g in ("1级", "2级", "3级")
    }
    assert grades == {"1级": 95.0, "2级": 99.0, "3级": 99.97}
    airflow = requirement("GB 19083-2010", "inhalation_resistance", "", "85 L/min")
    assert (airflow.maximum, airflow.unit) == (343.2, "Pa")
    # 343.2 Pa is the standard's own rendering of 35 mm H2O.
    assert airflow.maximum == pytest.approx(35 * PA["mmH2O"], abs=0.05)
    blood = requirement("GB 19083-2010", "synthetic_blood_penetration", "", "2 mL 合成血液; 10.7 kPa (80 mmHg)")
    assert (blood.minimum, blood.maximum) == (None, None)


def test_gb2626_2006_limits():
    assert requirement("GB 2626-2006", "inhalation_resistance", "", "85 L/min").maximum == 350.0
    assert requirement("GB 2626-2006", "exhalation_resistance", "", "85 L/min").maximum == 250.0
    assert requirement("GB 2626-2006", "filtration_efficiency", "KN95", "NaCl; 85 L/min").minimum == 95.0


def test_smart_toilet_limits():
    water = requirement("JIS A 4422:2011", "cleaning_water_temperature", "", "")
    assert (water.minimum, water.maximum, water.unit) == (35.0, 45.0, "°C")
    assert requirement("JIS A 4422:2011", "rear_cleaning_force", "", "").minimum == 0.06
    assert requirement("JIS A 4422:2011", "cleaning_water_flow", "", "").minimum == 200.0
    flush = {
        g: requirement("T/CZGX 001-2022", "flush_water_consumption", g, "").maximum for g in ("领先", "优等", "合格")
    }
    assert flush == {"领先": 4.0, "优等": 5.0, "合格": 5.6}


# --- standards, plans, comparisons ------------------------------------------------------------


def test_editions_and_status():
    by_code = {s.code: s for s in ALL_STANDARDS}
    gb2626 = by_code["GB 2626-2019"]
    assert (gb2626.kind, gb2626.status, gb2626.replaces) == ("gb_mandatory", "in_force", "GB 2626-2006")
    assert gb2626.effective == date(2021, 7, 1)  # postponed by SAC notice 2020 No. 29
    assert by_code["GB 2626-2006"].status == "replaced"
    assert by_code["GB 19083-2010"].status == "replaced"
    assert by_code["GB 19083-2023"].replaces == "GB 19083-2010"
    assert by_code["EN 149:2001+A1:2009"].country == "EU"
    assert by_code["IEC 62947:2022"].country == ""
    assert "epidemic:respirator" in gb2626.tags
    assert "epidemic:medical-mask" in by_code["YY 0469-2011"].tags
    assert "epidemic:daily-mask" in by_code["GB/T 32610-2016"].tags


def test_plans():
    plans = {p.code: p for p in ALL_PLANS}
    kn95 = plans["PLAN-RESP-KN95"]
    assert set(kn95.standards) == {"GB 2626-2019", "EN 149:2001+A1:2009", "NIOSH 42 CFR 84"}
    assert set(kn95.benchmark_standards) <= set(kn95.standards)
    assert kn95.industry_division == "17"
    assert plans["PLAN-SMART-TOILET"].industry_division == "30"


def test_comparison_relations():
    assert item("GB 2626-2019", "EN 149:2001+A1:2009", "filtration_efficiency").relation == "stricter"
    assert item("GB 2626-2019", "EN 149:2001+A1:2009", "total_inward_leakage").relation == "equal"
    assert item("GB 2626-2019", "NIOSH 42 CFR 84", "filtration_efficiency").relation == "equal"
    assert item("GB 19083-2010", "EN 149:2001+A1:2009", "inhalation_resistance").relation == "looser"
    assert item("GB 19083-2010", "EN 149:2001+A1:2009", "synthetic_blood_penetration").relation == "no_counterpart"


@pytest.mark.parametrize(
    ("a", "b", "key", "a_key", "b_key"),
    [
        # Same flow on both sides: the relation follows from the limits once in one unit.
        ("GB 2626-2006", "NIOSH 42 CFR 84", "inhalation_resistance", ("", "85 L/min"), ("", "85 L/min")),
        ("GB 2626-2006", "NIOSH 42 CFR 84", "exhalation_resistance", ("", "85 L/min"), ("", "85 L/min")),
        # EN 149 allows less resistance at a *higher* flow, so "looser" holds a fortiori.
        ("GB 19083-2010", "EN 149:2001+A1:2009", "inhalation_resistance", ("", "85 L/min"), ("FFP2", "95 L/min")),
        ("GB 2626-2006", "EN 149:2001+A1:2009", "inhalation_resistance", ("", "85 L/min"), ("FFP2", "95 L/min")),
    ],
)
def test_pressure_relations_agree_with_the_limits(a, b, key, a_key, b_key):
    limit_a = requirement(a, key, *a_key)
    limit_b = requirement(b, key, *b_key)
    pa_a, pa_b = limit_a.maximum * PA[limit_a.unit], limit_b.maximum * PA[limit_b.unit]
    assert pa_a > pa_b
    assert item(a, b, key).relation == "looser"


def test_france_recognised_gb2626_2006_kn95():
    recognitions = comparison("GB 2626-2006", "EN 149:2001+A1:2009").recognitions
    (france,) = [r for r in recognitions if r.country == "FR"]
    assert france.date == date(2020, 4, 7)
    assert "KN95" in france.note
    assert comparison("GB 2626-2006", "EN 149:2001+A1:2009").kind == "equivalence"


def test_french_lists_cover_four_chinese_mask_standards():
    french = {c.standard_a for c in ALL_COMPARISONS for r in c.recognitions if r.country == "FR"}
    assert french == {"GB 2626-2006", "GB/T 32610-2016", "YY 0469-2011", "YY/T 0969-2013"}


# --- validate() catches what it says it catches -----------------------------------------------


def _problems_with(**changes):
    data = {
        "standards": ALL_STANDARDS,
        "indicators": ALL_INDICATORS,
        "requirements": ALL_REQUIREMENTS,
        "plans": ALL_PLANS,
        "comparisons": ALL_COMPARISONS,
    }
    data.update(changes)
    return problems(**data)


def _one_requirement(**changes):
    return (replace(ALL_REQUIREMENTS[0], **changes), *ALL_REQUIREMENTS[1:])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"standard_code": "GB 9999-2099"}, "unknown standard"),
        ({"indicator_key": "nonsense"}, "unknown indicator"),
        ({"unit": "psi"}, "not in the unit list"),
        ({"unit": "Pa"}, "does not measure"),
        ({"source": " "}, "no source"),
        ({"minimum": 96.0, "maximum": 95.0}, "minimum 96.0 > maximum 95.0"),
        ({"minimum": None}, "needs a minimum"),
        ({"minimum": 120.0}, "outside 0–100"),
    ],
)
def test_validate_rejects_bad_requirements(changes, expected):
    found = _problems_with(requirements=_one_requirement(**changes))
    assert any(expected in p for p in found), found


def test_validate_rejects_duplicate_requirements():
    found = _problems_with(requirements=(*ALL_REQUIREMENTS, ALL_REQUIREMENTS[0]))
    assert any("duplicate requirement" in p for p in found)


def test_validate_rejects_bad_plans():
    plan = ALL_PLANS[0]
    bad = replace(plan, benchmark_standards=("ASTM F2100-19",), industry_division="1789")
    found = _problems_with(plans=(bad, *ALL_PLANS[1:]))
    assert any("is not among the compared standards" in p for p in found)
    assert any("not a two-digit code" in p for p in found)
    unknown = replace(plan, standards=(*plan.standards, "EN 000:1900"))
    assert any("unknown standard 'EN 000:1900'" in p for p in _problems_with(plans=(unknown,)))


def test_validate_rejects_unsupported_relations():
    c = comparison("GB 2626-2019", "NIOSH 42 CFR 84")
    # NIOSH has no leakage requirement seeded: "equal" there would be an invented relation.
    invented = ComparisonItemSeed("total_inward_leakage", "equal", "相当", "equivalent")
    bad = replace(c, items=(*c.items, invented))
    found = _problems_with(comparisons=(bad,))
    assert any("needs requirements on both sides or a source" in p for p in found), found
    unknown = replace(c, standard_b="NIOSH 42 CFR 85")
    assert any("unknown standard 'NIOSH 42 CFR 85'" in p for p in _problems_with(comparisons=(unknown,)))


def test_validate_rejects_a_replaced_edition_still_in_force():
    standards = tuple(replace(s, status="in_force") if s.code == "GB 2626-2006" else s for s in ALL_STANDARDS)
    assert any("replaces 'GB 2626-2006'" in p for p in _problems_with(standards=standards))


def test_validate_raises_with_every_problem_listed(monkeypatch):
    broken = _one_requirement(standard_code="GB 9999-2099", source="")
    monkeypatch.setattr(seed_data, "ALL_REQUIREMENTS", broken)
    with pytest.raises(SeedDataError) as raised:
        validate()
    assert len(raised.value.problems) >= 2


def test_gb2626_2019_is_cited_from_the_standard_and_its_issuing_bodies_only():
    standard = next(s for s in seed_data.ALL_STANDARDS if s.code == "GB 2626-2019")
    cited = [standard.source] + [r.source for r in seed_data.ALL_REQUIREMENTS if r.standard_code == "GB 2626-2019"]
    for source in cited:
        assert "openstd.samr.gov.cn" in source
        for secondary in ("testexmaskmachine", "xiaomilidoc", "5wxw", "doczj", "gb-gbt.cn", "11467.com"):
            assert secondary not in source
    # What could not be cited is left out, and the page will say so.
    assert not [r for r in seed_data.ALL_REQUIREMENTS
                if r.standard_code == "GB 2626-2019" and r.indicator_key.endswith("_resistance")]
    assert "吸气阻力、呼气阻力限值未能依据标准原文或官方发布渠道核实" in standard.note_zh and standard.note_en


@pytest.mark.django_db
def test_the_standard_page_says_where_its_facts_come_from_and_what_is_left_out(client):
    from django.urls import reverse

    from tests import factories

    standard = factories.StandardFactory(
        code="GB 2626-2019", kind="gb_mandatory", source="GB 2626-2019 原文（openstd.samr.gov.cn）",
        data_note_zh="吸气阻力限值暂未录入。", data_note_en="The resistance limits are left out.")
    page = client.get(reverse("public_standards:detail", args=[standard.pk])).content.decode()
    assert "openstd.samr.gov.cn" in page.split('id="standard-source"')[1].split("</dd>")[0]
    assert "吸气阻力限值暂未录入。" in page.split('id="standard-data-note"')[1].split("</dd>")[0]
    client.cookies["django_language"] = "en"
    english = client.get(reverse("public_standards:detail", args=[standard.pk])).content.decode()
    assert "The resistance limits are left out." in english


def test_test_conditions_are_chinese_with_their_english_kept():
    """A Chinese page shows no English words in a test condition; an English page gets the English."""
    import re

    for r in seed_data.ALL_REQUIREMENTS:
        units = ("NaCl", "L/min", "kPa", "mmHg")  # formulas and units read the same in both languages
        words = re.findall(r"[A-Za-z]{3,}", re.sub("|".join(map(re.escape, units)), "", r.condition))
        assert not words, (r.standard_code, r.condition)
        if r.condition and r.condition_en:
            assert len(r.condition_en.split("; ")) == len(r.condition.split("; "))
    paraffin = next(r for r in seed_data.ALL_REQUIREMENTS if r.condition_en == "paraffin oil; 95 L/min")
    assert paraffin.condition == "石蜡油; 95 L/min"


@pytest.mark.django_db
def test_the_standard_page_shows_the_condition_in_the_visitors_language(client):
    from django.urls import reverse

    from standards.models import Requirement
    from tests import factories

    standard = factories.StandardFactory(code="EN 149:2001+A1:2009", kind="regional")
    indicator = factories.IndicatorFactory(key="filtration_efficiency", name_zh="过滤效率", unit="%")
    Requirement.objects.create(standard=standard, indicator=indicator, minimum=94, unit="%", source="EN 149",
                               condition="石蜡油; 95 L/min", condition_en="paraffin oil; 95 L/min")
    address = reverse("public_standards:detail", args=[standard.pk])
    chinese = client.get(address).content.decode()
    assert "石蜡油; 95 L/min" in chinese and "paraffin oil" not in chinese
    client.cookies["django_language"] = "en"
    assert "paraffin oil; 95 L/min" in client.get(address).content.decode()



def test_the_chinese_issuing_bodies_have_their_official_english_names():
    import re

    chinese = re.compile(r"[\u4e00-\u9fff]")
    named_in_chinese = [s for s in ALL_STANDARDS if chinese.search(s.issuing_body)]
    assert {s.issuing_body for s in named_in_chinese if not s.issuing_body_en} == {"潮州市潮安区古巷陶瓷协会"}
    for s in ALL_STANDARDS:
        assert not chinese.search(s.issuing_body_en), s.code
        if not chinese.search(s.issuing_body):
            assert not s.issuing_body_en, s.code  # an English name is the name already
    gb2626 = next(s for s in ALL_STANDARDS if s.code == "GB 2626-2019")
    assert gb2626.issuing_body_en == (
        "State Administration for Market Regulation; Standardization Administration of China")


def test_validate_rejects_two_english_names_of_one_body_and_an_english_name_of_no_body():
    def renamed(s):
        if s.code == "GB 2626-2019":
            return replace(s, issuing_body_en="SAMR and SAC")
        if s.code == "NIOSH 42 CFR 84":
            return replace(s, issuing_body="", issuing_body_en="NIOSH")
        return s

    found = _problems_with(standards=tuple(renamed(s) for s in ALL_STANDARDS))
    assert any("several English names" in p and "SAMR and SAC" in p for p in found)
    assert any("'NIOSH 42 CFR 84': an English issuing body without the issuing body" in p for p in found)
