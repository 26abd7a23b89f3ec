"""Import jobs in the admin: the list (kind, status, who, counts, duration, progress, error
report), the upload page (the admin's "add"), the job page with its live progress bar, and the
template download. A city office sees and uploads its own city's jobs only; the campaign office
sees all. Registered from benchmarking/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..admin_base import BigTableAdmin, EventInline, ScopedAdminMixin, ServiceAdminMixin
from ..models import ImportJob, ImportJobEvent, ImportStatus
from ..upload_limits import cap_uploads, upload_refusal
from . import services
from .registry import kind_label, kind_names
from .web import OPTION_SEPARATOR, UploadForm, job_view, template_response

STOP_POLLING = 286  # htmx: a polled fragment answering 286 stops the polling


class KindFilter(admin.SimpleListFilter):
    title = gettext_lazy("导入类型")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(name, kind_label(name)) for name in kind_names()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ImportJobEventInline(EventInline):
    model = ImportJobEvent


def _status_label(value: str) -> str:
    return str(ImportStatus(value).label) if value in ImportStatus.values else (value or "—")


def _events(job: ImportJob) -> list:
    """A job's history, oldest first, with its states' labels."""
    return [
        (event, _status_label(event.from_status), _status_label(event.to_status))
        for event in job.events.order_by("created_at", "id")
    ]


def duration_text(job: ImportJob) -> str:
    duration = job.duration
    if duration is None:
        return "—"
    seconds = duration.total_seconds()
    if seconds < 60:
        return _("%(seconds).1f 秒") % {"seconds": seconds}
    return _("%(minutes)d 分 %(seconds)d 秒") % {"minutes": seconds // 60, "seconds": seconds % 60}


class ImportJobAdmin(ServiceAdminMixin, ScopedAdminMixin, BigTableAdmin):
    """The project registers it with its rules: ``view_rule``/``add_rule`` (who may see jobs and
    upload) and ``sees_every_job_rule`` (who sees every job; the others see their own party's,
    ``ImportJob.owner``)."""

    list_display = ("job_number", "kind_name", "original_name", "status_badge", "progress", "created_by_name",
                    "rows_read", "rows_invalid", "written", "duration", "report", "created_at")
    list_display_links = ("job_number", "original_name")
    list_filter = ("status", KindFilter)
    search_fields = ("original_name", "created_by_name")
    list_select_related = ()
    # "Add" is the upload page; a job is changed by its run only, and kept as the record.
    change_rule = None
    delete_rule = None
    sees_every_job_rule = None
    change_list_template = "admin/imports/importjob/change_list.html"
    inlines = (ImportJobEventInline,)

    def _sees_every_job(self, user) -> bool:
        return bool(self.sees_every_job_rule is not None and self.sees_every_job_rule(user))

    def scope_q(self, user):
        if self._sees_every_job(user):
            return None
        party = getattr(user, "party_key", "")
        return Q(owner=party) if party else Q(pk__in=[])

    def object_in_scope(self, user, obj) -> bool:
        party = getattr(user, "party_key", "")
        return self._sees_every_job(user) or bool(party and obj.owner == party)

    # --- the list ------------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("编号"), ordering="pk")
    def job_number(self, job):
        return f"#{job.pk}"

    @admin.display(description=gettext_lazy("导入类型"), ordering="kind")
    def kind_name(self, job):
        return kind_label(job.kind)

    @admin.display(description=gettext_lazy("状态"), ordering="status")
    def status_badge(self, job):
        return format_html("<span class='import-status import-status-{}'>{}</span>", job.status,
                           job.get_status_display())

    @admin.display(description=gettext_lazy("进度"))
    def progress(self, job):
        view = job_view(job)
        if view.finished:
            return format_html("<progress max='100' value='100' aria-label='{}'>100%</progress>", _("进度"))
        url = reverse("admin:core_importjob_progress", args=[job.pk]) + "?compact=1"
        return format_html(
            "<span class='import-progress-cell' hx-get='{}' hx-trigger='every 2s' hx-swap='outerHTML'>"
            "<progress max='100' value='{}' aria-label='{}'>{}%</progress> {}%</span>",
            url, view.percent, _("进度"), view.percent, view.percent,
        )

    @admin.display(description=gettext_lazy("新增 / 更新 / 无变化"))
    def written(self, job):
        if not job.is_finished or job.status == ImportStatus.FAILED:
            return "—"
        return f"{job.rows_created} / {job.rows_updated} / {job.rows_unchanged}"

    @admin.display(description=gettext_lazy("用时"))
    def duration(self, job):
        return duration_text(job)

    @admin.display(description=gettext_lazy("错误报告"))
    def report(self, job):
        if not job.error_report:
            return "—"
        return format_html("<a href='{}'>{}</a>", job.error_report.url, _("下载"))

    # --- pages ---------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/progress/", wrap(self.progress_view), name="core_importjob_progress"),
            path("template/", wrap(self.template_view), name="core_importjob_template"),
            *super().get_urls(),
        ]

    def _job_or_404(self, request, object_id) -> ImportJob:
        job = self.get_object(request, unquote(object_id))  # scoped: another city's job is not found
        if job is None or not self.has_view_permission(request, job):
            raise Http404(_("导入任务不存在或无权查看。"))
        return job

    # The upload page. The upload is capped before the CSRF check would read the body (a
    # refused one is answered without it); a received one is checked in _upload.
    @method_decorator(csrf_exempt)
    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        cap_uploads(request, file_bytes="IMPORT_MAX_BYTES", request_bytes="IMPORT_MAX_REQUEST_BYTES",
                    refuse_in_form=True)
        refusal = upload_refusal(request)
        if refusal:
            return self._render_upload(request, UploadForm(user=request.user, admin_site=self.admin_site),
                                       refusal=refusal)
        return self._upload(request)

    @method_decorator(csrf_protect)
    def _upload(self, request):
        form = UploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            user=request.user, admin_site=self.admin_site,
            # ?kind=results&results__plan_version=7 preselects (a link from a plan version).
            initial=request.GET.dict() if request.method == "GET" else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                job = services.import_job_create(
                    kind=form.cleaned_data["kind"], actor=request.user, upload=form.cleaned_data["file"],
                    name=form.cleaned_data["file"].name, mode=form.cleaned_data["mode"], options=form.options,
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, "；".join(getattr(error, "messages", [str(error)])))
            else:
                self.log_addition(request, job, [{"added": {}}])
                return HttpResponseRedirect(reverse("admin:core_importjob_change", args=[job.pk]))
        return self._render_upload(request, form)

    def _render_upload(self, request, form: UploadForm, *, refusal: str = ""):
        if refusal:
            messages.error(request, refusal)
        context = {
            **self.admin_site.each_context(request),
            "title": _("上传导入文件"), "subtitle": None, "opts": self.opts, "form": form,
            "media": self.media + form.media, "has_view_permission": self.has_view_permission(request),
            "template_url": reverse("admin:core_importjob_template"),
            "option_separator": OPTION_SEPARATOR,
        }
        return TemplateResponse(request, "admin/imports/importjob/upload.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self._job_or_404(request, object_id)
        if request.method not in ("GET", "HEAD") and not self.has_change_permission(request, job):
            raise PermissionDenied  # the job page only shows: a job's run alone moves it
        context = {
            **self.admin_site.each_context(request),
            "title": _("导入任务 #%(id)s") % {"id": job.pk}, "subtitle": job.original_name, "opts": self.opts,
            "job": job, "view": job_view(job), "original": job,
            "events": _events(job),
            "progress_url": reverse("admin:core_importjob_progress", args=[job.pk]),
            "report_url": job.error_report.url if job.error_report else "",
            "has_view_permission": True, "duration": duration_text(job),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/imports/importjob/job.html", context)

    def progress_view(self, request, object_id):
        job = self._job_or_404(request, object_id)
        view = job_view(job)
        if request.GET.get("compact"):
            response = HttpResponse(format_html(
                "<span class='import-progress-cell'><progress max='100' value='{}' aria-label='{}'>{}%</progress> "
                "{}%</span>", view.percent, _("进度"), view.percent, view.percent))
        else:
            response = TemplateResponse(request, "admin/imports/importjob/_progress_live.html", {
                "job": job, "view": view, "progress_url": request.path,
                "report_url": job.error_report.url if job.error_report else "",
                "duration": duration_text(job), "events": _events(job),
            })
        if view.finished:
            response.status_code = STOP_POLLING
        return response

    def template_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind", "")
        options = {key.split(OPTION_SEPARATOR, 1)[1]: value for key, value in request.GET.items()
                   if key.startswith(f"{kind}{OPTION_SEPARATOR}")}
        try:
            return template_response(kind_name=kind, user=request.user, options=options)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return HttpResponseRedirect(reverse("admin:core_importjob_add"))
