"""The columns of a plan version's results template: the enterprise, the product and (when the
import publishes) its date and test report; then per plan indicator and test condition a
tested-value and a declared-value column (a pass/fail one for pass/fail indicators), the unit in
the header."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.imports import cells
from core.imports.errors import CellError
from core.imports.kinds import Column
from plans.models import PlanVersion
from standards.codes import StandardCodeError, parse_standard_code
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
    plan_unit: str  # the plan indicator's own: a value in it is stored without a unit
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
                plan_unit=pi.unit,
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


# --- the columns before the values -------------------------------------------------------------------

def _standard_code(value: Any) -> str:
    text = cells.code_text(value)
    code = _valid_standard_code(text)
    if code is not None:
        return code
    try:
        return parse_standard_code(text).code
    except StandardCodeError as error:
        raise CellError(str(error)) from None


@functools.lru_cache(maxsize=16384)
def _valid_standard_code(text: str) -> str | None:
    """Cached: an enterprise's standard repeats on its rows (a bad one is parsed again, for its message)."""
    try:
        return parse_standard_code(text).code
    except StandardCodeError:
        return None


def report_columns() -> list[Column]:
    """The test report behind a published row's tested values: the office imports what the
    enterprise's paper report says; the report is recorded as covering every tested value of
    the row (an enterprise instead uploads its reports in its portal before submitting)."""
    return [
        Column("report_number", _("检测报告编号"), parse=cells.text(max_length=60), default="", width=20,
               aliases=("report number", "test report number", "report no.", "报告编号", "检测报告号"),
               number_format="@", example="WT2023-01234",
               help=_("出具本行实测值的检测报告编号；填写了实测值时必填。")),
        Column("report_issuer", _("检测机构"), parse=cells.text(max_length=200), default="", width=24,
               aliases=("testing body", "laboratory", "issuer", "出具机构", "检测单位"),
               help=_("出具检测报告的机构名称；与已认定机构名录中的名称一致时自动关联。")),
        Column("report_date", _("报告日期"), parse=cells.date, width=14, number_format="yyyy-mm-dd",
               aliases=("report date", "date of report", "检测报告日期"), example="2023-04-20",
               help=_("检测报告的签发日期。")),
    ]


def fixed_columns(*, publish: bool, enterprise: bool) -> list[Column]:
    """The columns before the values: the enterprise, the product, and for a publishing import its
    publication date and test report."""
    columns = [
        Column("uscc", _("统一社会信用代码"), parse=cells.uscc, required=not enterprise, width=24,
               aliases=("USCC", "unified social credit code", "credit code", "社会信用代码", "信用代码"),
               number_format="@", example="91440300MA5DXXXXXX",
               help=_("企业的 18 位统一社会信用代码；企业须已在平台注册。")
               if not enterprise else _("可不填；填写时须为本企业的代码。")),
        Column("enterprise_name", _("企业名称"), parse=cells.text(max_length=200), width=28,
               aliases=("enterprise", "enterprise name", "company", "company name", "企业"),
               help=_("仅供核对，以统一社会信用代码为准。")),
        Column("product_name", _("产品名称"), parse=cells.text(max_length=200), required=True, width=24,
               aliases=("product", "product name", "产品"), example="KN95 防护口罩"),
        Column("brand", _("品牌"), parse=cells.text(max_length=100), default="", width=14,
               aliases=("brand", "商标")),
        Column("model", _("型号"), parse=cells.text(max_length=100), default="", width=14,
               aliases=("model", "规格型号", "型号规格", "型号/规格"), number_format="@"),
        Column("enterprise_standard", _("执行标准"), parse=_standard_code, default="", width=20,
               aliases=("enterprise standard", "standard", "执行标准编号", "产品标准"), example="Q/SZJ 001-2023",
               help=_("产品执行的企业标准或其他标准的标准号。")),
    ]
    if publish:
        columns.append(Column(
            "published_on", _("发布日期"), parse=cells.date, width=14, number_format="yyyy-mm-dd",
            aliases=("published on", "publication date", "date", "发布时间"), example="2023-05-01",
            help=_("历史结果的发布日期；不填则为导入当天。"),
        ))
        columns.extend(report_columns())
    return columns
