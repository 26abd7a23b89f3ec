"""Open, read-only API of the standards library."""

import django_filters
from rest_framework import filters, serializers, viewsets

from .models import Standard, StandardKind, StandardStatus


class StandardSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    replaced_by = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = Standard
        fields = [
            "id", "code", "prefix", "number", "year", "kind", "title_zh", "title_en", "issuing_body", "country",
            "status", "replaced_by", "published_on", "effective_on", "withdrawn_on", "tags",
        ]


class StandardFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=StandardKind.choices)
    status = django_filters.ChoiceFilter(choices=StandardStatus.choices)
    tag = django_filters.CharFilter(field_name="tags__slug")

    class Meta:
        model = Standard
        fields = ["kind", "status", "country", "tag"]


class StandardViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = StandardSerializer
    filterset_class = StandardFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.SearchFilter]
    search_fields = ["code", "title_zh", "title_en"]
    queryset = Standard.objects.select_related("replaced_by").prefetch_related("tags")
