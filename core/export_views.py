"""An export job's address (its state, as JSON) and its file, for whoever holds the link."""

from __future__ import annotations

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .export_jobs import export_job_state
from .models import ExportJob, ExportStatus


@require_safe
@never_cache
def export_job(request, token: str):
    job = get_object_or_404(ExportJob, token=token)
    return JsonResponse(export_job_state(job, request), json_dumps_params={"ensure_ascii": False})


@require_safe
def export_job_file(request, token: str):
    job = get_object_or_404(ExportJob, token=token, status=ExportStatus.SUCCEEDED)
    if not job.file:
        raise Http404
    name = f"{job.path.strip('/').split('/')[-1]}-{job.finished_at:%Y%m%d}.{job.file_format}"
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=name)
