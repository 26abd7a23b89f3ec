"""GB/T 4754-2017 industries (sections and divisions) with the three-sector mapping.

Source: ``data/industries_gbt4754_2017.csv`` beside this module, transcribed from
GB/T 4754-2017《国民经济行业分类》 (20 sections A–T, 97 divisions 01–97), with sectors from
国家统计局《三次产业划分规定》 as revised in 2018 for GB/T 4754-2017; ``data/README.md`` has the
details. Division codes run 01–97 without gaps; sections hold contiguous runs of them
(A 01–05, B 06–12, C 13–43, D 44–46, E 47–50, F 51–52, G 53–60, H 61–62, I 63–65, J 66–69,
K 70, L 71–72, M 73–75, N 76–79, O 80–82, P 83, Q 84–85, R 86–90, S 91–96, T 97).

The file is checked when it is read: a header as expected, unique codes, well-formed codes and
levels, every division under an existing section, sectors 1–3, and each section's sector the
one most of its divisions have. A file that fails raises ``ReferenceDataError``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from benchmarking.reference import ReferenceDataError

SECTION = "section"
DIVISION = "division"

DATA_FILE = Path(__file__).resolve().parent / "data" / "industries_gbt4754_2017.csv"
_COLUMNS = ["code", "level", "parent", "name_zh", "name_en", "sector"]

SECTOR_NAMES = {1: "第一产业", 2: "第二产业", 3: "第三产业"}


@dataclass(frozen=True)
class IndustryRecord:
    code: str  # section letter 'A'–'T' or two-digit division '01'–'97'
    level: str  # 'section' | 'division'
    parent_code: str | None  # the section of a division; None for a section
    name_zh: str
    name_en: str
    sector: int  # 1, 2 or 3 (第一/第二/第三产业)


def _read(path: Path) -> tuple[IndustryRecord, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != _COLUMNS:
            raise ReferenceDataError(f"{path.name}: header should be {_COLUMNS}, is {header}")
        records = []
        for number, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) != len(_COLUMNS):
                raise ReferenceDataError(f"{path.name}:{number}: expected {len(_COLUMNS)} fields, got {row}")
            code, level, parent, name_zh, name_en, sector = (field.strip() for field in row)
            if level == SECTION:
                if not re.fullmatch(r"[A-Z]", code) or parent:
                    raise ReferenceDataError(f"{path.name}:{number}: bad section {row}")
            elif level == DIVISION:
                if not re.fullmatch(r"\d{2}", code) or not re.fullmatch(r"[A-Z]", parent):
                    raise ReferenceDataError(f"{path.name}:{number}: bad division {row}")
            else:
                raise ReferenceDataError(f"{path.name}:{number}: unknown level {level!r}")
            if sector not in {"1", "2", "3"}:
                raise ReferenceDataError(f"{path.name}:{number}: sector must be 1, 2 or 3, is {sector!r}")
            if not name_zh or not name_en:
                raise ReferenceDataError(f"{path.name}:{number}: both names are required")
            records.append(IndustryRecord(code, level, parent or None, name_zh, name_en, int(sector)))
    return tuple(records)


def _validate(records: tuple[IndustryRecord, ...]) -> None:
    codes = Counter(record.code for record in records)
    duplicates = sorted(code for code, count in codes.items() if count > 1)
    if duplicates:
        raise ReferenceDataError(f"duplicate industry codes: {duplicates}")
    sections = {record.code: record for record in records if record.level == SECTION}
    divisions_by_section: dict[str, list[IndustryRecord]] = {code: [] for code in sections}
    for record in records:
        if record.level == DIVISION:
            if record.parent_code not in sections:
                raise ReferenceDataError(f"division {record.code}: section {record.parent_code} does not exist")
            divisions_by_section[record.parent_code].append(record)
    for code, section in sections.items():
        divisions = divisions_by_section[code]
        if not divisions:
            raise ReferenceDataError(f"section {code} has no divisions")
        majority, _count = Counter(division.sector for division in divisions).most_common(1)[0]
        if section.sector != majority:
            raise ReferenceDataError(
                f"section {code} has sector {section.sector}, but most of its divisions have {majority}"
            )


@lru_cache(maxsize=1)
def _load() -> tuple[IndustryRecord, ...]:
    records = _read(DATA_FILE)
    _validate(records)
    sections = sorted((r for r in records if r.level == SECTION), key=lambda r: r.code)
    divisions = sorted((r for r in records if r.level == DIVISION), key=lambda r: r.code)
    return (*sections, *divisions)


def iter_industries() -> Iterator[IndustryRecord]:
    """Sections A–T, then divisions 01–97: every parent comes before its children."""
    yield from _load()
