"""``/api/v1/stats/…``: the campaign in numbers, read from the statistics tables only."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.public_cache import Area, PublicCacheMixin

from . import stats_selectors
from .selectors import IMPROVEMENT_DIMENSIONS

REGION_CODE = re.compile(r"\d{6}")
LEVEL_FIELDS = {
    "total": serializers.IntegerField(), "leading": serializers.IntegerField(),
    "attained": serializers.IntegerField(), "not_attained": serializers.IntegerField(),
}


def _region_parameter(request, name: str) -> str:
    value = request.query_params.get(name, "")
    if value and not REGION_CODE.fullmatch(value):
        raise ValidationError({name: [_("请填写六位行政区划代码，例如 440300。")]})
    return value


class StatsView(PublicCacheMixin, APIView):
    """Answers cached until the next publication, like the rest of the open API."""
    public_areas = frozenset({Area.STATISTICS})

    pagination_class = None

    def answer(self, request) -> dict | list:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self._cached_response or Response(self.answer(request))


class SummaryView(StatsView):
    @extend_schema(
        summary="行动总体数据 The campaign in numbers",
        responses=inline_serializer("StatsSummary", fields={
            name: serializers.IntegerField() for name in (
                "provinces", "cities", "pilot_cities", "enterprises", "plans", "results", "results_leading",
                "results_attained", "results_not_attained", "categories", "institutions", "activities",
                "attendances",
            )
        }),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def answer(self, request):
        return stats_selectors.summary()


class ByRegionView(StatsView):
    @extend_schema(
        summary="按地区统计 Published results by province, or by city of one province",
        parameters=[OpenApiParameter("province", str, description="省级代码，给出时按该省的城市统计，例如 440000")],
        responses=inline_serializer("StatsByRegion", many=True, fields={
            "code": serializers.CharField(), "name": serializers.CharField(), "name_en": serializers.CharField(),
            **LEVEL_FIELDS, "enterprises": serializers.IntegerField(),
        }),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def answer(self, request):
        province = _region_parameter(request, "province")
        rows = stats_selectors.by_city(province) if province else stats_selectors.by_province()
        return [_region_row(row) for row in rows]


def _region_row(row) -> dict:
    data = row.as_dict()
    data["code"] = data.pop("key")
    data["enterprises"] = row.enterprises
    return data


class ByIndustryView(StatsView):
    @extend_schema(
        summary="按产业和行业统计 Published results by sector and by industry (GB/T 4754 division)",
        responses=inline_serializer("StatsByIndustry", fields={
            "sectors": inline_serializer("StatsSector", many=True, fields={
                "key": serializers.CharField(), "name": serializers.CharField(), **LEVEL_FIELDS}),
            "industries": inline_serializer("StatsIndustry", many=True, fields={
                "key": serializers.CharField(), "name": serializers.CharField(), "name_en": serializers.CharField(),
                **LEVEL_FIELDS}),
        }),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def answer(self, request):
        return {
            "sectors": [row.as_dict() for row in stats_selectors.by_sector()],
            "industries": [row.as_dict() for row in stats_selectors.by_industry()],
        }


class ByMonthView(StatsView):
    @extend_schema(
        summary="按月统计 Results published per month (for one city when given)",
        parameters=[OpenApiParameter("city", str, description="城市代码，例如 440300")],
        responses=inline_serializer("StatsByMonth", many=True, fields={"month": serializers.CharField(),
                                                                         **LEVEL_FIELDS}),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def answer(self, request):
        city = _region_parameter(request, "city")
        rows = []
        for row in stats_selectors.by_month(city=city):
            data = row.as_dict()
            data["month"] = data.pop("key")
            del data["name"], data["name_en"]
            rows.append(data)
        return rows


class ImprovementsView(StatsView):
    """Products that moved up a level between two published results (提升), as the worker counted
    them with the headline figures."""

    @extend_schema(
        summary="已提升产品 Products that moved up a level, by month, city, province or industry",
        parameters=[
            OpenApiParameter("by", str, enum=list(IMPROVEMENT_DIMENSIONS),
                             description="分组：month（按后一次发布的月份，默认）、city、province、industry"),
        ],
        responses=inline_serializer("StatsImprovements", fields={
            "total": serializers.IntegerField(),
            "rows": inline_serializer("StatsImprovementRow", many=True, fields={
                "key": serializers.CharField(), "count": serializers.IntegerField()}),
        }),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def answer(self, request):
        by = request.query_params.get("by") or "month"
        if by not in IMPROVEMENT_DIMENSIONS:
            raise ValidationError({"by": [_("请选择 month、city、province 或 industry。")]})
        rows = stats_selectors.improvements(by)
        return {"total": sum(row["count"] for row in rows), "rows": rows}
