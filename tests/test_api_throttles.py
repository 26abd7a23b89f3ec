"""The API's throttles hold: one client address rule for the whole site (a forged X-Forwarded-For
buys nothing), signed-in clients have their own limit, the schema and its page their own
allowance, every answer says what is left (RateLimit-*), a refusal says when to come back
(Retry-After)."""

import itertools
import random

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

# Throttle histories live in the cache, which outlives a test: each test counts fresh addresses.
_addresses = (f"10.{random.randrange(256)}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))


@pytest.fixture
def address():
    return next(_addresses)


@pytest.fixture
def rates(settings):
    """rates(anon=…, user=…, docs=…) → those throttle rates for this test."""

    def set_rates(**scopes):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **scopes},
        }

    return set_rates


def test_rotating_x_forwarded_for_does_not_bypass_the_limit_without_a_trusted_proxy(
    client, regions, rates, settings, address
):
    settings.TRUSTED_PROXY_COUNT = 0
    rates(anon="3/minute")
    statuses = [
        client.get("/api/v1/regions/", REMOTE_ADDR=address, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_one_proxy_the_address_it_saw_counts_not_the_forged_one(client, regions, rates, settings, address):
    settings.TRUSTED_PROXY_COUNT = 1
    rates(anon="3/minute")
    proxy = "172.16.0.2"
    statuses = [
        client.get(
            "/api/v1/regions/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {address}"
        ).status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    # Another client behind the same proxy has its own allowance.
    other = next(_addresses)
    assert client.get("/api/v1/regions/", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=other).status_code == 200


def test_the_api_counts_the_address_the_login_lockouts_count(rf, settings):
    from accounts.addresses import client_address
    from config.throttling import AnonymousThrottle

    settings.TRUSTED_PROXY_COUNT = 1
    for forwarded in ("203.0.113.9", "1.2.3.4, 203.0.113.9", "not-an-address", ""):
        request = rf.get("/", REMOTE_ADDR="172.16.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        assert AnonymousThrottle().get_ident(request) == client_address(request)


def test_signed_in_clients_are_throttled_by_account(office_client, regions, rates, address):
    rates(user="2/minute")
    cache.delete(f"throttle_user_{office_client.session['_auth_user_id']}")
    first = office_client.get("/api/v1/regions/", REMOTE_ADDR=address)
    assert first.status_code == 200 and first["RateLimit-Limit"] == "2"
    assert office_client.get("/api/v1/regions/", REMOTE_ADDR=next(_addresses)).status_code == 200
    refused = office_client.get("/api/v1/regions/", REMOTE_ADDR=next(_addresses))  # a new address is no escape
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_documentation_loads_while_the_data_allowance_is_spent(client, regions, rates, address):
    rates(anon="2/minute", docs="3/minute")
    spent = [client.get("/api/v1/regions/", REMOTE_ADDR=address).status_code for _ in range(3)]
    assert spent == [200, 200, 429]
    schema = client.get("/api/schema/", REMOTE_ADDR=address)
    assert schema.status_code == 200 and b"/api/v1/results/" in schema.content
    docs = client.get("/api/docs/", REMOTE_ADDR=address)
    assert docs.status_code == 200 and docs["RateLimit-Remaining"] == "1"
    # The documentation has an allowance of its own, which does not eat into the data's.
    assert client.get("/api/schema/", REMOTE_ADDR=address).status_code == 200
    assert client.get("/api/schema/", REMOTE_ADDR=address).status_code == 429
    assert client.get("/api/v1/regions/", REMOTE_ADDR=next(_addresses)).status_code == 200


def test_answers_say_what_is_left_and_a_refusal_when_to_come_back(client, regions, rates, address):
    rates(anon="3/minute")
    answers = [client.get("/api/v1/regions/", REMOTE_ADDR=address) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert {a["RateLimit-Limit"] for a in answers} == {"3"}
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert all(0 < int(a["RateLimit-Reset"]) <= 60 for a in answers)
    assert answers[1]["X-Cache"] == "hit"  # a cached answer is counted and says so too
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "请求已被限流" in refused.json()["detail"]


def test_a_refusal_keeps_retry_after_even_if_the_error_handler_drops_it(client, regions, rates, settings, address):
    from rest_framework.views import exception_handler

    def handler_losing_headers(exc, context):
        response = exception_handler(exc, context)
        if response is not None and "Retry-After" in response:
            del response["Retry-After"]
        return response

    rates(anon="1/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "EXCEPTION_HANDLER": handler_losing_headers}
    client.get("/api/v1/regions/", REMOTE_ADDR=address)
    refused = client.get("/api/v1/regions/", REMOTE_ADDR=address)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
