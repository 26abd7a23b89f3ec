"""Reads of results shared by the public pages and the API."""

from django.db.models import QuerySet

from benchmarking.models import ReviewStatus

from .models import BenchmarkResult


def published_results() -> QuerySet[BenchmarkResult]:
    """Only what is published: never drafts, submissions, returned or withdrawn results."""
    return BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "enterprise", "category", "city", "province", "plan_version__plan"
    )
