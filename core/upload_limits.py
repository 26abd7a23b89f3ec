"""Uploads capped while the request streams in, before any view (or the CSRF check) reads it.

Every multipart request passes ``CappedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``): the
whole body is refused by its declared length before a byte is read, and each file the moment it
passes its limit, so an oversized file never reaches the disk. The limits are the settings'
defaults unless the view declares its own with ``@upload_limits`` (or sets them on the request
with ``cap_uploads``, for a view whose function the resolver does not hand over, as the admin's).

A refusal is answered in one of two ways, as the view says:

* by default, an ``UploadTooLarge``, which ``config.views.bad_request`` answers with 413 and the
  reason;
* ``refuse_in_form=True`` (the import pages, where a large file is the usual mistake): the body
  is not read further, the request's POST and FILES are what was read before (nothing, when the
  declared length was too large), and ``upload_refusal(request)`` gives the reason for the page to
  show on its form. Such a view is CSRF-exempt for the refusal only: it checks the token itself
  (``csrf_protect``) whenever the upload was received.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _


class UploadTooLarge(RequestDataTooBig):
    """The request or one of its files is larger than the view accepts; the message says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def upload_limits(*, file_bytes: int | str, request_bytes: int | str, refuse_in_form: bool = False):
    """Declare a view's limits, in bytes or as the name of the setting that holds them."""

    def decorate(view):
        view.upload_max_file_bytes = file_bytes
        view.upload_max_request_bytes = request_bytes
        view.upload_refuse_in_form = refuse_in_form
        return view

    return decorate


def cap_uploads(request, *, file_bytes: int | str, request_bytes: int | str, refuse_in_form: bool = False) -> None:
    """The same declaration for this request (call before anything reads its POST or FILES)."""
    request.upload_max_file_bytes = _resolve(file_bytes)
    request.upload_max_request_bytes = _resolve(request_bytes)
    request.upload_refuse_in_form = refuse_in_form


def upload_refusal(request) -> str:
    """Read the request's body under its caps: '' or why its upload was refused (for views that
    refuse in their form)."""
    if request.method == "POST":
        request.POST, request.FILES  # noqa: B018 — parsing is what applies the caps
    return getattr(request, "upload_refusal", "")


def _resolve(value: int | str | None) -> int | None:
    return getattr(settings, value) if isinstance(value, str) else value


def _declared(request, name: str):
    """The request's own declaration, else the resolved view's."""
    if hasattr(request, name):
        return getattr(request, name)
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    return getattr(view, name, None)


def limits_for(request) -> tuple[int, int]:
    """(bytes per file, bytes per request) for this request."""
    file_bytes = _resolve(_declared(request, "upload_max_file_bytes")) or settings.UPLOAD_MAX_FILE_BYTES
    request_bytes = _resolve(_declared(request, "upload_max_request_bytes")) or settings.UPLOAD_MAX_REQUEST_BYTES
    return file_bytes, request_bytes


class CappedUploadHandler(FileUploadHandler):
    """Refuses the request by its length before reading it, and a file once it passes its limit."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.file_limit, request_limit = limits_for(self.request)
        self.in_form = bool(_declared(self.request, "upload_refuse_in_form"))
        if content_length > request_limit:
            message = _("提交的内容共 %(size)s，超过 %(limit)s 的上限，未被接收。") % {
                "size": filesizeformat(content_length), "limit": filesizeformat(request_limit)}
            if not self.in_form:
                raise UploadTooLarge(message)
            self.request.upload_refusal = message
            return QueryDict(), MultiValueDict()  # nothing of the body is read
        return None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.file_limit:
            message = _("文件“%(name)s”超过 %(limit)s 的上限，未被接收。") % {
                "name": self.file_name, "limit": filesizeformat(self.file_limit)}
            if not self.in_form:
                raise UploadTooLarge(message)
            self.request.upload_refusal = message
            raise StopUpload(connection_reset=False)  # the rest of the body is skipped, not stored
        return raw_data

    def file_complete(self, file_size):
        return None
