"""Workers that keep the statistics current and follow the standards' changes: thin, idempotent, they
call ``results.services``."""

from dataclasses import asdict

from celery import shared_task
from django.utils import timezone

from standards.services import standards_apply_due_dates

from .services import ranking, standard_changes
from .services import statistics as stats


@shared_task(name="results.tasks.apply_stat_deltas")
def apply_stat_deltas() -> int:
    """Queued when a publication or withdrawal commits, and swept by beat every minute."""
    return stats.stats_apply_pending()


@shared_task(name="results.tasks.rebuild_stats")
def rebuild_stats() -> int:
    """Nightly, and after bulk imports: recount everything from the published results."""
    return stats.stats_rebuild()


@shared_task(name="results.tasks.refresh_summary")
def refresh_summary() -> dict[str, int]:
    """Headline counts that change without a publication (registrations, activities)."""
    return stats.stats_refresh_summary()


@shared_task(name="results.tasks.flag_standard_changes")
def flag_standard_changes(standard_ids: list[int] | None = None) -> dict[str, int]:
    """Queued when a standard's life changes (``standards.signals.lifecycle_changed``): flag what
    compares with it and notify the parties. Idempotent: a redelivery flags and notifies nothing new."""
    return asdict(standard_changes.standard_changes_flag(standard_ids=standard_ids))


@shared_task(name="results.tasks.standards_daily")
def standards_daily() -> dict[str, int]:
    """Every morning: standards whose replacement comes into force, or whose withdrawal date
    arrives, today change status; then every changed standard's flags are brought to its stage."""
    today = timezone.localdate()
    standards_apply_due_dates(today=today)
    return asdict(standard_changes.standard_changes_flag(today=today))


@shared_task(name="results.tasks.rank_plan_version")
def rank_plan_version(version_id: int) -> int:
    """Queued when a result of the version is published or withdrawn: its 领跑者 ranks afresh."""
    return ranking.plan_version_rank(version_id=version_id)


@shared_task(name="results.tasks.rank_all_plans")
def rank_all_plans() -> int:
    """Nightly: every published version with core indicators ranked again."""
    return ranking.plan_versions_rank_all()


@shared_task(name="results.tasks.mail_standard_notices")
def mail_standard_notices(notice_ids: list[int]) -> int:
    """One batch of notices' e-mails (``standard_changes.MAIL_BATCH``)."""
    return standard_changes.mail_notices(notice_ids=notice_ids)
