"""Public pages of published results: a filtered, keyset-paginated list and a detail page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from benchmarking.selectors import cities_for_filters, industries_for_filters, provinces_for_filters
from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list
from verdict import Level

from .api import PublishedResultFilter
from .evaluation import evaluate_values
from .selectors import product_history, published_result_rows, published_results, standard_changes_of
from .stats_selectors import counted_results
from .verdict_display import verdict_view

RESULT_SORTS = {
    "newest": Sort(_("最新发布在前"), ("-published_at", "-pk")),
    "oldest": Sort(_("最早发布在前"), ("published_at", "pk")),
    "product": Sort(_("按产品名称"), ("product_name", "pk")),
}


@require_safe
@cached_public_page(areas=(Area.RESULTS, Area.PLACES, Area.STATISTICS))  # the count: the statistics'
def result_list(request):
    listing = public_list(
        request, queryset=published_result_rows(), sorts=RESULT_SORTS,
        filterset_class=PublishedResultFilter, counted_by=counted_results,
    )
    province = listing.params.get("province", "")
    return render(request, "public/result_list.html", {
        "results": listing,
        "listing": listing,
        "provinces": provinces_for_filters(),
        "cities": cities_for_filters(province) if province else [],
        "industries": industries_for_filters(),
        "levels": [(level.value, level.label) for level in Level.stated()],
    })


@require_safe
@cached_public_page(areas=(Area.RESULTS, Area.PLANS, Area.STANDARDS))
def result_detail(request, pk: int):
    result = get_object_or_404(published_results(), pk=pk)
    plan_indicators = list(
        result.plan_version.indicators.select_related("indicator").order_by("position", "id")
    )
    verdict = evaluate_values(result.plan_version, result.values)
    standards = list(result.plan_version.standards.select_related("standard__replaced_by").order_by("position", "id"))
    return render(request, "public/result_detail.html", {
        "result": result,
        "verdict": verdict_view(verdict.to_json(), plan_indicators),
        "standards": standards,
        # Beside the verdict: a compared standard replaced or withdrawn since (or about to be).
        "standard_changes": standard_changes_of(ps.standard for ps in standards),
        "history": product_history(result),
        "reports": result.reports.select_related("institution").order_by("issued_on", "id"),
    })
