"""Open, read-only API of the standards library."""

import django_filters
from rest_framework import serializers, viewsets

from core.api_filters import API_FILTERS, CodeFilterSet
from core.public_cache import Area

from .models import (
    Comparison,
    ComparisonItem,
    Recognition,
    Standard,
    StandardKind,
    StandardStatus,
    Translation,
)
from .selectors import published_comparisons, published_translations


class StandardSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    replaced_by = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)

    class Meta:
        model = Standard
        fields = [
            "id", "code", "prefix", "number", "year", "kind", "title_zh", "title_en", "issuing_body",
            "issuing_body_en", "country", "status", "replaced_by", "published_on", "effective_on", "withdrawn_on",
            "tags", "is_example",
        ]


class StandardFilter(CodeFilterSet):
    kind = django_filters.ChoiceFilter(choices=StandardKind.choices)
    status = django_filters.ChoiceFilter(choices=StandardStatus.choices)
    tag = django_filters.CharFilter(field_name="tags__slug")

    class Meta:
        model = Standard
        fields = ["kind", "status", "country", "tag"]


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.STANDARDS})
    serializer_class = StandardSerializer
    filterset_class = StandardFilter
    filter_backends = API_FILTERS
    search_fields = ["code", "title_zh", "title_en"]
    ordering_fields = ["code", "published_on", "effective_on"]
    queryset = Standard.objects.select_related("replaced_by").prefetch_related("tags")


class ComparisonItemSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(read_only=True, slug_field="key")

    class Meta:
        model = ComparisonItem
        fields = ["indicator", "label_zh", "label_en", "relation", "note_zh", "note_en"]


class RecognitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recognition
        fields = ["authority", "country", "recognized_on", "note", "source"]


class ComparisonSerializer(serializers.ModelSerializer):
    standard_a = serializers.SlugRelatedField(read_only=True, slug_field="code")
    standard_b = serializers.SlugRelatedField(read_only=True, slug_field="code")
    items = ComparisonItemSerializer(many=True, read_only=True)
    recognitions = RecognitionSerializer(many=True, read_only=True)

    class Meta:
        model = Comparison
        fields = ["id", "standard_a", "standard_b", "kind", "title_zh", "title_en", "conclusion_zh",
                  "conclusion_en", "published_on", "items", "recognitions"]


class ComparisonViewSet(viewsets.ReadOnlyModelViewSet):
    """Published comparisons and equivalence assessments only."""
    public_areas = frozenset({Area.STANDARDS})

    serializer_class = ComparisonSerializer
    filterset_fields = ["kind"]
    queryset = published_comparisons().prefetch_related("items__indicator")


class TranslationSerializer(serializers.ModelSerializer):
    standard = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = Translation
        fields = ["id", "standard", "language", "batch", "status", "requested_by_country", "published_on"]


class TranslationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published foreign-language versions only."""
    public_areas = frozenset({Area.STANDARDS})

    serializer_class = TranslationSerializer
    filterset_fields = ["language", "batch"]
    queryset = published_translations()
