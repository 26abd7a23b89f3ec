"""The open API keeps the contract its schema publishes: orderings are enums and an unknown one is a
400, nullable fields say so, every error has one JSON shape in the client's language and never
names a model, page sizes are bounded, a write method is a 405, and a public read-only API shows
no authentication and a summary for every operation. (``make contract`` fuzzes it all.)"""

import json

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    return json.loads(client.get("/api/schema/?format=json").content)


def operation(schema, path):
    return schema["paths"][path]["get"]


def test_every_ordering_is_an_enum_and_an_unknown_one_is_a_400(client, schema):
    ordering = next(p for p in operation(schema, "/api/v1/standards/")["parameters"] if p["name"] == "ordering")
    assert ordering["schema"]["enum"] == ["code", "-code", "published_on", "-published_on",
                                          "effective_on", "-effective_on"]
    response = client.get("/api/v1/standards/?ordering=implemented_on")  # was a 500, then silently ignored
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "implemented_on" in body["fields"]["ordering"][0]


def test_a_nullable_field_is_nullable_in_the_schema(client, schema):
    assert schema["components"]["schemas"]["Standard"]["properties"]["replaced_by"]["nullable"] is True
    factories.StandardFactory(code="GB 2626-2019")
    assert client.get("/api/v1/standards/").json()["results"][0]["replaced_by"] is None


@pytest.mark.parametrize(("address", "status", "code"), [
    ("/api/v1/results/?page_size=0", 400, "invalid"),
    ("/api/v1/results/?page_size=null", 400, "invalid"),
    ("/api/v1/results/?page_size=501", 400, "invalid"),
    ("/api/v1/results/?level=bogus", 400, "invalid"),
    ("/api/v1/results/?province=guangdong", 400, "invalid"),
    ("/api/v1/results/999999/", 404, "not_found"),
    ("/api/v1/categories/X/?format=AAA", 404, "not_found"),
    ("/api/v1/results/?format=", 404, "not_found"),
    ("/api/v1/no-such-list/", 404, "not_found"),
])
def test_every_error_has_one_json_shape(client, address, status, code):
    response = client.get(address)
    assert response.status_code == status and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["detail"]
    assert ("fields" in body) == (status == 400)


def test_an_error_names_no_model_and_follows_the_clients_language(client):
    chinese = client.get("/api/v1/results/999999/").json()["detail"]
    english = client.get("/api/v1/results/999999/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert (chinese, english) == ("未找到。", "Not found.")
    assert "BenchmarkResult" not in chinese + english


def test_a_429_keeps_its_retry_after_in_the_error_shape(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "1/minute", "docs": "1/minute"}}
    client.get("/api/v1/industries/")
    refused = client.get("/api/v1/industries/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_method_is_a_405_before_any_credentials_are_asked_for(client, method):
    assert getattr(client, method)("/api/v1/results/").status_code == 405


def test_the_public_schema_shows_no_authentication(schema):
    assert "securitySchemes" not in schema.get("components", {})
    assert not schema.get("security")
    assert all("security" not in op or op["security"] in ([], [{}])
               for item in schema["paths"].values() for op in item.values())


def test_every_operation_has_a_summary_and_documents_its_errors(schema):
    for path, item in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        op = item["get"]
        assert op.get("summary"), path
        assert {"404", "429"} <= set(op["responses"]), path
        assert op["responses"]["429"]["headers"]["Retry-After"]
        if [p for p in op.get("parameters", []) if p["in"] == "query" and p["name"] != "format"]:
            assert "400" in op["responses"], path  # a parameter can be wrong


def test_region_codes_are_described_as_codes(schema):
    province = next(p for p in operation(schema, "/api/v1/results/")["parameters"] if p["name"] == "province")
    assert province["schema"]["pattern"] == r"^(\d{6})?$" and province["example"] == "440000"
    assert "六位行政区划代码" in province["description"]
