"""Public pages of the published technical plans: the list (the detail, which lists the results
made against a plan, is composed in ``config.pages``). Cached for anonymous visitors until the
next publication."""

import django_filters
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from benchmarking.models import Industry, ProductCategory
from benchmarking.selectors import industries_for_filters
from core.keyset import Sort
from core.public_cache import Area, cached_public_page
from core.public_listing import public_list

from .api import PublishedPlanFilter
from .models import PlanAuthorKind
from .selectors import published_plan_versions


def _industry_codes(code: str):
    """A division, or a section letter meaning every division in it."""
    return Industry.objects.filter(Q(code=code) | Q(parent_id=code)).values("code")


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
