"""Open, read-only API of published results. Nothing unpublished, no personal contact data."""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from benchmarking.models import Industry
from benchmarking.selectors import categories_named
from companies.selectors import of_enterprise_code_or_id, with_enterprise_named
from core.api_filters import API_FILTERS, CodeFilterSet
from core.public_cache import Area, PublicCacheMixin
from core.search import found_first, text_search
from plans.selectors import published_plan_versions
from verdict import Level

from .models import BenchmarkResult
from .selectors import LEADER_RULE, RESULT_TEXT, plan_leaders, published_result_rows
from .stats_selectors import published_in_categories


class PublishedResultSerializer(serializers.ModelSerializer):
    enterprise = serializers.CharField(source="enterprise.name")
    enterprise_uscc = serializers.CharField(source="enterprise.uscc")
    category = serializers.CharField(source="category.name_zh")
    industry = serializers.CharField(source="industry_id")
    city = serializers.CharField(source="city.name")
    province = serializers.CharField(source="province.name")
    plan = serializers.CharField(source="plan_version.plan.code")
    plan_version = serializers.IntegerField(source="plan_version.number")

    class Meta:
        model = BenchmarkResult
        fields = [
            "id", "product_name", "brand", "model", "enterprise_standard", "level", "published_at",
            "enterprise", "enterprise_uscc", "category", "industry", "city", "province", "plan", "plan_version",
        ]


class PublishedResultFilter(CodeFilterSet):
    """Shared by the API and the public list page, so that both filter the same way."""

    q = django_filters.CharFilter(method="filter_text", max_length=60)
    province = django_filters.CharFilter(field_name="province_id", max_length=6)
    city = django_filters.CharFilter(field_name="city_id", max_length=6)
    industry = django_filters.CharFilter(method="filter_industry", max_length=2)
    category = django_filters.CharFilter(field_name="category__code", max_length=20)
    category_name = django_filters.CharFilter(method="filter_category_name", max_length=60)
    level = django_filters.ChoiceFilter(choices=Level.choices)
    plan = django_filters.CharFilter(field_name="plan_version__plan__code", max_length=30)
    enterprise = django_filters.CharFilter(method="filter_enterprise", max_length=200)

    class Meta:
        model = BenchmarkResult
        fields = ["q", "province", "city", "industry", "category", "category_name", "level", "plan", "enterprise"]

    def filter_text(self, queryset, name, value):
        """Product name, brand or model, or the name of its product category."""
        value = value.strip()
        if not value:
            return queryset
        # The categories are looked up first (their own pairs index): with their ids written out,
        # the planner combines the text's index and the category's (a bitmap OR) instead of
        # walking the whole list in date order and testing each row, which it did with a subquery.
        categories = categories_named(value)
        matching = text_search(value, RESULT_TEXT,
                               also=Q(category_id__in=categories) if categories else None)
        if published_in_categories(categories) > FEW_MATCHES:
            return queryset.filter(matching)  # dense: the newest-first walk finds a page at once
        return found_first(queryset, matching, at_most=FEW_MATCHES, grouped_by="category_id")

    def filter_industry(self, queryset, name, value):
        """A division (两位数字), or a section letter meaning every division in it."""
        return queryset.filter(industry_id__in=Industry.objects.filter(Q(code=value) | Q(parent_id=value))
                               .values("code"))

    def filter_category_name(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(category_id__in=categories_named(value, every=True)) if value else queryset

    def filter_enterprise(self, queryset, name, value):
        """A Unified Social Credit Code or a part of it (its first digits), the enterprise's id, or
        a part of its name."""
        value = value.strip()
        if not value:
            return queryset
        if len(value) == 18 and value.isalnum():
            return queryset.filter(enterprise__uscc=value.upper())
        if not (value.isascii() and value.isdigit()):  # "²" is a digit to str.isdigit, not to int()
            return with_enterprise_named(queryset, value)
        return queryset.filter(of_enterprise_code_or_id(value))


# Up to this many matching results, a text search fetches their ids first (``found_first``).
FEW_MATCHES = 5_000


class PublishedResultViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.RESULTS, Area.PLANS})
    serializer_class = PublishedResultSerializer
    filterset_class = PublishedResultFilter
    filter_backends = API_FILTERS
    search_fields = ["product_name", "brand", "model"]
    ordering_fields = ["published_at", "product_name"]
    ordering = ("-published_at", "-id")  # newest first, unless ?ordering= says otherwise
    queryset = published_result_rows()


class PlanLeadersView(PublicCacheMixin, APIView):
    """领跑者 candidates of a published plan: its current version's results ranked overall and on
    each core indicator, as the worker stored them."""

    public_areas = frozenset({Area.RESULTS, Area.PLANS})
    pagination_class = None

    @extend_schema(
        summary="领跑者候选 The leaders of a plan: its published results ranked overall and per core indicator",
        parameters=[OpenApiParameter("top", int, description="每个排名给出的名次数，1–20，默认 5")],
        responses=inline_serializer("PlanLeaders", fields={
            "plan": serializers.CharField(), "version": serializers.IntegerField(), "rule": serializers.CharField(),
            "rankings": inline_serializer("PlanLeaderRanking", many=True, fields={
                "indicator": serializers.CharField(allow_null=True), "condition": serializers.CharField(),
                "unit": serializers.CharField(),
                "ranks": inline_serializer("PlanLeaderRank", many=True, fields={
                    "rank": serializers.IntegerField(), "of": serializers.IntegerField(),
                    "value": serializers.FloatField(), "result": serializers.IntegerField(),
                    "product": serializers.CharField(), "enterprise": serializers.CharField(),
                    "level": serializers.CharField()}),
            }),
        }),
    )
    def get(self, request, plan_id: int):
        if self._cached_response:
            return self._cached_response
        version = get_object_or_404(published_plan_versions(), plan_id=plan_id)
        try:
            top = min(max(int(request.query_params.get("top", 5)), 1), 20)
        except ValueError:
            raise ValidationError({"top": [_("请填写 1–20 之间的整数。")]}) from None
        return Response({
            "plan": version.plan.code, "version": version.number, "rule": str(LEADER_RULE),
            "rankings": [{
                "indicator": column.plan_indicator.indicator.key if column.plan_indicator else None,
                "condition": column.condition, "unit": column.plan_indicator.unit if column.plan_indicator else "",
                "ranks": [{"rank": r.rank, "of": r.ranked, "value": r.value, "result": r.result_id,
                           "product": str(r.result), "enterprise": r.result.enterprise.name, "level": r.result.level}
                          for r in column.ranks],
            } for column in plan_leaders(version, top=top)],
        })
