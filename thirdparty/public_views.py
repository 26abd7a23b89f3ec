"""The public directory of accredited institutions: list and detail, no personal contact data
(no contact person, phone or e-mail is ever read into these pages' templates)."""

import django_filters
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from benchmarking.selectors import cities_for_filters, provinces_for_filters
from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list

from .api import InstitutionFilter
from .models import InstitutionKind, InstitutionService, ServiceKind
from .selectors import accredited_institutions


def _offering(*conditions, **lookups):
    # Services are many per institution: a subquery keeps one row per institution (no DISTINCT).
    return InstitutionService.objects.filter(*conditions, **lookups).values("institution_id")


class PublicInstitutionFilter(InstitutionFilter):
    q = django_filters.CharFilter(method="filter_text", max_length=100)
    province = django_filters.CharFilter(field_name="province_id", max_length=6)
    city = django_filters.CharFilter(field_name="region__city_id", max_length=6)
    service = django_filters.ChoiceFilter(choices=ServiceKind.choices, method="filter_service")
    category = django_filters.CharFilter(method="filter_category", max_length=20)
    category_name = django_filters.CharFilter(method="filter_category_name", max_length=60)

    class Meta(InstitutionFilter.Meta):
        fields = ["q", "kind", "province", "city", "service", "category", "category_name"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def filter_service(self, queryset, name, value):
        return queryset.filter(pk__in=_offering(service=value))

    def filter_category(self, queryset, name, value):
        return queryset.filter(pk__in=_offering(category__code=value))

    def filter_category_name(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(pk__in=_offering(
            Q(category__name_zh__icontains=value) | Q(category__name_en__icontains=value)
        ))


INSTITUTION_SORTS = {
    "name": Sort(_("按机构名称"), ("name", "pk")),
    "newest": Sort(_("最近认定在前"), ("-accredited_at", "-pk")),
}


@require_safe
@cached_public_page(areas=(Area.INSTITUTIONS, Area.PLACES))
def institution_list(request):
    listing = public_list(
        request, queryset=accredited_institutions().select_related("region__city"), sorts=INSTITUTION_SORTS,
        filterset_class=PublicInstitutionFilter,
    )
    province = listing.params.get("province", "")
    return render(request, "public/institution_list.html", {
        "listing": listing,
        "kinds": InstitutionKind.choices,
        "services": ServiceKind.choices,
        "provinces": provinces_for_filters(),
        "cities": cities_for_filters(province) if province else [],
    })


@require_safe
@cached_public_page(areas=(Area.INSTITUTIONS,))
def institution_detail(request, pk: int):
    institution = get_object_or_404(accredited_institutions().select_related("region__city"), pk=pk)
    by_category: dict[int, dict] = {}
    for offered in institution.services.all():
        entry = by_category.setdefault(offered.category_id, {"category": offered.category, "services": []})
        entry["services"].append(offered.get_service_display())
    return render(request, "public/institution_detail.html", {
        "institution": institution,
        "certificates": institution.certificates.all(),
        "services": list(by_category.values()),
        "today": timezone.localdate(),
    })
