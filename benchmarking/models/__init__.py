from .activities import Activity, ActivityKind
from .geo import Industry, IndustryLevel, ProductCategory, Region, RegionLevel, Sector

__all__ = [
    "Activity",
    "ActivityKind",
    "Industry",
    "IndustryLevel",
    "ProductCategory",
    "Region",
    "RegionLevel",
    "Sector",
]
