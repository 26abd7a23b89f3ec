"""One error shape for every answer of the open API that is not a success:

    {"detail": "<what went wrong, in the client's language>", "code": "<machine code>",
     "fields": {"<parameter>": ["<why>", …]}}      # "fields" only for a bad parameter (400)

Model names never reach a client ("No BenchmarkResult matches the given query." is "未找到。"),
and an address under /api/ that names nothing is answered in the same shape (``api_not_found``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # its own message names the model
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if getattr(getattr(request, "accepted_renderer", None), "format", None) in ("csv", "xlsx"):
        # An export's refusal is JSON, not a spreadsheet: a client reads the reason as it would
        # from any other answer.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": _("请求参数有误：%(names)s。") % {"names": "、".join(map(str, fields))},
                         "code": "invalid", "fields": fields}
    else:
        codes = exc.get_codes()
        response.data = {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}
    return response


def api_not_found(request) -> JsonResponse:
    return JsonResponse({"detail": _("未找到。"), "code": "not_found"}, status=404,
                        json_dumps_params={"ensure_ascii": False})


class ErrorSerializer(serializers.Serializer):
    """The error shape, for the schema."""

    detail = serializers.CharField(help_text="What went wrong, in the language the client asked for "
                                             "(Accept-Language: zh-hans by default, en).")
    code = serializers.CharField(help_text="invalid, not_found, throttled, not_acceptable, …")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False,
                                   help_text="For a bad parameter (400): the parameter and why.")
