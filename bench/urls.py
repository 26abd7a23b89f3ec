"""The project's URLs plus a bare keyset-paginated view of the same published results.

``/bench/bare-results/`` is the floor for ``/results/``: the same rows (published, newest first,
``-published_at, -id``), the same page size, the same columns of each row (the joined enterprise,
category, province, city names and the plan code), the same ``province`` and ``level`` equality
filters, an ``after`` keyset cursor on the whole key, and a plain HTML string built from
``.values_list()`` — no django-filter, no cursor encoding, no template, no model instances, no
filter form. Both pass through the same middleware, so the ratio says what the view, its filters,
its pagination, its form and its template cost.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.html import escape
from django.utils.timezone import localtime
from django.views.decorators.http import require_safe

from config.urls import urlpatterns as project_urlpatterns
from core.public_listing import PAGE_SIZE  # the public pages' shared page size
from results.models import BenchmarkResult
from verdict import Level

COLUMNS = (
    "id", "product_name", "brand", "model", "level", "published_at",
    "enterprise__name", "category__name_zh", "province__name", "city__name", "plan_version__plan__code",
)
LEVELS = {value for value, _label in Level.choices}


def _cursor(after: str) -> Q:
    stamp, _sep, pk = after.rpartition("_")
    try:
        published_at, pk = datetime.fromisoformat(stamp), int(pk)
    except ValueError as error:
        raise Http404 from error
    # (published_at, id) < (t, pk); the bound on published_at alone lets the index range-scan.
    return Q(published_at__lte=published_at) & (
        Q(published_at__lt=published_at) | Q(published_at=published_at, id__lt=pk)
    )


@require_safe
def bare_results(request):
    queryset = BenchmarkResult.objects.filter(status="published")
    filters = {}
    if province := request.GET.get("province"):
        queryset = queryset.filter(province_id=province)
        filters["province"] = province
    if level := request.GET.get("level"):
        if level not in LEVELS:
            raise Http404
        queryset = queryset.filter(level=level)
        filters["level"] = level
    if after := request.GET.get("after"):
        queryset = queryset.filter(_cursor(after))
    rows = list(queryset.order_by("-published_at", "-id").values_list(*COLUMNS)[: PAGE_SIZE + 1])
    more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    parts = ["<!doctype html><html lang=zh-CN><meta charset=utf-8><title>results</title><table>"]
    for pk, product, brand, model, level, published_at, enterprise, category, province_name, city, plan in rows:
        name = " ".join(part for part in (product, brand, model) if part)
        parts.append(
            f'<tr data-result="{pk}"><td><a href="/results/{pk}/">{escape(name)}</a></td>'
            f"<td>{escape(enterprise)}</td><td>{escape(category)}</td>"
            f"<td>{escape(province_name)} · {escape(city)}</td><td>{level}</td>"
            f"<td>{escape(plan)}</td><td>{localtime(published_at):%Y-%m-%d}</td></tr>"
        )
    parts.append("</table>")
    if more:
        last = rows[-1]
        query = urlencode({**filters, "after": f"{last[5].isoformat()}_{last[0]}"})
        parts.append(f'<a rel="next" href="?{escape(query)}">next</a>')
    return HttpResponse("".join(parts))


urlpatterns = [*project_urlpatterns, path("bench/bare-results/", bare_results, name="bench_bare_results")]
