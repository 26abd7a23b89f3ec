"""What a results import job knows while it reads: the plan version and its slots, who imports
and so what the rows become, the verdict cache, and the per-indicator bounds and limits the
row checks compare values with (computed once per job)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from companies.models import Enterprise
from core.imports.kinds import Column
from plans.models import PlanVersion
from plans.specs import possible_range_in_plan_unit
from verdict import condition_key

from .columns import Slot
from .verdict_cache import VerdictCache


@dataclass
class ResultImportContext:
    user: Any
    version: PlanVersion
    publish: bool
    city_id: str | None  # a city office's city
    own_enterprise: Enterprise | None  # an enterprise importing its own rows
    slots: list[Slot]
    columns: list[Column]
    verdicts: VerdictCache
    now: dt.datetime
    category_id: int
    industry_id: str
    # Whether the version held any result when the job began: if not, no row can be stored
    # already, and the rows are not looked up (a product saved meanwhile still stops the write,
    # by the unique key).
    stored_before: bool = True
    enterprises: dict[str, tuple | None] = field(default_factory=dict)  # USCC → (id, city, province, name, USCC status)
    value_texts: dict[tuple, str] = field(default_factory=dict)  # a stored value's canonical text, by the value
    doubts: dict[tuple, str | None] = field(default_factory=dict)  # (slot, unit, value) → why implausible, or None

    def __post_init__(self) -> None:
        self.column_by_key = {column.key: column for column in self.columns}
        self.today = timezone.localdate(self.now)
        self.moments: dict[dt.date, dt.datetime] = {}
        # Per slot: where its measurements go in the verdict, and its columns' keys.
        self.slot_keys = [
            (slot, self.verdicts.index.get(slot.key),
             f"p{slot.index}" if slot.is_pass_fail else f"t{slot.index}", f"d{slot.index}", slot.is_pass_fail)
            for slot in self.slots
        ]
        # The plan indicators whose tested value the plan asks for, and their names.
        indicators = list(self.version.indicators.select_related("indicator"))
        self.tested_required = {pi.pk for pi in indicators if pi.requires_test}
        self.indicator_names = {pi.pk: pi.indicator.name_zh for pi in indicators}
        self.plan_indicators = {pi.pk: pi for pi in indicators}
        # Per plan indicator, what a value can physically be, in the plan's unit: most values are
        # inside it and checked in a comparison each (the full check converts units).
        self.possible_bounds = {
            pk: tuple(possible_range_in_plan_unit(pi).values()) for pk, pi in self.plan_indicators.items()
        }
        # The same without open ends, for the one comparison most values take.
        self.ordinary_range = {
            pk: (-math.inf if low is None else low, math.inf if high is None else high)
            for pk, (low, high) in self.possible_bounds.items()
        }
        # Per plan indicator and test condition, the limits a value there is held against.
        self.slot_limits: dict[tuple[int, frozenset], list[tuple]] = {}
        for r in self.version.requirements.all():
            self.slot_limits.setdefault((r.plan_indicator_id, condition_key(r.condition)), []).append(
                (r.minimum, r.maximum, r.unit or self.plan_indicators[r.plan_indicator_id].unit))
