"""Workers that keep the statistics current: thin, idempotent, they call ``results.services.statistics``."""

from celery import shared_task

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
