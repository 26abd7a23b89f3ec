"""Reads of technical plans shared by views, the API and the admin."""

from django.db.models import Q, QuerySet

from accounts.rules import is_campaign_office, is_city_office, is_enterprise_user
from benchmarking.reviewers import ReviewingOffice, reviewing_office
from core.models import ReviewStatus

from .models import PlanAuthorKind, PlanVersion


def published_plan_versions() -> QuerySet[PlanVersion]:
    """The published version of each technical plan, the only one the public sees: a plan has at
    most one published version (DB constraint); drafts, submissions, returned, withdrawn and
    superseded versions never appear."""
    return PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "plan__category__industry"
    )


def published_versions_usable_by(user) -> QuerySet[PlanVersion]:
    """The published plan versions a user may report or import results against: every one for
    the campaign office; the industry plans and its own city's for a city office; the industry
    plans and its own for an enterprise; none for anyone else."""
    versions = published_plan_versions()
    if is_campaign_office(user):
        return versions
    if is_city_office(user):
        return versions.filter(Q(plan__author_kind=PlanAuthorKind.INDUSTRY) | Q(plan__city_id=user.region_id))
    if is_enterprise_user(user):
        return versions.filter(Q(plan__author_kind=PlanAuthorKind.INDUSTRY) | Q(plan__enterprise_id=user.enterprise_id))
    return versions.none()


def plan_reviewing_office(version: PlanVersion) -> ReviewingOffice:
    """An enterprise's plan: its city's pilot office, or the campaign office where that city has
    none. Industry plans: the campaign office's."""
    plan = version.plan
    return reviewing_office(plan.city if plan.author_kind == PlanAuthorKind.ENTERPRISE else None)
