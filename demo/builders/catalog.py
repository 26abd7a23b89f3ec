"""Product categories over the three sectors, the indicator library, and per category the
standards a plan compares (national baseline, advanced benchmarks, a leading group standard)
with their limits. Synthetic; the cited categories and limits come from ``demo.builders.real_seed``."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from benchmarking.models import Industry, IndustryLevel, ProductCategory
from standards.codes import parse_standard_code
from standards.models import Indicator, Requirement, Standard, StandardStatus

from ..catalog_data import (
    DIVISIONS,
    FAMILIES,
    INDICATOR_TEMPLATES,
    PRODUCT_EN,
    QUALIFIER_EN,
    TEMPLATES_BY_KEY,
    IndicatorTemplate,
)
from .codes import BODIES, GROUP_ISSUERS, INDUSTRY_PREFIXES, ISSUERS_EN, CodeBook
from .compact import LimitRows
from .context import SeedContext

# Which advanced bodies write standards for which product family.
ADVANCED_BODIES = {
    "farm": ("CXS", "ISO", "EN", "AS/NZS"),
    "food": ("CXS", "ISO", "EN", "DIN", "AS/NZS"),
    "textile": ("ISO", "EN ISO", "ASTM", "JIS", "BS", "DIN"),
    "wood": ("ISO", "EN", "JIS", "ASTM", "DIN", "AS/NZS"),
    "paper": ("ISO", "EN", "JIS", "DIN", "ASTM"),
    "chemical": ("ISO", "ASTM", "EN", "JIS", "DIN", "GOST"),
    "material": ("ISO", "ASTM", "EN", "JIS", "DIN", "BS", "GOST"),
    "building": ("ISO", "EN", "ASTM", "JIS", "BS", "DIN", "AS/NZS"),
    "appliance": ("IEC", "EN", "UL", "JIS", "KS", "AS/NZS"),
    "machine": ("ISO", "EN", "DIN", "JIS", "ASTM", "GOST"),
    "vehicle": ("ISO", "EN", "JIS", "GOST", "KS"),
    "electronic": ("IEC", "EN", "UL", "JIS", "KS"),
    "medical": ("ISO", "IEC", "EN ISO", "ASTM", "JIS"),
    "utility": ("ISO", "IEC", "EN", "BS"),
    "service": ("ISO", "EN", "BS", "AS/NZS", "DIN"),
}
# JIS and KS number their standards within lettered divisions (JIS T medical, KS K textiles…).
DIVISION_LETTERS = {
    "JIS": {"textile": "L", "wood": "AZ", "paper": "P", "chemical": "K", "material": "GHK", "building": "AR",
            "appliance": "C", "machine": "B", "vehicle": "D", "electronic": "CX", "medical": "T", "utility": "C",
            "service": "QZ"},
    "KS": {"textile": "K", "wood": "F", "paper": "M", "chemical": "M", "material": "D", "building": "FL",
           "appliance": "C", "machine": "B", "vehicle": "R", "electronic": "CX", "medical": "P", "utility": "C",
           "service": "SQ"},
}
INDUSTRY_PREFIX_OF_FAMILY = {
    "farm": ("NY/T",), "food": ("SB/T", "QB/T"), "textile": ("FZ/T",), "wood": ("LY/T", "QB/T"),
    "paper": ("QB/T",), "chemical": ("HG/T",), "material": ("YB/T", "JC/T", "HG/T"), "building": ("JC/T",),
    "appliance": ("QB/T", "JB/T"), "machine": ("JB/T",), "vehicle": ("QC/T",), "electronic": ("SJ/T",),
    "medical": ("YY/T",), "utility": ("DL/T", "CJ/T"), "service": ("SB/T", "JT/T", "LB/T", "YZ/T"),
}
GROUP_ORGS_OF_FAMILY = {
    "farm": ("CAS", "CI"), "food": ("CNFIA", "CAS"), "textile": ("CNTAC",), "wood": ("CBMF", "CAS"),
    "paper": ("CAS",), "chemical": ("CPCIF",), "material": ("CISA", "CAS"), "building": ("CBMF",),
    "appliance": ("CHEAA",), "machine": ("CMIF",), "vehicle": ("CSAE",), "electronic": ("CESA",),
    "medical": ("CAMDI",), "utility": ("CEC",), "service": ("CCPITCSC", "CFLP", "CAS"),
}
NATIONAL, ADVANCED, LEADER = "national", "advanced", "leader"


@dataclass(slots=True)
class CategoryStandard:
    id: int
    code: str
    role: str  # national | advanced | leader
    grade: str = ""
    # indicator key -> (minimum, maximum, unit, condition), in the unit the standard states it;
    # a dict while the category is drawn, then packed (``LimitRows``)
    limits: Mapping[str, tuple[float | None, float | None, str, str]] = field(default_factory=dict)
    published: dt.date | None = None


@dataclass(slots=True)
class Category:
    id: int
    code: str
    name: str
    division: str
    sector: int
    family: str
    indicator_keys: list[str]
    standards: list[CategoryStandard]
    seed_plan_codes: tuple[str, ...] = ()
    # The English name as it reads within a sentence ("selenium-enriched rice"); ``capitalised``
    # where it starts a name or title.
    name_en: str = ""

    @property
    def trade_words(self) -> tuple[str, ...]:
        return DIVISIONS[self.division].trade_words if self.division in DIVISIONS else ("实业",)


def capitalised(text: str) -> str:
    """Only the first letter changes: "selenium-enriched rice" is "Selenium-enriched rice" and
    "LED luminaires" stays as it is."""
    return text[:1].upper() + text[1:]


def _nice(value: float) -> float:
    """Limits as standards print them: three significant digits, four close to 100 %."""
    return float(f"{value:.4g}") if abs(value) >= 90 else float(f"{value:.3g}")


def limit_for(template: IndicatorTemplate, k: float) -> tuple[float | None, float | None]:
    """The limit ``k`` steps stricter (negative: looser) than the national baseline."""
    step = template.step
    if template.direction == "pass_fail":
        return None, None
    if template.direction == "higher_better":
        if template.unit == "%" and template.base > 50:
            return _nice(100 - (100 - template.base) * (1 - step) ** k), None
        return _nice(template.base * (1 + step) ** k), None
    if template.direction == "lower_better":
        return None, _nice(template.base * (1 - step) ** k)
    centre, half = (template.base + template.upper) / 2, (template.upper - template.base) / 2
    half *= (1 - step) ** k
    return _nice(centre - half), _nice(centre + half)


def upsert_indicators() -> dict[str, int]:
    existing = dict(Indicator.objects.filter(key__in=TEMPLATES_BY_KEY).values_list("key", "id"))
    missing = [
        Indicator(key=t.key, name_zh=t.name_zh, name_en=t.name_en, unit=t.unit, direction=t.direction,
                  is_difference=t.is_difference)
        for t in INDICATOR_TEMPLATES if t.key not in existing
    ]
    Indicator.objects.bulk_create(missing)
    return dict(Indicator.objects.filter(key__in=TEMPLATES_BY_KEY).values_list("key", "id"))


def _category_names(rng: random.Random, needed: int, sector_of: dict[str, int]) -> list[tuple[str, str, str]]:
    """(division, name, English name) triples: first one per sector, then one per division, then the
    rest, so that even a tiny demo covers all three sectors and a larger one every division."""
    combos: dict[str, list[tuple[str, str]]] = {}
    for division, catalogue in sorted(DIVISIONS.items()):
        if division not in sector_of:
            continue
        names = [(q + p, f"{QUALIFIER_EN[q]} {PRODUCT_EN[p]}" if q else PRODUCT_EN[p]) for q, p in catalogue.pairs()]
        rng.shuffle(names)
        combos[division] = names
    divisions = list(combos)
    rng.shuffle(divisions)
    order: list[tuple[str, str, str]] = []
    for sector in (1, 3, 2):
        division = next(d for d in divisions if sector_of[d] == sector)
        order.append((division, *combos[division].pop()))
    for division in divisions:
        if combos[division]:
            order.append((division, *combos[division].pop()))
    rest = [(d, *names) for d in divisions for names in combos[d]]
    rng.shuffle(rest)
    order += rest
    variant, base = 2, list(order)
    while len(order) < needed:  # very large demos: numbered variants of every category
        order += [(d, f"{n}（{variant}型）", f"{e} (type {variant})") for d, n, e in base]
        variant += 1
    return order[:needed]


def build_catalogue(ctx: SeedContext, seed_categories: list[Category], codebook: CodeBook) -> list[Category]:
    """The synthetic categories (after the cited ones) with their standards and requirements."""
    rng = ctx.fork("catalogue")
    indicator_ids = upsert_indicators()
    industries = {i.code: i for i in Industry.objects.filter(level=IndustryLevel.DIVISION)}
    sector_of = {code: industry.sector for code, industry in industries.items()}
    needed = max(1, ctx.n("categories") - len(seed_categories))  # at least one synthetic
    names = _category_names(rng, needed, sector_of)

    writer = ctx.writer
    category_ids = writer.ids(ProductCategory, len(names))
    taken = set(ProductCategory.objects.values_list("code", flat=True))
    serial: dict[str, int] = {}
    categories, category_rows, standard_rows, requirement_rows = [], [], [], []
    limit_rows = LimitRows()
    for category_id, (division, name, name_en) in zip(category_ids, names, strict=True):
        industry = industries[division]
        serial[division] = serial.get(division, 0) + 1
        code = f"{industry.parent_id}{division}.{serial[division]:04d}"
        while code in taken:
            serial[division] += 1
            code = f"{industry.parent_id}{division}.{serial[division]:04d}"
        taken.add(code)
        family = DIVISIONS[division].family
        category_rows.append({"id": category_id, "code": code, "name_zh": name, "name_en": capitalised(name_en),
                              "industry_id": division})
        category = _category_with_standards(rng, ctx, codebook, category_id, code, name, division,
                                            industry.sector, family)
        category.name_en = name_en
        categories.append(category)
        for standard in category.standards:
            standard_rows.append(_standard_row(rng, standard, name, family, name_en))
            for key, (minimum, maximum, unit, condition) in standard.limits.items():
                requirement_rows.append({
                    "standard_id": standard.id, "indicator_id": indicator_ids[key], "grade": standard.grade,
                    "minimum": minimum, "maximum": maximum, "unit": unit, "condition": condition,
                    "condition_en": TEMPLATES_BY_KEY[key].condition_en, "source": "演示数据（合成）",
                })
            standard.limits = limit_rows.pack(standard.limits)
        if len(requirement_rows) >= 20_000 or category_id == category_ids[-1]:  # parents first, in batches
            writer.write_dicts(ProductCategory, category_rows)
            writer.write_dicts(Standard, standard_rows)
            writer.write_dicts(Requirement, requirement_rows)
            category_rows, standard_rows, requirement_rows = [], [], []
    return categories


def _category_with_standards(rng, ctx, codebook, category_id, code, name, division, sector, family) -> Category:
    keys = list(FAMILIES[family])
    one_sided = [k for k in keys if TEMPLATES_BY_KEY[k].direction in ("higher_better", "lower_better")]
    chosen = rng.sample(one_sided, min(len(one_sided), rng.randint(3, 5)))
    others = [k for k in keys if k not in chosen]
    chosen += rng.sample(others, min(len(others), rng.randint(0, 2)))
    writer = ctx.writer

    def standard(role: str, code_: str, published: dt.date) -> CategoryStandard:
        return CategoryStandard(id=writer.next_id(Standard), code=code_, role=role, published=published)

    year = rng.randint(2012, 2022)
    chinese_day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
    national_pattern = rng.random()
    if national_pattern < 0.6:
        national_code = codebook.body_code(rng, BODIES["GB/T"], year)
    elif national_pattern < 0.7:
        national_code = codebook.body_code(rng, BODIES["GB"], year)
    else:
        prefix = rng.choice(INDUSTRY_PREFIX_OF_FAMILY[family])
        national_code = codebook.make(rng, prefix + " {n}-{y}", (100, 5999), year=year)
    # Dates: the year in a code is the year of publication; Chinese standards take effect months later.
    standards = [standard(NATIONAL, national_code, chinese_day)]
    for body_key in rng.sample(ADVANCED_BODIES[family], rng.randint(1, 3)):
        adv_year = rng.randint(2010, 2022)
        letters = DIVISION_LETTERS.get(body_key, {}).get(family, "")
        standards.append(standard(ADVANCED, codebook.body_code(rng, BODIES[body_key], adv_year, letters),
                                  dt.date(adv_year, rng.randint(1, 12), rng.randint(1, 28))))
    group_year = rng.randint(2019, 2023)
    org = rng.choice(GROUP_ORGS_OF_FAMILY[family])
    standards.append(standard(LEADER, codebook.make(rng, f"T/{org} {{n3}}-{{y}}", (1, 999), year=group_year),
                              dt.date(group_year, rng.randint(1, 12), rng.randint(1, 28))))

    for key in chosen:
        template = TEMPLATES_BY_KEY[key]
        strictness = {}
        for s in standards:
            if s.role == NATIONAL:
                strictness[s.code] = 0.0
            elif s.role == ADVANCED and rng.random() < 0.85:
                strictness[s.code] = rng.choice((-0.5, 0.5, 1.0, 1.0, 1.5, 2.0))
        if standards[-1].role == LEADER and rng.random() < 0.8:
            strictness[standards[-1].code] = max(strictness.values()) + rng.choice((1.0, 1.5))
        for s in standards:
            if s.code not in strictness:
                continue
            minimum, maximum = limit_for(template, strictness[s.code])
            unit = template.unit
            if s.role == ADVANCED and template.alt_unit and rng.random() < 0.5:
                unit = template.alt_unit
                minimum = None if minimum is None else _nice(minimum / template.alt_factor)
                maximum = None if maximum is None else _nice(maximum / template.alt_factor)
            s.limits[key] = (minimum, maximum, unit, template.condition)
    advanced = [s for s in standards if s.role == ADVANCED]
    if not any(s.limits for s in advanced):  # a plan needs a benchmark limit to judge against
        key = next(k for k in chosen if TEMPLATES_BY_KEY[k].direction != "pass_fail")
        minimum, maximum = limit_for(TEMPLATES_BY_KEY[key], 1.0)
        advanced[0].limits[key] = (minimum, maximum, TEMPLATES_BY_KEY[key].unit, TEMPLATES_BY_KEY[key].condition)
    return Category(id=category_id, code=code, name=name, division=division, sector=sector, family=family,
                    indicator_keys=chosen, standards=standards)


# (Chinese, English) title forms by the standard's role.
TITLE_FORMS = {
    NATIONAL: (("{name}", "{name}"), ("{name}通用技术条件", "{name} — General technical requirements"),
               ("{name}技术要求", "{name} — Technical requirements"),
               ("{name}质量要求", "{name} — Quality requirements")),
    ADVANCED: (("{name}——要求和试验方法", "{name} — Requirements and test methods"),
               ("{name}——性能要求", "{name} — Performance requirements"), ("{name}——规范", "{name} — Specification")),
    LEADER: (("{name}（“领跑者”标准评价要求）", "{name} — Evaluation requirements for “Leader” standards"),
             ("{name}高品质评价规范", "{name} — Specification for high-quality evaluation"),
             ("{name}先进性评价", "{name} — Evaluation of advanced performance")),
}


def _standard_row(rng: random.Random, standard: CategoryStandard, name: str, family: str, name_en: str) -> dict:
    parsed = parse_standard_code(standard.code)
    body = next((b for b in BODIES.values() if b.key == parsed.prefix), None)
    if standard.role == LEADER:
        kind, country = "group", "CN"
        issuer = GROUP_ISSUERS.get(parsed.prefix.removeprefix("T/"), "中国标准化协会")
    elif body is not None:
        kind, country, issuer = body.kind, body.country, body.issuer
    else:
        kind, country, issuer = "industry", "CN", INDUSTRY_PREFIXES.get(parsed.prefix, "")
    published = effective = standard.published
    if kind in ("gb_mandatory", "gb_recommended", "industry", "group"):
        effective = published + dt.timedelta(days=rng.choice((30, 90, 120, 180, 182, 240)))
    title_zh, title_en = rng.choice(TITLE_FORMS[standard.role])
    return {
        "id": standard.id, "code": parsed.code, "prefix": parsed.prefix, "number": parsed.number, "year": parsed.year,
        "kind": kind, "title_zh": title_zh.format(name=name), "title_en": title_en.format(name=capitalised(name_en)),
        "issuing_body": issuer, "issuing_body_en": ISSUERS_EN.get(issuer, ""), "country": country,
        "status": StandardStatus.IN_FORCE, "published_on": published, "effective_on": effective, "is_example": True,
    }
