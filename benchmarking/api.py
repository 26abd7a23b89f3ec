"""Open, read-only API of the campaign core: regions, industries, categories, published plans."""

import django_filters
from rest_framework import filters, serializers, viewsets

from core.api_filters import API_FILTERS
from core.models import ReviewStatus

from .models import Activity, Industry, PlanVersion, ProductCategory, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "province", "city", "taking_part_since", "pilot_since"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("code")
    filterset_fields = ["level", "parent", "province", "city"]


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "name_zh", "name_en", "level", "parent", "sector"]


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndustrySerializer
    queryset = Industry.objects.order_by("code")
    filterset_fields = ["level", "parent", "sector"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["code", "name_zh", "name_en", "industry"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    queryset = ProductCategory.objects.order_by("code")
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.SearchFilter]
    filterset_fields = ["industry"]
    search_fields = ["code", "name_zh", "name_en"]
    lookup_field = "code"


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


class PublishedPlanFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(field_name="plan__category__code")
    author_kind = django_filters.CharFilter(field_name="plan__author_kind")

    class Meta:
        model = PlanVersion
        fields = ["category", "author_kind"]


class PublishedPlanViewSet(viewsets.ReadOnlyModelViewSet):
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


class ActivitySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)

    class Meta:
        model = Activity
        fields = ["id", "kind", "title_zh", "title_en", "region", "held_on", "attendances", "summary", "url"]


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer
    filter_backends = API_FILTERS
    filterset_fields = ["kind", "region"]
    search_fields = ["title_zh", "title_en"]
    ordering_fields = ["held_on", "attendances"]
    queryset = Activity.objects.all()
