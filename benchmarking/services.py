"""Every write of the campaign domain's reference data: regions and industries (loaded from the
code tables, edited in the admin, their participation imported), and activities.

A region's province and campaign city are derived (``places``) wherever a region is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q

from core.imports.kinds import WriteCounts
from core.imports.staging import changed_fields, lock_kind
from core.services import model_update

from . import places
from .models import Activity, Industry, Region, RegionLevel
from .reference.industries import iter_industries
from .reference.regions import iter_regions

ACTIVITY_OPTIONAL = ("title_en", "attendances", "summary", "url")


# --- regions --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferenceCounts:
    provinces: int
    prefectures: int
    counties: int
    sections: int
    divisions: int


@transaction.atomic
def reference_data_load() -> ReferenceCounts:
    records = list(iter_regions())
    by_code = {record.code: record for record in records}

    def lookup(code: str) -> tuple[str, str | None]:
        record = by_code[code]
        return record.level, record.parent_code or None

    existing = {region.code: region for region in Region.objects.all()}
    to_create, to_update = [], []
    for record in records:
        fields = {
            "name": record.name,
            "name_en": record.name_en,
            "level": record.level,
            "parent_id": record.parent_code,
            "province_id": places.province_of(record.code, lookup),
            "city_id": places.city_of(record.code, lookup),
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


def _lookup_stored(code: str) -> tuple[str, str | None]:
    region = Region.objects.only("level", "parent_id").get(code=code)
    return region.level, region.parent_id


@transaction.atomic
def region_update(*, actor, instance: Region, data: Mapping[str, Any]) -> tuple[Region, list[str]]:
    """An edit of a region; when its parent or level changed, its province and city — and those of
    every region below it — are derived again."""
    region, changed = model_update(actor=actor, instance=instance, data=data)
    if {"parent", "level"} & set(changed):
        stack = [region]
        while stack:
            current = stack.pop()
            province, city = places.places(current.code, _lookup_stored)
            model_update(actor=actor, instance=current, data={"province_id": province, "city_id": city})
            stack.extend(Region.objects.filter(parent_id=current.code))
    return region, changed


def regions_write_participation(records: list, progress: Callable[[int], None]) -> WriteCounts:
    """A participation import's good rows (code, taking part since, pilot since), in the job's
    transaction; a pilot date left empty keeps the stored one."""
    counts = WriteCounts()
    for start in range(0, len(records), 1000):
        chunk = records[start:start + 1000]
        stored = Region.objects.select_for_update().in_bulk([code for code, _since, _pilot in chunk])
        changed = []
        for code, taking_part, pilot in chunk:
            region = stored[code]
            new_pilot = pilot if pilot is not None else region.pilot_since
            if (region.taking_part_since, region.pilot_since) == (taking_part, new_pilot):
                counts.unchanged += 1
                continue
            region.taking_part_since, region.pilot_since = taking_part, new_pilot
            changed.append(region)
        Region.objects.bulk_update(changed, ["taking_part_since", "pilot_since"])
        counts.updated += len(changed)
        progress(len(chunk))
    return counts


# --- activities -----------------------------------------------------------------------------------

def activities_write_imported(records: list, progress: Callable[[int], None]) -> WriteCounts:
    """An activities import's good rows, in the job's transaction: new activities created, known
    ones (same kind, title, date and region) given the values the file states."""
    lock_kind("activities")
    counts = WriteCounts()
    for start in range(0, len(records), 500):
        chunk = records[start:start + 500]
        found: dict[tuple, Activity] = {}
        condition = Q()
        for record in chunk:
            condition |= Q(kind=record.kind, title_zh=record.title_zh, held_on=record.held_on)
        for activity in Activity.objects.select_for_update().filter(condition).order_by("pk"):
            found.setdefault((activity.kind, activity.title_zh, activity.held_on, activity.region_id), activity)
        new, changed, fields = [], [], set()
        for record in chunk:
            values = {name: getattr(record, name) for name in ACTIVITY_OPTIONAL}
            activity = found.get(record.key)
            if activity is None:
                new.append(Activity(
                    kind=record.kind, title_zh=record.title_zh, held_on=record.held_on, region_id=record.region_id,
                    title_en=values["title_en"] or "", attendances=values["attendances"] or 0,
                    summary=values["summary"] or "", url=values["url"] or "",
                ))
                continue
            given = {name: value for name, value in values.items() if value is not None}
            names = changed_fields(activity, given)
            if names:
                changed.append(activity)
                fields.update(names)
            else:
                counts.unchanged += 1
        Activity.objects.bulk_create(new)
        if changed:
            Activity.objects.bulk_update(changed, sorted(fields))
        counts.created += len(new)
        counts.updated += len(changed)
        progress(len(chunk))
    return counts
