"""Load the reference data (GB/T 2260 regions, GB/T 4754-2017 industries) into the database.

Upserts on the natural keys (the codes), so running it again changes nothing and a newer code
table only adds or renames. Region participation dates are campaign data, never overwritten here.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Industry, Region, RegionLevel
from .reference.industries import iter_industries
from .reference.regions import iter_regions


@dataclass(frozen=True)
class ReferenceCounts:
    provinces: int
    prefectures: int
    counties: int
    sections: int
    divisions: int


@transaction.atomic
def load_reference_data() -> ReferenceCounts:
    records = list(iter_regions())
    by_code = {record.code: record for record in records}

    def province_of(code: str) -> str:
        while by_code[code].parent_code:
            code = by_code[code].parent_code
        return code

    def city_of(code: str) -> str | None:
        record = by_code[code]
        if record.level == RegionLevel.PREFECTURE:
            return code
        if record.level == RegionLevel.COUNTY:
            parent = by_code[record.parent_code]
            if parent.level == RegionLevel.PREFECTURE:
                return parent.code
            # Counties directly under a municipality belong to it: 北京市 is the campaign's city.
            return parent.code if _is_municipality(parent.code) else None
        return code if _is_municipality(code) else None

    existing = {region.code: region for region in Region.objects.all()}
    to_create, to_update = [], []
    for record in records:
        fields = {
            "name": record.name,
            "name_en": record.name_en,
            "level": record.level,
            "parent_id": record.parent_code,
            "province_id": province_of(record.code),
            "city_id": city_of(record.code),
        }
        region = existing.get(record.code)
        if region is None:
            to_create.append(Region(code=record.code, **fields))
        elif any(getattr(region, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(region, name, value)
            to_update.append(region)
    # Parents before children (the iterator guarantees it) so the FKs resolve on every backend.
    Region.objects.bulk_create(to_create, batch_size=1000)
    Region.objects.bulk_update(to_update, ["name", "name_en", "level", "parent", "province", "city"], batch_size=1000)

    industries = list(iter_industries())
    existing_industries = {industry.code: industry for industry in Industry.objects.all()}
    for record in industries:
        fields = {
            "name_zh": record.name_zh,
            "name_en": record.name_en,
            "level": record.level,
            "parent_id": record.parent_code or None,
            "sector": record.sector,
        }
        industry = existing_industries.get(record.code)
        if industry is None:
            Industry.objects.create(code=record.code, **fields)
        elif any(getattr(industry, name) != value for name, value in fields.items()):
            Industry.objects.filter(code=record.code).update(**fields)

    levels = [record.level for record in records]
    return ReferenceCounts(
        provinces=levels.count(RegionLevel.PROVINCE),
        prefectures=levels.count(RegionLevel.PREFECTURE),
        counties=levels.count(RegionLevel.COUNTY),
        sections=sum(1 for record in industries if record.level == "section"),
        divisions=sum(1 for record in industries if record.level == "division"),
    )


MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


def _is_municipality(code: str) -> bool:
    return code in MUNICIPALITIES
