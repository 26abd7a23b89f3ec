"""Plain, frozen records for the cited reference seed data.

No models here: a management command elsewhere turns these records into model rows. Every limit
is stated in the unit the standard itself uses (EN 149 in mbar, NIOSH in mm H2O, GB in Pa); the
verdict logic converts. Every requirement names its source, because a number nobody can trace is
worse than no number.

Conventions the loader can rely on:
- ``grade == ""`` means the limit applies to every grade of the standard.
- ``condition`` is short and machine-friendly: test flow and/or test aerosol and/or evaluation
  rule, joined by "; " (e.g. "NaCl; 85 L/min", "95 L/min", "≥46 of 50 exercises").
- A requirement with direction ``pass_fail`` carries neither minimum nor maximum.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from verdict import Direction, Relation

KINDS = (
    "gb_mandatory",
    "gb_recommended",
    "military",
    "industry",
    "local",
    "group",
    "enterprise",
    "international",
    "regional",
    "foreign_national",
)
STATUSES = ("in_force", "withdrawn", "replaced")
DIRECTIONS = tuple(Direction.values)
RELATIONS = tuple(Relation.values)
COMPARISON_KINDS = ("comparison", "equivalence")

# Unit -> physical dimension. A requirement's unit must have the same dimension as its
# indicator's unit (mbar and mmH2O may stand for Pa; °C and K for a temperature rise).
# The first block is the agreed list; the second was added deliberately for smart toilets
# (JIS A 4422 states cleaning flow in mL/min, force in N, area in mm², air volume in m³/min).
UNITS: dict[str, str] = {
    "%": "fraction",
    "Pa": "pressure",
    "mbar": "pressure",
    "mmH2O": "pressure",
    "L": "volume",
    "L/min": "volume_flow",
    "°C": "temperature",
    "K": "temperature",
    "kWh": "energy",
    "W": "power",
    "dB": "sound_level",
    "dB(A)": "sound_level",
    "s": "time",
    "mm": "length",
    "g": "mass",
    "kg": "mass",
    "mg/m3": "mass_concentration",
    "": "dimensionless",
    # added for smart toilets
    "mL": "volume",
    "mL/min": "volume_flow",
    "m3/min": "volume_flow",
    "N": "force",
    "mm2": "area",
}

# Field lengths of the models the loader writes into (standards/models.py); seed text that
# does not fit would be cut or rejected there, so validate() checks it here.
MAX_LEN = {
    "code": 80,
    "title": 300,
    "issuing_body": 200,
    "country": 8,
    "indicator_key": 80,
    "indicator_name": 120,
    "unit": 30,
    "grade": 30,
    "condition": 120,
    "requirement_source": 300,
    "recognition_source": 500,
    "recognition_authority": 200,
}


@dataclass(frozen=True)
class StandardSeed:
    code: str
    title_zh: str
    title_en: str
    kind: str
    issuing_body: str
    country: str  # ISO 3166 alpha-2, "EU" for European standards, "" for ISO/IEC
    status: str
    published: datetime.date | None
    effective: datetime.date | None
    replaces: str | None  # code of the edition this one replaced (need not be seeded)
    tags: tuple[str, ...]
    source: str = ""  # where the title, dates and status were checked
    # What the seed leaves out of the standard and why (a limit no primary source confirmed);
    # the standard's public page says it.
    note_zh: str = ""
    note_en: str = ""
    # The official English name of a body named in Chinese, for the English pages; '' where the
    # body's official English name is not known (the pages show the Chinese) or it is already English.
    issuing_body_en: str = ""


@dataclass(frozen=True)
class IndicatorSeed:
    key: str
    name_zh: str
    name_en: str
    unit: str  # the unit verdicts are compared in
    direction: str


@dataclass(frozen=True)
class RequirementSeed:
    standard_code: str
    indicator_key: str
    grade: str
    minimum: float | None
    maximum: float | None
    unit: str  # as the standard states it
    condition: str  # in Chinese (units and formulas as written): what results are matched on
    source: str
    condition_en: str = ""  # the same condition in English, for English pages


@dataclass(frozen=True)
class PlanSeed:
    code: str
    title_zh: str
    title_en: str
    category_name_zh: str
    category_name_en: str
    industry_division: str  # GB/T 4754-2017 two-digit division (大类) code
    standards: tuple[str, ...]
    benchmark_standards: tuple[str, ...]
    indicators: tuple[str, ...]
    grades: tuple[str, ...]
    note_zh: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class ComparisonItemSeed:
    indicator_key: str
    relation: str  # of standard A relative to standard B
    note_zh: str
    note_en: str
    # Needed only when the relation rests on a published comparison rather than on limits seeded
    # for both standards (validate() insists on one or the other).
    source: str = ""


@dataclass(frozen=True)
class RecognitionSeed:
    authority: str
    country: str
    date: datetime.date | None
    note: str
    source: str


@dataclass(frozen=True)
class ComparisonSeed:
    standard_a: str
    standard_b: str
    title_zh: str
    title_en: str
    items: tuple[ComparisonItemSeed, ...]
    conclusion_zh: str
    conclusion_en: str
    kind: str
    recognitions: tuple[RecognitionSeed, ...]
    source: str = ""
