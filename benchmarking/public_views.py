"""Public pages of the campaign domain: the regions taking part and the activities.

Every page is cached for anonymous visitors until the next publication. The city page, which
reads the statistics, results and institutions of a city, is composed in ``config.pages``.
"""

from collections import defaultdict
from datetime import date

import django_filters
from django.db.models import Max, Min, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list

from .models import Activity, ActivityKind
from .selectors import (
    cities,
    cities_for_filters,
    provinces_for_filters,
    taking_part_provinces,
)

# --- Regions ------------------------------------------------------------------------------------

@require_safe
@cached_public_page(areas=(Area.PLACES,))
def region_list(request):
    """The provinces taking part, each with its cities taking part (pilot cities marked)."""
    by_province = defaultdict(list)
    for city in cities().filter(taking_part_since__isnull=False).order_by("code"):
        by_province[city.province_id].append(city)
    provinces = [
        {"province": province, "cities": by_province.get(province.code, []),
         "pilots": sum(1 for c in by_province.get(province.code, []) if c.pilot_since)}
        for province in taking_part_provinces().only("code", "name", "name_en", "taking_part_since")
    ]
    return render(request, "public/region_list.html", {"provinces": provinces})


@require_safe
@cached_public_page(areas=(Area.PLACES,))
def city_options(request):
    """The <option>s of the cities of a province, for the filter forms (htmx)."""
    province = (request.GET.get("province") or "").strip()
    return render(request, "public/_city_options.html", {"cities": cities_for_filters(province), "selected": ""})


# --- Activities ---------------------------------------------------------------------------------

class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", max_length=60)
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    province = django_filters.CharFilter(field_name="region__province_id", max_length=6)
    city = django_filters.CharFilter(method="filter_city", max_length=6)
    year = django_filters.NumberFilter(method="filter_year", min_value=1990, max_value=2100, decimal_places=0)

    class Meta:
        model = Activity
        fields = ["q", "kind", "province", "city", "year"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title_zh__icontains=value) | Q(title_en__icontains=value) | Q(summary__icontains=value)
        ) if value else queryset

    def filter_city(self, queryset, name, value):
        return queryset.filter(Q(region_id=value) | Q(region__city_id=value))

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(held_on__gte=date(year, 1, 1), held_on__lt=date(year + 1, 1, 1))


ACTIVITY_SORTS = {
    "newest": Sort(_("日期从近到远"), ("-held_on", "-pk")),
    "oldest": Sort(_("日期从远到近"), ("held_on", "pk")),
}


@require_safe
@cached_public_page(areas=(Area.PLACES,))
def activity_list(request):
    listing = public_list(request, queryset=Activity.objects.select_related("region"), sorts=ACTIVITY_SORTS,
                          filterset_class=ActivityFilter)
    span = Activity.objects.aggregate(first=Min("held_on"), last=Max("held_on"))
    years = list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []
    province = listing.params.get("province", "")
    return render(request, "public/activity_list.html", {
        "listing": listing,
        "kinds": ActivityKind.choices,
        "years": years,
        "provinces": provinces_for_filters(),
        "cities": cities_for_filters(province) if province else [],
    })
