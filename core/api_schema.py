"""The open API's schema: every operation documents its summary and every answer it can give —
400 for a bad parameter (lists), 404, 429 with Retry-After — in the one error shape
(``core.api_errors``), and the public read-only API shows no authentication."""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from .api_errors import ErrorSerializer


class ExportJobSerializer(serializers.Serializer):
    """An export job's state, as its address answers (core.export_jobs.export_job_state)."""

    url = serializers.URLField(help_text="The job's address: ask it again for its progress.")
    status = serializers.ChoiceField(choices=["queued", "running", "succeeded", "failed"])
    status_label = serializers.CharField()
    format = serializers.ChoiceField(choices=["csv", "xlsx"])
    rows_total = serializers.IntegerField()
    rows_done = serializers.IntegerField()
    progress = serializers.FloatField(help_text="0 to 1.")
    download = serializers.URLField(allow_null=True, help_text="The file, once written.")
    message = serializers.CharField(allow_blank=True)


class CodeFilterExtension(DjangoFilterExtension):
    """django-filter's parameters as drf-spectacular describes them, with their maximum length."""

    target_class = "core.api_filters.CodeFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        max_length = filter_field.extra.get("max_length")
        for parameter in parameters if max_length else ():
            parameter.setdefault("schema", {})["maxLength"] = max_length
        return parameters


class PublicApiSchema(AutoSchema):
    def get_summary(self):
        summary = super().get_summary()
        if summary:
            return summary
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None:  # a viewset that builds its queryset per request: its serializer's model
            serializer = self.get_response_serializers()
            model = getattr(getattr(serializer, "Meta", None), "model", None)
        if model is None:
            return None
        if self._is_list_view():
            return _("%(things)s列表") % {"things": force_str(model._meta.verbose_name_plural)}
        return _("单个%(thing)s") % {"thing": force_str(model._meta.verbose_name)}

    def get_override_parameters(self):
        return [*super().get_override_parameters(), OpenApiParameter(
            "Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=["429"],
            description="Seconds to wait before asking again.")]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "404": "Not found: no such item, or a cursor this API did not write.",
            "406": "The format asked for (Accept or ?format=) is not offered.",
            "429": "Too many requests: wait as Retry-After says.",
        }
        takes_parameters = getattr(self.view, "filter_backends", None) or any(
            getattr(parameter, "location", None) == OpenApiParameter.QUERY
            for parameter in self.get_override_parameters())
        if self._is_list_view() or takes_parameters:
            errors["400"] = "A bad parameter (filter value, ordering, page_size); fields names it."
        for code, description in sorted(errors.items()):
            responses.setdefault(code, self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=description), code, direction=direction))
        if self._is_list_view() and "csv" in {getattr(r, "format", None) for r in self.view.get_renderers()}:
            # As JSON whatever the format asked for, and one object, not a page of them.
            job = self.resolve_serializer(ExportJobSerializer, direction)
            responses.setdefault("202", {
                "description": "?format=xlsx, or a CSV longer than one answer may take: an export job is written "
                               "by a worker; follow its url, then its download link.",
                "content": {"application/json": {"schema": job.ref}},
            })
        return responses


CODE_PARAMETERS = {
    "province": "六位行政区划代码（GB/T 2260），如 440000 广东省 / six-digit administrative code",
    "city": "六位行政区划代码（GB/T 2260），如 440300 深圳市 / six-digit administrative code",
    "region": "六位行政区划代码（GB/T 2260），如 440305 / six-digit administrative code",
}


def describe_query_parameters(result, generator, request, public):
    """Post-processing of the whole schema: region codes carry their pattern and an example; free
    text cannot carry NUL (the database refuses it, so the API does); an enumerated filter also
    takes the empty value, which means "no filter"."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.setdefault("schema", {})
                name = parameter["name"]
                if name in CODE_PARAMETERS and schema.get("type") == "string" and "enum" not in schema:
                    schema["pattern"] = r"^(\d{6})?$"  # empty: no filter
                    parameter["description"] = CODE_PARAMETERS[name]
                    parameter["example"] = {"province": "440000", "city": "440300"}.get(name, "440305")
                elif schema.get("type") == "string" and "enum" in schema and name not in ("format", "ordering"):
                    if "" not in schema["enum"]:
                        schema["enum"] = [*schema["enum"], ""]
                elif schema.get("type") == "string" and "pattern" not in schema:
                    schema["pattern"] = r"^[^\u0000]*$"
    return result
