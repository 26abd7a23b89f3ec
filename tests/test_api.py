"""The open API: anonymous and read-only, only published data, constant query counts, documented."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import ReviewStatus
from results import services
from results.models import BenchmarkResult
from tests.helpers import export_answer, make_results

pytestmark = pytest.mark.django_db


def test_only_published_results_are_listed_without_contact_data(client, plan, enterprise_user_a, office):
    published = make_results(enterprise_user_a, plan, 2, publish=True, office=office)
    draft = make_results(enterprise_user_a, plan, 1, publish=False, office=office)[0]
    body = client.get("/api/v1/results/").json()
    assert {row["id"] for row in body["results"]} == {r.pk for r in published}
    assert draft.pk not in {row["id"] for row in body["results"]}
    assert client.get(f"/api/v1/results/{draft.pk}/").status_code == 404
    text = client.get("/api/v1/results/").content.decode()
    assert enterprise_user_a.enterprise.contact_email not in text and "0755" not in text


def test_withdrawn_results_disappear(client, plan, enterprise_user_a, office):
    result = make_results(enterprise_user_a, plan, 1, publish=True, office=office)[0]
    services.result_withdraw(actor=enterprise_user_a, result=result, reason="停产")
    assert client.get("/api/v1/results/").json()["results"] == []


def test_result_list_costs_the_same_for_any_page_size(client, plan, enterprise_user_a, office):
    make_results(enterprise_user_a, plan, 6, publish=True, office=office)
    counts = []
    for size in (2, 6):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/results/", {"page_size": size})
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Keyset pagination: no COUNT(*) and no OFFSET on the big table.
    assert not any("COUNT(" in q["sql"].upper() or "OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_filters(client, plan, enterprise_user_a, enterprise_user_b, office):
    make_results(enterprise_user_a, plan, 1, publish=True, office=office)
    make_results(enterprise_user_b, plan, 2, publish=True, office=office)
    assert len(client.get("/api/v1/results/", {"city": "440300"}).json()["results"]) == 1
    assert len(client.get("/api/v1/results/", {"city": "440100"}).json()["results"]) == 2
    assert len(client.get("/api/v1/results/", {"enterprise": enterprise_user_b.enterprise.uscc}).json()["results"]) == 2
    assert client.get("/api/v1/results/", {"level": "bogus"}).status_code == 400


def test_the_api_is_read_only(client, plan, enterprise_user_a, office):
    assert client.post("/api/v1/results/", {}).status_code in (401, 403, 405)
    assert client.get("/api/v1/plans/").json()["results"][0]["code"] == plan.plan.code
    assert BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED).count() == 0


def test_reference_endpoints_and_the_schema(client, regions, plan):
    assert {r["code"] for r in client.get("/api/v1/regions/", {"level": "prefecture"}).json()["results"]} == {
        "440300", "440100"
    }
    assert client.get("/api/v1/standards/", {"search": "2626"}).json()["results"][0]["code"] == "GB 2626-2019"
    assert client.get("/api/v1/categories/").status_code == 200
    assert client.get("/api/v1/industries/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/results/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "https://" not in docs and "http://" not in docs.replace("http://testserver", "")


def test_export_the_whole_filtered_list_as_csv_and_xlsx_safely(client, plan, enterprise_user_a, office):
    import csv
    import io

    from python_calamine import CalamineWorkbook

    published = make_results(enterprise_user_a, plan, 3, publish=True, office=office)
    BenchmarkResult.objects.filter(pk=published[0].pk).update(brand="=HYPERLINK(\"http://x\")", model="@SUM(A1)")
    response = client.get("/api/v1/results/", {"format": "csv", "page_size": 1})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3  # the whole list, not one page
    injected = next(row for row in rows if row["id"] == str(published[0].pk))
    assert injected["brand"] == "'=HYPERLINK(\"http://x\")" and injected["model"] == "'@SUM(A1)"

    response = export_answer(client, "/api/v1/results/", {"format": "xlsx"})  # a job, then its file
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "id" and len(sheet) == 4
    assert "'=HYPERLINK(\"http://x\")" in [cell for row in sheet for cell in row]


def test_anonymous_clients_are_throttled_with_a_clear_429(client, regions, settings):
    from django.core.cache import cache

    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.delete_many([f"throttle_anon_{address}" for address in ("127.0.0.1", "10.9.8.7")])
    for _ in range(3):
        assert client.get("/api/v1/regions/", REMOTE_ADDR="10.9.8.7").status_code == 200
    response = client.get("/api/v1/regions/", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert "请求已被限流" in response.json()["detail"]  # Chinese, the default language
    cache.delete("throttle_anon_10.9.8.7")


def test_public_answers_are_cached_until_something_is_published(
    client, plan, enterprise_user_a, office, django_capture_on_commit_callbacks
):
    first = client.get("/api/v1/results/")
    assert first["X-Cache"] == "miss" and first.json()["results"] == []
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/results/")
    assert again["X-Cache"] == "hit" and again.content == first.content
    assert len(queries) == 0  # answered from the cache alone
    with django_capture_on_commit_callbacks(execute=True):
        make_results(enterprise_user_a, plan, 1, publish=True, office=office)
    fresh = client.get("/api/v1/results/")
    assert fresh["X-Cache"] == "miss" and len(fresh.json()["results"]) == 1
    # Errors are never cached, logged-in users are never served from the public cache.
    assert client.get("/api/v1/results/", {"level": "bogus"}).status_code == 400
    assert "X-Cache" not in client.get("/api/v1/results/", {"level": "bogus"})
