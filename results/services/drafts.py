"""An enterprise's work on its results before review: create, describe the product, type the
indicator values (the verdict recomputed and stored), attach test reports. Only the owner, and
only while a result is a draft or returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.rules import is_enterprise_user
from companies.models import Enterprise
from core.models import AuditAction, ReviewStatus
from core.services import audit, model_update
from core.uploads import validate_pdf
from core.workflow import TransitionRefused
from plans.models import PlanIndicator, PlanVersion
from thirdparty.models import AccreditationStatus, Institution
from verdict import Verdict

from ..evaluation import implausible, verdict_of
from ..indicator_values import IndicatorValue, in_plan_units
from ..models import BenchmarkResult, TestReport
from ..rules import owns_result
from .history import results_link_predecessors
from .workflow import RESULT_WORKFLOW

__all__ = [
    "result_add_report",
    "result_create",
    "result_recompute",
    "result_remove_report",
    "result_save_values",
    "result_update_product",
]


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
    if not (is_enterprise_user(actor) and actor.enterprise_id == enterprise.pk):
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
    RESULT_WORKFLOW.record_created(obj=result, actor=actor)
    if results_link_predecessors(version=plan_version, result_ids=[result.pk]):
        result.refresh_from_db(fields=["predecessor"])
    return result


@transaction.atomic
def result_update_product(
    *, actor: User, result: BenchmarkResult, product_name: str, brand: str, model: str, enterprise_standard: str
) -> BenchmarkResult:
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    data = {"product_name": product_name.strip(), "brand": brand.strip(), "model": model.strip(),
            "enterprise_standard": enterprise_standard.strip()}
    if BenchmarkResult.objects.filter(
        enterprise_id=result.enterprise_id, plan_version_id=result.plan_version_id, product_name=data["product_name"],
        brand=data["brand"], model=data["model"],
    ).exclude(pk=result.pk).exists():
        raise ValidationError(
            _("该产品（名称、品牌、型号）已有针对此方案版本的对标结果。"), code="duplicate_result"
        )
    try:
        with transaction.atomic():
            # A draft is not public: the public data stays as it is.
            result, _changed = model_update(actor=actor, instance=result, data=data, public=False)
    except IntegrityError:  # the same product written meanwhile
        raise ValidationError(
            _("该产品（名称、品牌、型号）已有针对此方案版本的对标结果。"), code="duplicate_result"
        ) from None
    return result


@transaction.atomic
def result_save_values(*, actor: User, result: BenchmarkResult, values: Sequence[IndicatorValue]) -> Verdict:
    """Replace the result's indicator values (those with a number or a pass/fail) and store the
    verdict they give."""
    given, result = result, BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    allowed = {pi.pk: pi for pi in PlanIndicator.objects.filter(version_id=result.plan_version_id)
               .select_related("indicator")}
    unknown = [v.plan_indicator_id for v in values if v.plan_indicator_id not in allowed]
    if unknown:
        raise ValidationError(_("指标不属于此对标方案。"), code="foreign_indicator")
    impossible = [
        f"{allowed[v.plan_indicator_id].indicator.name_zh}：{reason}"
        for v in values for number in (v.declared_value, v.tested_value) if number is not None
        for reason in [implausible(allowed[v.plan_indicator_id], number, v.unit.strip())] if reason
    ]
    if impossible:
        raise ValidationError(" ".join(impossible), code="impossible_value")
    given_values = in_plan_units(
        (replace(v, unit=v.unit.strip(), condition=v.condition.strip()) for v in values if v.is_given),
        {pk: pi.unit for pk, pi in allowed.items()},
    )
    keys = [v.key for v in given_values]
    if len(set(keys)) < len(keys):
        raise ValidationError(_("同一指标在同一测试条件下只能填写一个数值，请检查测试条件。"), code="duplicate_value")
    before, after = _values_text(result.values), _values_text(given_values)
    BenchmarkResult.objects.filter(pk=result.pk).update(values=given_values)
    given.values = given_values
    if before != after:
        audit(actor=actor, instance=result, action=AuditAction.CHANGED, changes={"values": (before, after)})
    return result_recompute(result=given)


def _values_text(values: Sequence[IndicatorValue]) -> list[str]:
    """Values as a result's audit row records them: indicator@condition=declared/tested/passed unit."""
    return sorted(
        f"{v.plan_indicator_id}@{v.condition}={v.declared_value}/{v.tested_value}/{v.passed} {v.unit}".rstrip()
        for v in values
    )


def result_recompute(*, result: BenchmarkResult) -> Verdict:
    verdict = verdict_of(result)
    BenchmarkResult.objects.filter(pk=result.pk).update(level=verdict.level.value, updated_at=timezone.now())
    result.level = verdict.level.value
    return verdict


@transaction.atomic
def result_add_report(
    *, actor: User, result: BenchmarkResult, report_number: str, issued_on,
    institution: Institution | None = None, issuer_name: str = "", upload: UploadedFile | None = None,
    indicator_ids: Sequence[int] | None = None,
) -> TestReport:
    """Attach a test report; ``indicator_ids`` are the plan indicators it tested (None: all of them)."""
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    plan_indicators = set(PlanIndicator.objects.filter(version_id=result.plan_version_id).values_list("id", flat=True))
    covered = plan_indicators if indicator_ids is None else set(indicator_ids)
    if not covered:
        raise ValidationError(_("请选择本报告检测了哪些指标。"), code="indicators_required")
    if not covered <= plan_indicators:
        raise ValidationError(_("指标不属于此对标方案。"), code="foreign_indicator")
    if institution is not None and institution.status != AccreditationStatus.ACCREDITED:
        raise ValidationError(_("所选机构未获认定，请从名录中选择或填写机构名称。"), code="institution_not_accredited")
    if institution is None and not issuer_name.strip():
        raise ValidationError(_("请选择检测机构或填写出具机构名称。"), code="issuer_required")
    extension = validate_pdf(upload) if upload is not None else None  # before anything is stored
    report = TestReport(
        result=result, report_number=report_number.strip(), issued_on=issued_on,
        # A registered institution is named by its row: the name is kept only for an issuer that is not.
        institution=institution, issuer_name="" if institution is not None else issuer_name.strip(),
    )
    if upload is not None:
        # Stored under a random name with the checked type's extension (the field's), never the
        # uploader's name; removed again if the row is not written.
        report.file.save(f"report.{extension}", upload, save=False)
    try:
        report.save()
        report.indicators.set(sorted(covered))
        audit(actor=actor, instance=result, action=AuditAction.CHANGED, changes={
            "reports": (None, f"{report.report_number} ({report.issued_on})")})
    except BaseException:
        if report.file:
            report.file.delete(save=False)
        raise
    return report


@transaction.atomic
def result_remove_report(*, actor: User, result: BenchmarkResult, report: TestReport) -> None:
    """Take a wrong report off a result that is still a draft or returned; its file goes with it
    once the removal commits."""
    result = BenchmarkResult.objects.select_for_update().get(pk=result.pk)
    _require_editable(actor=actor, result=result)
    report = TestReport.objects.get(pk=report.pk, result=result)
    audit(actor=actor, instance=result, action=AuditAction.CHANGED, changes={
        "reports": (f"{report.report_number} ({report.issued_on})", None)})
    stored = report.file
    report.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
