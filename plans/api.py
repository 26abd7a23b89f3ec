"""Open, read-only API of the published technical plans."""

import django_filters
from rest_framework import serializers, viewsets

from core.api_filters import API_FILTERS, CodeFilterSet
from core.models import ReviewStatus
from core.public_cache import Area

from .models import PlanVersion


class PublishedPlanSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="plan.code")
    title_zh = serializers.CharField(source="plan.title_zh")
    title_en = serializers.CharField(source="plan.title_en")
    category = serializers.CharField(source="plan.category.code")
    author_kind = serializers.CharField(source="plan.author_kind")
    drafting_body = serializers.CharField(source="plan.drafting_body")
    version = serializers.IntegerField(source="number")
    standards = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ["id", "code", "title_zh", "title_en", "category", "author_kind", "drafting_body", "version",
                  "published_at", "standards"]

    def get_standards(self, version) -> list[dict]:
        return [
            {"code": s.standard.code, "grade": s.grade, "is_benchmark": s.is_benchmark}
            for s in version.standards.all()
        ]


class PublishedPlanFilter(CodeFilterSet):
    category = django_filters.CharFilter(field_name="plan__category__code")
    author_kind = django_filters.CharFilter(field_name="plan__author_kind")

    class Meta:
        model = PlanVersion
        fields = ["category", "author_kind"]


class PublishedPlanViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.PLANS})
    serializer_class = PublishedPlanSerializer
    filterset_class = PublishedPlanFilter
    filter_backends = API_FILTERS
    search_fields = ["plan__code", "plan__title_zh", "plan__category__name_zh"]
    ordering_fields = ["published_at", "plan__code"]
    queryset = (
        PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED)
        .select_related("plan__category")
        .prefetch_related("standards__standard")
    )
