"""The one way a stored upload leaves the platform: a view that authorises every download.

Nothing under ``MEDIA_ROOT`` is served by a public path (no ``/media/`` route in any mode). A
model's file field is a ``DownloadFileField``; its ``url`` is this view's address for the row,
so every link to a file — the admin's file widgets and read-only fields, the portals' templates,
an API field — passes through here. Each app registers who may read which field
(``register_download``, with a rule predicate of the app's ``rules``); everyone else, anonymous
visitors too, gets a 404, so that not even a file's existence shows.

The answer is streamed (``FileResponse``) as an attachment with a safe name, with the content type
of the type the upload was checked to be (its stored extension); a PDF alone is shown inline, and
then with ``X-Content-Type-Options: nosniff`` and ``Content-Security-Policy: sandbox``, so that
even a PDF that carries script runs nothing in the platform's origin.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

# The content types of the types uploads are checked to be (core.uploads, core.imports.safety).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
UNKNOWN_CONTENT_TYPE = "application/octet-stream"
# The directive django-csp's middleware leaves alone because the answer already carries it: no
# script, no form, no same origin for whatever a PDF viewer makes of the file.
SANDBOX_POLICY = "sandbox"


@dataclass(frozen=True)
class Download:
    """Who may read one file field of one model, and the name the file is saved under.

    ``may_read(user, obj)`` is a rule predicate; ``filename(obj)`` a readable name without
    extension (the extension comes from the stored file); ``fallback_extension`` is the one used
    for rows stored before names were random, whose extension is not a checked type.
    """

    model: type[models.Model]
    field_name: str
    may_read: Callable[[Any, Any], bool]
    filename: Callable[[Any], str]
    fallback_extension: str
    select_related: tuple[str, ...] = ()


_DOWNLOADS: dict[tuple[str, str], Download] = {}


def register_download(
    model: type[models.Model], field_name: str, *, may_read: Callable[[Any, Any], bool],
    filename: Callable[[Any], str], fallback_extension: str, select_related: tuple[str, ...] = (),
) -> None:
    """Let ``may_read`` users download ``model.<field_name>`` (called from an app's ``ready``)."""
    _DOWNLOADS[(model._meta.label_lower, field_name)] = Download(
        model, field_name, may_read, filename, fallback_extension, select_related
    )


def download_url(instance: models.Model, field_name: str) -> str:
    return reverse("download", kwargs={"model": instance._meta.label_lower, "pk": instance.pk, "field": field_name})


class DownloadFieldFile(FieldFile):
    @property
    def url(self) -> str:
        self._require_file()
        return download_url(self.instance, self.field.name)


class DownloadFileField(models.FileField):
    """A file field whose links go through the download view, never to ``MEDIA_URL``, and whose
    files are stored under a random name.

    Whatever name a caller hands it, only the extension is kept, and only when it is one of the
    checked types (``CONTENT_TYPES``; else ``bin``): callers name an upload by the type its
    content was checked to be (``f"report.{validate_pdf(upload)}"``), and a forgotten check
    stores inert bytes, never the uploader's ``.html``.
    """

    attr_class = DownloadFieldFile

    def generate_filename(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lstrip(".").lower()
        if extension not in CONTENT_TYPES:
            extension = "bin"
        return super().generate_filename(instance, f"{uuid.uuid4().hex}.{extension}")

    def deconstruct(self):
        # Only how the file is linked changes, not the column: migrations see a FileField.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


_UNSAFE_IN_FILENAME = re.compile(r"[^\w\-. ()（）]+", re.UNICODE)


def safe_filename(stem: str, extension: str, *, default: str = "file") -> str:
    """A name for Content-Disposition: letters (Chinese too), digits and a few marks; no path,
    quote or control character; at most 80 characters before the extension."""
    cleaned = re.sub(r"-{2,}", "-", _UNSAFE_IN_FILENAME.sub("-", stem)).strip(" .-")[:80] or default
    return f"{cleaned}.{extension}"


def file_response(field_file: FieldFile, *, filename: str, fallback_extension: str) -> FileResponse:
    """The file streamed with the headers this module's docstring describes; 404 if it is gone."""
    extension = PurePosixPath(field_file.name).suffix.lstrip(".").lower()
    if extension == "jpeg":
        extension = "jpg"
    content_type = CONTENT_TYPES.get(extension)
    if content_type is None:  # an old row's name: served as bytes to save, never shown
        extension, content_type = fallback_extension, UNKNOWN_CONTENT_TYPE
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = content_type == CONTENT_TYPES["pdf"]
    response = FileResponse(
        handle, as_attachment=not inline, filename=safe_filename(filename, extension), content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = SANDBOX_POLICY
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def download(request, model: str, pk: int, field: str):
    """The stored file of one row's field, to those its app's rule lets read it; 404 to anyone else."""
    entry = _DOWNLOADS.get((model, field))
    if entry is None:
        raise Http404
    obj = entry.model._default_manager.select_related(*entry.select_related).filter(pk=pk).first()
    if obj is None or not entry.may_read(request.user, obj):
        raise Http404
    field_file = getattr(obj, entry.field_name)
    if not field_file:
        raise Http404
    return file_response(field_file, filename=entry.filename(obj), fallback_extension=entry.fallback_extension)
