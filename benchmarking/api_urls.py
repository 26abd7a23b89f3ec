"""The open API's router (composition root: it may import every app)."""

from rest_framework.routers import DefaultRouter

from results.api import PublishedResultViewSet
from standards.api import ComparisonViewSet, StandardViewSet, TranslationViewSet
from thirdparty.api import InstitutionViewSet

from .api import ActivityViewSet, CategoryViewSet, IndustryViewSet, PublishedPlanViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("industries", IndustryViewSet, basename="industry")
router.register("categories", CategoryViewSet, basename="category")
router.register("standards", StandardViewSet, basename="standard")
router.register("plans", PublishedPlanViewSet, basename="plan")
router.register("results", PublishedResultViewSet, basename="result")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("comparisons", ComparisonViewSet, basename="comparison")
router.register("translations", TranslationViewSet, basename="translation")
router.register("activities", ActivityViewSet, basename="activity")

urlpatterns = router.urls
