"""Every write and state transition of benchmark results.

Draft → submitted → returned / published (→ withdrawn). Approval publishes at once with its
publication date. Every transition goes through RESULT_WORKFLOW, which writes its event row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, User
from companies.models import Enterprise
from core.models import ReviewStatus
from core.notifications import email_on_transition
from core.uploads import validate_pdf
from core.workflow import Transition, TransitionRefused, Workflow
from plans.models import PlanIndicator, PlanVersion
from thirdparty.models import AccreditationStatus, Institution
from verdict import Verdict

from .evaluation import evaluate_values
from .models import BenchmarkResult, IndicatorValue, ResultEvent, TestReport
from .rules import owns_result, reviews_result
from .stats import stats_record_transition

__all__ = [
    "RESULT_WORKFLOW",
    "TransitionRefused",
    "ValueInput",
    "result_add_report",
    "result_approve",
    "result_create",
    "result_recompute",
    "result_return",
    "result_save_values",
    "result_submit",
    "result_update_product",
    "result_withdraw",
]


# --- notifications ----------------------------------------------------------------------------

def _enterprise_addresses(result: BenchmarkResult) -> list[str]:
    enterprise = result.enterprise
    return [enterprise.contact_email, *enterprise.users.filter(is_active=True).values_list("email", flat=True)]


def _city_office_addresses(result: BenchmarkResult) -> list[str]:
    return list(
        User.objects.filter(role=Role.CITY, region_id=result.city_id, is_active=True).values_list("email", flat=True)
    )




# --- effects ----------------------------------------------------------------------------------

def _on_submit(result: BenchmarkResult) -> list[str]:
    verdict = _verdict_of(result)
    missing = verdict.gaps + verdict.notes
    names = "、".join(sorted({gap.indicator_name for gap in missing if gap.kind == "missing_value"}))
    if names:
        raise TransitionRefused(_("还有指标未填写数值：%(names)s。") % {"names": names}, code="values_missing")
    result.level, result.verdict = verdict.level.value, verdict.to_json()
    result.submitted_at = timezone.now()
    return ["level", "verdict", "submitted_at"]


def _on_approve(result: BenchmarkResult) -> list[str]:
    result.published_at = timezone.now()
    stats_record_transition(result=result, sign=+1)
    return ["published_at"]


def _on_withdraw(result: BenchmarkResult) -> list[str]:
    result.withdrawn_at = timezone.now()
    stats_record_transition(result=result, sign=-1)
    return ["withdrawn_at"]


RESULT_WORKFLOW = Workflow(model=BenchmarkResult, event_model=ResultEvent, event_field="result")
RESULT_WORKFLOW.add(Transition(
    name="submit", label=gettext_lazy("提交审核"),
    sources=frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED}), target=ReviewStatus.SUBMITTED,
    allowed=lambda user, result: owns_result(user, result), effect=_on_submit,
    notify=email_on_transition("result_submitted", _city_office_addresses, context_name="result"),
))
RESULT_WORKFLOW.add(Transition(
    name="approve", changes_public_data=True, label=gettext_lazy("审核通过并发布"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.PUBLISHED,
    allowed=lambda user, result: reviews_result(user, result), effect=_on_approve,
    notify=email_on_transition("result_approved", _enterprise_addresses, context_name="result"),
))
RESULT_WORKFLOW.add(Transition(
    name="return", label=gettext_lazy("退回修改"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.RETURNED,
    allowed=lambda user, result: reviews_result(user, result), requires_reason=True,
    notify=email_on_transition("result_returned", _enterprise_addresses, context_name="result"),
))
RESULT_WORKFLOW.add(Transition(
    name="withdraw", changes_public_data=True, label=gettext_lazy("撤回已发布结果"),
    sources=frozenset({ReviewStatus.PUBLISHED}), target=ReviewStatus.WITHDRAWN,
    allowed=lambda user, result: owns_result(user, result) or reviews_result(user, result),
    effect=_on_withdraw,
))


def result_submit(*, actor: User, result: BenchmarkResult) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="submit", actor=actor)


def result_approve(*, actor: User, result: BenchmarkResult) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="approve", actor=actor)


def result_return(*, actor: User, result: BenchmarkResult, reason: str) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="return", actor=actor, reason=reason)


def result_withdraw(*, actor: User, result: BenchmarkResult, reason: str = "") -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="withdraw", actor=actor, reason=reason)


# --- editing a draft ----------------------------------------------------------------------------

def _require_editable(*, actor: User, result: BenchmarkResult) -> None:
    if not owns_result(actor, result):
        raise TransitionRefused(_("您无权修改此对标结果。"), code="forbidden")
    if result.status not in ReviewStatus.editable():
        raise TransitionRefused(
            _("对标结果处于“%(state)s”状态，不能修改。") % {"state": result.get_status_display()}, code="read_only"
        )


@transaction.atomic
def result_create(
    *, actor: User, enterprise: Enterprise, plan_version: PlanVersion, product_name: str,
    brand: str = "", model: str = "", enterprise_standard: str = "",
) -> BenchmarkResult:
    if not (actor.role == Role.ENTERPRISE and actor.enterprise_id == enterprise.pk):
        raise TransitionRefused(_("只有企业本身可以创建对标结果。"), code="forbidden")
    if plan_version.status != ReviewStatus.PUBLISHED:
        raise ValidationError(_("只能选择已发布的对标方案。"), code="plan_not_published")
    plan = plan_version.plan
    result = BenchmarkResult(
        enterprise=enterprise, plan_version=plan_version, category_id=plan.category_id,
        industry_id=plan.category.industry_id, city_id=enterprise.city_id, province_id=enterprise.province_id,
        product_name=product_name.strip(), brand=brand.strip(), model=model.strip(),
        enterprise_standard=enterprise_standard.strip(),
    )
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError:
        raise ValidationError(
            _("该产品（名称、品牌、型号）已有针对此方案版本的对标结果。"), code="duplicate_result"
        ) from None
    ResultEvent.objects.create(
        result=result, actor=actor, actor_name=actor.username, from_status="", to_status=ReviewStatus.DRAFT
    )
    return result


@transaction.atomic
def result_update_product(
    *, actor: User, result: BenchmarkResult, product_name: str, brand: str, model: str, enterprise_standard: str
) -> BenchmarkResult:
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    result.product_name, result.brand, result.model = product_name.strip(), brand.strip(), model.strip()
    result.enterprise_standard = enterprise_standard.strip()
    try:
        with transaction.atomic():
            result.save(update_fields=["product_name", "brand", "model", "enterprise_standard", "updated_at"])
    except IntegrityError:
        raise ValidationError(
            _("该产品（名称、品牌、型号）已有针对此方案版本的对标结果。"), code="duplicate_result"
        ) from None
    return result


@dataclass(frozen=True)
class ValueInput:
    plan_indicator_id: int
    declared_value: float | None = None
    tested_value: float | None = None
    passed: bool | None = None
    unit: str = ""
    condition: str = ""


def _verdict_of(result: BenchmarkResult) -> Verdict:
    values = result.values.select_related("plan_indicator__indicator")
    return evaluate_values(result.plan_version, values)


@transaction.atomic
def result_save_values(*, actor: User, result: BenchmarkResult, values: Sequence[ValueInput]) -> Verdict:
    """Replace the result's indicator values and store the verdict they give."""
    given, result = result, BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    allowed = set(PlanIndicator.objects.filter(version_id=result.plan_version_id).values_list("id", flat=True))
    unknown = [v.plan_indicator_id for v in values if v.plan_indicator_id not in allowed]
    if unknown:
        raise ValidationError(_("指标不属于此对标方案。"), code="foreign_indicator")
    result.values.all().delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            result=result, plan_indicator_id=v.plan_indicator_id, declared_value=v.declared_value,
            tested_value=v.tested_value, passed=v.passed, unit=v.unit.strip(), condition=v.condition.strip(),
        )
        for v in values
        if v.declared_value is not None or v.tested_value is not None or v.passed is not None
    )
    return result_recompute(result=given)


def result_recompute(*, result: BenchmarkResult) -> Verdict:
    verdict = _verdict_of(result)
    BenchmarkResult.objects.filter(pk=result.pk).update(
        level=verdict.level.value, verdict=verdict.to_json(), updated_at=timezone.now()
    )
    result.level, result.verdict = verdict.level.value, verdict.to_json()
    return verdict


@transaction.atomic
def result_add_report(
    *, actor: User, result: BenchmarkResult, report_number: str, issued_on,
    institution: Institution | None = None, issuer_name: str = "", upload: UploadedFile | None = None,
) -> TestReport:
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    if institution is not None and institution.status != AccreditationStatus.ACCREDITED:
        raise ValidationError(_("所选机构未获认定，请从名录中选择或填写机构名称。"), code="institution_not_accredited")
    if institution is None and not issuer_name.strip():
        raise ValidationError(_("请选择检测机构或填写出具机构名称。"), code="issuer_required")
    if upload is not None:
        validate_pdf(upload)  # before anything is stored
    report = TestReport(
        result=result, report_number=report_number.strip(), issued_on=issued_on,
        institution=institution, issuer_name=issuer_name.strip(),
    )
    if upload is not None:
        report.file.save(upload.name, upload, save=False)
    report.save()
    return report
