from .activities import Activity, ActivityKind
from .geo import Industry, IndustryLevel, ProductCategory, Region, RegionLevel, Sector
from .plans import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "Industry",
    "IndustryLevel",
    "PlanAuthorKind",
    "PlanEvent",
    "PlanIndicator",
    "PlanRequirement",
    "PlanStandard",
    "PlanVersion",
    "ProductCategory",
    "Region",
    "RegionLevel",
    "Sector",
    "TechnicalPlan",
]
