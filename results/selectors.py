"""Reads of results shared by the public pages and the API."""

from django.db.models import Prefetch, QuerySet

from benchmarking.models import ProductCategory, Region
from companies.models import Enterprise
from core.models import ReviewStatus
from plans.models import PlanVersion

from .models import BenchmarkResult

# What a text search of results looks in (core.search; the category's name is matched apart).
RESULT_TEXT = ("product_name", "brand", "model")


def published_results() -> QuerySet[BenchmarkResult]:
    """Only what is published: never drafts, submissions, returned or withdrawn results."""
    return BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "enterprise", "category", "city", "province", "plan_version__plan"
    )


def published_result_rows() -> QuerySet[BenchmarkResult]:
    """The public list's rows: one page query with no join, then the page's enterprises,
    categories, regions and plans by key. PostgreSQL spends longer planning the six-join query
    of ``published_results()`` (~8 ms) than running it, and the list shows none of the rest."""
    regions = Region.objects.only("code", "name", "name_en")
    return (
        BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED)
        .only("id", "product_name", "brand", "model", "level", "published_at", "enterprise_id", "category_id",
              "city_id", "province_id", "plan_version_id")
        .prefetch_related(
            Prefetch("enterprise", queryset=Enterprise.objects.only("id", "name")),
            Prefetch("category", queryset=ProductCategory.objects.only("id", "name_zh", "name_en")),
            Prefetch("city", queryset=regions),
            Prefetch("province", queryset=regions),
            Prefetch("plan_version", queryset=PlanVersion.objects.only("id", "plan__code").select_related("plan")),
        )
    )
