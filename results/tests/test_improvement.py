"""Improvement over time (提升): a result short of the benchmark carries the enterprise's measures
and target date; a later result of the same product against a newer plan version follows it;
the public page shows the product's history; the statistics count the products that moved up."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import ReviewStatus
from results import selectors, services
from results.models import BenchmarkResult
from results.services.statistics import stats_refresh_summary
from tests import public_scene as scene
from verdict import Level


@pytest.fixture
def second_version(library, respirator_plan):
    """Version 2 of the respirator plan, published; version 1 superseded."""
    respirator_plan.status = ReviewStatus.SUPERSEDED
    respirator_plan.save(update_fields=["status"])
    return scene.respirator_plan(library, plan=respirator_plan.plan, number=2)


def test_a_result_short_of_the_benchmark_carries_measures_and_a_target_date(
        respirator_plan, enterprise_user_a, enterprise_user_b):
    short = scene.result(respirator_plan, enterprise_user_a.enterprise, name="KN95 口罩", level=Level.NOT_ATTAINED)
    due = dt.date(2027, 6, 30)
    services.result_set_improvement(actor=enterprise_user_a, result=short, measures="更换熔喷布供应商", due=due)
    short.refresh_from_db()
    assert (short.improvement_measures, short.improvement_due) == ("更换熔喷布供应商", due)
    with pytest.raises(Exception, match="无权"):
        services.result_set_improvement(actor=enterprise_user_b, result=short, measures="x", due=None)
    attained = scene.result(respirator_plan, enterprise_user_a.enterprise, name="另一款口罩")
    with pytest.raises(ValidationError, match="只有未达标"):
        services.result_set_improvement(actor=enterprise_user_a, result=attained, measures="x", due=None)


def test_a_later_result_of_the_same_product_follows_the_earlier_one(
        respirator_plan, second_version, enterprise_user_a):
    enterprise = enterprise_user_a.enterprise
    earlier = scene.result(respirator_plan, enterprise, name="KN95 口罩", brand="甲牌", model="A-1",
                           level=Level.NOT_ATTAINED)
    other_model = scene.result(respirator_plan, enterprise, name="KN95 口罩", brand="甲牌", model="A-2")
    later = services.result_create(actor=enterprise_user_a, enterprise=enterprise, plan_version=second_version,
                                   product_name="KN95 口罩", brand="甲牌", model="A-1")
    assert later.predecessor_id == earlier.pk
    unrelated = services.result_create(actor=enterprise_user_a, enterprise=enterprise, plan_version=second_version,
                                       product_name="KN95 口罩", brand="甲牌", model="A-3")
    assert unrelated.predecessor_id is None
    assert other_model.successors.count() == 0


def test_the_public_page_shows_the_products_history_and_the_statistics_count_the_move_up(
        respirator_plan, second_version, enterprise_a, enterprise_b, client):
    earlier = scene.result(respirator_plan, enterprise_a, name="KN95 口罩", model="A-1", level=Level.NOT_ATTAINED,
                           published_at=dt.datetime(2022, 5, 10, tzinfo=dt.UTC))
    BenchmarkResult.objects.filter(pk=earlier.pk).update(improvement_measures="更换熔喷布供应商")
    later = scene.result(second_version, enterprise_a, name="KN95 口罩", model="A-1", level=Level.ATTAINED,
                         published_at=dt.datetime(2024, 3, 2, tzinfo=dt.UTC))
    # The same product of B did not move: attained both times.
    b_first = scene.result(respirator_plan, enterprise_b, name="口罩", model="B-1")
    b_again = scene.result(second_version, enterprise_b, name="口罩", model="B-1")
    services.results_link_predecessors(version=second_version)
    assert BenchmarkResult.objects.get(pk=later.pk).predecessor_id == earlier.pk
    assert BenchmarkResult.objects.get(pk=b_again.pk).predecessor_id == b_first.pk

    page = client.get(reverse("public_results:detail", args=[later.pk])).content.decode()
    history = page[page.index('id="product-history"'):]
    assert history.index("2022-05") < history.index("2024-03")
    assert "未达标" in history and "达标" in history and "更换熔喷布供应商" in history

    assert list(selectors.improved_results()) == [BenchmarkResult.objects.get(pk=later.pk)]
    assert selectors.improvements_by("month") == [{"key": "2024-03", "count": 1}]
    assert selectors.improvements_by("city") == [{"key": enterprise_a.city_id, "count": 1}]
    stats_refresh_summary()  # the worker counts them with the headline figures
    answer = client.get("/api/v1/stats/improvements/", {"by": "city"}).json()
    assert answer == {"total": 1, "rows": [{"key": enterprise_a.city_id, "count": 1}]}
    assert client.get("/api/v1/stats/improvements/", {"by": "colour"}).status_code == 400

    # Withdrawn, the later result no longer counts.
    BenchmarkResult.objects.filter(pk=later.pk).update(status=ReviewStatus.WITHDRAWN)
    assert selectors.improvements_by("month") == []


def test_the_home_and_city_pages_count_the_products_that_moved_up(
        respirator_plan, second_version, enterprise_a, client):
    scene.result(respirator_plan, enterprise_a, name="KN95 口罩", level=Level.NOT_ATTAINED)
    later = scene.result(second_version, enterprise_a, name="KN95 口罩", level=Level.LEADING)
    services.results_link_predecessors(version=second_version)
    assert BenchmarkResult.objects.get(pk=later.pk).predecessor_id is not None
    stats_refresh_summary()
    home = client.get("/").content.decode()
    assert 'data-figure="improved">1<' in home
    figures = client.get("/api/v1/stats/summary/").json()
    assert figures["improved"] == 1
    city = client.get(reverse("public_regions:city", args=[enterprise_a.city_id])).content.decode()
    assert 'data-figure="improved">1 个' in city


def test_the_enterprise_states_its_measures_in_the_portal(respirator_plan, enterprise_user_a, client_for):
    short = scene.result(respirator_plan, enterprise_user_a.enterprise, name="KN95 口罩", level=Level.NOT_ATTAINED)
    client = client_for(enterprise_user_a)
    page = client.get(reverse("results:result_detail", args=[short.pk])).content.decode()
    assert 'id="improvement-form"' in page
    response = client.post(reverse("results:result_improvement", args=[short.pk]), {
        "improvement_measures": "", "improvement_due": "2027-06-30"})
    assert response.status_code == 400 and "请先说明提升措施" in response.content.decode()
    response = client.post(reverse("results:result_improvement", args=[short.pk]), {
        "improvement_measures": "更换熔喷布供应商", "improvement_due": "2027-06-30"})
    assert response.status_code == 302
    short.refresh_from_db()
    assert short.improvement_due == dt.date(2027, 6, 30)
    public = client.get(reverse("public_results:detail", args=[short.pk])).content.decode()
    assert "更换熔喷布供应商" in public and "目标日期 2027-06-30" in public
