"""Open, read-only API of the campaign domain: regions, industries, categories, activities."""

from rest_framework import filters, serializers, viewsets

from core.api_filters import API_FILTERS, CodeFilterBackend
from core.public_cache import Area

from .models import Activity, Industry, ProductCategory, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent", "province", "city", "taking_part_since", "pilot_since"]


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.PLACES, Area.STATISTICS})
    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("code")
    filterset_fields = ["level", "parent", "province", "city"]


class IndustrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Industry
        fields = ["code", "name_zh", "name_en", "level", "parent", "sector"]


class IndustryViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.PLACES})
    serializer_class = IndustrySerializer
    queryset = Industry.objects.order_by("code")
    filterset_fields = ["level", "parent", "sector"]


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProductCategory
        fields = ["code", "name_zh", "name_en", "industry"]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.PLACES})
    serializer_class = CategorySerializer
    queryset = ProductCategory.objects.order_by("code")
    filter_backends = [CodeFilterBackend, filters.SearchFilter]
    filterset_fields = ["industry"]
    search_fields = ["code", "name_zh", "name_en"]
    lookup_field = "code"


class ActivitySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", allow_null=True)

    class Meta:
        model = Activity
        fields = ["id", "kind", "title_zh", "title_en", "region", "held_on", "attendances", "summary", "url"]


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.PLACES})
    serializer_class = ActivitySerializer
    filter_backends = API_FILTERS
    filterset_fields = ["kind", "region"]
    search_fields = ["title_zh", "title_en"]
    ordering_fields = ["held_on", "attendances"]
    queryset = Activity.objects.all()
