"""Every write of benchmark results, by subdomain: ``workflow`` (review and publication),
``drafts`` (an enterprise's work before review), ``statistics`` (the published figures),
``imported`` (the set-based write of an import). Views, forms, the admin, tasks and import
kinds call these; nothing else writes results."""

from .drafts import (
    result_add_report,
    result_create,
    result_recompute,
    result_remove_report,
    result_save_values,
    result_update_product,
)
from .history import result_set_improvement, results_link_predecessors
from .standard_changes import (
    FlagCounts,
    rebenchmark_version,
    result_rebenchmark,
    standard_changes_flag,
    standard_notice_read,
)
from .verdicts import VerdictChanges, results_recompute_verdicts
from .workflow import (
    RESULT_WORKFLOW,
    TransitionRefused,
    result_approve,
    result_return,
    result_submit,
    result_withdraw,
    submission_problems,
)

__all__ = [
    "RESULT_WORKFLOW",
    "FlagCounts",
    "TransitionRefused",
    "VerdictChanges",
    "rebenchmark_version",
    "result_add_report",
    "result_approve",
    "result_create",
    "result_rebenchmark",
    "result_recompute",
    "result_remove_report",
    "result_return",
    "result_save_values",
    "result_set_improvement",
    "result_submit",
    "result_update_product",
    "result_withdraw",
    "results_link_predecessors",
    "results_recompute_verdicts",
    "standard_changes_flag",
    "standard_notice_read",
    "submission_problems",
]
