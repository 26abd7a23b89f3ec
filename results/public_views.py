"""Public pages of published results: a filtered, keyset-paginated list and a detail page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from rest_framework.request import Request

from benchmarking.models import Region, RegionLevel

from .api import NewestFirstCursor, PublishedResultFilter
from .evaluation import evaluate_values
from .models import Level
from .selectors import published_results
from .verdict_display import verdict_view


@require_GET
def result_list(request):
    filtered = PublishedResultFilter(request.GET, queryset=published_results())
    if not filtered.is_valid():
        raise Http404  # a forged filter value: there is no such list
    queryset = filtered.qs
    product = (request.GET.get("q") or "").strip()[:60]
    if product:
        queryset = queryset.filter(product_name__icontains=product)
    paginator = NewestFirstCursor()
    drf_request = Request(request)
    page = paginator.paginate_queryset(queryset, drf_request)
    return render(request, "public/result_list.html", {
        "results": page,
        "next_url": paginator.get_next_link(),
        "previous_url": paginator.get_previous_link(),
        "provinces": Region.objects.filter(level=RegionLevel.PROVINCE).only("code", "name", "name_en"),
        "levels": Level.choices,
        "selected": {"province": request.GET.get("province", ""), "level": request.GET.get("level", ""), "q": product},
    })


@require_GET
def result_detail(request, pk: int):
    result = get_object_or_404(published_results(), pk=pk)
    values = list(result.values.select_related("plan_indicator__indicator"))
    plan_indicators = list(
        result.plan_version.indicators.select_related("indicator").order_by("position", "id")
    )
    verdict = evaluate_values(result.plan_version, values)
    return render(request, "public/result_detail.html", {
        "result": result,
        "verdict": verdict_view(verdict.to_json(), plan_indicators),
        "standards": result.plan_version.standards.select_related("standard").order_by("position", "id"),
        "reports": result.reports.select_related("institution").order_by("issued_on", "id"),
    })
