"""A big admin list is counted exactly up to a limit; beyond it PostgreSQL's estimate of the
filtered query stands in for a COUNT over every match, and the page says so (“约”, rounded)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.admin_base import EstimatedCountPaginator
from core.models import ReviewStatus
from tests import public_scene as scene
from verdict import Level

pytestmark = pytest.mark.django_db

RESULTS = "/admin/results/benchmarkresult/"


@pytest.fixture
def results(respirator_plan, enterprise_a, enterprise_b):
    """Seven attained results, two not attained, one draft."""
    for n in range(7):
        scene.result(respirator_plan, enterprise_a, name=f"达标口罩{n}")
    for n in range(2):
        scene.result(respirator_plan, enterprise_b, name=f"未达标口罩{n}", level=Level.NOT_ATTAINED)
    scene.result(respirator_plan, enterprise_b, name="草稿口罩", status=ReviewStatus.DRAFT)


def paginator_text(response) -> str:
    return re.sub(r"\s+", " ", re.search(r'<p class="paginator">(.*?)</p>', response.content.decode(), re.S)[1])


def counts_of_results(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].startswith("SELECT COUNT(*)") and '"results_benchmarkresult"' in q["sql"]]


def test_a_list_within_the_limit_is_counted_exactly(office_client, results):
    response = office_client.get(RESULTS, {"level": Level.NOT_ATTAINED})
    assert "2 产品对标结果" in paginator_text(response) and "约" not in paginator_text(response)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_beyond_the_limit_the_page_says_about_and_counts_nothing_whole(office_client, results, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE results_benchmarkresult")
    with CaptureQueriesContext(connection) as queries:
        response = office_client.get(RESULTS, {"level": Level.ATTAINED})
    text = paginator_text(response)
    estimate = int(re.search(r"约 ([\d,]+)", text)[1].replace(",", ""))
    assert estimate >= 6  # at least what was read before stopping
    assert 'class="estimated-count"' in response.content.decode()
    assert counts_of_results(queries) == []  # six rows read, then the plan's estimate
    office_client.cookies["django_language"] = "en"
    english = paginator_text(office_client.get(RESULTS, {"level": Level.ATTAINED}))
    assert re.search(r"about [\d,]+", english) and "约" not in english


@pytest.mark.skipif(connection.vendor == "postgresql", reason="elsewhere no estimate: every list is counted")
def test_without_an_estimate_every_list_is_counted(office_client, results, monkeypatch):
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 5)
    assert "7 产品对标结果" in paginator_text(office_client.get(RESULTS, {"level": Level.ATTAINED}))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_an_estimated_list_pages_on_past_its_numbered_pages(office_client, results, monkeypatch):
    from django.contrib import admin

    from results.models import BenchmarkResult

    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 5)
    monkeypatch.setattr(admin.site._registry[BenchmarkResult], "list_per_page", 2)
    first = office_client.get(RESULTS, {"level": Level.ATTAINED})
    page = first.content.decode()
    assert 'class="next-page"' in page and "p=2" in page
    # Far past the estimate: an empty page, not the admin's "wrong parameters" redirect.
    past = office_client.get(RESULTS, {"level": Level.ATTAINED, "p": 40})
    assert past.status_code == 200 and 'class="next-page"' not in past.content.decode()
    assert len(past.context["cl"].result_list) == 0
