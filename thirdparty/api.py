"""Open, read-only API of the accredited institutions' directory (no personal contact data)."""

import django_filters
from rest_framework import serializers, viewsets

from core.api_filters import API_FILTERS, CodeFilterSet
from core.public_cache import Area

from .models import Certificate, Institution, InstitutionKind, InstitutionService
from .selectors import accredited_institutions


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ["kind", "number", "scope", "valid_until"]


class ServiceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    category_name = serializers.CharField(source="category.name_zh")

    class Meta:
        model = InstitutionService
        fields = ["category", "category_name", "service"]


class InstitutionSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    province = serializers.CharField(source="province_id")
    certificates = CertificateSerializer(many=True, read_only=True)
    services = ServiceSerializer(many=True, read_only=True)

    class Meta:
        model = Institution
        fields = ["id", "name", "kind", "region", "province", "accredited_at", "website", "description",
                  "certificates", "services"]


class InstitutionFilter(CodeFilterSet):
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices)
    province = django_filters.CharFilter(field_name="province_id")
    city = django_filters.CharFilter(field_name="region__city_id")
    service = django_filters.CharFilter(field_name="services__service", distinct=True)
    category = django_filters.CharFilter(field_name="services__category__code", distinct=True)

    class Meta:
        model = Institution
        fields = ["kind", "province", "city", "service", "category"]


class InstitutionViewSet(viewsets.ReadOnlyModelViewSet):
    public_areas = frozenset({Area.INSTITUTIONS})
    serializer_class = InstitutionSerializer
    filterset_class = InstitutionFilter
    filter_backends = API_FILTERS
    search_fields = ["name"]
    ordering_fields = ["name", "accredited_at"]

    def get_queryset(self):
        return accredited_institutions()
