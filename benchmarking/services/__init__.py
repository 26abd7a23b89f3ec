"""Every write and state transition of the campaign core, split by subdomain."""

from .ops import heartbeat_enqueue, heartbeat_record
from .plans import (
    PLAN_WORKFLOW,
    IndicatorInput,
    RequirementInput,
    StandardInput,
    plan_adopt,
    plan_approve,
    plan_create,
    plan_new_version,
    plan_return,
    plan_set_content,
    plan_submit,
)

__all__ = [
    "PLAN_WORKFLOW",
    "IndicatorInput",
    "RequirementInput",
    "StandardInput",
    "heartbeat_enqueue",
    "heartbeat_record",
    "plan_adopt",
    "plan_approve",
    "plan_create",
    "plan_new_version",
    "plan_return",
    "plan_set_content",
    "plan_submit",
]
