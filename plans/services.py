"""Technical plans: drafting, adopting, versioning, review and publication.

A plan's content lives on its versions. Publishing a version supersedes the previously published
one; results keep pointing at the version they were made against, so they never change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.rules import is_campaign_office, is_enterprise_user, is_institution_user
from benchmarking.models import ProductCategory
from companies.rules import ensure_enterprise_may_publish
from core.imports.errors import ImportRefused
from core.models import AuditAction, ReviewStatus
from core.notifications import absolute_url, admin_change_link, email_on_transition
from core.services import audit
from core.workflow import Transition, TransitionRefused, Workflow
from standards.models import Indicator, Standard
from verdict import Direction, PlanProblem, PlanProblemKind, plan_problems

from .models import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)
from .rules import drafts_plans, edits_plan, reviews_plan, why_not_drafting, why_not_editing
from .selectors import plan_reviewing_office
from .specs import spec_for_version

# The directions a core indicator can rank by: one value is better than another.
RANKABLE = (Direction.HIGHER_BETTER, Direction.LOWER_BETTER)


@dataclass(frozen=True)
class StandardInput:
    standard: Standard
    is_benchmark: bool = False
    grade: str = ""


@dataclass(frozen=True)
class IndicatorInput:
    indicator: Indicator
    unit: str | None = None  # None: the library indicator's unit
    requires_test: bool = False
    is_core: bool = False


@dataclass(frozen=True)
class RequirementInput:
    standard: Standard
    indicator: Indicator
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    condition: str = ""


def _next_plan_code() -> str:
    year = timezone.localdate().year
    prefix = f"TP{year}-"
    last = (
        TechnicalPlan.objects.select_for_update().filter(code__startswith=prefix).order_by("-code")
        .values_list("code", flat=True).first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def plan_create(
    *, actor, category: ProductCategory, title_zh: str, title_en: str = "", drafting_body: str = "",
) -> PlanVersion:
    """A new plan with an empty draft version 1, authored by whoever the actor acts for; an
    institution drafts only while accredited."""
    if not drafts_plans(actor):
        raise TransitionRefused(why_not_drafting(actor), code="forbidden")
    fields = {"category": category, "title_zh": title_zh.strip(), "title_en": title_en.strip(), "created_by": actor}
    if is_enterprise_user(actor):
        enterprise = actor.enterprise
        fields |= {"author_kind": PlanAuthorKind.ENTERPRISE, "enterprise": enterprise, "city_id": enterprise.city_id,
                   "drafting_body": enterprise.name}
    elif is_institution_user(actor):
        fields |= {"author_kind": PlanAuthorKind.INDUSTRY, "institution": actor.institution,
                   "drafting_body": actor.institution.name}
    else:
        body = drafting_body.strip() or _("百千万行动办公室")
        fields |= {"author_kind": PlanAuthorKind.INDUSTRY, "drafting_body": body}
    plan = TechnicalPlan.objects.create(code=_next_plan_code(), **fields)
    version = PlanVersion.objects.create(plan=plan, number=1)
    PLAN_WORKFLOW.record_created(obj=version, actor=actor)
    return version


def _require_editable(*, actor, version: PlanVersion) -> None:
    if not edits_plan(actor, version):
        raise TransitionRefused(why_not_editing(actor, version), code="forbidden")
    if version.status not in ReviewStatus.editable():
        raise TransitionRefused(
            _("方案版本处于“%(state)s”状态，不能修改。") % {"state": version.get_status_display()}, code="read_only"
        )


@transaction.atomic
def plan_set_content(
    *, actor, version: PlanVersion, standards: Sequence[StandardInput], indicators: Sequence[IndicatorInput],
    requirements: Sequence[RequirementInput], improvement_measures: str | None = None,
) -> PlanVersion:
    """Replace a draft version's compared standards, indicators and requirements at once."""
    version = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    _require_editable(actor=actor, version=version)
    if not standards or not indicators:
        raise ValidationError(_("方案至少需要一个比对标准和一个技术指标。"), code="empty_plan")
    if not any(s.is_benchmark for s in standards):
        raise ValidationError(_("请至少指定一个对标标准。"), code="no_benchmark")
    standard_ids = [s.standard.pk for s in standards]
    indicator_ids = [i.indicator.pk for i in indicators]
    if len(set(standard_ids)) != len(standard_ids) or len(set(indicator_ids)) != len(indicator_ids):
        raise ValidationError(_("同一标准或指标不能重复添加。"), code="duplicate")
    before = _content_text(version)
    version.requirements.all().delete()
    version.standards.all().delete()
    version.indicators.all().delete()
    plan_standards = {
        s.standard.pk: PlanStandard.objects.create(
            version=version, standard=s.standard, grade=s.grade.strip(), is_benchmark=s.is_benchmark, position=i
        )
        for i, s in enumerate(standards)
    }
    plan_indicators = {
        i.indicator.pk: PlanIndicator.objects.create(
            version=version, indicator=i.indicator, unit=i.indicator.unit if i.unit is None else i.unit.strip(),
            direction=i.indicator.direction, is_difference=i.indicator.is_difference, position=position,
            requires_test=i.requires_test, is_core=i.is_core and i.indicator.direction in RANKABLE,
        )
        for position, i in enumerate(indicators)
    }
    for r in requirements:
        if r.standard.pk not in plan_standards or r.indicator.pk not in plan_indicators:
            raise ValidationError(_("指标要求引用了方案之外的标准或指标。"), code="foreign_requirement")
    PlanRequirement.objects.bulk_create(
        PlanRequirement(
            version=version,
            plan_standard=plan_standards[r.standard.pk],
            plan_indicator=plan_indicators[r.indicator.pk],
            minimum=r.minimum, maximum=r.maximum, unit=r.unit.strip(), condition=r.condition.strip(),
        )
        for r in requirements
    )
    if improvement_measures is not None:
        version.improvement_measures = improvement_measures.strip()
        version.save(update_fields=["improvement_measures"])
    _check_evaluable(version)
    after = _content_text(version)
    if before != after:
        audit(actor=actor, instance=version, action=AuditAction.CHANGED, changes={"content": (before, after)})
    return version


def _content_text(version: PlanVersion) -> list[str]:
    """A version's content as its audit row records it: each requirement as standard×indicator limits."""
    return sorted(
        f"{code}{' ' + grade if grade else ''}{'*' if benchmark else ''}×{key}: {minimum}..{maximum} {unit}"
        f"{' @' + condition if condition else ''}".rstrip()
        for code, grade, benchmark, key, minimum, maximum, unit, condition in version.requirements.values_list(
            "plan_standard__standard__code", "plan_standard__grade", "plan_standard__is_benchmark",
            "plan_indicator__indicator__key", "minimum", "maximum", "unit", "condition")
    ) + [f"tested: {key}" for key in version.indicators.filter(requires_test=True).values_list(
        "indicator__key", flat=True)] + [f"core: {key}" for key in version.indicators.filter(is_core=True).values_list(
        "indicator__key", flat=True)] + [f"improvement: {version.improvement_measures}"] * bool(
        version.improvement_measures)


_PROBLEM_MESSAGES = {
    PlanProblemKind.DUPLICATE_INDICATOR: gettext_lazy("指标“%(indicator)s”重复。"),
    PlanProblemKind.UNKNOWN_INDICATOR: gettext_lazy("%(standard)s 的要求引用了方案之外的指标“%(indicator)s”。"),
    PlanProblemKind.DUPLICATE_REQUIREMENT: gettext_lazy("%(standard)s 对“%(indicator)s”在同一测试条件下有两条要求。"),
    PlanProblemKind.LIMITS_DO_NOT_FIT_DIRECTION: gettext_lazy(
        "%(standard)s 对“%(indicator)s”的限值与指标方向不符：越高越好只填下限，越低越好只填上限，区间至少填一个，"
        "合格/不合格不填限值。"
    ),
    PlanProblemKind.UNKNOWN_UNIT: gettext_lazy("“%(indicator)s”%(standard)s 的单位无法识别。"),
    PlanProblemKind.INCOMPATIBLE_UNITS: gettext_lazy("%(standard)s 对“%(indicator)s”的单位无法换算为方案单位。"),
    PlanProblemKind.BENCHMARK_INCONSISTENT: gettext_lazy("%(standard)s 的对标标记不一致。"),
    PlanProblemKind.NO_BENCHMARK: gettext_lazy("对标标准还没有任何指标要求：请为对标标准填写指标要求。"),
    PlanProblemKind.IMPOSSIBLE_LIMIT: gettext_lazy(
        "%(standard)s 对“%(indicator)s”的限值超出该指标可能的取值范围（如阻力不能为负、含量不超过 100 %%）。"),
}


def plan_problem_messages(problems: Sequence[PlanProblem], names: Mapping[str, str]) -> list[str]:
    """The verdict engine's plan problems in the user's words; ``names``: indicator key → name.
    Shared with the plans import (plans.import_kinds)."""
    messages = []
    for p in problems:
        message = _PROBLEM_MESSAGES.get(p.kind)
        if message is None:
            messages.append(_("方案内容有误：%(detail)s") % {"detail": p.detail or p.kind})
            continue
        text = message % {"indicator": names.get(p.indicator_key, p.indicator_key), "standard": p.standard_code}
        messages.append(f"{text}（{p.detail}）" if p.detail else text)
    return messages


def _check_evaluable(version: PlanVersion) -> None:
    """A plan the verdict engine cannot evaluate must not be saved (units, limits, benchmarks)."""
    problems = plan_problems(spec_for_version(version))
    if problems:
        names = dict(version.indicators.values_list("indicator__key", "indicator__name_zh"))
        raise ValidationError(plan_problem_messages(problems, names), code="invalid_plan")


def _copy_content(source: PlanVersion, target: PlanVersion, replacing: Mapping[int, int] | None = None) -> None:
    """Copy the standards, indicators and limits; ``replacing`` (standard id → its replacement's)
    puts the replacement where the old standard was, with the old limits for the author to check."""
    replacing = replacing or {}
    standards = {ps.pk: PlanStandard.objects.create(
        version=target, standard_id=replacing.get(ps.standard_id, ps.standard_id), grade=ps.grade,
        is_benchmark=ps.is_benchmark, position=ps.position,
    ) for ps in source.standards.all()}
    indicators = {pi.pk: PlanIndicator.objects.create(
        version=target, indicator_id=pi.indicator_id, unit=pi.unit, direction=pi.direction,
        is_difference=pi.is_difference, position=pi.position, requires_test=pi.requires_test, is_core=pi.is_core,
    ) for pi in source.indicators.all()}
    PlanRequirement.objects.bulk_create(
        PlanRequirement(
            version=target,
            plan_standard=standards[r.plan_standard_id],
            plan_indicator=indicators[r.plan_indicator_id],
            minimum=r.minimum, maximum=r.maximum, unit=r.unit, condition=r.condition,
        )
        for r in source.requirements.all()
    )


@transaction.atomic
def plan_adopt(*, actor, industry_version: PlanVersion, title_zh: str = "") -> PlanVersion:
    """An enterprise's own plan that starts as a copy of a published industry plan."""
    adoptable = industry_version.plan.author_kind == PlanAuthorKind.INDUSTRY
    if industry_version.status != ReviewStatus.PUBLISHED or not adoptable:
        raise ValidationError(_("只能采用已发布的行业对标技术方案。"), code="not_adoptable")
    if not is_enterprise_user(actor):
        raise TransitionRefused(_("只有企业可以采用行业方案。"), code="forbidden")
    source_plan = industry_version.plan
    version = plan_create(
        actor=actor, category=source_plan.category, title_zh=title_zh or source_plan.title_zh,
        title_en=source_plan.title_en,
    )
    version.based_on = industry_version
    version.save(update_fields=["based_on"])
    _copy_content(industry_version, version)
    return version


@transaction.atomic
def plan_new_version(*, actor, plan: TechnicalPlan, replacing: Mapping[int, int] | None = None) -> PlanVersion:
    """A new draft version copied from the published one; results made so far keep theirs.
    ``replacing`` (standard id → replacement id) swaps replaced standards for their replacements."""
    published = plan.versions.filter(status=ReviewStatus.PUBLISHED).first()
    if published is None:
        raise ValidationError(_("方案尚无已发布版本。"), code="nothing_published")
    if not edits_plan(actor, published):
        raise TransitionRefused(why_not_editing(actor, published), code="forbidden")
    if plan.versions.filter(status__in=[ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED]).exists():
        raise ValidationError(_("方案已有未发布的新版本。"), code="draft_exists")
    number = (plan.versions.aggregate(Max("number"))["number__max"] or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan, number=number, based_on=published, improvement_measures=published.improvement_measures
    )
    if replacing:
        compared = set(published.standards.values_list("standard_id", flat=True))
        if compared.intersection(replacing.values()):
            raise ValidationError(_("方案已比对代替标准，无需替换。"), code="replacement_compared")
    _copy_content(published, version, replacing)
    PLAN_WORKFLOW.record_created(obj=version, actor=actor)
    return version


# --- review ---------------------------------------------------------------------------------

def _on_submit(version: PlanVersion) -> list[str]:
    if not version.standards.exists() or not version.requirements.exists():
        raise TransitionRefused(_("方案还没有比对标准和指标要求，不能提交。"), code="empty_plan")
    version.submitted_at = timezone.now()
    return ["submitted_at"]


def _on_approve(version: PlanVersion) -> list[str]:
    ensure_enterprise_may_publish(version.plan.enterprise)  # an enterprise plan: None for industry plans
    version.published_at = timezone.now()
    return ["published_at"]


def _plan_addresses(version: PlanVersion) -> list[str]:
    plan = version.plan
    party = plan.enterprise or plan.institution
    if party is None:
        return []
    return [party.contact_email, *party.users.filter(is_active=True).values_list("email", flat=True)]


def _reviewer_addresses(version: PlanVersion) -> list[str]:
    return plan_reviewing_office(version).addresses()


def _author_link(version: PlanVersion) -> str:
    return absolute_url(reverse("plans:version_detail", args=[version.pk]))




PLAN_WORKFLOW = Workflow(model=PlanVersion, event_model=PlanEvent, event_field="version")
PLAN_WORKFLOW.add(Transition(
    name="submit", label=gettext_lazy("提交审核"),
    sources=frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED}), target=ReviewStatus.SUBMITTED,
    allowed=lambda user, version: edits_plan(user, version), effect=_on_submit,
    notify=email_on_transition(
        "plan_submitted", _reviewer_addresses, context_name="version", link=admin_change_link),
))
PLAN_WORKFLOW.add(Transition(
    name="approve", changes_public_data=True, label=gettext_lazy("审核通过并发布"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.PUBLISHED,
    allowed=lambda user, version: reviews_plan(user, version), effect=_on_approve,
    notify=email_on_transition(
        "plan_approved", _plan_addresses, context_name="version", link=_author_link),
))
PLAN_WORKFLOW.add(Transition(
    name="supersede", changes_public_data=True, label=gettext_lazy("被新版本取代"),
    sources=frozenset({ReviewStatus.PUBLISHED}), target=ReviewStatus.SUPERSEDED,
    allowed=lambda user, version: reviews_plan(user, version),
))
PLAN_WORKFLOW.add(Transition(
    name="return", label=gettext_lazy("退回修改"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.RETURNED,
    allowed=lambda user, version: reviews_plan(user, version), requires_reason=True,
    notify=email_on_transition(
        "plan_returned", _plan_addresses, context_name="version", link=_author_link),
))


# An import of industry plans by the campaign office publishes each as its version 1 (recorded in
# bulk: ``plans_publish_imported``).
PLAN_WORKFLOW.add(Transition(
    name="publish_imported", changes_public_data=True, label=gettext_lazy("批量导入发布"),
    sources=frozenset(), target=ReviewStatus.PUBLISHED,
    allowed=lambda user, version: reviews_plan(user, version), bulk_allowed=is_campaign_office,
))


def plan_submit(*, actor, version: PlanVersion) -> PlanVersion:
    return PLAN_WORKFLOW.apply(obj=version, name="submit", actor=actor)


@transaction.atomic
def plan_approve(*, actor, version: PlanVersion) -> PlanVersion:
    """Publish ``version``; the plan's version published until now is superseded first (a plan has
    one published version), by the same reviewer — both roll back if the approval is refused."""
    previous = PlanVersion.objects.filter(plan_id=version.plan_id, status=ReviewStatus.PUBLISHED).exclude(pk=version.pk)
    for old in previous:
        PLAN_WORKFLOW.apply(obj=old, name="supersede", actor=actor,
                            reason=_("被版本 %(number)s 取代") % {"number": version.number})
    return PLAN_WORKFLOW.apply(obj=version, name="approve", actor=actor)


def plan_return(*, actor, version: PlanVersion, reason: str) -> PlanVersion:
    return PLAN_WORKFLOW.apply(obj=version, name="return", actor=actor, reason=reason)


# --- imports --------------------------------------------------------------------------------------

IMPORT_REASON = "批量导入发布"  # stored on the event as written, like every reviewer's reason


@dataclass(frozen=True)
class ImportedPlan:
    """An industry plan as an import states it: its fields, and its first version's content."""

    code: str
    title_zh: str
    title_en: str
    category_id: int
    drafting_body: str
    institution_id: int | None
    standards: list[tuple[int, str, bool]]  # standard id, grade, is the benchmark
    indicators: list[tuple[int, str, str, bool]]  # indicator id, unit, direction, is a difference
    requirements: list[tuple]  # standard id, indicator id, minimum, maximum, unit, condition


@transaction.atomic
def plans_publish_imported(*, plans: Sequence[ImportedPlan], actor) -> list[PlanVersion]:
    """New industry plans from an import (the campaign office's), each published as its version 1:
    recorded through the workflow (``publish_imported``) like a reviewer's publication."""
    taken = list(TechnicalPlan.objects.select_for_update().filter(code__in=[p.code for p in plans])
                 .values_list("code", flat=True))
    if taken:
        raise ImportRefused(_("方案 %(codes)s 在导入期间已由他人创建，未导入任何数据，请重新导入。") % {
            "codes": "、".join(taken[:10])}, code="changed_meanwhile")
    now = timezone.now()
    created_by = actor if getattr(actor, "pk", None) else None
    stored = TechnicalPlan.objects.bulk_create([
        TechnicalPlan(
            code=plan.code, title_zh=plan.title_zh, title_en=plan.title_en, category_id=plan.category_id,
            author_kind=PlanAuthorKind.INDUSTRY, drafting_body=plan.drafting_body,
            institution_id=plan.institution_id, created_by=created_by,
        )
        for plan in plans
    ])
    published = PLAN_WORKFLOW.transition("publish_imported").target
    versions = PlanVersion.objects.bulk_create([
        PlanVersion(plan=plan, number=1, status=published, submitted_at=now, published_at=now) for plan in stored
    ])
    standards, indicators = [], []
    for plan, version in zip(plans, versions, strict=True):
        for position, (standard_id, grade, is_benchmark) in enumerate(plan.standards):
            standards.append(PlanStandard(version=version, standard_id=standard_id, grade=grade,
                                          is_benchmark=is_benchmark, position=position))
        for position, (indicator_id, unit, direction, is_difference) in enumerate(plan.indicators):
            indicators.append(PlanIndicator(version=version, indicator_id=indicator_id, unit=unit,
                                            direction=direction, is_difference=is_difference, position=position))
    PlanStandard.objects.bulk_create(standards)
    PlanIndicator.objects.bulk_create(indicators)
    standard_of = {(s.version_id, s.standard_id): s for s in standards}
    plan_indicator_of = {(i.version_id, i.indicator_id): i for i in indicators}
    PlanRequirement.objects.bulk_create([
        PlanRequirement(
            version=version, plan_standard=standard_of[(version.pk, standard_id)],
            plan_indicator=plan_indicator_of[(version.pk, indicator_id)], minimum=minimum, maximum=maximum,
            unit=unit, condition=condition,
        )
        for plan, version in zip(plans, versions, strict=True)
        for standard_id, indicator_id, minimum, maximum, unit, condition in plan.requirements
    ])
    PLAN_WORKFLOW.record_bulk(name="publish_imported", changes=[(v.pk, "") for v in versions], actor=actor,
                              reason=IMPORT_REASON)
    return versions
