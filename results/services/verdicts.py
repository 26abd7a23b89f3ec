"""The stored levels brought back in line with the engine, after its rules change.

A result's level is a pure function of its values and its plan version (the verdict's cells and
gaps are not stored: pages rebuild them); when the rules of the verdict change (mandatory
standards always apply, a value not compared is not a failure), ``results_recompute_verdicts``
recomputes every stored level and says what changed. A
changed published level is a public change: an audit row per result, the statistics recounted
and the public cache renewed, in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from core.models import AuditAction, ReviewStatus
from core.services import audit
from plans.models import PlanVersion

from ..evaluation import evaluate_values
from ..models import BenchmarkResult
from .statistics import stats_rebuild

BATCH = 2_000


@dataclass
class VerdictChanges:
    examined: int = 0
    # (status, level before, level after) → how many results; unchanged levels are not counted
    levels: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    levels_rewritten: int = 0  # stored levels that differed

    @property
    def published_levels_changed(self) -> int:
        return sum(n for (status, _before, _after), n in self.levels.items() if status == ReviewStatus.PUBLISHED)


@transaction.atomic
def results_recompute_verdicts(*, actor, apply: bool) -> VerdictChanges:
    """Recompute every result's verdict; with ``apply``, store what changed (else only count it)."""
    changes = VerdictChanges()
    versions = PlanVersion.objects.filter(pk__in=BenchmarkResult.objects.values("plan_version_id")).order_by("pk")
    for version in versions:
        last = 0
        while True:
            rows = BenchmarkResult.objects.filter(plan_version=version, pk__gt=last).order_by("pk")
            if apply:  # nobody changes a result between its verdict and its write
                rows = rows.select_for_update(of=("self",))
            batch = list(rows[:BATCH])
            if not batch:
                break
            last = batch[-1].pk
            rewritten = []
            for result in batch:
                changes.examined += 1
                level = evaluate_values(version, result.values).level.value
                if level == result.level:
                    continue
                changes.levels[(result.status, result.level, level)] += 1
                if apply and result.status == ReviewStatus.PUBLISHED:
                    audit(actor=actor, instance=result, action=AuditAction.CHANGED,
                          changes={"level": (result.level, level)})
                result.level, result.updated_at = level, timezone.now()
                rewritten.append(result)
            changes.levels_rewritten += len(rewritten)
            if apply and rewritten:
                BenchmarkResult.objects.bulk_update(rewritten, ["level", "updated_at"], batch_size=500)
    if apply and changes.published_levels_changed:
        stats_rebuild()  # also renews the public cache when this transaction commits
    return changes
