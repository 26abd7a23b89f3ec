"""Look-ups the import kinds of several apps share: regions by code, and the headline statistics
refreshed after an import changed what they count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.imports.kinds import Column, Row
from core.queue import enqueue_on_commit

from ..models import Region


@dataclass(frozen=True)
class RegionFacts:
    code: str
    name: str
    level: str
    city_id: str | None
    province_id: str | None

    @property
    def is_city(self) -> bool:
        return self.city_id == self.code

    @property
    def province_code(self) -> str:
        return self.province_id or self.code


class RegionCache:
    """Regions by code, looked up once per batch and kept for the job (~3,500 rows at most)."""

    def __init__(self):
        self.found: dict[str, RegionFacts | None] = {}

    def load(self, codes: Iterable[str | None]) -> None:
        wanted = {code for code in codes if code} - self.found.keys()
        if not wanted:
            return
        for facts in Region.objects.filter(code__in=wanted).values_list(
            "code", "name", "level", "city_id", "province_id"
        ):
            self.found[facts[0]] = RegionFacts(*facts)
        for code in wanted:
            self.found.setdefault(code, None)

    def get(self, code: str | None) -> RegionFacts | None:
        return self.found.get(code) if code else None

    def require(self, row: Row, column: Column, code: str | None) -> RegionFacts | None:
        """The region, or an error on the row when no region has the code."""
        if not code:
            return None
        facts = self.found.get(code)
        if facts is None:
            row.error(_("没有代码为 %(code)s 的行政区划（GB/T 2260）。") % {"code": code}, column)
        return facts

    def require_city_level(self, row: Row, column: Column, code: str | None) -> RegionFacts | None:
        """A city or a county: what an enterprise or an institution is registered under (a province
        alone belongs to no city office)."""
        facts = self.require(row, column, code)
        if facts is not None and facts.city_id is None:
            row.error(_("%(name)s（%(code)s）是省级行政区，请填写所在城市或区县的代码。") % {
                "name": facts.name, "code": facts.code}, column)
            return None
        return facts


def refresh_summary_later() -> None:
    """Queue the refresh of the headline counts (``results.services.statistics`` ``summary`` cells: enterprises,
    plans, institutions, activities, regions taking part) once the current transaction commits."""

    enqueue_on_commit("results.tasks.refresh_summary")
