from .audit import AuditAction, AuditEvent
from .exports import ExportJob, ExportStatus
from .held_uploads import HeldUpload
from .imports import ImportJob, ImportJobEvent, ImportMode, ImportPhase, ImportStatus
from .ops import Heartbeat
from .workflow import ReviewStatus, TransitionEvent, decided_index

__all__ = [
    "AuditAction",
    "AuditEvent",
    "ExportJob",
    "ExportStatus",
    "Heartbeat",
    "HeldUpload",
    "ImportJob",
    "ImportJobEvent",
    "ImportMode",
    "ImportPhase",
    "ImportStatus",
    "ReviewStatus",
    "TransitionEvent",
    "decided_index",
]
