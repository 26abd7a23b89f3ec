"""The value columns of a plan version's results template: per plan indicator and test condition,
a tested-value and a declared-value column (a pass/fail one for pass/fail indicators), the unit
in the header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.imports import cells
from core.imports.kinds import Column
from plans.models import PlanVersion
from verdict import Direction, condition_key


@dataclass(frozen=True)
class Slot:
    """One plan indicator at one test condition: the columns its values go in."""

    index: int
    plan_indicator_id: int
    key: str  # the library indicator's key (the verdict's)
    name: str
    name_en: str
    unit: str  # the unit values are read in when the cell states none
    direction: str
    is_difference: bool
    condition: str

    @property
    def is_pass_fail(self) -> bool:
        return self.direction == Direction.PASS_FAIL

    @property
    def label(self) -> str:
        return f"{self.name}（{self.condition}）" if self.condition else self.name


def plan_slots(version: PlanVersion) -> list[Slot]:
    """Per plan indicator, one slot per distinct test condition its requirements use (as the
    values form: a respirator's resistance at 85 and at 95 L/min), in the plan's order."""
    indicators = list(version.indicators.select_related("indicator").order_by("position", "id"))
    conditions: dict[int, dict[frozenset, tuple[str, set[str]]]] = {pi.pk: {} for pi in indicators}
    for requirement in version.requirements.order_by("plan_standard__position", "id"):
        found = conditions[requirement.plan_indicator_id].setdefault(
            condition_key(requirement.condition), (requirement.condition, set())
        )
        if requirement.unit:
            found[1].add(requirement.unit)
    slots = []
    for pi in indicators:
        for text, requirement_units in (conditions[pi.pk] or {frozenset(): ("", set())}).values():
            unit = next(iter(requirement_units)) if len(requirement_units) == 1 else pi.unit
            slots.append(Slot(
                index=len(slots), plan_indicator_id=pi.pk, key=pi.indicator.key, name=pi.indicator.name_zh,
                name_en=pi.indicator.name_en, unit="" if pi.direction == Direction.PASS_FAIL else unit,
                direction=pi.direction, is_difference=pi.is_difference, condition=text,
            ))
    return slots


def _unit_part(unit: str) -> str:
    return f"（{unit}）" if unit else ""


def slot_columns(slots: Sequence[Slot]) -> list[Column]:
    columns = []
    for slot in slots:
        english = slot.name_en or slot.key
        condition = f" {slot.condition}" if slot.condition else ""
        if slot.is_pass_fail:
            columns.append(Column(
                key=f"p{slot.index}", header=f"{slot.label}（合格/不合格）", parse=cells.pass_fail,
                aliases=(slot.label, f"{english}{condition}", f"{slot.key}{condition}"),
                choices=("合格", "不合格"), width=16,
                help=_("填写“合格”或“不合格”（也可写 通过/不通过、是/否、√/×）。"),
                example="合格",
            ))
            continue
        unit = _unit_part(slot.unit)
        for role, role_zh, role_en in (("t", "实测值", "tested"), ("d", "企业标准值", "declared")):
            columns.append(Column(
                key=f"{role}{slot.index}", header=f"{slot.label} {role_zh}{unit}", parse=cells.parse_number,
                aliases=(f"{slot.label}{role_zh}", f"{english}{condition} {role_en}",
                         f"{slot.key}{condition} {role_en}", f"{slot.key}{condition}.{role_en}"),
                width=16,
                help=(_("检测报告中的实测数值，单位 %(unit)s；如单位不同可写在数值后（如 2.4 mbar）。")
                      if role == "t" else _("产品执行标准中的指标值，单位 %(unit)s；可写作“≥95”“≤350”。"))
                % {"unit": slot.unit or _("无")},
            ))
    return columns
