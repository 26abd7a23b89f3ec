"""标准变更通知: what an enterprise or an institution is told when a standard its plans or
published results compare with is replaced or withdrawn, and the way on from there (a plan's new
version with the replacement; a result benchmarked again against that version).

Views parse and call ``results.services``; a notice of another party is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.decorators import enterprise_required
from accounts.rules import is_enterprise_user, is_institution_user
from core.models import ReviewStatus
from core.portal import keyset_page, predicate_required, show_refusal
from core.workflow import TransitionRefused
from plans.models import PlanVersion

from . import selectors, services
from .views import _result_or_404

party_required = predicate_required(is_enterprise_user | is_institution_user)


@party_required
@require_safe
def standard_notices(request):
    notices = selectors.notices_of(request.user)
    page = keyset_page(request, notices, order=("-created_at", "-id"))
    today = timezone.localdate()
    rows = [(notice, notice.standard.change_text(today)) for notice in page.rows]
    return render(request, "results/standard_notices.html", {"page": page, "rows": rows})


@party_required
@require_safe
def standard_notice(request, pk: int):
    notice = get_object_or_404(selectors.notices_of(request.user), pk=pk)
    services.standard_notice_read(notice=notice)
    standard = notice.standard
    page = keyset_page(request, selectors.notice_results(notice), order=("product_name", "id"))
    # The published version of each plan on the page, in one query: a result can be benchmarked
    # again when its plan has published a later version than the result's.
    current = {plan_id: (number, pk) for plan_id, number, pk in PlanVersion.objects.filter(
        plan_id__in={r.plan_version.plan_id for r in page.rows}, status=ReviewStatus.PUBLISHED,
    ).values_list("plan_id", "number", "pk")}
    rows = [(result, current.get(result.plan_version.plan_id, (0, None))[0] > result.plan_version.number)
            for result in page.rows]
    return render(request, "results/standard_notice.html", {
        "notice": notice, "standard": standard, "change": standard.change_text(timezone.localdate()),
        "versions": selectors.notice_plan_versions(notice)[:100], "page": page, "rows": rows,
        "replaceable": standard.replaced_by_id is not None,
    })


@enterprise_required
@require_POST
def result_rebenchmark(request, pk: int):
    result = _result_or_404(request, pk)
    try:
        successor = services.result_rebenchmark(actor=request.user, result=result)
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
        return redirect("results:result_detail", pk=result.pk)
    messages.success(request, _("已按方案第 %(number)s 版新建对标结果草稿，产品信息和指标值已从原结果预填；"
                                "请核对数值并上传按新标准出具的检测报告后提交。") % {
        "number": successor.plan_version.number})
    return redirect("results:result_detail", pk=successor.pk)
