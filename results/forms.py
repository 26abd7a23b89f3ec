"""Forms of “我的对标结果”. They parse and validate what was typed; results.services writes.

Fields are whitelisted: status, level, city, publication dates and the enterprise are never
form fields, so posting them changes nothing.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Enterprise
from core.forms import BootstrapFormMixin, parse_number
from core.models import ReviewStatus
from plans.models import PlanAuthorKind, PlanIndicator, PlanVersion
from standards.codes import StandardCodeError, parse_standard_code
from thirdparty.models import AccreditationStatus, Institution
from verdict import Direction, condition_key

from .evaluation import fraction_question, implausible
from .indicator_values import IndicatorValue
from .models import BenchmarkResult


def publishable_plans(enterprise_id: int):
    """Published plan versions an enterprise may report against: industry plans and its own."""
    return (
        PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED)
        .filter(Q(plan__author_kind=PlanAuthorKind.INDUSTRY) | Q(plan__enterprise_id=enterprise_id))
        .select_related("plan__category")
    )


def plan_choices(enterprise_id: int, query: str, selected: str | None = None, limit: int = 20) -> list[PlanVersion]:
    """The plans an enterprise may report against, its own first, then those of its own industry
    (GB/T 4754 division), then the rest — never an unrelated industry at the top."""
    division = (Enterprise.objects.filter(pk=enterprise_id).values_list("industry_id", flat=True).first() or "")[:2]
    versions = publishable_plans(enterprise_id).annotate(relevance=Case(
        When(plan__enterprise_id=enterprise_id, then=Value(0)),
        When(plan__category__industry__code__startswith=division or "-", then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )).order_by("relevance", "plan__category__code", "plan__code")
    query = unicodedata.normalize("NFKC", query or "").strip()[:80]
    if query:
        versions = versions.filter(
            Q(plan__title_zh__icontains=query) | Q(plan__code__icontains=query)
            | Q(plan__category__name_zh__icontains=query) | Q(plan__category__code__icontains=query)
        )
    found = list(versions[:limit])
    if selected and str(selected).isdigit() and all(str(v.pk) != str(selected) for v in found):
        found = [*publishable_plans(enterprise_id).filter(pk=selected), *found]
    return found


def clean_standard_code(text: str) -> str:
    if not text.strip():
        return ""
    try:
        return parse_standard_code(text).code
    except StandardCodeError as error:
        raise ValidationError(str(error), code="standard_code") from None


class ProductForm(BootstrapFormMixin, forms.Form):
    product_name = forms.CharField(label=_("产品名称"), max_length=200)
    brand = forms.CharField(label=_("品牌"), max_length=100, required=False)
    model = forms.CharField(label=_("型号"), max_length=100, required=False)
    enterprise_standard = forms.CharField(
        label=_("执行标准"), max_length=80, required=False,
        help_text=_("产品执行的企业标准或其他标准的标准号，如 Q/SZJ 001-2023、GB 2626-2019。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()

    def clean_enterprise_standard(self) -> str:
        return clean_standard_code(self.cleaned_data["enterprise_standard"])


class ResultCreateForm(ProductForm):
    plan_version = forms.ModelChoiceField(
        label=_("对标方案"), queryset=PlanVersion.objects.none(),
        error_messages={"required": _("请选择一个已发布的对标方案。"),
                        "invalid_choice": _("请选择一个已发布的对标方案。")},
    )
    field_order = ["plan_version", "product_name", "brand", "model", "enterprise_standard"]

    def __init__(self, *args, enterprise_id: int, query: str = "", initial_plan: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_version"].queryset = publishable_plans(enterprise_id)
        if initial_plan and not publishable_plans(enterprise_id).filter(pk=initial_plan).exists():
            # A link to a plan version that is not (or no longer) published: say so once, offer the rest.
            self.unusable_plan = initial_plan
            initial_plan = None
        else:
            self.unusable_plan = None
        selected = self.data.get("plan_version") if self.is_bound else initial_plan
        if not self.is_bound and initial_plan:
            self.initial["plan_version"] = initial_plan
        self.plan_options = plan_choices(enterprise_id, query, selected)
        self.selected_plan = str(selected or "")


# --- indicator values --------------------------------------------------------------------------------

@dataclass
class ValueRow:
    """One line of the values table: a plan indicator at one test condition."""

    index: int
    plan_indicator: PlanIndicator
    condition: str
    default_unit: str
    requirements: list[tuple[str, bool]] = field(default_factory=list)  # (standard label, is_benchmark)
    stored: IndicatorValue | None = None
    limits: list[tuple[float | None, float | None, str]] = field(default_factory=list)  # (min, max, unit)

    @property
    def is_pass_fail(self) -> bool:
        return self.plan_indicator.direction == Direction.PASS_FAIL

    @property
    def unit(self) -> str:
        """The unit the row shows: the stored value's (blank is the plan indicator's own), else the
        one a new value is expected in."""
        if self.is_pass_fail:
            return ""
        if self.stored is not None:
            return self.stored.unit or self.plan_indicator.unit
        return self.default_unit

    def label(self) -> str:
        return self.plan_indicator.indicator.name_zh + (f"（{self.condition}）" if self.condition else "")

    def prefix(self) -> str:
        return f"v{self.index}"


def value_rows(result: BenchmarkResult) -> list[ValueRow]:
    """Per plan indicator one row per distinct test condition its requirements use (so a
    respirator gets inhalation resistance at 85 and at 95 L/min), plus rows for stored values
    at other conditions. Two queries."""
    version = result.plan_version
    indicators = list(version.indicators.select_related("indicator").order_by("position", "id"))
    by_indicator: dict[int, dict[frozenset, tuple[str, list]]] = {pi.pk: {} for pi in indicators}
    for r in version.requirements.select_related("plan_standard__standard").order_by("plan_standard__position", "id"):
        conditions = by_indicator[r.plan_indicator_id]
        key = condition_key(r.condition)
        _text, items = conditions.setdefault(key, (r.condition, []))
        items.append(r)
    by_pk = {pi.pk: pi for pi in indicators}
    stored: dict[tuple[int, frozenset], IndicatorValue] = {}
    extra: list[IndicatorValue] = []
    for value in result.values:
        if value.plan_indicator_id not in by_pk:
            continue
        key = (value.plan_indicator_id, condition_key(value.condition))
        if key in stored:
            extra.append(value)
        else:
            stored[key] = value
    rows: list[ValueRow] = []
    for pi in indicators:
        conditions = by_indicator[pi.pk] or {frozenset(): ("", [])}
        for key, (text, requirements) in conditions.items():
            units = {r.unit for r in requirements if r.unit}
            rows.append(ValueRow(
                index=len(rows), plan_indicator=pi, condition=text,
                default_unit=units.pop() if len(units) == 1 else pi.unit,
                requirements=[(f"{r.plan_standard.standard.code} {r.plan_standard.grade}".strip(),
                               r.plan_standard.is_benchmark) for r in requirements],
                stored=stored.pop((pi.pk, key), None),
                limits=[(r.minimum, r.maximum, r.unit or pi.unit) for r in requirements],
            ))
    for value in [*stored.values(), *extra]:
        pi = by_pk[value.plan_indicator_id]
        rows.append(ValueRow(index=len(rows), plan_indicator=pi, condition=value.condition,
                             default_unit=pi.unit, stored=value))
    return rows


PASSED_CHOICES = [("", _("— 未填 —")), ("true", _("合格")), ("false", _("不合格"))]


class ResultValuesForm(forms.Form):
    """The values table: declared, tested (or pass/fail), unit and condition per row."""

    def __init__(self, *args, rows: list[ValueRow], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            p, stored = row.prefix(), row.stored
            label = row.plan_indicator.indicator.name_zh
            if row.is_pass_fail:
                self.fields[f"{p}_passed"] = forms.ChoiceField(
                    label=label, choices=PASSED_CHOICES, required=False,
                    initial="" if stored is None or stored.passed is None else str(stored.passed).lower(),
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
            else:
                for name, attr in (("declared", "declared_value"), ("tested", "tested_value")):
                    number = getattr(stored, attr) if stored else None
                    self.fields[f"{p}_{name}"] = forms.CharField(
                        label=label, required=False, max_length=40,
                        initial="" if number is None else f"{number:.10g}",
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "inputmode": "decimal"}),
                    )
            self.fields[f"{p}_unit"] = forms.CharField(
                label=label, required=False, max_length=30,
                initial=row.unit,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"{p}_condition"] = forms.CharField(
                label=label, required=False, max_length=120,
                initial=stored.condition if stored else row.condition,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )
        self.parsed: list[tuple[ValueRow, IndicatorValue]] = []
        self.warnings: list[str] = []

    def bound_row(self, row: ValueRow) -> dict:
        p = row.prefix()
        names = ("passed",) if row.is_pass_fail else ("declared", "tested")
        return {
            "row": row, **{name: self[f"{p}_{name}"] for name in names},
            "unit": self[f"{p}_unit"], "condition": self[f"{p}_condition"],
        }

    def table(self) -> list[dict]:
        return [self.bound_row(row) for row in self.rows]

    def clean(self):
        cleaned = super().clean()
        self.parsed = []
        for row in self.rows:
            p = row.prefix()
            unit = (cleaned.get(f"{p}_unit") or "").strip()
            condition = (cleaned.get(f"{p}_condition") or "").strip()
            if row.is_pass_fail:
                passed = {"true": True, "false": False}.get(cleaned.get(f"{p}_passed") or "")
                value = IndicatorValue(row.plan_indicator.pk, passed=passed, unit="", condition=condition)
                self.parsed.append((row, value))
                continue
            numbers = {}
            for name in ("declared", "tested"):
                value, error = parse_number(cleaned.get(f"{p}_{name}") or "")
                if not error and value is not None:
                    error = implausible(row.plan_indicator, value, unit or row.default_unit)
                    question = fraction_question(value, unit or row.default_unit, row.limits)
                    if question:
                        self.warnings.append(f"{row.label()}：{question}")
                if error:
                    self.add_error(f"{p}_{name}", error)
                    value = None
                numbers[name] = value
            self.parsed.append((row, IndicatorValue(
                row.plan_indicator.pk, declared_value=numbers["declared"], tested_value=numbers["tested"],
                unit=unit, condition=condition,
            )))
        return cleaned

    def value_inputs(self) -> list[IndicatorValue]:
        return [value for _row, value in self.parsed]

    def unsaved_values(self) -> list[IndicatorValue]:
        """The typed values, for the verdict engine's preview (nothing is written)."""
        return [v for _row, v in self.parsed if v.is_given]

    def row_errors(self) -> list[str]:
        """Errors with the row they belong to, for the preview panel (it sits outside the table)."""
        messages = []
        for row in self.rows:
            for suffix in ("declared", "tested", "passed", "unit", "condition"):
                for error in self.errors.get(f"{row.prefix()}_{suffix}", []):
                    where = row.plan_indicator.indicator.name_zh + (f"（{row.condition}）" if row.condition else "")
                    messages.append(f"{where}：{error}")
        return messages


# --- test reports -------------------------------------------------------------------------------------

def accredited_institutions(query: str = "", limit: int = 30) -> list[Institution]:
    institutions = Institution.objects.filter(status=AccreditationStatus.ACCREDITED).order_by("name")
    query = unicodedata.normalize("NFKC", query or "").strip()[:80]
    if query:
        institutions = institutions.filter(name__icontains=query)
    return list(institutions[:limit])


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return obj.name


class ReportForm(BootstrapFormMixin, forms.Form):
    report_number = forms.CharField(label=_("报告编号"), max_length=60)
    institution_q = forms.CharField(
        label=_("查找检测机构"), required=False, max_length=60,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off", "placeholder": _("输入机构名称查找已认定机构"),
            "hx-get": reverse_lazy("results:institution_options"), "hx-trigger": "input changed delay:300ms",
            "hx-target": "#id_institution", "hx-params": "institution_q",
        }),
    )
    institution = InstitutionChoiceField(
        label=_("检测机构（已认定机构名录）"), required=False, empty_label=_("— 不在名录中，填写下方机构名称 —"),
        queryset=Institution.objects.filter(status=AccreditationStatus.ACCREDITED),
    )
    issuer_name = forms.CharField(
        label=_("出具机构名称"), max_length=200, required=False, help_text=_("检测机构不在名录中时填写。")
    )
    issued_on = forms.DateField(label=_("报告日期"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(
        label=_("报告文件（PDF，不超过 10 MB）"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    indicators = forms.TypedMultipleChoiceField(
        label=_("本报告检测的指标"), coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择本报告检测了哪些指标。")},
    )

    def __init__(self, *args, plan_indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(pi.pk, pi.indicator.name_zh) for pi in plan_indicators]
        self.fields["indicators"].initial = [pi.pk for pi in plan_indicators]
        self.apply_bootstrap()
        for form_field in self.fields.values():
            # The report's fields belong to the values form, so the values typed there travel
            # with the report when it is uploaded (the view saves both).
            form_field.widget.attrs["form"] = "values-form"
        selected = self.data.get("institution") if self.is_bound else None
        self.institution_options = accredited_institutions()
        if selected and str(selected).isdigit() and all(str(i.pk) != str(selected) for i in self.institution_options):
            self.institution_options = [
                *Institution.objects.filter(pk=selected, status=AccreditationStatus.ACCREDITED),
                *self.institution_options,
            ]

    def clean_issued_on(self) -> dt.date:
        issued_on = self.cleaned_data["issued_on"]
        if issued_on > timezone.localdate():
            raise ValidationError(_("报告日期不能晚于今天。"), code="future")
        return issued_on

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("institution") and not (cleaned.get("issuer_name") or "").strip():
            self.add_error("issuer_name", _("请从名录中选择检测机构，或填写出具机构名称。"))
        return cleaned


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()


class ImprovementForm(BootstrapFormMixin, forms.Form):
    """How the enterprise means to bring a product short of the benchmark up to it, and by when."""

    improvement_measures = forms.CharField(label=_("提升措施"), max_length=2000, required=False,
                                           widget=forms.Textarea(attrs={"rows": 3}))
    improvement_due = forms.DateField(label=_("提升目标日期"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()
