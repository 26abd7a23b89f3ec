"""Keyset pagination (``core.keyset``) and the API's pagination class built on it, on the
platform's own import jobs: whole-key order with ties and NULLs, both ways, no OFFSET; the order a
queryset already has; cursors and page sizes that are refused."""

import base64
import datetime as dt
import json

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.keyset import InvalidCursor, InvalidSort, paginate, queryset_sort
from core.models import ImportJob, ImportJobEvent
from core.pagination import KeysetPagination

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def jobs():
    """40 jobs whose finish times tie in threes and fours, a quarter of them unfinished (NULL)."""
    ImportJob.objects.bulk_create([
        ImportJob(kind="test", original_name=f"{n}.xlsx", rows_total=n % 3,
                  finished_at=None if n % 4 == 0 else T0 + dt.timedelta(hours=n % 5))
        for n in range(40)
    ])
    return list(ImportJob.objects.all())


def cursor_of(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def expected(rows, fields):
    """``rows`` in the order ``fields``, NULL sorting as the largest value (as PostgreSQL does)."""
    ordered = list(rows)
    for ordering in reversed(fields):
        name = ordering.lstrip("-")
        ordered.sort(key=lambda row, name=name: (getattr(row, name) is None, getattr(row, name) or 0),
                     reverse=ordering.startswith("-"))
    return [row.pk for row in ordered]


def walk(queryset, fields, page_size):
    """Every page forwards, then backwards from the last one; the pages' ids both ways."""
    forwards, cursor = [], None
    while True:
        page = paginate(queryset, fields, cursor, page_size)
        forwards.append([row.pk for row in page.rows])
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    backwards, cursor = [], page.previous_cursor
    while cursor:
        page = paginate(queryset, fields, cursor, page_size)
        backwards.insert(0, [row.pk for row in page.rows])
        cursor = page.previous_cursor
    return forwards, backwards


@pytest.mark.parametrize("fields", [
    ("finished_at", "pk"), ("-finished_at", "-pk"), ("-finished_at", "pk"), ("finished_at", "-pk"),
    ("rows_total", "-finished_at", "pk"), ("-rows_total", "finished_at", "-pk"),
])
def test_every_row_once_in_order_both_ways_through_ties_and_nulls(jobs, fields):
    with CaptureQueriesContext(connection) as queries:
        forwards, backwards = walk(ImportJob.objects.all(), fields, 6)
    assert [pk for page in forwards for pk in page] == expected(jobs, fields)
    assert all(len(page) == 6 for page in forwards[:-1])
    assert backwards == forwards[:-1]  # back from the last page: the same pages
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_a_nullable_first_field_is_read_as_two_ranges_only_where_they_meet(jobs):
    fields = ("finished_at", "pk")
    order = expected(jobs, fields)
    unfinished = sum(job.finished_at is None for job in jobs)
    first = paginate(ImportJob.objects.all(), fields, None, 5)
    with CaptureQueriesContext(connection) as within_values:
        second = paginate(ImportJob.objects.all(), fields, first.next_cursor, 5)
    assert [row.pk for row in second.rows] == order[5:10] and len(within_values) == 1
    before_nulls = paginate(ImportJob.objects.all(), fields, None, len(jobs) - unfinished - 2)
    with CaptureQueriesContext(connection) as across:
        page = paginate(ImportJob.objects.all(), fields, before_nulls.next_cursor, 5)
    assert [row.pk for row in page.rows] == order[len(jobs) - unfinished - 2:][:5] and len(across) == 2
    assert [row.finished_at is None for row in page.rows] == [False, False, True, True, True]


def test_the_order_a_queryset_has_as_a_whole_key():
    assert queryset_sort(ImportJob.objects.all()) == ("-created_at", "-id")  # Meta.ordering, ending with the key
    assert queryset_sort(ImportJob.objects.order_by("kind")) == ("kind", "pk")
    assert queryset_sort(ImportJob.objects.order_by("-rows_total", "kind")) == ("-rows_total", "kind", "-pk")
    assert queryset_sort(ImportJob.objects.order_by("kind", "-pk", "rows_total")) == ("kind", "-pk")
    assert queryset_sort(ImportJob.objects.order_by()) == ("pk",)
    # A relation orders as the related model does (ImportJob: newest first), its direction flipped by "-".
    assert queryset_sort(ImportJobEvent.objects.order_by("job")) == ("-job__created_at", "-job__id", "-pk")
    assert queryset_sort(ImportJobEvent.objects.order_by("-job", "pk")) == ("job__created_at", "job__id", "pk")
    assert queryset_sort(ImportJobEvent.objects.order_by("job_id")) == ("job_id", "pk")


@pytest.mark.parametrize("queryset", [
    lambda: ImportJob.objects.order_by("?"),
    lambda: ImportJob.objects.order_by(Lower("kind")),
])
def test_an_order_no_keyset_can_follow_is_refused(queryset):
    with pytest.raises(InvalidSort):
        queryset_sort(queryset())


@pytest.mark.parametrize("fields", [("no_such_field", "pk"), ("created_by", "pk"), ("kind__nothing", "pk"), ()])
def test_fields_that_are_no_value_are_refused(fields):
    with pytest.raises(InvalidSort):
        paginate(ImportJob.objects.all(), fields, None, 10)


def test_a_cursor_may_hold_null_only_where_the_field_can_be_null(jobs):
    null_time = cursor_of({"k": [None, jobs[0].pk], "r": 0})
    paginate(ImportJob.objects.all(), ("finished_at", "pk"), null_time, 10)  # a page
    for fields, payload in ((("kind", "pk"), {"k": [None, 1], "r": 0}),
                            (("finished_at", "pk"), {"k": ["2024-05-01T08:00:00+00:00", None], "r": 0}),
                            (("finished_at", "pk"), {"k": ["2024-05-01T08:00:00", 1], "r": 0}),
                            (("finished_at", "pk"), {"k": [None, 1], "r": 2})):
        with pytest.raises(InvalidCursor):
            paginate(ImportJob.objects.all(), fields, cursor_of(payload), 10)


# --- the API's pagination class ---------------------------------------------------------------------

def api_page(query: dict, queryset=None):
    request = Request(APIRequestFactory().get("/api/v1/jobs/", query))
    paginator = KeysetPagination()
    rows = paginator.paginate_queryset(queryset if queryset is not None else ImportJob.objects.all(), request)
    return paginator, rows


def test_the_api_class_pages_by_the_querysets_order_with_absolute_links(jobs):
    fields = ("rows_total", "pk")
    paginator, rows = api_page({"page_size": 15, "q": "x"}, ImportJob.objects.order_by("rows_total"))
    body = paginator.get_paginated_response([row.pk for row in rows]).data
    assert list(body) == ["next", "previous", "results"]
    assert body["results"] == expected(jobs, fields)[:15] and body["previous"] is None
    assert body["next"].startswith("http://testserver/api/v1/jobs/?") and "q=x" in body["next"]
    cursor = body["next"].split("cursor=")[1].split("&")[0]
    paginator, rows = api_page({"page_size": 15, "cursor": cursor}, ImportJob.objects.order_by("rows_total"))
    assert [row.pk for row in rows] == expected(jobs, fields)[15:30]
    assert len(api_page({})[1]) == 40  # 50 by default


@pytest.mark.parametrize("size", ["0", "-3", "abc", "1.5", "", "501", "10000000000000000000000"])
def test_a_page_size_out_of_1_to_500_is_a_400(size):
    with pytest.raises(ValidationError) as refused:
        api_page({"page_size": size})
    assert list(refused.value.detail) == ["page_size"]


def test_the_largest_page_size_is_accepted(jobs):
    assert len(api_page({"page_size": "500"})[1]) == 40


@pytest.mark.parametrize("cursor", ["junk", cursor_of({"k": ["x"], "r": 0}), cursor_of({"k": [None, None], "r": 0})])
def test_a_forged_cursor_is_not_found(jobs, cursor):
    with pytest.raises(NotFound):
        api_page({"cursor": cursor})


def test_the_schema_parameters_state_the_limits():
    parameters = {p["name"]: p for p in KeysetPagination().get_schema_operation_parameters(view=None)}
    assert parameters["cursor"]["schema"] == {"type": "string"} and parameters["cursor"]["in"] == "query"
    assert parameters["page_size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    assert "400" in parameters["page_size"]["description"] and "404" in parameters["cursor"]["description"]
    wrapped = KeysetPagination().get_paginated_response_schema({"type": "array"})
    assert wrapped["properties"]["results"] == {"type": "array"}
    assert wrapped["properties"]["next"]["nullable"] and wrapped["properties"]["previous"]["nullable"]
