from .imports import ImportJob, ImportJobEvent, ImportMode, ImportPhase, ImportStatus
from .ops import Heartbeat
from .workflow import ReviewStatus, TransitionEvent

__all__ = [
    "Heartbeat",
    "ImportJob",
    "ImportJobEvent",
    "ImportMode",
    "ImportPhase",
    "ImportStatus",
    "ReviewStatus",
    "TransitionEvent",
]
