"""Which provinces and cities take part, which cities are pilots, and since when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from benchmarking.models import Region, RegionLevel

from ..names import short_place
from ..population_data import RESIDENT_POPULATION_2020
from .context import (
    CITIES_TAKING_PART,
    PILOT_CITIES,
    PROVINCES_TAKING_PART,
    SeedContext,
    day_between,
)

NOT_MAINLAND = {"710000", "810000", "820000"}  # 台湾省, 香港, 澳门: no campaign there
# The demo's city login prefers a well-known pilot city when the draw makes it one.
PREFERRED_DEMO_CITIES = ("440300", "320500", "330200", "370200", "350200", "420100", "510100")


class ReferenceDataMissing(RuntimeError):
    pass


@dataclass
class City:
    code: str
    name: str
    short: str
    province: str
    province_name: str
    since: dt.date
    pilot_since: dt.date | None
    weight: float
    # (county code, county name); a city without counties (东莞) places enterprises in itself.
    counties: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_pilot(self) -> bool:
        return self.pilot_since is not None


@dataclass
class CampaignMap:
    provinces: dict[str, tuple[str, dt.date]]  # code -> (name, taking part since)
    cities: list[City]
    demo_city: City

    def city(self, code: str) -> City:
        return self._by_code[code]

    def __post_init__(self) -> None:
        self._by_code = {c.code: c for c in self.cities}


def share_by_population(cities: list[City]) -> None:
    """Scale the cities' weights so that each province's enterprises follow its share of the
    2020 census population (``demo/population_data.py``); within a province the cities keep
    their drawn weights (pilots draw heavier), so the province's total does not depend on how
    many of its cities take part."""
    in_province: dict[str, float] = {}
    for city in cities:
        in_province[city.province] = in_province.get(city.province, 0.0) + city.weight
    for city in cities:
        city.weight = RESIDENT_POPULATION_2020[city.province] * city.weight / in_province[city.province]


def build_participation(ctx: SeedContext) -> CampaignMap:
    rng = ctx.fork("geo")
    regions = list(Region.objects.values_list("code", "name", "level", "province_id", "city_id", "parent_id"))
    provinces = sorted(
        (code, name) for code, name, level, *_ in regions if level == RegionLevel.PROVINCE and code not in NOT_MAINLAND
    )
    if len(provinces) < PROVINCES_TAKING_PART + 1:
        raise ReferenceDataMissing("行政区划未加载：请先运行 `manage.py load_reference`。")
    # The province left out is one of the less populous half: a campaign without 广东 or 山东
    # would not be this campaign.
    by_population = sorted(provinces, key=lambda p: -RESIDENT_POPULATION_2020[p[0]])
    left_out = rng.sample(by_population[len(by_population) // 2:], len(provinces) - PROVINCES_TAKING_PART)
    chosen_provinces = sorted(p for p in provinces if p not in left_out)
    province_codes = [code for code, _ in chosen_provinces]  # sorted: iteration order must not depend on hashing
    names = {code: name for code, name, *_ in regions}

    candidate_cities = sorted(
        (code, province) for code, _name, _level, province, city, _parent in regions
        if city == code and province in province_codes
    )
    by_province: dict[str, list[str]] = {}
    for code, province in candidate_cities:
        by_province.setdefault(province, []).append(code)
    # Every province taking part has at least one city taking part; the rest are drawn freely.
    chosen = {rng.choice(codes) for codes in by_province.values()}
    rest = [code for code, _ in candidate_cities if code not in chosen]
    chosen |= set(rng.sample(rest, CITIES_TAKING_PART - len(chosen)))
    city_codes = sorted(chosen)
    pilots = set(rng.sample(city_codes, PILOT_CITIES))

    counties: dict[str, list[tuple[str, str]]] = {}
    for code, name, level, _province, city, _parent in regions:
        if level == RegionLevel.COUNTY and city in chosen:
            counties.setdefault(city, []).append((code, name))

    province_since = {code: day_between(rng, dt.date(2021, 1, 4), dt.date(2021, 3, 31)) for code in province_codes}
    cities = []
    province_of = dict(candidate_cities)
    for code in city_codes:
        province = province_of[code]
        if code in pilots:
            since = day_between(rng, province_since[province], dt.date(2021, 9, 30))
            pilot_since = day_between(rng, since, dt.date(2022, 6, 30))
            weight = rng.lognormvariate(0, 0.6) * 3.0
        else:
            since = day_between(rng, province_since[province], dt.date(2023, 6, 30))
            pilot_since = None
            weight = rng.lognormvariate(0, 0.6)
        cities.append(City(
            code=code, name=names[code], short=short_place(names[code]), province=province,
            province_name=names[province], since=since, pilot_since=pilot_since, weight=weight,
            counties=sorted(counties.get(code, [])),
        ))
    share_by_population(cities)
    pilot_cities = [c for c in cities if c.is_pilot]
    demo_city = next((c for code in PREFERRED_DEMO_CITIES for c in pilot_cities if c.code == code), pilot_cities[0])

    # Participation is campaign data: the seed defines it afresh.
    Region.objects.exclude(taking_part_since=None, pilot_since=None).update(taking_part_since=None, pilot_since=None)
    updates = [Region(code=code, taking_part_since=since) for code, since in province_since.items()]
    updates += [Region(code=c.code, taking_part_since=c.since, pilot_since=c.pilot_since) for c in cities]
    # A municipality is its own province and city: the city's dates win.
    by_code = {r.code: r for r in updates}
    Region.objects.bulk_update(list(by_code.values()), ["taking_part_since", "pilot_since"], batch_size=500)

    return CampaignMap(
        provinces={code: (names[code], province_since[code]) for code in province_codes},
        cities=cities, demo_city=demo_city,
    )
