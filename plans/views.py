"""“我的对标方案”: enterprises' own plans and institutions' industry plans, drafted, submitted,
returned, resubmitted and versioned. Views parse and call benchmarking.services; every object
is checked with ``authors_plan`` and is a 404 to anyone else."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import plan_author_required
from accounts.rules import is_enterprise_user, is_institution_user
from benchmarking.reviewers import reviewing_office
from core.forms import add_service_error
from core.models import ReviewStatus
from core.portal import keyset_page, search_text, show_refusal
from core.workflow import TransitionRefused
from plans import services
from plans.models import PlanAuthorKind, PlanEvent, PlanStandard, PlanVersion, TechnicalPlan
from standards.models import Standard

from .display import content_matrix, kind_group
from .forms import PlanCreateForm, PlanEditor, category_options, indicator_search, pk_of, standard_search
from .rules import authors_plan, drafts_plans, edits_plan, why_not_drafting, why_not_editing
from .selectors import plan_reviewing_office


def _own_plans(user):
    if is_enterprise_user(user):
        return TechnicalPlan.objects.filter(author_kind=PlanAuthorKind.ENTERPRISE, enterprise_id=user.enterprise_id)
    if is_institution_user(user):
        return TechnicalPlan.objects.filter(institution_id=user.institution_id)
    # The campaign office's own drafts: industry plans no institution drafted.
    return TechnicalPlan.objects.filter(author_kind=PlanAuthorKind.INDUSTRY, institution__isnull=True)


def _version_or_404(request, pk: int) -> PlanVersion:
    version = get_object_or_404(
        PlanVersion.objects.select_related("plan__category", "plan__enterprise", "plan__institution", "based_on__plan"),
        pk=pk,
    )
    if not authors_plan(request.user, version):
        raise Http404  # not "forbidden": the plan's existence is not the visitor's business
    return version


def _plan_or_404(request, pk: int) -> TechnicalPlan:
    plan = get_object_or_404(TechnicalPlan.objects.select_related("category"), pk=pk)
    if not authors_plan(request.user, PlanVersion(plan=plan)):
        raise Http404
    return plan


# --- lists ----------------------------------------------------------------------------------------

@plan_author_required
@require_safe
def my_plans(request):
    plans = (
        _own_plans(request.user).select_related("category")
        .prefetch_related(Prefetch("versions", queryset=PlanVersion.objects.order_by("-number")))
    )
    page = keyset_page(request, plans, order=("-created_at", "-id"))
    reviewer = reviewing_office(request.user.enterprise.city) if is_enterprise_user(request.user) else None
    return render(request, "plans/my_plans.html", {"page": page, "plans": page.rows, "reviewer": reviewer})


@plan_author_required
@require_safe
def category_options_view(request):
    options = category_options(search_text(request, "category_q"))
    return render(request, "plans/_category_options.html", {"categories": options})


@plan_author_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_create(request):
    if not drafts_plans(request.user):
        raise PermissionDenied(why_not_drafting(request.user))
    form = PlanCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.plan_create(
                actor=request.user, category=data["category"], title_zh=data["title_zh"], title_en=data["title_en"]
            )
        except (ValidationError, TransitionRefused) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("方案已创建，请填写比对标准、技术指标和指标要求。"))
            return redirect("plans:version_edit", pk=version.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@plan_author_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_adopt(request):
    if not is_enterprise_user(request.user):
        raise Http404
    if request.method == "POST":
        chosen = request.POST.get("version") or ""
        industry_version = PlanVersion.objects.filter(
            pk=int(chosen) if chosen.isdigit() and len(chosen) < 19 else 0,
            status=ReviewStatus.PUBLISHED, plan__author_kind=PlanAuthorKind.INDUSTRY,
        ).select_related("plan").first()
        if industry_version is None:
            messages.error(request, _("请选择一个已发布的行业对标技术方案。"))
            return redirect("plans:plan_adopt")
        try:
            version = services.plan_adopt(actor=request.user, industry_version=industry_version)
        except (ValidationError, TransitionRefused) as error:
            show_refusal(request, error)
            return redirect("plans:plan_adopt")
        messages.success(request, _("已采用行业方案，可按本企业产品调整后提交审核。"))
        return redirect("plans:version_edit", pk=version.pk)
    query = search_text(request)
    versions = (
        PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED, plan__author_kind=PlanAuthorKind.INDUSTRY)
        .select_related("plan__category")
        .prefetch_related(Prefetch("standards", queryset=PlanStandard.objects.select_related("standard")))
    )
    if query:
        versions = versions.filter(
            Q(plan__title_zh__icontains=query) | Q(plan__code__icontains=query)
            | Q(plan__category__name_zh__icontains=query) | Q(plan__category__code__icontains=query)
        )
    page = keyset_page(request, versions, order=("plan__category__code", "plan__code", "id"), per_page=15)
    return render(request, "plans/plan_adopt.html", {
        "page": page, "versions": page.rows, "query": query,
        "reviewer": reviewing_office(request.user.enterprise.city),
    })


# --- one plan -------------------------------------------------------------------------------------

@plan_author_required
@require_safe
def plan_detail(request, pk: int):
    plan = _plan_or_404(request, pk)
    latest = plan.versions.order_by("-number").first()
    if latest is None:
        raise Http404
    return redirect("plans:version_detail", pk=latest.pk)


@plan_author_required
@require_safe
def version_detail(request, pk: int):
    version = _version_or_404(request, pk)
    plan = version.plan
    versions = list(plan.versions.order_by("-number"))
    standards, matrix = content_matrix(version)
    events = PlanEvent.objects.filter(version__plan=plan).select_related("version").order_by("-created_at", "-id")
    last_return = next((e for e in events if e.to_status == ReviewStatus.RETURNED and e.version_id == version.pk), None)
    pending = any(v.status in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED) for v in versions)
    return render(request, "plans/version_detail.html", {
        "version": version, "plan": plan, "versions": versions, "standards": standards, "matrix": matrix,
        "events": events, "last_return": last_return if version.status == ReviewStatus.RETURNED else None,
        "editable": version.status in ReviewStatus.editable() and edits_plan(request.user, version),
        "can_submit": services.PLAN_WORKFLOW.can("submit", version, request.user),
        "can_new_version": (version.status == ReviewStatus.PUBLISHED and not pending
                            and edits_plan(request.user, version)),
        "why_read_only": "" if edits_plan(request.user, version) else why_not_editing(request.user, version),
        "can_use_for_result": version.status == ReviewStatus.PUBLISHED and is_enterprise_user(request.user),
        "reviewer": plan_reviewing_office(version) if version.status == ReviewStatus.SUBMITTED else None,
    })


def _editor_context(editor: PlanEditor) -> dict:
    version = editor.version
    last_return = None
    if version.status == ReviewStatus.RETURNED:
        last_return = version.events.filter(to_status=ReviewStatus.RETURNED).order_by("-created_at", "-id").first()
    return {
        "version": version, "plan": version.plan, "editor": editor, "grid": editor.grid(), "last_return": last_return,
    }


@plan_author_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_edit(request, pk: int):
    version = _version_or_404(request, pk)
    if version.status not in ReviewStatus.editable():
        messages.info(request, _("方案版本处于“%(state)s”状态，不能修改。") % {"state": version.get_status_display()})
        return redirect("plans:version_detail", pk=version.pk)
    if not edits_plan(request.user, version):
        messages.info(request, why_not_editing(request.user, version))
        return redirect("plans:version_detail", pk=version.pk)
    if request.method == "GET":
        return render(request, "plans/version_edit.html", _editor_context(PlanEditor.from_version(version)))
    editor = PlanEditor.from_post(version, request.POST)
    action = request.POST.get("action")
    if editor.apply_action(request.POST) or action not in ("save", "submit"):
        return render(request, "plans/version_edit.html", _editor_context(editor))
    inputs = editor.service_inputs()
    if inputs is None:
        return render(request, "plans/version_edit.html", _editor_context(editor), status=422)
    standards, indicators, requirements = inputs
    try:
        services.plan_set_content(
            actor=request.user, version=version, standards=standards, indicators=indicators,
            requirements=requirements, improvement_measures=editor.improvement_measures,
        )
    except TransitionRefused as error:
        editor.errors.append(error.message)
        return render(request, "plans/version_edit.html", _editor_context(editor), status=422)
    except ValidationError as error:
        editor.errors.extend(error.messages)
        return render(request, "plans/version_edit.html", _editor_context(editor), status=422)
    if action == "submit":
        try:
            services.plan_submit(actor=request.user, version=version)
        except TransitionRefused as error:
            messages.error(request, error.message)
            return redirect("plans:version_edit", pk=version.pk)
        office = plan_reviewing_office(version).name
        messages.success(request, _("方案已保存并提交，由%(office)s审核。") % {"office": office})
        return redirect("plans:version_detail", pk=version.pk)
    messages.success(request, _("方案草稿已保存。"))
    return redirect("plans:version_edit", pk=version.pk)


@plan_author_required
@require_safe
def version_standard_search(request, pk: int):
    version = _version_or_404(request, pk)
    exclude = {int(v) for v in request.GET.getlist("standard") if v.isdigit()}
    found = standard_search(search_text(request, "standard_q"), exclude)
    return render(request, "plans/_standard_results.html", {
        "version": version, "standards": [(s, kind_group(s.kind)) for s in found],
        "query": search_text(request, "standard_q"),
    })


@plan_author_required
@require_safe
def version_indicator_search(request, pk: int):
    version = _version_or_404(request, pk)
    exclude = {int(v) for v in request.GET.getlist("indicator") if v.isdigit()}
    found = indicator_search(search_text(request, "indicator_q"), exclude)
    return render(request, "plans/_indicator_results.html", {
        "version": version, "indicators": found, "query": search_text(request, "indicator_q"),
    })


@plan_author_required
@require_POST
def plan_submit(request, pk: int):
    version = _version_or_404(request, pk)
    try:
        services.plan_submit(actor=request.user, version=version)
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
    else:
        office = plan_reviewing_office(version).name
        messages.success(request, _("方案已提交，由%(office)s审核。") % {"office": office})
    return redirect("plans:version_detail", pk=version.pk)


@plan_author_required
@require_POST
def plan_new_version(request, pk: int):
    plan = _plan_or_404(request, pk)
    # From a standard-change notice: the new version compares with the replacement instead.
    replaced = Standard.objects.filter(pk=pk_of(request.POST.get("replace")) or 0, replaced_by__isnull=False).first()
    replacing = {replaced.pk: replaced.replaced_by_id} if replaced else None
    try:
        version = services.plan_new_version(actor=request.user, plan=plan, replacing=replacing)
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
        latest = plan.versions.order_by("-number").first()
        return redirect("plans:version_detail", pk=latest.pk) if latest else redirect("plans:my_plans")
    messages.success(
        request, _("已创建第 %(number)s 版草稿；已发布的版本和据其填报的结果不受影响。") % {"number": version.number}
    )
    if replaced:
        messages.info(request, _("%(old)s 已换为 %(new)s，指标要求沿用原标准的限值，请按新标准逐项核对。") % {
            "old": replaced.code, "new": replaced.replaced_by.code})
    return redirect("plans:version_edit", pk=version.pk)
