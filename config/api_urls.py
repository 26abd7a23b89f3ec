"""The open API's router (composition root: it may import every app)."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from benchmarking.api import ActivityViewSet, CategoryViewSet, IndustryViewSet, RegionViewSet
from core.exports import exportable
from plans.api import PublishedPlanViewSet
from results.api import PlanLeadersView, PublishedResultViewSet
from results.stats_api import ByIndustryView, ByMonthView, ByRegionView, ImprovementsView, SummaryView
from standards.api import ComparisonViewSet, StandardViewSet, TranslationViewSet
from thirdparty.api import InstitutionViewSet

router = DefaultRouter()
router.register("regions", exportable(RegionViewSet), basename="region")
router.register("industries", exportable(IndustryViewSet), basename="industry")
router.register("categories", exportable(CategoryViewSet), basename="category")
router.register("standards", exportable(StandardViewSet), basename="standard")
router.register("plans", exportable(PublishedPlanViewSet), basename="plan")
router.register("results", exportable(PublishedResultViewSet), basename="result")
router.register("institutions", exportable(InstitutionViewSet), basename="institution")
router.register("comparisons", exportable(ComparisonViewSet), basename="comparison")
router.register("translations", exportable(TranslationViewSet), basename="translation")
router.register("activities", exportable(ActivityViewSet), basename="activity")

urlpatterns = [
    path("stats/summary/", SummaryView.as_view(), name="stats-summary"),
    path("stats/by-region/", ByRegionView.as_view(), name="stats-by-region"),
    path("stats/by-industry/", ByIndustryView.as_view(), name="stats-by-industry"),
    path("stats/by-month/", ByMonthView.as_view(), name="stats-by-month"),
    path("stats/improvements/", ImprovementsView.as_view(), name="stats-improvements"),
    path("plans/<int:plan_id>/leaders/", PlanLeadersView.as_view(), name="plan-leaders"),
    *router.urls,
]
