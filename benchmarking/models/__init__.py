from .activities import Activity, ActivityKind
from .geo import Industry, IndustryLevel, ProductCategory, Region, RegionLevel, Sector
from .imports import ImportJob, ImportJobEvent, ImportMode, ImportPhase, ImportStatus
from .ops import Heartbeat
from .plans import (
    PlanAuthorKind,
    PlanEvent,
    PlanIndicator,
    PlanRequirement,
    PlanStandard,
    PlanVersion,
    TechnicalPlan,
)
from .workflow import ReviewStatus, TransitionEvent

__all__ = [
    "Activity",
    "ActivityKind",
    "Heartbeat",
    "ImportJob",
    "ImportJobEvent",
    "ImportMode",
    "ImportPhase",
    "ImportStatus",
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
    "ReviewStatus",
    "Sector",
    "TechnicalPlan",
    "TransitionEvent",
]
