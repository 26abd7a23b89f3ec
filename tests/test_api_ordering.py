"""``?ordering=`` on the open API's cursor-paginated lists: ties keep one fixed order, so walking
the pages never repeats or skips a row, and a page costs the same queries in any order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from results.models import BenchmarkResult
from tests import factories
from tests import public_scene as scene
from tests.helpers import make_results

pytestmark = pytest.mark.django_db


def walk(client, url: str) -> list[int]:
    seen = []
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    return seen


def test_results_ordered_by_product_name_both_ways(client, plan, enterprise_user_a, office):
    made = make_results(enterprise_user_a, plan, 7, publish=True, office=office)
    by_name = sorted(made, key=lambda r: (r.product_name, r.pk))
    assert walk(client, "/api/v1/results/?ordering=product_name&page_size=2") == [r.pk for r in by_name]
    assert walk(client, "/api/v1/results/?ordering=-product_name&page_size=2") == [r.pk for r in reversed(by_name)]


def test_ties_never_repeat_or_skip_a_row(client, plan, enterprise_user_a, office):
    made = make_results(enterprise_user_a, plan, 9, publish=True, office=office)
    moment = made[0].published_at
    BenchmarkResult.objects.filter(pk__in=[r.pk for r in made]).update(published_at=moment)  # all tie
    seen = walk(client, "/api/v1/results/?ordering=published_at&page_size=2")
    assert sorted(seen) == sorted(r.pk for r in made) and len(seen) == len(set(seen))


def test_standards_by_code_and_an_unknown_field_is_refused(client, db):
    codes = ["GB 2626-2019", "EN 149:2001+A1:2009", "ISO 16900-1:2014"]
    for code in codes:
        factories.StandardFactory(code=code)
    listed = [row["code"] for row in client.get("/api/v1/standards/?ordering=-code").json()["results"]]
    assert listed == sorted(codes, reverse=True)
    response = client.get("/api/v1/standards/?ordering=secret_field")
    assert response.status_code == 400  # never quietly ignored: the client must know
    assert "secret_field" in response.json()["fields"]["ordering"][0]


def test_an_ordered_page_costs_the_same_queries_for_any_page_size(client, plan, enterprise_user_a, office):
    make_results(enterprise_user_a, plan, 12, publish=True, office=office)
    counts = []
    for size in (2, 12):
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/api/v1/results/?ordering=product_name&page_size={size}&fresh={size}")
        counts.append(len(queries))
        assert not any("OFFSET" in q["sql"].upper() or "COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert counts[0] == counts[1]


def test_activities_and_institutions_in_the_order_asked(client, regions):
    import datetime as dt

    from benchmarking.models import Activity

    for day, people in ((3, 10), (1, 30), (2, 20)):
        Activity.objects.create(kind="meeting", title_zh=f"动员会{day}", held_on=dt.date(2024, 5, day),
                                attendances=people)
    by_date = [row["held_on"] for row in client.get("/api/v1/activities/?ordering=held_on").json()["results"]]
    assert by_date == ["2024-05-01", "2024-05-02", "2024-05-03"]
    rows = client.get("/api/v1/activities/?ordering=-attendances").json()["results"]
    by_people = [row["attendances"] for row in rows]
    assert by_people == [30, 20, 10]
    for name in ("乙检测中心", "甲检测中心"):
        scene.institution(name)
    names = [row["name"] for row in client.get("/api/v1/institutions/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True) and len(names) >= 2
