"""``manage.py recompute_verdicts``: the stored levels brought in line with the engine's rules,
a dry run first that writes nothing, then the change with its audit rows and the statistics."""

import io
from dataclasses import replace

import pytest
from django.core.management import call_command

from core.models import AuditEvent
from results import services
from results.evaluation import verdict_of
from results.models import BenchmarkResult, StatCount
from results.services.statistics import stats_rebuild
from tests.helpers import attach_report, respirator_values, stored_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_under_the_old_rules(enterprise_user_a, city_office_a, respirator_plan):
    """A mask at 90 % filtration: meets nothing mandatory, but was published 达标 when GB 2626 was
    only a reference standard of its plan (the level an older rule stored)."""
    result = services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                    plan_version=respirator_plan, product_name="KN95 口罩", brand="甲", model="1")
    services.result_save_values(actor=enterprise_user_a, result=result,
                                values=respirator_values(respirator_plan, filtration=95.5))
    attach_report(enterprise_user_a, result)
    services.result_submit(actor=enterprise_user_a, result=result)
    services.result_approve(actor=city_office_a, result=result)
    value = stored_value(result, "filtration", "85 L/min")
    BenchmarkResult.objects.filter(pk=result.pk).update(values=[
        replace(v, tested_value=90.0) if v == value else v for v in result.values])
    BenchmarkResult.objects.filter(pk=result.pk).update(level="attained")
    stats_rebuild()
    return result


def run(*args) -> str:
    out = io.StringIO()
    call_command("recompute_verdicts", *args, stdout=out)
    return out.getvalue()


def attained_count() -> int:
    return sum(StatCount.objects.filter(dimension="all", level="attained").values_list("count", flat=True))


def test_a_dry_run_reports_the_changed_levels_and_writes_nothing(published_under_the_old_rules):
    before = attained_count()
    report = run()
    assert "已发布结果等级变化 published levels changed: 1" in report
    assert "published  达标 → 未达标: 1" in report and "nothing written" in report
    published_under_the_old_rules.refresh_from_db()
    assert published_under_the_old_rules.level == "attained"
    assert attained_count() == before and not AuditEvent.objects.filter(changes__has_key="level").exists()


def test_applied_the_level_changes_with_an_audit_row_and_the_statistics(published_under_the_old_rules):
    before = attained_count()
    report = run("--apply")
    assert "published levels changed: 1" in report and "nothing written" not in report
    published_under_the_old_rules.refresh_from_db()
    assert published_under_the_old_rules.level == "not_attained"
    assert verdict_of(published_under_the_old_rules).gaps[0].standard_code == "GB 2626-2019"
    event = AuditEvent.objects.get(target_type="results.benchmarkresult", changes__has_key="level",
                                   target_id=str(published_under_the_old_rules.pk))
    assert event.changes == {"level": ["attained", "not_attained"]}
    assert attained_count() == before - 1
    assert "published levels changed: 0" in run()  # nothing left to change
