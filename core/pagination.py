"""API pagination. Its own module: DRF imports the default pagination class while it is itself
still importing, so this must not import DRF's views."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.template import loader
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .keyset import InvalidCursor, InvalidSort, KeysetPage, paginate, queryset_sort


class KeysetPagination(BasePagination):
    """The open API's lists, a page at a time by ``core.keyset``: every page costs the same, no
    COUNT, no OFFSET, and rows that tie on the order (a whole import published the same second)
    are neither repeated nor skipped, because the whole key is compared.

    The order is the queryset's, as filtering left it (``?ordering=`` through the ordering
    filter, else the view's ``ordering``, else the queryset's or its model's), ended with the
    primary key. ``?cursor=`` is the key of the row a page starts after (or ends before); one this
    class did not write is a 404. ``?page_size=`` is an integer from 1 to ``max_page_size``;
    anything else (0, negative, too large, not a number) is refused with a 400, never quietly
    changed, so a client knows the size it gets is the size it asked for.
    """

    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    display_page_controls = True
    template = "rest_framework/pagination/previous_and_next.html"

    def paginate_queryset(self, queryset, request, view=None):
        self.base_url = request.build_absolute_uri()
        page_size = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        try:
            self.page: KeysetPage = paginate(queryset, queryset_sort(queryset), cursor, page_size)
        except InvalidCursor as error:
            raise NotFound(_("翻页链接无效。")) from error
        except InvalidSort as error:
            # Not the client's doing: ?ordering= only offers the view's own fields.
            raise ImproperlyConfigured(f"{type(view).__name__}: no keyset can follow its order ({error})") from error
        return self.page.rows

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        field = serializers.IntegerField(min_value=1, max_value=self.max_page_size)
        try:
            return field.run_validation(raw)
        except ValidationError as error:
            raise ValidationError({self.page_size_query_param: error.detail}) from error

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_next_link(self) -> str | None:
        return self._link(self.page.next_cursor)

    def get_previous_link(self) -> str | None:
        return self._link(self.page.previous_cursor)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        example = f"https://example.org/api/v1/results/?{self.cursor_query_param}=eyJrIjpbNDJdLCJyIjowfQ"
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "example": example,
                         "description": force_str(_("下一页的地址；没有下一页时为 null。"))},
                "previous": {"type": "string", "nullable": True, "format": "uri", "example": example,
                             "description": force_str(_("上一页的地址；第一页为 null。"))},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": force_str(
                    _("翻页游标：取自上一次响应的 next 或 previous 地址，不要自行构造；无效的游标返回 404。")
                ),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": force_str(_(
                    "每页条数：%(minimum)d 至 %(maximum)d 的整数，默认 %(default)d；超出范围或不是整数时返回 400。"
                ) % {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}),
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
            },
        ]

    def get_html_context(self):
        return {"previous_url": self.get_previous_link(), "next_url": self.get_next_link()}

    def to_html(self):
        return loader.get_template(self.template).render(self.get_html_context())
