"""Standards that change under the plans and results compared with them.

When a compared standard is to be replaced or withdrawn, is replaced (its replacement comes into
force) or is withdrawn, every plan version and every published result compared with it is
flagged, and each party concerned gets one notice: the enterprise for its results and its own
plans, the institution for the industry plans it drafted. The flags are written set-based (one
statement per stage and kind of row, whatever the number of results), the notices likewise, and
their e-mails are queued in batches. Running it again changes nothing: the daily run and the run
on each transition are the same statement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.models import ReviewStatus
from core.notifications import absolute_url, send_email_later
from core.queue import enqueue_on_commit
from core.workflow import TransitionRefused
from plans.models import PlanIndicator, PlanStandard, PlanVersion, TechnicalPlan
from standards.models import Standard, StandardStage, StandardStatus

from ..models import BenchmarkResult, StandardChangeFlag, StandardChangeNotice
from ..rules import owns_result
from .drafts import result_create, result_save_values

__all__ = ["MAIL_BATCH", "FlagCounts", "mail_notices", "rebenchmark_version", "result_rebenchmark",
           "standard_changes_flag", "standard_notice_read"]

# Notices per e-mail task: a replacement that touches 10,000 enterprises is 50 tasks, not 10,000.
MAIL_BATCH = 200
# Plan versions that someone may still act on; superseded and withdrawn ones are history.
LIVE_PLAN_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, ReviewStatus.PUBLISHED)


@dataclass(frozen=True)
class FlagCounts:
    standards: int
    plan_versions: int
    results: int
    notices: int


def _changed_standards(standard_ids: Sequence[int] | None, today: dt.date) -> dict[str, list[int]]:
    """The standards to flag for, by stage; a standard given by id that is back in force (its
    replacement cancelled) is listed under IN_FORCE, whose flags are removed."""
    changed = Q(replaced_by__isnull=False) | ~Q(status=StandardStatus.IN_FORCE) | Q(withdrawn_on__isnull=False)
    standards = Standard.objects.select_related("replaced_by")
    standards = standards.filter(pk__in=standard_ids) if standard_ids is not None else standards.filter(changed)
    by_stage: dict[str, list[int]] = {}
    for standard in standards.only("pk", "status", "withdrawn_on", "replaced_by__effective_on"):
        by_stage.setdefault(standard.stage(today), []).append(standard.pk)
    return by_stage


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(ids: Sequence) -> str:
    return ", ".join(["%s"] * len(ids))


@transaction.atomic
def standard_changes_flag(*, standard_ids: Sequence[int] | None = None, today: dt.date | None = None,
                          mail: bool = True) -> FlagCounts:
    """Flag what compares with the given standards (every changed standard when None) at their
    stage on ``today``, and notify each party once per standard and stage (by e-mail too, unless
    ``mail`` is off: a demo's history has been told already)."""
    today = today or timezone.localdate()
    now = timezone.now()
    by_stage = _changed_standards(standard_ids, today)
    back_in_force = by_stage.pop(StandardStage.IN_FORCE, [])
    if back_in_force:
        StandardChangeFlag.objects.filter(standard_id__in=back_in_force).delete()
    flags, plan_standards, versions, results = (_table(StandardChangeFlag), _table(PlanStandard),
                                                _table(PlanVersion), _table(BenchmarkResult))
    counts = {"plan_versions": 0, "results": 0}
    # The moment as the ORM stores it (SQLite keeps text): the notices of this run are found by it.
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for stage, ids in by_stage.items():
            # One statement for the plan versions, one for the published results, per stage.
            cursor.execute(
                f"INSERT INTO {flags} (standard_id, plan_version_id, stage, flagged_at, stage_changed_at) "
                f"SELECT ps.standard_id, ps.version_id, %s, %s, %s FROM {plan_standards} ps "
                f"JOIN {versions} v ON v.id = ps.version_id "
                f"WHERE ps.standard_id IN ({_in(ids)}) AND v.status IN ({_in(LIVE_PLAN_STATUSES)}) "
                f"ON CONFLICT (standard_id, plan_version_id) WHERE result_id IS NULL DO UPDATE "
                f"SET stage = excluded.stage, stage_changed_at = excluded.stage_changed_at "
                f"WHERE {flags}.stage <> excluded.stage",
                [stage, stamp, stamp, *ids, *LIVE_PLAN_STATUSES],
            )
            counts["plan_versions"] += max(cursor.rowcount, 0)
            cursor.execute(
                f"INSERT INTO {flags} (standard_id, plan_version_id, result_id, stage, flagged_at, stage_changed_at) "
                f"SELECT ps.standard_id, r.plan_version_id, r.id, %s, %s, %s FROM {plan_standards} ps "
                f"JOIN {results} r ON r.plan_version_id = ps.version_id "
                f"WHERE ps.standard_id IN ({_in(ids)}) AND r.status = %s "
                f"ON CONFLICT (standard_id, result_id) WHERE result_id IS NOT NULL DO UPDATE "
                f"SET stage = excluded.stage, stage_changed_at = excluded.stage_changed_at "
                f"WHERE {flags}.stage <> excluded.stage",
                [stage, stamp, stamp, *ids, ReviewStatus.PUBLISHED],
            )
            counts["results"] += max(cursor.rowcount, 0)
    standards = [pk for ids in by_stage.values() for pk in ids]
    notices = _notify(standards, now, stamp, mail=mail) if standards else 0
    return FlagCounts(standards=len(standards), notices=notices, **counts)


def _notify(standard_ids: Sequence[int], now: dt.datetime, stamp, *, mail: bool) -> int:
    """One notice per party, standard and stage (set-based), and their e-mails in batches."""
    notices, flags, versions, plans, results = (_table(StandardChangeNotice), _table(StandardChangeFlag),
                                                _table(PlanVersion), _table(TechnicalPlan), _table(BenchmarkResult))
    ids = _in(standard_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {notices} (standard_id, stage, enterprise_id, created_at) "
            f"SELECT f.standard_id, f.stage, r.enterprise_id, %s FROM {flags} f "
            f"JOIN {results} r ON r.id = f.result_id WHERE f.standard_id IN ({ids}) "
            f"UNION SELECT f.standard_id, f.stage, p.enterprise_id, %s FROM {flags} f "
            f"JOIN {versions} v ON v.id = f.plan_version_id JOIN {plans} p ON p.id = v.plan_id "
            f"WHERE f.result_id IS NULL AND p.enterprise_id IS NOT NULL AND f.standard_id IN ({ids}) "
            f"ON CONFLICT (enterprise_id, standard_id, stage) WHERE enterprise_id IS NOT NULL DO NOTHING",
            [stamp, *standard_ids, stamp, *standard_ids],
        )
        cursor.execute(
            f"INSERT INTO {notices} (standard_id, stage, institution_id, created_at) "
            f"SELECT DISTINCT f.standard_id, f.stage, p.institution_id, %s FROM {flags} f "
            f"JOIN {versions} v ON v.id = f.plan_version_id JOIN {plans} p ON p.id = v.plan_id "
            f"WHERE f.result_id IS NULL AND p.enterprise_id IS NULL AND p.institution_id IS NOT NULL "
            f"AND f.standard_id IN ({ids}) "
            f"ON CONFLICT (institution_id, standard_id, stage) WHERE institution_id IS NOT NULL DO NOTHING",
            [stamp, *standard_ids],
        )
    # The notices this run wrote are the ones stamped with its moment.
    new = list(StandardChangeNotice.objects.filter(created_at=now, standard_id__in=standard_ids)
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(new) if mail else 0, MAIL_BATCH):
        enqueue_on_commit("results.tasks.mail_standard_notices", notice_ids=new[start:start + MAIL_BATCH])
    return len(new)


def standard_notice_read(*, notice: StandardChangeNotice) -> None:
    """The party opened the notice: it no longer counts as unread."""
    if notice.read_at is None:
        StandardChangeNotice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def mail_notices(*, notice_ids: Sequence[int]) -> int:
    """Each notice's e-mail to its party's contact address and active users; ``key`` keeps a
    redelivered batch from mailing twice."""
    today = timezone.localdate()
    notices = (StandardChangeNotice.objects.filter(pk__in=notice_ids)
               .select_related("standard__replaced_by", "enterprise", "institution")
               .prefetch_related("enterprise__users", "institution__users"))
    for notice in notices:
        party = notice.enterprise or notice.institution
        send_email_later(
            recipients=[party.contact_email, *(user.email for user in party.users.all() if user.is_active)],
            template="standard_changed", key=f"standard-notice-{notice.pk}",
            context={"notice": notice, "party": party, "change": notice.standard.change_text(today),
                     "link": absolute_url(reverse("results:standard_notice", args=[notice.pk]))},
        )
    return len(notices)


def rebenchmark_version(result: BenchmarkResult) -> PlanVersion | None:
    """The version a result can be benchmarked again against: its plan's published version, when
    it is a later one than the result's."""
    current = (PlanVersion.objects.filter(plan_id=result.plan_version.plan_id, status=ReviewStatus.PUBLISHED)
               .select_related("plan__category").first())
    if current is None or current.number <= result.plan_version.number:
        return None
    return current


@transaction.atomic
def result_rebenchmark(*, actor: User, result: BenchmarkResult) -> BenchmarkResult:
    """A new draft result of the same product against the plan's new version, following
    ``result``: the product's description and every value the new version still asks for are
    copied; the test reports are not (a report against the replaced standard proves nothing about
    the new one)."""
    if not owns_result(actor, result):
        raise TransitionRefused(_("您无权修改此对标结果。"), code="forbidden")
    if result.status != ReviewStatus.PUBLISHED:
        raise ValidationError(_("只有已发布的对标结果可以重新对标。"), code="not_published")
    version = rebenchmark_version(result)
    if version is None:
        raise ValidationError(
            _("方案“%(plan)s”尚未发布新版本，发布后即可按新版本重新对标。") % {"plan": result.plan_version.plan.code},
            code="no_new_version",
        )
    existing = result.successors.filter(plan_version=version).first()
    if existing is not None:
        return existing  # asked twice: the draft made the first time
    successor = result_create(
        actor=actor, enterprise=result.enterprise, plan_version=version, product_name=result.product_name,
        brand=result.brand, model=result.model, enterprise_standard=result.enterprise_standard,
    )
    BenchmarkResult.objects.filter(pk=successor.pk).update(predecessor=result)
    successor.predecessor = result
    # The same library indicator, in the new version: its plan indicator there.
    indicators = dict(PlanIndicator.objects.filter(version=version).values_list("indicator_id", "pk"))
    old_indicators = dict(PlanIndicator.objects.filter(version=result.plan_version_id)
                          .values_list("pk", "indicator_id"))
    result_save_values(actor=actor, result=successor, values=[
        replace(v, plan_indicator_id=indicators[old_indicators[v.plan_indicator_id]]) for v in result.values
        if old_indicators.get(v.plan_indicator_id) in indicators
    ])
    return successor
