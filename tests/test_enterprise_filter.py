"""Results narrowed to the enterprises a text names (``?enterprise=科技`` on the public list and the
API): a text in many names walks the list and tests each row's enterprise, one in few names reads
the few enterprises' results; both give the same rows in the same order, deep pages included."""

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from companies.selectors import with_enterprise_named
from results.selectors import published_results
from tests import public_scene as scene
from tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_of_many_enterprises(regions, respirator_plan):
    """30 enterprises, every third a 科技 one (and one more whose code, not name, holds the text),
    with two published results each at distinct times."""
    now = timezone.now()
    enterprises = [EnterpriseFactory(name=f"深圳{'科技' if n % 3 == 0 else '制造'}有限公司{n}") for n in range(30)]
    enterprises.append(EnterpriseFactory(name="代码里有它的公司", uscc=make_uscc(777)))
    for n, enterprise in enumerate(enterprises):
        for k in range(2):
            scene.result(respirator_plan, enterprise, name=f"口罩{n}-{k}",
                         published_at=now - dt.timedelta(minutes=2 * n + k))
    return enterprises


def newest_first(queryset):
    return list(queryset.order_by("-published_at", "-id").values_list("pk", flat=True))


@pytest.mark.parametrize("text", ["科技", "制造", "有限公司", "2024", "没有这家"])
def test_the_walk_and_the_subquery_find_the_same_rows_in_the_same_order(results_of_many_enterprises, text):
    walked = newest_first(with_enterprise_named(published_results(), text, dense_from=1))
    looked_up = newest_first(with_enterprise_named(published_results(), text, dense_from=10**6))
    assert walked == looked_up
    expected = [r.pk for r in published_results().order_by("-published_at", "-id").select_related("enterprise")
                if text in r.enterprise.name or text in r.enterprise.uscc]
    assert looked_up == expected


def test_a_text_in_many_names_is_walked_in_the_lists_order(results_of_many_enterprises):
    walked = with_enterprise_named(published_results(), "科技", dense_from=1)
    sql = str(walked.query)
    if connection.vendor == "postgresql":
        # The enterprise tested per row (a look-up by key), not gathered first by its pairs index.
        assert '"companies_enterprise" U0 WHERE U0."id" = ("results_benchmarkresult"."enterprise_id")' in sql
        assert "@>" not in sql
    else:  # SQLite: the subquery, always
        assert " IN (SELECT" in sql
    few = with_enterprise_named(published_results(), "科技", dense_from=10**6)
    assert " IN (SELECT" in str(few.query)


def test_the_api_pages_through_a_text_in_many_names(client, results_of_many_enterprises, monkeypatch):
    monkeypatch.setattr("results.api.with_enterprise_named", partial(with_enterprise_named, dense_from=1))

    def pages(url, params):
        found = []
        while url:
            response = client.get(url, params)
            params = None  # the next page's address carries them
            assert response.status_code == 200
            found += [row["id"] for row in response.json()["results"]]
            url = response.json()["next"]
        return found

    expected = newest_first(with_enterprise_named(published_results(), "科技", dense_from=10**6))
    assert len(expected) == 20
    assert pages("/api/v1/results/", {"enterprise": "科技", "page_size": 3}) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_the_database_compiles_no_plan_just_in_time():
    # A page's LIMIT over a walk whose cost the planner overrates paid ~100 ms of compiling.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
