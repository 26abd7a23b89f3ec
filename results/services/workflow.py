"""The review of benchmark results: draft → submitted → returned / published (→ withdrawn).

Approval publishes at once with its publication date. Every transition goes through
``RESULT_WORKFLOW``, which writes its event row; publication and withdrawal write their
statistics delta in the same transaction (``statistics``). An import that publishes or drafts
many results records the same transitions in bulk (``publish_imported``, ``draft_imported``).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user
from benchmarking.reviewers import reviewing_office
from companies.rules import ensure_enterprise_may_publish
from core.models import ReviewStatus
from core.notifications import absolute_url, admin_change_link, email_on_transition
from core.queue import enqueue_on_commit
from core.workflow import Transition, TransitionRefused, Workflow
from verdict import Level, Verdict

from ..evaluation import comparisons_missing, verdict_of
from ..models import BenchmarkResult, ResultEvent
from ..rules import owns_result, reviews_result
from ..selectors import covered_by_reports
from .statistics import stats_record_transition, stats_record_transitions

__all__ = [
    "RESULT_WORKFLOW",
    "TransitionRefused",
    "result_approve",
    "result_return",
    "result_submit",
    "result_withdraw",
    "submission_problems",
]


# --- notifications ----------------------------------------------------------------------------

def _enterprise_addresses(result: BenchmarkResult) -> list[str]:
    enterprise = result.enterprise
    return [enterprise.contact_email, *enterprise.users.filter(is_active=True).values_list("email", flat=True)]


def _reviewer_addresses(result: BenchmarkResult) -> list[str]:
    """Its city's pilot office, or the campaign office where that city has none."""
    return reviewing_office(result.city).addresses()


def _enterprise_link(result: BenchmarkResult) -> str:
    return absolute_url(reverse("results:result_detail", args=[result.pk]))




# --- effects ----------------------------------------------------------------------------------

def submission_problems(result: BenchmarkResult, verdict: Verdict) -> list[str]:
    """Everything that keeps a result from review, all at once: a benchmark or mandatory
    requirement without a comparable value (not tested so is not failed: nothing is stated
    yet), a tested value the plan asks for and did not get, tested values no report covers."""
    problems = []
    if verdict.level == Level.INCOMPLETE:
        problems.append(_("以下对标或强制性标准的要求还没有可比对的数值：%(missing)s。")
                        % {"missing": "；".join(comparisons_missing(verdict.gaps))})
    tested = {v.plan_indicator_id for v in result.values if v.is_tested}
    indicators = {pi.pk: pi for pi in result.plan_version.indicators.select_related("indicator")}
    untested = [pi.indicator.name_zh for pi in indicators.values() if pi.requires_test and pi.pk not in tested]
    if untested:
        problems.append(_("方案要求以下指标提供检测值（实测值）：%(names)s。") % {"names": "、".join(untested)})
    if tested:
        covered = covered_by_reports(result, tested=tested)
        if not result.reports.exists():
            problems.append(_("填写了实测值，请上传出具这些数值的检测报告。"))
        elif tested - covered:
            names = [indicators[pk].indicator.name_zh for pk in indicators if pk in tested - covered]
            problems.append(_("以下实测值没有任何检测报告覆盖：%(names)s（上传报告时勾选它检测的指标）。")
                            % {"names": "、".join(names)})
    return problems


def _on_submit(result: BenchmarkResult) -> list[str]:
    verdict = verdict_of(result)
    problems = submission_problems(result, verdict)
    if problems:
        raise TransitionRefused(" ".join(problems), code="values_missing")
    result.level = verdict.level.value
    result.submitted_at = timezone.now()
    return ["level", "submitted_at"]


def _on_approve(result: BenchmarkResult) -> list[str]:
    ensure_enterprise_may_publish(result.enterprise)
    result.published_at = timezone.now()
    stats_record_transition(result=result, sign=+1)
    enqueue_on_commit("results.tasks.rank_plan_version", version_id=result.plan_version_id)
    return ["published_at"]


def _on_withdraw(result: BenchmarkResult) -> list[str]:
    result.withdrawn_at = timezone.now()
    stats_record_transition(result=result, sign=-1)
    enqueue_on_commit("results.tasks.rank_plan_version", version_id=result.plan_version_id)
    return ["withdrawn_at"]


RESULT_WORKFLOW = Workflow(model=BenchmarkResult, event_model=ResultEvent, event_field="result")
RESULT_WORKFLOW.add(Transition(
    name="submit", label=gettext_lazy("提交审核"),
    sources=frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED}), target=ReviewStatus.SUBMITTED,
    allowed=lambda user, result: owns_result(user, result), effect=_on_submit,
    notify=email_on_transition(
        "result_submitted", _reviewer_addresses, context_name="result", link=admin_change_link),
))
RESULT_WORKFLOW.add(Transition(
    name="approve", changes_public_data=True, label=gettext_lazy("审核通过并发布"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.PUBLISHED,
    allowed=lambda user, result: reviews_result(user, result), effect=_on_approve,
    notify=email_on_transition(
        "result_approved", _enterprise_addresses, context_name="result", link=_enterprise_link),
))
RESULT_WORKFLOW.add(Transition(
    name="return", label=gettext_lazy("退回修改"),
    sources=frozenset({ReviewStatus.SUBMITTED}), target=ReviewStatus.RETURNED,
    allowed=lambda user, result: reviews_result(user, result), requires_reason=True,
    notify=email_on_transition(
        "result_returned", _enterprise_addresses, context_name="result", link=_enterprise_link),
))
RESULT_WORKFLOW.add(Transition(
    name="withdraw", changes_public_data=True, label=gettext_lazy("撤回已发布结果"),
    sources=frozenset({ReviewStatus.PUBLISHED}), target=ReviewStatus.WITHDRAWN,
    allowed=lambda user, result: owns_result(user, result) or reviews_result(user, result),
    effect=_on_withdraw,
))


# An import writes many results at once (``results.services.imported``); the statuses it sets
# are these transitions, recorded in bulk. The campaign office and city offices publish what they
# import (a city office only its city's enterprises: the import checks each row's scope); an
# enterprise's own rows become drafts again for it to complete.
RESULT_WORKFLOW.add(Transition(
    name="publish_imported", changes_public_data=True, label=gettext_lazy("批量导入发布"),
    sources=frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED, ReviewStatus.SUBMITTED}),
    target=ReviewStatus.PUBLISHED,
    allowed=lambda user, result: reviews_result(user, result),
    bulk_allowed=is_campaign_office | is_city_office,
    bulk_effect=lambda ids: stats_record_transitions(result_ids=ids, sign=+1),
))
RESULT_WORKFLOW.add(Transition(
    name="draft_imported", label=gettext_lazy("批量导入为草稿"),
    sources=frozenset({ReviewStatus.RETURNED}), target=ReviewStatus.DRAFT,
    allowed=lambda user, result: owns_result(user, result),
    bulk_allowed=is_enterprise_user,
))


def result_submit(*, actor: User, result: BenchmarkResult) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="submit", actor=actor)


def result_approve(*, actor: User, result: BenchmarkResult) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="approve", actor=actor)


def result_return(*, actor: User, result: BenchmarkResult, reason: str) -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="return", actor=actor, reason=reason)


def result_withdraw(*, actor: User, result: BenchmarkResult, reason: str = "") -> BenchmarkResult:
    return RESULT_WORKFLOW.apply(obj=result, name="withdraw", actor=actor, reason=reason)
