"""“我的对标结果”: an enterprise's benchmark results, from draft to publication.

Views parse and call results.services. Every object is checked with ``owns_result`` and is a 404
to anyone else. The live verdict runs the server's engine on the typed values without saving.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.decorators import enterprise_required
from benchmarking.reviewers import reviewing_office
from core.forms import add_service_error
from core.models import ReviewStatus
from core.portal import keyset_page, search_text, show_refusal
from core.upload_limits import upload_limits
from core.uploads import MAX_PDF_BYTES
from core.workflow import TransitionRefused
from verdict import Level

from . import selectors, services
from .evaluation import evaluate_values
from .forms import (
    ImprovementForm,
    ProductForm,
    ReportForm,
    ResultCreateForm,
    ResultValuesForm,
    WithdrawForm,
    accredited_institutions,
    plan_choices,
    value_rows,
)
from .models import BenchmarkResult
from .rules import owns_result
from .verdict_display import verdict_view

REPORT_ERROR_FIELDS = {
    "not_pdf": "file", "too_large": "file", "institution_not_accredited": "institution",
    "issuer_required": "issuer_name",
}


def _result_or_404(request, pk: int) -> BenchmarkResult:
    result = get_object_or_404(
        BenchmarkResult.objects.select_related("enterprise", "category", "plan_version__plan__category"), pk=pk
    )
    if not owns_result(request.user, result):
        raise Http404  # another enterprise's result does not exist for this visitor
    return result


# --- list and creation -------------------------------------------------------------------------------

@enterprise_required
@require_safe
def my_results(request):
    mine = BenchmarkResult.objects.filter(enterprise_id=request.user.enterprise_id)
    counts = dict(mine.order_by().values_list("status").annotate(n=Count("id")))
    status = request.GET.get("status") or ""
    results = mine.select_related("category", "plan_version__plan")
    if status in ReviewStatus.values:
        results = results.filter(status=status)
    else:
        status = ""
    page = keyset_page(request, results, order=("-updated_at", "-id"))
    tabs = [("", _("全部"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0))
        for value, label in ReviewStatus.choices
        if value != ReviewStatus.SUPERSEDED
    ]
    return render(request, "results/my_results.html", {
        "page": page, "results": page.rows, "status": status, "tabs": tabs,
        "reviewer": reviewing_office(request.user.enterprise.city),
    })


@enterprise_required
@require_safe
def plan_choices_view(request):
    options = plan_choices(request.user.enterprise_id, search_text(request, "plan_q"), request.GET.get("plan_version"))
    return render(request, "results/_plan_choices.html", {
        "plan_options": options, "selected_plan": request.GET.get("plan_version") or "",
    })


@enterprise_required
@require_http_methods(["GET", "HEAD", "POST"])
def result_create(request):
    form = ResultCreateForm(
        request.POST or None, enterprise_id=request.user.enterprise_id,
        query=request.POST.get("plan_q", "") if request.method == "POST" else "",
        initial_plan=request.GET.get("plan") if (request.GET.get("plan") or "").isdigit() else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.result_create(
                actor=request.user, enterprise=request.user.enterprise, plan_version=data["plan_version"],
                product_name=data["product_name"], brand=data["brand"], model=data["model"],
                enterprise_standard=data["enterprise_standard"],
            )
        except (ValidationError, TransitionRefused) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("对标结果已创建，请逐项填写指标数值。"))
            return redirect("results:result_detail", pk=result.pk)
    return render(request, "results/result_create.html", {"form": form})


# --- one result ---------------------------------------------------------------------------------------

def _plan_indicators(result: BenchmarkResult):
    return list(result.plan_version.indicators.select_related("indicator").order_by("position", "id"))


def _render_detail(request, result: BenchmarkResult, *, values_form=None, report_form=None, withdraw_form=None,
                   improvement_form=None, status: int = 200):
    editable = result.status in ReviewStatus.editable()
    rows = value_rows(result)
    plan_indicators = list(dict.fromkeys(row.plan_indicator for row in rows)) or _plan_indicators(result)
    if values_form is None and editable:
        values_form = ResultValuesForm(rows=rows)
    verdict = evaluate_values(result.plan_version, [row.stored for row in rows if row.stored]).to_json()
    events = list(result.events.order_by("-created_at", "-id"))
    last_return = next((e for e in events if e.to_status == ReviewStatus.RETURNED), None)
    return render(request, "results/result_detail.html", {
        "result": result, "plan_version": result.plan_version, "editable": editable, "rows": rows,
        "values_form": values_form, "verdict": verdict_view(verdict, plan_indicators),
        "reports": result.reports.select_related("institution").prefetch_related("indicators__indicator")
        .order_by("issued_on", "id"),
        # What a report that covers every tested value covers (an imported one).
        "tested_names": list(dict.fromkeys(
            row.plan_indicator.indicator.name_zh for row in rows
            if row.stored and row.stored.is_tested)),
        "report_form": report_form or (ReportForm(plan_indicators=plan_indicators) if editable else None),
        "submission_problems": (services.submission_problems(result, evaluate_values(
            result.plan_version, [row.stored for row in rows if row.stored])) if editable else []),
        "withdraw_form": withdraw_form or WithdrawForm(),
        "events": events,
        "last_return": last_return if result.status == ReviewStatus.RETURNED else None,
        "can_submit": services.RESULT_WORKFLOW.can("submit", result, request.user),
        "can_withdraw": services.RESULT_WORKFLOW.can("withdraw", result, request.user),
        "reviewer": reviewing_office(result.city) if result.status == ReviewStatus.SUBMITTED else None,
        "standard_changes": selectors.standard_changes_of(
            ps.standard for ps in result.plan_version.standards.select_related("standard__replaced_by")),
        "rebenchmark_version": (services.rebenchmark_version(result)
                                if result.status == ReviewStatus.PUBLISHED else None),
        "predecessor": result.predecessor,
        "improvement_form": improvement_form or (ImprovementForm(initial={
            "improvement_measures": result.improvement_measures, "improvement_due": result.improvement_due})
            if result.level == Level.NOT_ATTAINED and result.status != ReviewStatus.WITHDRAWN else None),
    }, status=status)


@enterprise_required
@require_safe
def result_detail(request, pk: int):
    return _render_detail(request, _result_or_404(request, pk))


@enterprise_required
@require_http_methods(["GET", "HEAD", "POST"])
def result_edit(request, pk: int):
    """The product's name, brand, model and standard (the values are edited on the detail page)."""
    result = _result_or_404(request, pk)
    if result.status not in ReviewStatus.editable():
        messages.info(request, _("对标结果处于“%(state)s”状态，不能修改。") % {"state": result.get_status_display()})
        return redirect("results:result_detail", pk=result.pk)
    initial = {name: getattr(result, name) for name in ("product_name", "brand", "model", "enterprise_standard")}
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.result_update_product(actor=request.user, result=result, **form.cleaned_data)
        except (ValidationError, TransitionRefused) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("产品信息已保存。"))
            return redirect("results:result_detail", pk=result.pk)
    return render(request, "results/result_edit.html", {"result": result, "form": form})


def _save_values(request, result: BenchmarkResult) -> tuple[bool, ResultValuesForm]:
    form = ResultValuesForm(request.POST, rows=value_rows(result))
    if not form.is_valid():
        return False, form
    try:
        services.result_save_values(actor=request.user, result=result, values=form.value_inputs())
    except (ValidationError, TransitionRefused) as error:
        add_service_error(form, error)
        return False, form
    return True, form


@enterprise_required
@require_POST
def result_save(request, pk: int):
    result = _result_or_404(request, pk)
    saved, form = _save_values(request, result)
    if not saved:
        return _render_detail(request, result, values_form=form, status=422)
    result.refresh_from_db()
    messages.success(request, _("指标数值已保存，当前对标结论：%(level)s。") % {"level": result.get_level_display()})
    for question in form.warnings:
        messages.warning(request, question)
    return redirect("results:result_detail", pk=result.pk)


@enterprise_required
@require_POST
def verdict_preview(request, pk: int):
    """The server's verdict engine on the typed values, without saving anything."""
    result = _result_or_404(request, pk)
    rows = value_rows(result)
    form = ResultValuesForm(request.POST, rows=rows)
    form.is_valid()  # bad numbers are listed in the panel; the others are still judged
    verdict = evaluate_values(result.plan_version, form.unsaved_values())
    plan_indicators = list(dict.fromkeys(row.plan_indicator for row in rows))
    return render(request, "results/_verdict.html", {
        "verdict": verdict_view(verdict.to_json(), plan_indicators), "input_errors": form.row_errors(),
        "input_warnings": form.warnings,
        "live": True,
    })


@enterprise_required
@require_POST
@upload_limits(file_bytes=MAX_PDF_BYTES, request_bytes=MAX_PDF_BYTES + 1024 * 1024)
def result_add_report(request, pk: int):
    result = _result_or_404(request, pk)
    form = ReportForm(request.POST, request.FILES, plan_indicators=_plan_indicators(result))
    if request.POST.get("values_present"):
        # The values typed above travel with the report (its fields belong to the values form):
        # uploading a report never loses them.
        saved, values_form = _save_values(request, result)
        if not saved:
            form.is_valid()
            form.add_error(None, _("指标数值有误，报告未上传：请先改正上方的数值，再重新选择报告文件。"))
            return _render_detail(request, result, values_form=values_form, report_form=form, status=422)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.result_add_report(
                actor=request.user, result=result, report_number=data["report_number"], issued_on=data["issued_on"],
                institution=data["institution"], issuer_name=data["issuer_name"], upload=data["file"],
                indicator_ids=data["indicators"],
            )
        except TransitionRefused as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            field = REPORT_ERROR_FIELDS.get(getattr(error, "code", None) or "")
            form.add_error(field, error)
        else:
            messages.success(request, _("检测报告已上传。"))
            return redirect(reverse("results:result_detail", args=[result.pk]) + "#reports")
    return _render_detail(request, result, report_form=form, status=422)


@enterprise_required
@require_POST
def result_remove_report(request, pk: int, report_pk: int):
    result = _result_or_404(request, pk)
    report = get_object_or_404(result.reports, pk=report_pk)
    try:
        services.result_remove_report(actor=request.user, result=result, report=report)
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("检测报告“%(number)s”已删除。") % {"number": report.report_number})
    return redirect(reverse("results:result_detail", args=[result.pk]) + "#reports")


@enterprise_required
@require_POST
def result_submit(request, pk: int):
    """Submit for review; values posted with it (the “保存并提交” button) are saved first."""
    result = _result_or_404(request, pk)
    if any(name.startswith("v0_") for name in request.POST) and result.status in ReviewStatus.editable():
        saved, form = _save_values(request, result)
        if not saved:
            return _render_detail(request, result, values_form=form, status=422)
    try:
        services.result_submit(actor=request.user, result=result)
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
    else:
        office = reviewing_office(result.city).name
        messages.success(request, _("对标结果已提交，由%(office)s审核。") % {"office": office})
    return redirect("results:result_detail", pk=result.pk)


@enterprise_required
@require_POST
def result_withdraw(request, pk: int):
    result = _result_or_404(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, result, withdraw_form=form, status=422)
    try:
        services.result_withdraw(actor=request.user, result=result, reason=form.cleaned_data["reason"])
    except (TransitionRefused, ValidationError) as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("对标结果已撤回，不再公开。"))
    return redirect("results:result_detail", pk=result.pk)


@enterprise_required
@require_safe
def institution_options(request):
    return render(request, "results/_institution_options.html", {
        "institutions": accredited_institutions(search_text(request, "institution_q")),
    })


@enterprise_required
@require_POST
def result_improvement(request, pk: int):
    """The improvement measures and target date of a result short of the benchmark."""
    result = _result_or_404(request, pk)
    form = ImprovementForm(request.POST)
    if form.is_valid():
        try:
            services.result_set_improvement(actor=request.user, result=result,
                                            measures=form.cleaned_data["improvement_measures"],
                                            due=form.cleaned_data["improvement_due"])
        except (ValidationError, TransitionRefused) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("提升措施已保存。"))
            return redirect("results:result_detail", pk=result.pk)
    return _render_detail(request, result, improvement_form=form, status=400)
