"""The open API's lists page by keyset on the whole sort key: results imported together (one
``published_at`` for all) come once each, in order, both ways, without OFFSET, in any allowed
``?ordering=`` and with filters; bad page sizes and forged cursors are refused in JSON; the
OpenAPI schema says so; CSV export is still the whole filtered list."""

import base64
import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarking.models import Activity
from core.pagination import KeysetPagination
from results.models import BenchmarkResult
from standards.models import Standard
from tests import public_scene as scene

pytestmark = pytest.mark.django_db

ONE_IMPORT = dt.datetime(2024, 6, 3, 9, 30, tzinfo=dt.UTC)
COUNT = 123


@pytest.fixture
def imported(plan, enterprise_a, enterprise_b):
    """``COUNT`` results published by one import (one ``published_at`` for all), written in one INSERT;
    names repeat."""
    return scene.results(plan, [enterprise_a, enterprise_b], COUNT, published_at=ONE_IMPORT,
                         name=lambda n: f"口罩 {n % 9}", brand="甲牌", model=lambda n: f"M-{n}")


def walk(client, url: str, direction: str = "next"):
    """The pages from ``url`` on, following ``direction`` links; every SQL statement run."""
    pages = []
    with CaptureQueriesContext(connection) as queries:
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            pages.append(body)
            url = body[direction]
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)
    return pages


def ids(pages) -> list[int]:
    return [row["id"] for page in pages for row in page["results"]]


def test_walking_next_gives_every_result_of_one_import_once_newest_first(client, imported):
    pages = walk(client, "/api/v1/results/?page_size=25")
    assert [len(page["results"]) for page in pages] == [25, 25, 25, 25, 23]
    assert ids(pages) == sorted((r.pk for r in imported), reverse=True)  # -published_at (all equal), -id
    assert pages[0]["previous"] is None and pages[-1]["next"] is None
    assert pages[1]["next"].startswith("http://testserver/api/v1/results/?") and "page_size=25" in pages[1]["next"]


@pytest.mark.parametrize("ordering", ["product_name", "-product_name", "published_at", "-published_at"])
def test_any_allowed_ordering_with_ties_pages_without_gaps_or_repeats(client, imported, ordering):
    name = ordering.lstrip("-")
    expected = sorted(imported, key=lambda r: (getattr(r, name), r.pk), reverse=ordering.startswith("-"))
    pages = walk(client, f"/api/v1/results/?ordering={ordering}&page_size=25")
    assert ids(pages) == [r.pk for r in expected]


def test_walking_back_with_previous_gives_the_same_pages(client, imported):
    forwards = walk(client, "/api/v1/results/?ordering=product_name&page_size=25")
    backwards = walk(client, forwards[-1]["previous"], direction="previous")
    assert [page["results"] for page in reversed(backwards)] == [page["results"] for page in forwards[:-1]]
    assert backwards[-1]["previous"] is None  # back at the first page
    assert ids(walk(client, backwards[0]["next"])) == ids(forwards[-1:])


def test_filters_and_search_page_too(client, imported, enterprise_a):
    mine = sorted((r.pk for r in imported if r.enterprise_id == enterprise_a.pk), reverse=True)
    pages = walk(client, "/api/v1/results/?city=440300&page_size=10")
    assert ids(pages) == mine and all("city=440300" in page["next"] for page in pages[:-1])
    found = sorted((r for r in imported if "M-1" in r.model), key=lambda r: (r.product_name, r.pk), reverse=True)
    by_search = walk(client, "/api/v1/results/?search=M-1&ordering=-product_name&page_size=4")
    assert ids(by_search) == [r.pk for r in found] and len(found) > 8


def test_a_page_costs_the_same_queries_however_deep(client, imported):
    first = walk(client, "/api/v1/results/?page_size=25")
    counts = []
    for url in ("/api/v1/results/?page_size=25", first[3]["next"]):
        with CaptureQueriesContext(connection) as queries:
            client.get(url + "&fresh=1")  # not the cached answer
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("size", ["0", "-1", "abc", "501", "2.5"])
def test_a_page_size_that_is_not_1_to_500_is_a_400_in_json(client, imported, size):
    response = client.get("/api/v1/results/", {"page_size": size})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert list(response.json()["fields"]) == ["page_size"] and response.json()["code"] == "invalid"


def test_the_largest_page_size_is_one_page(client, imported):
    assert KeysetPagination.max_page_size == 500
    body = client.get("/api/v1/results/", {"page_size": 500}).json()
    assert len(body["results"]) == COUNT and body["next"] is None


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    "junk", "eyJrIjpbMSwyLDNdLCJyIjowfQ", _cursor({"k": ["2024-06-03T09:30:00+00:00", None], "r": 0}),
    _cursor({"k": ["2024-06-03T09:30:00", 1], "r": 0}), _cursor({"k": ["not a time", 1], "r": 0}), "x" * 3000,
])
def test_a_forged_cursor_is_a_404_in_json(client, imported, cursor):
    response = client.get("/api/v1/results/", {"cursor": cursor})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"] == "翻页链接无效。"


def test_the_schema_documents_cursor_and_page_size_with_their_limits(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    for path in ("/api/v1/results/", "/api/v1/standards/", "/api/v1/regions/"):
        operation = schema["paths"][path]["get"]
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert parameters["cursor"]["schema"]["type"] == "string"
        assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        properties = schema["components"]["schemas"][page]["properties"]
        assert set(properties) == {"next", "previous", "results"} and properties["next"]["nullable"]


def test_csv_export_is_the_whole_filtered_list_not_a_page(client, imported, enterprise_b):
    response = client.get("/api/v1/results/", {"format": "csv", "page_size": 25, "city": "440100"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    theirs = sorted(r.pk for r in imported if r.enterprise_id == enterprise_b.pk)
    assert sorted(int(row["id"]) for row in rows) == theirs and len(theirs) > 25


# --- every list endpoint, in every order it allows ------------------------------------------------------

ORDERINGS = {
    "regions": [None], "industries": [None], "categories": [None], "comparisons": [None], "translations": [None],
    "standards": [None, "code", "-code", "published_on", "-published_on"],
    "plans": [None, "published_at", "-published_at", "plan__code", "-plan__code"],
    "results": [None, "published_at", "-published_at", "product_name", "-product_name"],
    "institutions": [None, "name", "-name", "accredited_at", "-accredited_at"],
    "activities": [None, "held_on", "-held_on", "attendances", "-attendances"],
}
CASES = [(endpoint, ordering) for endpoint, orderings in ORDERINGS.items() for ordering in orderings]


def key(row):
    return row.get("id", row.get("code"))  # regions and industries are keyed by their code


@pytest.mark.parametrize(("endpoint", "ordering"), CASES)
def test_every_list_pages_one_row_at_a_time_as_it_lists_them_all(client, world, endpoint, ordering):
    # Ties and NULLs to page through: a second activity on the same day, standards with no date,
    # results published in the same second.
    meeting = world["activities"]["meeting"]
    Activity.objects.create(kind="meeting", title_zh="同日动员会", held_on=meeting.held_on, attendances=300)
    Standard.objects.filter(code__startswith="EN").update(published_on=None)
    BenchmarkResult.objects.update(published_at=ONE_IMPORT)
    query = f"&ordering={ordering}" if ordering else ""
    whole = [key(row) for row in client.get(f"/api/v1/{endpoint}/?page_size=500{query}").json()["results"]]
    pages = walk(client, f"/api/v1/{endpoint}/?page_size=1{query}")
    assert [key(row) for page in pages for row in page["results"]] == whole and len(whole) >= 2
    back = walk(client, pages[-1]["previous"], direction="previous")
    assert [page["results"] for page in reversed(back)] == [page["results"] for page in pages[:-1]]
