"""Uploads capped while the request streams in, before any view (or the CSRF check) reads it.

Every multipart request passes ``CappedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``): the
whole body is refused by its declared length before a byte is read, and each file the moment it
passes its limit. The limits are the settings' defaults unless the resolved view declares its own
with ``@upload_limits`` (or an import view's guard sets them on the request). A refusal is an
``UploadTooLarge``, which ``config.views.bad_request`` answers with 413 and the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class UploadTooLarge(RequestDataTooBig):
    """The request or one of its files is larger than the view accepts; the message says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def upload_limits(*, file_bytes: int | str, request_bytes: int | str):
    """Declare a view's limits, in bytes or as the name of the setting that holds them."""

    def decorate(view):
        view.upload_max_file_bytes = file_bytes
        view.upload_max_request_bytes = request_bytes
        return view

    return decorate


def _resolve(value: int | str | None) -> int | None:
    return getattr(settings, value) if isinstance(value, str) else value


def limits_for(request) -> tuple[int, int]:
    """(bytes per file, bytes per request) for this request."""
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    file_bytes = (getattr(request, "upload_max_file_bytes", None)
                  or _resolve(getattr(view, "upload_max_file_bytes", None)) or settings.UPLOAD_MAX_FILE_BYTES)
    request_bytes = (getattr(request, "upload_max_request_bytes", None)
                     or _resolve(getattr(view, "upload_max_request_bytes", None)) or settings.UPLOAD_MAX_REQUEST_BYTES)
    return file_bytes, request_bytes


class CappedUploadHandler(FileUploadHandler):
    """Refuses the request by its length before reading it, and a file once it passes its limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.file_limit, request_limit = limits_for(self.request)
        if content_length > request_limit:
            raise UploadTooLarge(_("提交的内容共 %(size)s，超过 %(limit)s 的上限，未被接收。") % {
                "size": filesizeformat(content_length), "limit": filesizeformat(request_limit)})

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.file_limit:
            raise UploadTooLarge(_("文件“%(name)s”超过 %(limit)s 的上限，未被接收。") % {
                "name": self.file_name, "limit": filesizeformat(self.file_limit)})
        return raw_data

    def file_complete(self, file_size):
        return None
