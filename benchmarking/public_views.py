"""Public pages of the campaign core: published technical plans, regions and activities.

Only what is published is read (``selectors.published_plan_versions`` and the other apps'
selectors); every page is cached for anonymous visitors until the next publication.
"""

from collections import defaultdict
from datetime import date

import django_filters
from django.db.models import Max, Min, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.keyset import Sort
from core.public_cache import cached_public_page
from core.public_listing import public_list
from results.selectors import published_results
from thirdparty.selectors import accredited_institutions

from .api import PublishedPlanFilter
from .models import Activity, ActivityKind, Industry, PlanAuthorKind, ProductCategory
from .plan_display import content_matrix
from .selectors import (
    cities,
    cities_for_filters,
    industries_for_filters,
    provinces_for_filters,
    published_plan_versions,
    taking_part_cities,
    taking_part_provinces,
)

# How many rows a detail page shows of a related list before linking to the filtered list.
LATEST = 10


def _industry_codes(code: str):
    """A division, or a section letter meaning every division in it."""
    return Industry.objects.filter(Q(code=code) | Q(parent_id=code)).values("code")


# --- Technical plans ----------------------------------------------------------------------------

class PublicPlanFilter(PublishedPlanFilter):
    q = django_filters.CharFilter(method="filter_text", max_length=60)
    industry = django_filters.CharFilter(method="filter_industry", max_length=2)
    category = django_filters.CharFilter(field_name="plan__category__code", max_length=20)
    author_kind = django_filters.ChoiceFilter(field_name="plan__author_kind", choices=PlanAuthorKind.choices)

    class Meta(PublishedPlanFilter.Meta):
        fields = ["q", "industry", "category", "author_kind"]

    def filter_text(self, queryset, name, value):
        """Plan number or title, or the name of its product category."""
        value = value.strip()
        if not value:
            return queryset
        categories = ProductCategory.objects.filter(Q(name_zh__icontains=value) | Q(name_en__icontains=value))
        return queryset.filter(
            Q(plan__code__icontains=value) | Q(plan__title_zh__icontains=value) | Q(plan__title_en__icontains=value)
            | Q(plan__category_id__in=categories.values("id"))
        )

    def filter_industry(self, queryset, name, value):
        return queryset.filter(plan__category__industry_id__in=_industry_codes(value))


PLAN_SORTS = {
    "newest": Sort(_("最新发布在前"), ("-published_at", "-pk")),
    "oldest": Sort(_("最早发布在前"), ("published_at", "pk")),
    "code": Sort(_("按方案编号"), ("plan__code", "pk")),
}


@require_GET
@cached_public_page
def plan_list(request):
    listing = public_list(request, queryset=published_plan_versions(), sorts=PLAN_SORTS,
                          filterset_class=PublicPlanFilter)
    return render(request, "public/plan_list.html", {
        "listing": listing,
        "industries": industries_for_filters(),
        "author_kinds": PlanAuthorKind.choices,
    })


@require_GET
@cached_public_page
def plan_detail(request, pk: int):
    """A plan by its lasting id: always its currently published version."""
    version = get_object_or_404(published_plan_versions().select_related("based_on__plan"), plan_id=pk)
    standards, matrix = content_matrix(version)
    results = published_results().filter(plan_version__plan_id=pk).order_by("-published_at", "-pk")[:LATEST]
    return render(request, "public/plan_detail.html", {
        "version": version,
        "plan": version.plan,
        "standards": standards,
        "matrix": matrix,
        "results": results,
    })


# --- Regions ------------------------------------------------------------------------------------

@require_GET
@cached_public_page
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


@require_GET
@cached_public_page
def city_options(request):
    """The <option>s of the cities of a province, for the filter forms (htmx)."""
    province = (request.GET.get("province") or "").strip()
    cities_of_province = taking_part_cities(province) if province.isdigit() and len(province) == 6 else []
    return render(request, "public/_city_options.html", {"cities": cities_of_province, "selected": ""})


@require_GET
@cached_public_page
def city_detail(request, code: str):
    city = get_object_or_404(cities().select_related("province"), code=code)
    institutions = accredited_institutions().filter(region__city_id=code).order_by("name", "pk")[:LATEST]
    results = published_results().filter(city_id=code).order_by("-published_at", "-pk")[:5]
    activities = (
        Activity.objects.filter(Q(region_id=code) | Q(region__city_id=code)).select_related("region")
        .order_by("-held_on", "-pk")[:LATEST]
    )
    numbers = _region_numbers(city)
    return render(request, "public/city_detail.html", {
        "city": city,
        "numbers": numbers,
        "month_peak": max((month.total for month in numbers.months), default=0) if numbers else 0,
        "institutions": institutions,
        "results": results,
        "activities": activities,
        "filter_query": f"province={city.province_id}&city={city.code}",
    })


def _region_numbers(region):
    """The city's figures from the statistics tables (results.stats_selectors)."""
    try:
        from results.stats_selectors import region_numbers
    except ImportError:  # the statistics module is not there yet: the page still renders
        return None
    return region_numbers(region)


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


@require_GET
@cached_public_page
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
