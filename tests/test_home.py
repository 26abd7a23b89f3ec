"""The home page reads the statistics tables only: the same queries whatever the data."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking.reference.regions import PROVINCE_TILE_GRID
from results.services import statistics as stats
from tests.helpers import make_results

pytestmark = pytest.mark.django_db


def home_charts(client) -> dict:
    page = client.get("/").content.decode()
    return json.loads(page.split('<script id="home-data" type="application/json">')[1].split("</script>")[0])


def test_numbers_map_and_charts_come_from_the_statistics(client, plan, enterprise_user_a, office):
    make_results(enterprise_user_a, plan, 3, publish=True, office=office)
    make_results(enterprise_user_a, plan, 2, publish=False, office=office)  # drafts count nowhere
    stats.stats_rebuild()
    response = client.get("/")
    page = response.content.decode()
    assert 'data-figure="results">3<' in page and 'data-figure="enterprises">1<' in page
    charts = home_charts(client)
    tiles = {tile["code"]: tile for tile in charts["map"]}
    assert set(tiles) == set(PROVINCE_TILE_GRID)  # every province has its square
    assert tiles["440000"]["results"] == 3 and tiles["440000"]["name"] == "广东"
    assert tiles["440000"]["enterprises"] == 1
    assert sum(level["value"] for level in charts["levels"]) == 3
    assert sum(sum(s["values"]) for s in charts["months"]["series"]) == 3
    assert charts["categories"]["names"] and charts["industries"]["names"]


def test_the_home_page_never_scans_the_results(client, plan, enterprise_user_a, enterprise_user_b, office):
    make_results(enterprise_user_a, plan, 1, publish=True, office=office)
    stats.stats_rebuild()
    with CaptureQueriesContext(connection) as few:
        client.get("/", {"fresh": 1})
    make_results(enterprise_user_b, plan, 6, publish=True, office=office)
    stats.stats_rebuild()
    with CaptureQueriesContext(connection) as many:
        client.get("/", {"fresh": 2})
    assert len(many) == len(few)
    sql = " ".join(q["sql"] for q in many.captured_queries)
    assert "results_benchmarkresult" not in sql and "companies_enterprise" not in sql


def test_the_home_page_is_cached_until_the_next_publication(client, db):
    client.get("/")
    with CaptureQueriesContext(connection) as cached:
        assert client.get("/")["X-Cache"] == "hit"
    assert len(cached) == 0


def test_english_home(client, db):
    page = client.get("/?lang=en").content.decode()
    assert "Published results by province" in page and 'lang="en"' in page
