"""What every builder shares: the random source, the scale, the writer, the calendar."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .writer import BulkWriter

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The real campaign's figures at scale 1; scaled ones become max(1, round(n × scale)).
FIGURES = {
    "enterprises": 16_092,
    "published_plans": 2_798,
    "published_results": 32_094,
    "categories": 812,
    "accredited_institutions": 225,
    "meetings": 25,
    "articles": 70,
    "trainings": 16,
    "training_attendances": 512,
    "lectures": 12,
    "epidemic_standards": 712,
    "translations": 40,
    "published_translations": 37,
    "proposals": 40,
}
# Fixed whatever the scale.
PROVINCES_TAKING_PART = 30
CITIES_TAKING_PART = 188
PILOT_CITIES = 115

# The demo's calendar: every date is derived from these, never from the clock.
RESULTS_FROM = dt.date(2021, 6, 1)
RESULTS_UNTIL = dt.date(2023, 12, 31)


def scaled(n: int, scale: float) -> int:
    return max(1, round(n * scale))


def extra(n_published: int, share: float) -> int:
    """Records in a non-published state on top of the published ones: at least one of each."""
    return max(1, round(n_published * share))


@dataclass
class SeedContext:
    seed: int
    scale: float
    writer: BulkWriter
    log: Callable[[str], None] = print
    counts: dict[str, int] = field(default_factory=dict)

    def fork(self, name: str) -> random.Random:
        """An independent, reproducible stream per builder: changing one builder's draws does not
        reshuffle another's data."""
        return random.Random(f"{self.seed}:{name}")

    def n(self, figure: str) -> int:
        return scaled(FIGURES[figure], self.scale)


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def at_office_hours(rng: random.Random, day: dt.date) -> dt.datetime:
    """A moment on ``day`` between 08:30 and 18:00 Shanghai time."""
    minutes = 8 * 60 + 30 + rng.randrange(9 * 60 + 30)
    return dt.datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, rng.randrange(60),
                       tzinfo=SHANGHAI)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], dt.date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months
