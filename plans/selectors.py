"""Reads of technical plans shared by views, the API and the admin."""

from django.db.models import QuerySet

from core.models import ReviewStatus

from .models import PlanVersion


def published_plan_versions() -> QuerySet[PlanVersion]:
    """The published version of each technical plan, the only one the public sees: a plan has at
    most one published version (DB constraint); drafts, submissions, returned, withdrawn and
    superseded versions never appear."""
    return PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "plan__category__industry"
    )

