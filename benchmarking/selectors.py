"""Reads shared by views, the API and the admin."""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from .models import Region, RegionLevel


def cities() -> QuerySet[Region]:
    """The campaign's cities: prefecture-level cities and the municipalities (北京市 …)."""
    return Region.objects.filter(city_id=F("code"))


@dataclass(frozen=True)
class ParticipationFigures:
    provinces: int
    cities: int
    pilot_cities: int


def participation_figures() -> ParticipationFigures:
    """Counted over ~3,500 region rows: bounded whatever the size of the campaign's data."""
    taking_part_cities = cities().filter(taking_part_since__isnull=False)
    return ParticipationFigures(
        provinces=Region.objects.filter(level=RegionLevel.PROVINCE, taking_part_since__isnull=False).count(),
        cities=taking_part_cities.count(),
        pilot_cities=taking_part_cities.filter(pilot_since__isnull=False).count(),
    )
