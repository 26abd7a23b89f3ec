"""“批量导入”: an enterprise imports its own results from its plan's Excel template.

The rows become drafts of its own (results.imports decides that from the user); the enterprise
follows the job on its page (live progress) and downloads the error report. Every job is checked
to be the enterprise's own and is a 404 to anyone else.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from accounts.decorators import enterprise_required
from core.forms import BootstrapFormMixin
from core.imports import services
from core.imports.web import XLSX, job_view, template_response
from core.models import ImportJob, ImportMode
from core.portal import keyset_page
from core.upload_limits import upload_limits, upload_refusal
from plans.models import PlanVersion

from .forms import plan_choices

STOP_POLLING = 286


class ResultUploadForm(BootstrapFormMixin, forms.Form):
    plan_version = forms.IntegerField(
        widget=forms.HiddenInput,  # the radio list of plans posts it
        error_messages={"required": gettext_lazy("请选择一个已发布的对标方案。"),
                        "invalid": gettext_lazy("请选择一个已发布的对标方案。")},
    )
    file = forms.FileField(
        label=gettext_lazy("填好的模板（.xlsx 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv," + XLSX}),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("导入方式"), choices=ImportMode.choices, initial=ImportMode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_bootstrap()


def _own_job(request, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=pk, kind="results")
    if not job.owner or job.owner != request.user.party_key:
        raise Http404
    return job


@csrf_exempt  # a refused upload is answered without reading it; a received one is checked below
@enterprise_required
@require_http_methods(["GET", "HEAD", "POST"])
@upload_limits(file_bytes="IMPORT_MAX_BYTES", request_bytes="IMPORT_MAX_REQUEST_BYTES", refuse_in_form=True)
def result_imports(request):
    refusal = upload_refusal(request)
    if refusal:  # nothing is done with it: the page says why, no token needed
        messages.error(request, refusal)
        return _page(request, ResultUploadForm(), request.GET.get("plan"), status=413)
    return _result_imports(request)


@csrf_protect
def _result_imports(request):
    posted = request.method == "POST"
    form = ResultUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_create(
                kind="results", actor=request.user, upload=upload, name=upload.name, mode=form.cleaned_data["mode"],
                options={"plan_version": form.cleaned_data["plan_version"]},
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            return redirect("results:result_import", pk=job.pk)
    selected = request.POST.get("plan_version") if request.method == "POST" else request.GET.get("plan")
    return _page(request, form, selected, status=422 if request.method == "POST" else 200)


def _page(request, form: ResultUploadForm, selected, *, status: int = 200):
    jobs = ImportJob.objects.filter(kind="results", owner=request.user.party_key)
    page = keyset_page(request, jobs, order=("-created_at", "-id"))
    views = [job_view(job) for job in page.rows]
    # The plans of the page's jobs in one query (not one per row).
    versions = PlanVersion.objects.select_related("plan").in_bulk(
        {view.job.options.get("plan_version") for view in views if view.job.options.get("plan_version")}
    )
    for view in views:
        version = versions.get(view.job.options.get("plan_version"))
        view.options_label = (_("方案 %(code)s 第 %(number)d 版：%(title)s") % {
            "code": version.plan.code, "number": version.number, "title": version.plan.title_zh}) if version else ""
    return render(request, "results/imports.html", {
        "form": form, "page": page, "jobs": views,
        "plan_options": plan_choices(request.user.enterprise_id, "", selected),
        "selected_plan": str(selected or ""),
    }, status=status)


@enterprise_required
@require_safe
def result_import_template(request):
    plan = request.GET.get("plan_version")
    try:
        return template_response(kind_name="results", user=request.user, options={"plan_version": plan})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        url = reverse("results:result_imports")
        return redirect(f"{url}?plan={plan}" if (plan or "").isdigit() else url)


@enterprise_required
@require_safe
def result_import(request, pk: int):
    job = _own_job(request, pk)
    return render(request, "results/import_job.html", {
        "job": job, "view": job_view(job),
        "progress_url": reverse("results:result_import_progress", args=[job.pk]),
        "report_url": job.error_report.url if job.error_report else "",
    })


@enterprise_required
@require_safe
def result_import_progress(request, pk: int):
    job = _own_job(request, pk)
    view = job_view(job)
    response: HttpResponse = render(request, "imports/_progress.html", {
        "job": job, "view": view, "progress_url": request.path,
        "report_url": job.error_report.url if job.error_report else "",
    })
    if view.finished:
        response.status_code = STOP_POLLING  # htmx stops polling
    return response
