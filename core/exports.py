"""CSV and XLSX export of any filtered API list: ``?format=csv`` / ``?format=xlsx``.

The whole filtered list is exported, not one page: rows are read in chunks and CSV is streamed,
XLSX written by openpyxl's write-only workbook to a spooled temporary file, so memory stays flat
however long the list. Cells that a spreadsheet would run as a formula (starting with = + - @,
a tab or a carriage return) are prefixed with an apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer

from .public_cache import PublicCacheMixin

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_EXPORT_ROWS = 1_000_000
CHUNK = 2000


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


def safe_cell(value):
    """The value as a spreadsheet cell that can never be evaluated as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _rows(serializer_class, queryset, context) -> Iterator[dict]:
    for instance in queryset[:MAX_EXPORT_ROWS].iterator(chunk_size=CHUNK):
        yield serializer_class(instance, context=context).data


class _Echo:
    def write(self, value):
        return value


def _csv_stream(header: list[str], rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM, so that Excel opens UTF-8 Chinese text correctly
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(row.get(column)) for column in header])


class ExportMixin:
    """For read-only list viewsets: adds the CSV and XLSX renderers and whole-list export."""

    def get_renderers(self):
        return [*super().get_renderers(), CSVRenderer(), XLSXRenderer()]

    def list(self, request, *args, **kwargs):
        export_format = getattr(request.accepted_renderer, "format", None)
        if export_format not in ("csv", "xlsx"):
            return super().list(request, *args, **kwargs)
        if self.paginator is not None:
            # The whole filtered list is exported, but a malformed parameter is still refused.
            self.paginator.get_page_size(request)
        queryset = self.filter_queryset(self.get_queryset())
        serializer_class = self.get_serializer_class()
        header = list(serializer_class().fields)
        rows = _rows(serializer_class, queryset, self.get_serializer_context())
        name = f"{self.basename}-{timezone.localdate():%Y%m%d}"
        if export_format == "csv":
            response = StreamingHttpResponse(_csv_stream(header, rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.basename)
        sheet.append(header)
        for row in rows:
            sheet.append([safe_cell(row.get(column)) for column in header])
        # Handed to FileResponse, which closes it once the body is sent.
        spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSXRenderer.media_type
        )


def exportable(viewset):
    """The viewset with CSV/XLSX export and the public cache; applied in the router so the apps
    need not import either."""
    attributes = {"__module__": viewset.__module__, "__doc__": viewset.__doc__}
    return type(viewset.__name__, (PublicCacheMixin, ExportMixin, viewset), attributes)
