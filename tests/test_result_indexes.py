"""The results' indexes serve the queries that were cut for them (bench/README.md "storage"): the
public lists read published rows only, through indexes over those rows alone, which PostgreSQL
can use only where a query names the status as the indexes' condition does; the offices' reads
of every status go through the small (city, status) and (province, status) indexes and the two
over the rows not published.

Each query is the one the page or the admin sends (captured), explained with every other way of
answering it priced out, so that the plan names the index only if the index can serve it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ReviewStatus
from tests import public_scene as scene
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(regions, respirator_plan):
    now = timezone.now()
    enterprise = EnterpriseFactory(region=regions["nanshan"])
    for n in range(6):
        scene.result(respirator_plan, enterprise, name=f"口罩{n}", published_at=now - dt.timedelta(hours=n))
    scene.result(respirator_plan, enterprise, name="待审口罩", status=ReviewStatus.SUBMITTED, published_at=None)
    return enterprise


def page_query(client, url: str) -> str:
    """The SQL of the page's read of result rows (the one that sorts and limits them)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries
            if 'FROM "results_benchmarkresult"' in q["sql"] and "ORDER BY" in q["sql"] and "LIMIT" in q["sql"]]
    assert sqls, f"no page query of results for {url}"
    return sqls[0]


def plan_of(sql: str, *, ordered: bool, without: tuple[str, ...] = ()) -> str:
    """The plan of ``sql`` with every way but an index's priced out; ``without`` the indexes that
    could serve it as cheaply on a table of a few rows (the newest-first index and a filter ties
    with a city's own index there), dropped inside the test's transaction."""
    with connection.cursor() as cursor:
        for index in without:
            cursor.execute(f"DROP INDEX {index}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        if ordered:  # the order must come from the index, not from a sort of what a bitmap found
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")


@on_postgresql
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("", "result_published"),
        ("?sort=oldest", "result_published"),
        ("?city=440300", "result_city_published"),
        ("?province=440000", "result_province_published"),
        ("?sort=product", "result_product_name"),
    ],
)
def test_the_public_list_reads_published_rows_by_their_own_index(client, rows, query, index):
    url = reverse("public_results:list") + query
    ties = ("result_published",) if index != "result_published" else ()
    assert f" {index} " in plan_of(page_query(client, url), ordered=True, without=ties) + " "


@on_postgresql
@pytest.mark.parametrize(("column", "index"), [("category_id", "result_category_published"),
                                               ("industry_id", "result_industry_published")])
def test_a_category_or_an_industry_is_read_by_its_index_of_published_rows(rows, respirator_plan, column, index):
    # The page reaches these two through a join (a category's code, a section's divisions), which
    # a table of a few rows plans as a walk of the whole list: their rows' read is asked directly.
    key = respirator_plan.plan.category_id if column == "category_id" else f"'{rows.industry_id}'"
    sql = (f"SELECT id FROM results_benchmarkresult WHERE status = 'published' AND {column} = {key} "
           "ORDER BY published_at DESC, id DESC LIMIT 26")
    assert index in plan_of(sql, ordered=True, without=("result_published",))


@on_postgresql
@pytest.mark.parametrize(
    "condition",
    ["city_id = '440300'", "city_id = '440300' AND status = 'submitted'", "province_id = '440000'",
     "status = 'submitted'"],
)
def test_the_offices_reads_of_every_status_have_an_index(rows, condition):
    # With no index that serves it, a scan of every row would be the plan, whatever it costs.
    plan = plan_of(f"SELECT count(*) FROM results_benchmarkresult WHERE {condition}", ordered=False)
    assert "Seq Scan" not in plan and "Index" in plan


@on_postgresql
def test_the_review_queue_is_read_in_its_order_by_its_index(rows):
    sql = ("SELECT id FROM results_benchmarkresult WHERE status = 'submitted' "
           "ORDER BY submitted_at, id LIMIT 50")
    assert "result_review_queue" in plan_of(sql, ordered=True)
