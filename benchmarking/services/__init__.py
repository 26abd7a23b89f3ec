"""Every write and state transition of the campaign domain, split by subdomain."""


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
    "plan_adopt",
    "plan_approve",
    "plan_create",
    "plan_new_version",
    "plan_return",
    "plan_set_content",
    "plan_submit",
]
