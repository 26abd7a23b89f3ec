"""Public pages of the published technical plans: the list (the detail, which lists the results
made against a plan, is composed in ``config.pages``). Cached for anonymous visitors until the
next publication."""

import django_filters
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from benchmarking.models import Industry
from benchmarking.selectors import categories_named, industries_for_filters
from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list
from core.search import found_first, text_search

from .api import PublishedPlanFilter
from .models import PlanAuthorKind
from .selectors import published_plan_versions


def _industry_codes(code: str):
    """A division, or a section letter meaning every division in it."""
    return Industry.objects.filter(Q(code=code) | Q(parent_id=code)).values("code")


# Up to this many matching plan versions, a search reads them by key (``found_first``): 280,000
# plans at scale 100, and a term's plans are scattered in date order.
FEW_MATCHES = 2_000


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
        # Both on the plan: PostgreSQL ORs the plans' pairs index with their category index.
        categories = categories_named(value)
        matching = text_search(value, ("plan__code", "plan__title_zh", "plan__title_en"),
                               also=Q(plan__category_id__in=categories) if categories else None)
        return found_first(queryset, matching, at_most=FEW_MATCHES, grouped_by="plan__category_id")

    def filter_industry(self, queryset, name, value):
        return queryset.filter(plan__category__industry_id__in=_industry_codes(value))


PLAN_SORTS = {
    "newest": Sort(_("最新发布在前"), ("-published_at", "-pk")),
    "oldest": Sort(_("最早发布在前"), ("published_at", "pk")),
    "code": Sort(_("按方案编号"), ("plan__code", "pk")),
}


@require_safe
@cached_public_page(areas=(Area.PLANS,))
def plan_list(request):
    listing = public_list(request, queryset=published_plan_versions(), sorts=PLAN_SORTS,
                          filterset_class=PublicPlanFilter)
    return render(request, "public/plan_list.html", {
        "listing": listing,
        "industries": industries_for_filters(),
        "author_kinds": PlanAuthorKind.choices,
    })
