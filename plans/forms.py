"""Forms of the plan pages. The editor keeps a draft's content in the posted form until it is
saved whole through ``plan_set_content``: adding a standard, an indicator or a test condition
re-renders the editor from what was posted, and nothing is written until “保存”."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarking.models import ProductCategory
from core.forms import BootstrapFormMixin, parse_number
from plans.models import PlanVersion
from plans.services import IndicatorInput, RequirementInput, StandardInput
from standards.codes import normalize_standard_code
from standards.models import Indicator, Requirement, Standard
from verdict import Direction

from .display import kind_group

MAX_ROWS_PER_CELL = 6
MAX_STANDARDS = 30
MAX_INDICATORS = 80


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProductCategory) -> str:
        return f"{obj.code} {obj.name_zh}"


class PlanCreateForm(BootstrapFormMixin, forms.Form):
    category_q = forms.CharField(
        label=gettext_lazy("查找产品类别"), required=False, max_length=60,
        widget=forms.TextInput(attrs={
            "type": "search", "placeholder": gettext_lazy("输入类别名称或代码"),
            "hx-get": reverse_lazy("plans:category_options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#id_category", "hx-params": "category_q", "autocomplete": "off",
        }),
    )
    category = CategoryChoiceField(
        label=gettext_lazy("产品类别"), queryset=ProductCategory.objects.all(), empty_label=None,
        widget=forms.Select(attrs={"size": 8}),
    )
    title_zh = forms.CharField(label=gettext_lazy("方案名称"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("英文名称（可选）"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
        self.category_options = category_options(self.data.get("category_q", "") if self.is_bound else "")
        selected = self.data.get("category") if self.is_bound else None
        if selected and str(selected).isdigit() and all(str(c.pk) != str(selected) for c in self.category_options):
            self.category_options = [*ProductCategory.objects.filter(pk=selected), *self.category_options]


def category_options(query: str, limit: int = 50) -> list[ProductCategory]:
    categories = ProductCategory.objects.order_by("code")
    query = unicodedata.normalize("NFKC", query or "").strip()
    if query:
        categories = categories.filter(
            Q(name_zh__icontains=query) | Q(code__icontains=query) | Q(name_en__icontains=query)
        )
    return list(categories[:limit])


# --- the content editor ---------------------------------------------------------------------------

@dataclass
class RequirementRow:
    minimum: str = ""
    maximum: str = ""
    unit: str = ""
    condition: str = ""
    applies: bool = False  # pass/fail: the standard requires the test to be passed
    errors: list[str] = field(default_factory=list)

    def is_blank(self, direction: str) -> bool:
        if direction == Direction.PASS_FAIL:
            return not self.applies
        return not (self.minimum.strip() or self.maximum.strip() or self.condition.strip())


@dataclass
class StandardRow:
    standard: Standard
    grade: str = ""
    is_benchmark: bool = False

    @property
    def kind_group(self) -> str:
        return kind_group(self.standard.kind)


@dataclass
class IndicatorRow:
    indicator: Indicator
    unit: str = ""
    requires_test: bool = False
    is_core: bool = False


@dataclass
class CellView:
    standard_row: StandardRow
    rows: list[RequirementRow]


@dataclass
class IndicatorView:
    indicator_row: IndicatorRow
    cells: list[CellView]


def pk_of(text) -> int | None:
    """A primary key typed in a form or a query string, or None for anything else."""
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


class PlanEditor:
    """A draft version's content as the editor shows it: from the database or from a POST."""

    def __init__(self, version: PlanVersion):
        self.version = version
        self.standards: list[StandardRow] = []
        self.indicators: list[IndicatorRow] = []
        self.cells: dict[tuple[int, int], list[RequirementRow]] = {}
        self.improvement_measures = ""
        self.errors: list[str] = []
        self.notices: list[str] = []
        self.dirty = False

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def from_version(cls, version: PlanVersion) -> PlanEditor:
        editor = cls(version)
        editor.improvement_measures = version.improvement_measures
        plan_standards = list(version.standards.select_related("standard"))
        plan_indicators = list(version.indicators.select_related("indicator"))
        editor.standards = [StandardRow(ps.standard, ps.grade, ps.is_benchmark) for ps in plan_standards]
        editor.indicators = [IndicatorRow(pi.indicator, pi.unit, pi.requires_test, pi.is_core)
                             for pi in plan_indicators]
        standard_of = {ps.pk: ps.standard_id for ps in plan_standards}
        indicator_of = {pi.pk: pi.indicator_id for pi in plan_indicators}
        for r in version.requirements.order_by("id"):
            key = (standard_of[r.plan_standard_id], indicator_of[r.plan_indicator_id])
            editor.cells.setdefault(key, []).append(RequirementRow(
                minimum="" if r.minimum is None else f"{r.minimum:.10g}",
                maximum="" if r.maximum is None else f"{r.maximum:.10g}",
                unit=r.unit, condition=r.condition, applies=True,
            ))
        return editor

    @classmethod
    def from_post(cls, version: PlanVersion, data: Mapping) -> PlanEditor:
        editor = cls(version)
        editor.dirty = True
        editor.improvement_measures = (data.get("improvement_measures") or "")[:5000]
        standard_ids = [pk for pk in (pk_of(v) for v in data.getlist("standard")[:MAX_STANDARDS]) if pk]
        indicator_ids = [pk for pk in (pk_of(v) for v in data.getlist("indicator")[:MAX_INDICATORS]) if pk]
        standards = Standard.objects.in_bulk(standard_ids)
        indicators = Indicator.objects.in_bulk(indicator_ids)
        for sid in dict.fromkeys(standard_ids):
            if sid in standards:
                editor.standards.append(StandardRow(
                    standards[sid], (data.get(f"grade-{sid}") or "").strip()[:30], bool(data.get(f"benchmark-{sid}"))
                ))
        for iid in dict.fromkeys(indicator_ids):
            if iid in indicators:
                editor.indicators.append(IndicatorRow(indicators[iid], (data.get(f"unit-{iid}") or "").strip()[:30],
                                                      bool(data.get(f"tested-{iid}")), bool(data.get(f"core-{iid}"))))
        for s in editor.standards:
            for i in editor.indicators:
                sid, iid = s.standard.pk, i.indicator.pk
                count = min(pk_of(data.get(f"rows-{sid}-{iid}")) or 1, MAX_ROWS_PER_CELL)
                rows = [
                    RequirementRow(
                        minimum=(data.get(f"min-{sid}-{iid}-{k}") or "").strip()[:30],
                        maximum=(data.get(f"max-{sid}-{iid}-{k}") or "").strip()[:30],
                        unit=(data.get(f"runit-{sid}-{iid}-{k}") or "").strip()[:30],
                        condition=(data.get(f"cond-{sid}-{iid}-{k}") or "").strip()[:120],
                        applies=bool(data.get(f"applies-{sid}-{iid}-{k}")),
                    )
                    for k in range(count)
                ]
                editor.cells[(sid, iid)] = rows
        return editor

    # -- actions (re-render without saving) -------------------------------------------------------
    def apply_action(self, data: Mapping) -> bool:
        """Add/remove a standard, an indicator or a test-condition row; True if one was asked."""
        if pk := pk_of(data.get("add_standard")):
            standard = Standard.objects.filter(pk=pk).first()
            is_new = all(s.standard.pk != pk for s in self.standards)
            if standard and is_new and len(self.standards) < MAX_STANDARDS:
                self.standards.append(StandardRow(standard, is_benchmark=standard.is_advanced))
                self.prefill_from_library(standard_ids=[pk])
            return True
        if pk := pk_of(data.get("remove_standard")):
            self.standards = [s for s in self.standards if s.standard.pk != pk]
            return True
        if pk := pk_of(data.get("add_indicator")):
            indicator = Indicator.objects.filter(pk=pk).first()
            is_new = all(i.indicator.pk != pk for i in self.indicators)
            if indicator and is_new and len(self.indicators) < MAX_INDICATORS:
                self.indicators.append(IndicatorRow(indicator, indicator.unit))
                self.prefill_from_library(indicator_ids=[pk])
            return True
        if pk := pk_of(data.get("remove_indicator")):
            self.indicators = [i for i in self.indicators if i.indicator.pk != pk]
            return True
        if pk := pk_of(data.get("prefill")):
            row = next((s for s in self.standards if s.standard.pk == pk), None)
            if row is not None and not self.prefill_from_library(standard_ids=[pk], overwrite=True):
                grade = row.grade or _("（未填等级）")
                self.notices.append(_("标准库中没有 %(code)s %(grade)s 对所选指标的要求，请手工填写。")
                                    % {"code": row.standard.code, "grade": grade})
            return True
        if add_row := (data.get("add_row") or "").strip():
            sid, _sep, iid = add_row.partition("-")
            key = (pk_of(sid), pk_of(iid))
            if key in self.cells and len(self.cells[key]) < MAX_ROWS_PER_CELL:
                self.cells[key].append(RequirementRow())
            return True
        return False

    def prefill_from_library(self, *, standard_ids=None, indicator_ids=None, overwrite: bool = False) -> int:
        """Fill empty cells with the library's requirements of the standard at its plan grade;
        returns how many cells the library had something for."""
        grades = {s.standard.pk: s.grade for s in self.standards}
        standard_ids = standard_ids or list(grades)
        indicator_ids = indicator_ids or [i.indicator.pk for i in self.indicators]
        directions = {i.indicator.pk: i.indicator.direction for i in self.indicators}
        found: dict[tuple[int, int], list[RequirementRow]] = {}
        library = Requirement.objects.filter(standard_id__in=standard_ids, indicator_id__in=indicator_ids)
        for r in library.order_by("condition", "id"):
            if r.grade != grades.get(r.standard_id, ""):
                continue
            found.setdefault((r.standard_id, r.indicator_id), []).append(RequirementRow(
                minimum="" if r.minimum is None else f"{r.minimum:.10g}",
                maximum="" if r.maximum is None else f"{r.maximum:.10g}",
                unit=r.unit, condition=r.condition, applies=True,
            ))
        for key, rows in found.items():
            current = self.cells.get(key, [])
            if overwrite or all(row.is_blank(directions.get(key[1], "")) for row in current):
                self.cells[key] = rows[:MAX_ROWS_PER_CELL]
        return len(found)

    # -- reading ----------------------------------------------------------------------------------
    def grid(self) -> list[IndicatorView]:
        return [
            IndicatorView(i, [CellView(s, self.cells.setdefault((s.standard.pk, i.indicator.pk), [RequirementRow()]))
                              for s in self.standards])
            for i in self.indicators
        ]

    def service_inputs(self) -> tuple[list[StandardInput], list[IndicatorInput], list[RequirementInput]] | None:
        """What plan_set_content takes, or None when a number or a row is wrong (errors on rows)."""
        ok = True
        requirements = []
        for s in self.standards:
            for i in self.indicators:
                direction = i.indicator.direction
                for row in self.cells.get((s.standard.pk, i.indicator.pk), []):
                    row.errors = []
                    if row.is_blank(direction):
                        continue
                    if direction == Direction.PASS_FAIL:
                        requirements.append(RequirementInput(s.standard, i.indicator, unit="", condition=row.condition))
                        continue
                    minimum, min_error = parse_number(row.minimum)
                    maximum, max_error = parse_number(row.maximum)
                    row.errors = [e for e in (min_error, max_error) if e]
                    if not row.errors and minimum is None and maximum is None:
                        row.errors.append(_("请填写限值，或清空此行。"))
                    if row.errors:
                        ok = False
                        continue
                    requirements.append(RequirementInput(
                        s.standard, i.indicator, minimum=minimum, maximum=maximum, unit=row.unit,
                        condition=row.condition,
                    ))
        if not ok:
            self.errors.append(_("部分指标要求填写有误，请检查标红的行。"))
            return None
        standards = [StandardInput(s.standard, is_benchmark=s.is_benchmark, grade=s.grade) for s in self.standards]
        indicators = [IndicatorInput(i.indicator, unit=i.unit, requires_test=i.requires_test, is_core=i.is_core)
                      for i in self.indicators]
        return standards, indicators, requirements


def standard_search(query: str, exclude: set[int] = frozenset(), limit: int = 20) -> list[Standard]:
    query = unicodedata.normalize("NFKC", query or "").strip()[:80]
    if not query:
        return []
    code = normalize_standard_code(query)
    found = Standard.objects.filter(
        Q(code__icontains=query) | Q(code__icontains=code) | Q(title_zh__icontains=query) | Q(title_en__icontains=query)
    ).exclude(pk__in=exclude).order_by("code")
    return list(found[:limit])


def indicator_search(query: str, exclude: set[int] = frozenset(), limit: int = 20) -> list[Indicator]:
    query = unicodedata.normalize("NFKC", query or "").strip()[:80]
    if not query:
        return []
    found = Indicator.objects.filter(
        Q(name_zh__icontains=query) | Q(name_en__icontains=query) | Q(key__icontains=query)
    ).exclude(pk__in=exclude).order_by("name_zh")
    return list(found[:limit])
