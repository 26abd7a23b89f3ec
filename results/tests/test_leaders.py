"""领跑者: a plan's published results ranked on its core indicators and overall, by a worker,
from the stored values; right again after a withdrawal or a new publication."""

import pytest
from django.urls import reverse

from core.models import ReviewStatus
from results import selectors, services
from results.indicator_values import IndicatorValue
from results.models import LeaderRank
from results.services.ranking import plan_version_rank
from tests import public_scene as scene
from verdict import Level

# filtration @85, @95 (%), inhalation @85 (Pa), @95 (mbar)
VALUES = {
    "甲": (Level.ATTAINED, 97.0, 96.0, 200, 2.0),
    "乙": (Level.LEADING, 98.5, 97.5, 150, 1.5),
    "丙": (Level.ATTAINED, 96.0, 95.0, 250, 2.2),
    "丁": (Level.NOT_ATTAINED, 99.9, 99.9, 100, 1.0),  # short of the benchmark: ranks nowhere
}


def with_values(version, enterprise, name, level, f85, f95, i85, i95, *, status=ReviewStatus.PUBLISHED,
                i85_unit="Pa"):
    indicators = {pi.indicator.key: pi.pk for pi in version.indicators.select_related("indicator")}
    values = [
        IndicatorValue(indicators["filtration"], tested_value=f85, unit="%", condition="85 L/min"),
        IndicatorValue(indicators["filtration"], tested_value=f95, unit="%", condition="95 L/min"),
        IndicatorValue(indicators["inhalation"], tested_value=i85, unit=i85_unit, condition="85 L/min"),
        IndicatorValue(indicators["inhalation"], tested_value=i95, unit="mbar", condition="95 L/min"),
    ]
    result = scene.result(version, enterprise, name=f"{name}牌口罩", model=name, level=level, status=status,
                          values=values)
    type(result).objects.filter(pk=result.pk).update(level=level)  # a submitted one has its level too
    result.level = level
    return result


@pytest.fixture
def ranked_plan(respirator_plan, enterprise_a):
    respirator_plan.indicators.update(is_core=True)
    results = {name: with_values(respirator_plan, enterprise_a, name, *values) for name, values in VALUES.items()}
    plan_version_rank(version_id=respirator_plan.pk)
    return respirator_plan, results


def ranks(version, key=None, condition=""):
    rows = LeaderRank.objects.filter(plan_version=version, condition=condition).select_related("result")
    rows = rows.filter(plan_indicator__indicator__key=key) if key else rows.filter(plan_indicator__isnull=True)
    return [(row.result.model, row.rank) for row in rows.order_by("rank", "result__model")]


def test_results_meeting_the_benchmark_are_ranked_per_core_indicator_and_overall(ranked_plan):
    version, _results = ranked_plan
    assert ranks(version, "filtration", "85 L/min") == [("乙", 1), ("甲", 2), ("丙", 3)]
    assert ranks(version, "inhalation", "95 L/min") == [("乙", 1), ("甲", 2), ("丙", 3)]  # lower is better
    assert ranks(version) == [("乙", 1), ("甲", 2), ("丙", 3)]
    assert not LeaderRank.objects.filter(result__model="丁").exists()


def test_values_in_another_unit_rank_converted_and_equal_values_share_a_place(respirator_plan, enterprise_a):
    respirator_plan.indicators.update(is_core=True)
    with_values(respirator_plan, enterprise_a, "甲", Level.ATTAINED, 97.0, 96.0, 0.2, 2.0, i85_unit="kPa")  # 200 Pa
    with_values(respirator_plan, enterprise_a, "乙", Level.ATTAINED, 97.0, 96.0, 210, 2.0)
    plan_version_rank(version_id=respirator_plan.pk)
    assert ranks(respirator_plan, "inhalation", "85 L/min") == [("甲", 1), ("乙", 2)]
    assert ranks(respirator_plan, "filtration", "85 L/min") == [("乙", 1), ("甲", 1)]


def test_the_ranking_stays_right_when_a_result_is_withdrawn_or_another_published(
        ranked_plan, enterprise_user_a, city_office_a, eager_celery, django_capture_on_commit_callbacks):
    version, results = ranked_plan
    with django_capture_on_commit_callbacks(execute=True):
        services.result_withdraw(actor=enterprise_user_a, result=results["乙"], reason="产品停产")
    assert ranks(version) == [("甲", 1), ("丙", 2)]

    newcomer = with_values(version, enterprise_user_a.enterprise, "戊", Level.LEADING, 99.0, 98.0, 120, 1.2,
                           status=ReviewStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.result_approve(actor=city_office_a, result=newcomer)
    assert ranks(version) == [("戊", 1), ("甲", 2), ("丙", 3)]


def test_the_plan_page_and_the_api_show_the_leaders_with_the_rule(ranked_plan, client, django_assert_max_num_queries):
    version, results = ranked_plan
    columns = selectors.plan_leaders(version)
    assert columns[0].plan_indicator is None and [r.result.model for r in columns[0].ranks] == ["乙", "甲", "丙"]
    page = client.get(reverse("public_plans:detail", args=[version.plan_id])).content.decode()
    leaders = page[page.index('id="plan-leaders"'):page.index('id="plan-results"')]
    assert leaders.index("乙牌口罩") < leaders.index("甲牌口罩") < leaders.index("丙牌口罩")
    assert "丁牌口罩" not in leaders and "只有达标或领先的已发布结果参与排名" in leaders
    answer = client.get(f"/api/v1/plans/{version.plan_id}/leaders/", {"top": 2}).json()
    overall = answer["rankings"][0]
    assert overall["indicator"] is None and [r["result"] for r in overall["ranks"]] == [
        results["乙"].pk, results["甲"].pk]
    assert {r["indicator"] for r in answer["rankings"][1:]} == {"filtration", "inhalation"}
    assert client.get(f"/api/v1/plans/{version.plan_id}/leaders/", {"top": "x"}).status_code == 400
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/plans/{version.plan_id}/leaders/")
