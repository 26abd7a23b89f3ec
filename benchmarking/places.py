"""Where a region sits in the campaign: its province, and its campaign city (a prefecture-level
city, a municipality such as 北京市, a county-level unit its province administers directly such
as 仙桃市, or nothing for a province).

The one place these derived fields are computed — for the reference load, the admin's edits
and the import of participation — from the region's level and its chain of parents.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import RegionLevel

MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

# code → (level, parent code or None)
Lookup = Callable[[str], tuple[str, str | None]]


def province_of(code: str, lookup: Lookup) -> str:
    _level, parent = lookup(code)
    while parent:
        code = parent
        _level, parent = lookup(code)
    return code


def city_of(code: str, lookup: Lookup) -> str | None:
    level, parent = lookup(code)
    if level == RegionLevel.PREFECTURE:
        return code
    if level == RegionLevel.COUNTY and parent:
        parent_level, _grandparent = lookup(parent)
        if parent_level == RegionLevel.PREFECTURE:
            return parent
        # Counties directly under a municipality belong to it: 北京市 is the campaign's city.
        if parent in MUNICIPALITIES:
            return parent
        # A county-level unit its province administers directly (GB/T 2260's 省直辖县级行政区划:
        # 仙桃 429004, 济源 419001, 石河子 659001, 琼海 469002…) has no prefecture above it and
        # takes part in the campaign as a city of its own.
        return code
    return code if code in MUNICIPALITIES else None


def places(code: str, lookup: Lookup) -> tuple[str, str | None]:
    """(province code, city code or None) of the region ``code``."""
    return province_of(code, lookup), city_of(code, lookup)
