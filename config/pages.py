"""Public pages that read several domains at once, composed here so that no domain app reaches
up into another: the home page (the campaign in numbers), a technical plan with the results made
against it, and a city with its figures, institutions, results and activities. Cached for
anonymous visitors until the next publication."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from benchmarking.models import Activity
from benchmarking.selectors import cities
from core.public_cache import Area, cached_public_page
from plans.display import content_matrix
from plans.selectors import published_plan_versions
from results.selectors import LEADER_RULE, plan_leaders, published_results
from results.stats_selectors import improved_in, region_numbers
from thirdparty.selectors import accredited_institutions

from .home import home_context

# How many rows a detail page shows of a related list before linking to the filtered list.
LATEST = 10


@require_safe
@cached_public_page(areas=(Area.STATISTICS,))
def home(request):
    return render(request, "home.html", home_context())


@require_safe
@cached_public_page(areas=(Area.PLANS, Area.RESULTS, Area.STANDARDS))
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
        "leaders": plan_leaders(version),
        "leader_rule": LEADER_RULE,
    })


@require_safe
@cached_public_page(areas=(Area.PLACES, Area.INSTITUTIONS, Area.RESULTS, Area.STATISTICS))
def city_detail(request, code: str):
    city = get_object_or_404(cities().select_related("province"), code=code)
    institutions = accredited_institutions().filter(region__city_id=code).order_by("name", "pk")[:LATEST]
    results = published_results().filter(city_id=code).order_by("-published_at", "-pk")[:5]
    activities = (
        Activity.objects.filter(Q(region_id=code) | Q(region__city_id=code)).select_related("region")
        .order_by("-held_on", "-pk")[:LATEST]
    )
    numbers = region_numbers(city)
    return render(request, "public/city_detail.html", {
        "city": city,
        "numbers": numbers,
        "month_peak": max((month.total for month in numbers.months), default=0) if numbers else 0,
        "institutions": institutions,
        "results": results,
        "activities": activities,
        "improved": improved_in(code),
        "filter_query": f"province={city.province_id}&city={city.code}",
    })
