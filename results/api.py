"""Open, read-only API of published results. Nothing unpublished, no personal contact data."""

import django_filters
from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination

from .models import BenchmarkResult, Level
from .selectors import published_results


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


class PublishedResultFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province_id")
    city = django_filters.CharFilter(field_name="city_id")
    industry = django_filters.CharFilter(field_name="industry_id")
    category = django_filters.CharFilter(field_name="category__code")
    level = django_filters.ChoiceFilter(choices=Level.choices)
    plan = django_filters.CharFilter(field_name="plan_version__plan__code")
    enterprise = django_filters.CharFilter(field_name="enterprise__uscc")

    class Meta:
        model = BenchmarkResult
        fields = ["province", "city", "industry", "category", "level", "plan", "enterprise"]


class NewestFirstCursor(CursorPagination):
    # Keyset pagination: page 1,000 costs what page 1 costs (no OFFSET, no COUNT).
    ordering = ("-published_at", "-id")
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class PublishedResultViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PublishedResultSerializer
    filterset_class = PublishedResultFilter
    pagination_class = NewestFirstCursor
    queryset = published_results()
