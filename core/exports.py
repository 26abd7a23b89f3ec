"""CSV and XLSX export of any filtered API list: ``?format=csv`` / ``?format=xlsx``.

The whole filtered list is exported, not one page, in the list's order. Rows are read as plain
values in chunks (one query with its joins; each field's own ``to_representation`` where it
formats, e.g. dates), never through a serializer per row, so an export runs at the database's
pace and memory stays flat however long the list.

A CSV of up to ``EXPORT_INLINE_MAX_ROWS`` rows is streamed in the answer. A longer one, and every
XLSX, becomes an export job (``core.export_jobs``) written by a worker: the answer is 202 with the
job's address, which tells its progress and, once written, the file's link. An export is never
answered 200 and then cut short. Cells that a spreadsheet would run as a formula (starting with
= + - @, a tab or a carriage return) are prefixed with an apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db.models import QuerySet
from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.renderers import BaseRenderer

from .export_jobs import ExportQueueFull, export_job_request, export_job_state
from .export_rows import csv_pieces, export_rows
from .public_cache import PublicCacheMixin

EXPORT_RETRY_SECONDS = 60


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):  # only for errors
        return json.dumps(data, ensure_ascii=False).encode()


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):  # only for errors
        return json.dumps(data, ensure_ascii=False).encode()


# --- the views ------------------------------------------------------------------------------------

class ExportMixin:
    """For read-only list viewsets: adds the CSV and XLSX renderers and whole-list export."""

    def get_renderers(self):
        return [*super().get_renderers(), CSVRenderer(), XLSXRenderer()]

    def export_queryset(self) -> QuerySet:
        """The filtered list in its order; a malformed parameter is refused as for a page."""
        if self.paginator is not None:
            self.paginator.get_page_size(self.request)
        return self.filter_queryset(self.get_queryset())

    def list(self, request, *args, **kwargs):
        export_format = getattr(request.accepted_renderer, "format", None)
        if export_format not in ("csv", "xlsx"):
            return super().list(request, *args, **kwargs)
        queryset = self.export_queryset()
        inline_max = settings.EXPORT_INLINE_MAX_ROWS
        if export_format == "csv" and queryset[: inline_max + 1].count() <= inline_max:
            header, rows = export_rows(self.get_serializer_class(), queryset, self.get_serializer_context())
            response = StreamingHttpResponse(csv_pieces(header, rows), content_type="text/csv; charset=utf-8")
            name = f"{self.basename}-{timezone.localdate():%Y%m%d}"
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        query = request.GET.copy()
        query.pop("format", None)
        try:
            job = export_job_request(path=request.path, query=query.urlencode(), file_format=export_format,
                                     user=request.user)
        except ExportQueueFull:
            raise Throttled(wait=EXPORT_RETRY_SECONDS,
                            detail=_("导出任务已排满，请稍后再试。")) from None
        state = export_job_state(job, request)
        return JsonResponse(state, status=202, headers={"Location": state["url"]},
                            json_dumps_params={"ensure_ascii": False})


def exportable(viewset):
    """The viewset with CSV/XLSX export and the public cache; applied in the router so the apps
    need not import either."""
    attributes = {"__module__": viewset.__module__, "__doc__": viewset.__doc__}
    return type(viewset.__name__, (PublicCacheMixin, ExportMixin, viewset), attributes)
