"""With a read replica configured, the visitors' public reads go to it and everything else to the
primary (config.replica). The tests' replica is a mirror of the test database: the queries show
which connection each read took."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from config.replica import REPLICA, ReplicaRouter, _reads_from_replica
from results.models import BenchmarkResult

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA_ENABLED = True


def read_results_on(get) -> dict[str, bool]:
    """Which connections read the results table while ``get`` ran."""
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        response = get()
    assert response.status_code == 200
    return {alias: any("results_benchmarkresult" in query["sql"] for query in captured.captured_queries)
            for alias, captured in (("primary", primary), ("replica", replica))}


def test_a_visitors_public_pages_and_api_answers_read_from_the_replica(client, regions, replica_on):
    assert read_results_on(lambda: client.get("/results/")) == {"primary": False, "replica": True}
    assert read_results_on(lambda: client.get("/api/v1/results/?q=口罩")) == {"primary": False, "replica": True}


def test_a_signed_in_user_reads_from_the_primary(client, regions, replica_on, enterprise_user_a):
    client.force_login(enterprise_user_a)
    assert read_results_on(lambda: client.get("/results/")) == {"primary": True, "replica": False}


def test_the_portal_reads_from_the_primary_even_before_signing_in(client, regions, replica_on):
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get("/accounts/login/").status_code == 200
        assert client.get("/institution/register/").status_code == 200
    assert replica.captured_queries == []


def test_without_a_replica_everything_reads_from_the_primary(client, regions):
    assert read_results_on(lambda: client.get("/results/")) == {"primary": True, "replica": False}


def test_a_request_reads_its_own_writes_from_the_primary():
    router = ReplicaRouter()
    token = _reads_from_replica.set(True)
    try:
        assert router.db_for_read(BenchmarkResult) == REPLICA
        assert router.db_for_write(BenchmarkResult) == "default"
        assert router.db_for_read(BenchmarkResult) == "default"
    finally:
        _reads_from_replica.reset(token)
    assert not router.allow_migrate(REPLICA, "results") and router.allow_migrate("default", "results")
