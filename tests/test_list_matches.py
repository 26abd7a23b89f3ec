"""A public list says how many rows match its filters: exactly up to 1,000, an estimate beyond
(no COUNT over the big table), and the same number of queries whatever it holds. Where the
statistics count the filters (a province, a city, an industry, a category, a level, or none),
the estimate is theirs and the list is not read for it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import public_listing
from core.public_cache import Area, renew_now
from core.public_listing import Matches
from results.services.statistics import stats_rebuild
from tests import public_scene as scene
from verdict import Level

pytestmark = pytest.mark.django_db


def test_a_small_list_says_exactly_how_many_match(client, respirator_plan, enterprise_a, enterprise_b):
    scene.results(respirator_plan, [enterprise_a], 3)
    scene.results(respirator_plan, [enterprise_b], 2, model=lambda n: f"B-{n}")
    page = client.get(reverse("public_results:list")).content.decode()
    assert 'data-count="5" data-exact="1">共 5 条' in page
    filtered = client.get(reverse("public_results:list"), {"city": enterprise_b.city_id,
                                                           "province": enterprise_b.province_id}).content.decode()
    assert 'data-count="2" data-exact="1">共 2 条' in filtered


def test_a_large_list_gives_an_estimate(client, respirator_plan, enterprise_a):
    scene.results(respirator_plan, [enterprise_a], 1_200, model=lambda n: f"M-{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE results_benchmarkresult")
    page = client.get(reverse("public_results:list")).content.decode()
    assert 'data-exact="0">约 ' in page


@pytest.mark.parametrize(("count", "shown"), [(7, 7), (1001, 1000), (32_094, 32_000), (3_209_400, 3_200_000)])
def test_an_estimate_is_shown_to_two_significant_figures(count, shown):
    assert Matches(count, exact=False).rounded == shown


def shown_count(client, **filters) -> tuple[str, list[str]]:
    """The list's count as the page states it (``data-count="7" data-exact="0"``), and the SQL the
    page ran."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("public_results:list"), filters).content.decode()
    return re.search(r'data-count="\d+" data-exact="\d"', page).group(0), [q["sql"] for q in queries]


def read_the_list_to_count(sql: list[str]) -> bool:
    """The page probed the filtered list (``matches``: the rows up to the limit, then EXPLAIN)."""
    return any('SELECT 1 AS "value1"' in query for query in sql)


@pytest.fixture
def counted_scene(monkeypatch, respirator_plan, enterprise_a, enterprise_b):
    """Beyond two rows a count is an estimate; 深圳 (enterprise_a) has 4 attained results, 广州
    (enterprise_b) 3 leading ones, all counted by the statistics."""
    monkeypatch.setattr(public_listing, "EXACT_UP_TO", 2)
    scene.results(respirator_plan, [enterprise_a], 4)
    scene.results(respirator_plan, [enterprise_b], 3, level=Level.LEADING, model=lambda n: f"B-{n}")
    stats_rebuild()
    renew_now()
    return respirator_plan


@pytest.mark.parametrize(("filters", "count"), [
    ({}, 7),
    ({"level": "leading"}, 3),
    ({"province": "440000"}, 7),
    ({"province": "440000", "level": "attained"}, 4),
    ({"province": "440000", "city": "440300"}, 4),
    ({"city": "440100"}, 3),  # the city's province found from the city
    ({"industry": "17"}, 7),  # a division
    ({"industry": "C"}, 7),  # a section: its divisions
])
def test_beyond_the_limit_the_statistics_say_how_many_and_the_list_is_not_read(client, counted_scene, filters, count):
    shown, sql = shown_count(client, **filters)
    assert shown == f'data-count="{count}" data-exact="0"'
    assert not read_the_list_to_count(sql)
    assert not any(query.startswith("EXPLAIN") for query in sql)


def test_a_category_filter_is_counted_by_its_code(client, counted_scene):
    shown, sql = shown_count(client, category=counted_scene.plan.category.code)
    assert shown == 'data-count="7" data-exact="0"'
    assert not read_the_list_to_count(sql)


def test_filters_no_statistic_counts_together_are_counted_on_the_list(client, counted_scene):
    shown, sql = shown_count(client, province="440000", industry="17")
    assert re.fullmatch(r'data-count="\d+" data-exact="0"', shown)
    assert read_the_list_to_count(sql)
    if connection.vendor == "postgresql":  # beyond the limit, the planner's estimate; elsewhere "more than"
        assert any(query.startswith("EXPLAIN") for query in sql)


def test_a_list_within_the_limit_is_counted_exactly_even_before_a_worker_counts_a_publication(
        client, monkeypatch, counted_scene, enterprise_b):
    monkeypatch.setattr(public_listing, "EXACT_UP_TO", 5)
    scene.results(counted_scene, [enterprise_b], 1, model=lambda n: f"late-{n}")  # the statistics still say 3
    renew_now(Area.RESULTS)
    shown, sql = shown_count(client, province="440000", city="440100")
    assert shown == 'data-count="4" data-exact="1"'
    assert read_the_list_to_count(sql)


def test_the_list_shows_the_statistics_new_count_once_a_worker_has_folded_it(client, counted_scene, enterprise_a):
    assert shown_count(client, province="440000")[0] == 'data-count="7" data-exact="0"'
    scene.results(counted_scene, [enterprise_a], 2, model=lambda n: f"new-{n}")
    stats_rebuild()
    renew_now(Area.STATISTICS)  # what a fold's commit does; the results' own generation is left as it was
    assert shown_count(client, province="440000")[0] == 'data-count="9" data-exact="0"'
