"""Cited reference seed data for the standards library (pure Python, no Django).

``ALL_STANDARDS`` … ``ALL_COMPARISONS`` gather the per-category modules; ``validate()`` raises
``SeedDataError`` listing every inconsistency (``problems()`` returns them instead), so a loader
can refuse to write anything from data that does not hold together.
"""

from __future__ import annotations

import re
from collections import Counter

from . import respirators, smart_toilets
from .types import (
    COMPARISON_KINDS,
    DIRECTIONS,
    KINDS,
    MAX_LEN,
    RELATIONS,
    STATUSES,
    UNITS,
    ComparisonSeed,
    IndicatorSeed,
    PlanSeed,
    RequirementSeed,
    StandardSeed,
)

_MODULES = (respirators, smart_toilets)

ALL_STANDARDS: tuple[StandardSeed, ...] = tuple(s for m in _MODULES for s in m.STANDARDS)
ALL_INDICATORS: tuple[IndicatorSeed, ...] = tuple(i for m in _MODULES for i in m.INDICATORS)
ALL_REQUIREMENTS: tuple[RequirementSeed, ...] = tuple(r for m in _MODULES for r in m.REQUIREMENTS)
ALL_PLANS: tuple[PlanSeed, ...] = tuple(p for m in _MODULES for p in m.PLANS)
ALL_COMPARISONS: tuple[ComparisonSeed, ...] = tuple(c for m in _MODULES for c in m.COMPARISONS)

__all__ = [
    "ALL_COMPARISONS",
    "ALL_INDICATORS",
    "ALL_PLANS",
    "ALL_REQUIREMENTS",
    "ALL_STANDARDS",
    "SeedDataError",
    "problems",
    "validate",
]

_COUNTRY = re.compile(r"^(?:[A-Z]{2})?$")  # alpha-2, "EU" included; "" for ISO/IEC
_DIVISION = re.compile(r"^\d{2}$")
_INDICATOR_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_TAG = re.compile(r"^[a-z]+:[a-z0-9-]+$")


class SeedDataError(ValueError):
    def __init__(self, found: list[str]):
        self.problems = found
        super().__init__("seed data is inconsistent:\n- " + "\n- ".join(found))


def validate() -> None:
    found = problems()
    if found:
        raise SeedDataError(found)


def problems(standards=None, indicators=None, requirements=None, plans=None, comparisons=None) -> list[str]:
    """Every inconsistency in the given records (defaults: all seed data), as readable lines."""
    standards = ALL_STANDARDS if standards is None else standards
    indicators = ALL_INDICATORS if indicators is None else indicators
    requirements = ALL_REQUIREMENTS if requirements is None else requirements
    plans = ALL_PLANS if plans is None else plans
    comparisons = ALL_COMPARISONS if comparisons is None else comparisons

    out: list[str] = []
    out += _duplicates("standard code", [s.code for s in standards])
    out += _duplicates("indicator key", [i.key for i in indicators])
    out += _duplicates("plan code", [p.code for p in plans])
    out += _duplicates(
        "requirement (standard, indicator, grade, condition)",
        [(r.standard_code, r.indicator_key, r.grade, r.condition) for r in requirements],
    )
    out += _duplicates("comparison (a, b, kind)", [(c.standard_a, c.standard_b, c.kind) for c in comparisons])
    out += _one_english_name_per_body(standards)

    by_code = {s.code: s for s in standards}
    by_key = {i.key: i for i in indicators}
    seeded = {(r.standard_code, r.indicator_key) for r in requirements}

    for s in standards:
        out += _check_standard(s, by_code)
    for i in indicators:
        out += _check_indicator(i)
    for r in requirements:
        out += _check_requirement(r, by_code, by_key)
    for p in plans:
        out += _check_plan(p, by_code, by_key, seeded)
    for c in comparisons:
        out += _check_comparison(c, by_code, by_key, seeded)
    return out


def _duplicates(what: str, values: list) -> list[str]:
    return [f"duplicate {what}: {value!r}" for value, n in Counter(values).items() if n > 1]


def _one_english_name_per_body(standards) -> list[str]:
    """A body is called the same in English on every standard it issued (the library's filter
    lists each body once)."""
    names: dict[str, set[str]] = {}
    for s in standards:
        if s.issuing_body_en:
            names.setdefault(s.issuing_body, set()).add(s.issuing_body_en)
    return [f"issuing body {body!r} has several English names: {sorted(english)}"
            for body, english in names.items() if len(english) > 1]


def _too_long(label: str, value: str, limit_key: str) -> list[str]:
    limit = MAX_LEN[limit_key]
    return [f"{label} is {len(value)} characters, over {limit}"] if len(value) > limit else []


def _check_standard(s: StandardSeed, by_code: dict[str, StandardSeed]) -> list[str]:
    out: list[str] = []
    where = f"standard {s.code!r}"
    if s.kind not in KINDS:
        out.append(f"{where}: unknown kind {s.kind!r}")
    if s.status not in STATUSES:
        out.append(f"{where}: unknown status {s.status!r}")
    if not _COUNTRY.match(s.country):
        out.append(f"{where}: country {s.country!r} is not an alpha-2 code, 'EU' or ''")
    if s.kind == "international" and s.country:
        out.append(f"{where}: international standards have country ''")
    if s.kind in {"gb_mandatory", "gb_recommended", "military", "industry", "local", "group", "enterprise"} \
            and s.country != "CN":
        out.append(f"{where}: Chinese kinds have country 'CN'")
    if not s.title_zh or not s.title_en:
        out.append(f"{where}: both titles are required")
    if not s.source:
        out.append(f"{where}: no source")
    if s.published and s.effective and s.effective < s.published:
        out.append(f"{where}: effective {s.effective} before published {s.published}")
    for tag in s.tags:
        if not _TAG.match(tag):
            out.append(f"{where}: tag {tag!r} is not 'group:slug'")
    if s.replaces == s.code:
        out.append(f"{where}: replaces itself")
    if s.replaces in by_code and by_code[s.replaces].status != "replaced":
        out.append(f"{where}: replaces {s.replaces!r}, whose status is {by_code[s.replaces].status!r}")
    out += _too_long(f"{where} code", s.code, "code")
    out += _too_long(f"{where} title_zh", s.title_zh, "title")
    out += _too_long(f"{where} title_en", s.title_en, "title")
    out += _too_long(f"{where} issuing_body", s.issuing_body, "issuing_body")
    out += _too_long(f"{where} issuing_body_en", s.issuing_body_en, "issuing_body")
    if s.issuing_body_en and not s.issuing_body:
        out.append(f"{where}: an English issuing body without the issuing body")
    return out


def _check_indicator(i: IndicatorSeed) -> list[str]:
    out: list[str] = []
    where = f"indicator {i.key!r}"
    if not _INDICATOR_KEY.match(i.key):
        out.append(f"{where}: key must be lower-case letters, digits and underscores")
    if i.direction not in DIRECTIONS:
        out.append(f"{where}: unknown direction {i.direction!r}")
    if i.unit not in UNITS:
        out.append(f"{where}: unit {i.unit!r} is not in the unit list")
    if i.direction == "pass_fail" and i.unit:
        out.append(f"{where}: pass/fail indicators have no unit")
    out += _too_long(f"{where} key", i.key, "indicator_key")
    out += _too_long(f"{where} name_zh", i.name_zh, "indicator_name")
    out += _too_long(f"{where} name_en", i.name_en, "indicator_name")
    return out


def _check_requirement(
    r: RequirementSeed, by_code: dict[str, StandardSeed], by_key: dict[str, IndicatorSeed]
) -> list[str]:
    out: list[str] = []
    where = f"requirement {r.standard_code!r}/{r.indicator_key!r}/{r.grade!r}/{r.condition!r}"
    if r.standard_code not in by_code:
        out.append(f"{where}: unknown standard")
    indicator = by_key.get(r.indicator_key)
    if indicator is None:
        out.append(f"{where}: unknown indicator")
    if not r.source.strip():
        out.append(f"{where}: no source")
    if r.unit not in UNITS:
        out.append(f"{where}: unit {r.unit!r} is not in the unit list")
    elif indicator is not None and indicator.unit in UNITS and UNITS[r.unit] != UNITS[indicator.unit]:
        out.append(f"{where}: unit {r.unit!r} does not measure what {indicator.unit!r} measures")
    for name, value in (("minimum", r.minimum), ("maximum", r.maximum)):
        if value is not None and not isinstance(value, (int, float)):
            out.append(f"{where}: {name} is not a number")
    if r.minimum is not None and r.maximum is not None and r.minimum > r.maximum:
        out.append(f"{where}: minimum {r.minimum} > maximum {r.maximum}")
    if r.unit == "%":
        for value in (r.minimum, r.maximum):
            if value is not None and not 0 <= value <= 100:
                out.append(f"{where}: {value} % is outside 0–100")
    if indicator is not None:
        direction = indicator.direction
        if direction == "pass_fail" and (r.minimum is not None or r.maximum is not None):
            out.append(f"{where}: pass/fail requirements carry no limits")
        if direction == "higher_better" and r.minimum is None:
            out.append(f"{where}: higher-is-better needs a minimum")
        if direction == "lower_better" and r.maximum is None:
            out.append(f"{where}: lower-is-better needs a maximum")
        if direction == "range" and (r.minimum is None or r.maximum is None):
            out.append(f"{where}: a range needs both limits")
    out += _too_long(f"{where} grade", r.grade, "grade")
    out += _too_long(f"{where} condition", r.condition, "condition")
    out += _too_long(f"{where} source", r.source, "requirement_source")
    return out


def _check_plan(
    p: PlanSeed,
    by_code: dict[str, StandardSeed],
    by_key: dict[str, IndicatorSeed],
    seeded: set[tuple[str, str]],
) -> list[str]:
    out: list[str] = []
    where = f"plan {p.code!r}"
    if not _DIVISION.match(p.industry_division):
        out.append(f"{where}: industry division {p.industry_division!r} is not a two-digit code")
    if not p.standards:
        out.append(f"{where}: compares no standards")
    for code in p.standards:
        if code not in by_code:
            out.append(f"{where}: unknown standard {code!r}")
    if not p.benchmark_standards:
        out.append(f"{where}: has no benchmark standard")
    for code in p.benchmark_standards:
        if code not in p.standards:
            out.append(f"{where}: benchmark {code!r} is not among the compared standards")
    if len(set(p.standards)) != len(p.standards):
        out.append(f"{where}: a standard is listed twice")
    if not p.indicators:
        out.append(f"{where}: has no indicators")
    for key in p.indicators:
        if key not in by_key:
            out.append(f"{where}: unknown indicator {key!r}")
        elif not any((code, key) in seeded for code in p.standards):
            # An indicator nobody in the plan sets a limit for cannot be judged.
            out.append(f"{where}: no compared standard has a requirement for {key!r}")
    if not p.grades or any(not g for g in p.grades):
        out.append(f"{where}: grades must be non-empty")
    return out


def _check_comparison(
    c: ComparisonSeed,
    by_code: dict[str, StandardSeed],
    by_key: dict[str, IndicatorSeed],
    seeded: set[tuple[str, str]],
) -> list[str]:
    out: list[str] = []
    where = f"comparison {c.standard_a!r} vs {c.standard_b!r}"
    for code in (c.standard_a, c.standard_b):
        if code not in by_code:
            out.append(f"{where}: unknown standard {code!r}")
    if c.standard_a == c.standard_b:
        out.append(f"{where}: compares a standard with itself")
    if c.kind not in COMPARISON_KINDS:
        out.append(f"{where}: unknown kind {c.kind!r}")
    if not c.conclusion_zh or not c.conclusion_en:
        out.append(f"{where}: both conclusions are required")
    if not c.items and not c.recognitions:
        out.append(f"{where}: has neither items nor recognitions")
    out += _duplicates(f"indicator in {where}", [item.indicator_key for item in c.items])
    for item in c.items:
        label = f"{where} item {item.indicator_key!r}"
        if item.indicator_key not in by_key:
            out.append(f"{label}: unknown indicator")
        if item.relation not in RELATIONS:
            out.append(f"{label}: unknown relation {item.relation!r}")
        if not item.note_zh or not item.note_en:
            out.append(f"{label}: both notes are required")
        in_a = (c.standard_a, item.indicator_key) in seeded
        in_b = (c.standard_b, item.indicator_key) in seeded
        if item.relation == "no_counterpart":
            if in_a and in_b:
                out.append(f"{label}: 'no_counterpart' but both standards have a requirement")
        elif not (in_a and in_b) and not item.source:
            # A relation must rest on limits seeded for both sides or on a cited comparison.
            out.append(f"{label}: {item.relation!r} needs requirements on both sides or a source")
    for rec in c.recognitions:
        label = f"{where} recognition by {rec.authority!r}"
        if not _COUNTRY.match(rec.country) or not rec.country:
            out.append(f"{label}: country {rec.country!r} is not an alpha-2 code or 'EU'")
        if not rec.source.strip():
            out.append(f"{label}: no source")
        out += _too_long(f"{label} source", rec.source, "recognition_source")
        out += _too_long(f"{label} authority", rec.authority, "recognition_authority")
    out += _too_long(f"{where} title_zh", c.title_zh, "title")
    out += _too_long(f"{where} title_en", c.title_en, "title")
    return out
