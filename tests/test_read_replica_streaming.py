"""Against a real PostgreSQL streaming replica (`.ci/replica_check.sh` starts one and sets
``DATABASE_REPLICA_URL``; skipped otherwise): what the primary commits reaches the hot standby,
a visitor's public page is read there, and the standby takes no write."""

import os
import time

import pytest
from django.db import connections
from django.db.utils import InternalError, OperationalError, ProgrammingError
from django.test.utils import CaptureQueriesContext

from config.replica import REPLICA
from results.models import BenchmarkResult
from tests.helpers import make_results

pytestmark = [
    pytest.mark.skipif(not os.environ.get("DATABASE_REPLICA_URL"), reason="no streaming replica configured"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


def wait_for_replica(pk: int) -> None:
    deadline = time.monotonic() + 30
    while not BenchmarkResult.objects.using(REPLICA).filter(pk=pk, status="published").exists():
        assert time.monotonic() < deadline, "the standby did not catch up in 30 s"
        time.sleep(0.1)


def test_the_standby_is_in_recovery_and_takes_no_write():
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
        with pytest.raises((InternalError, OperationalError, ProgrammingError)):
            cursor.execute("CREATE TABLE replica_write_attempt (i int)")


def test_a_published_result_is_read_from_the_standby(client, plan, enterprise_user_a, office):
    result = make_results(enterprise_user_a, plan, 1, publish=True, office=office)[0]
    wait_for_replica(result.pk)
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections[REPLICA]) as replica:
        page = client.get("/results/")
    assert page.status_code == 200 and result.product_name in page.content.decode()
    assert any("results_benchmarkresult" in q["sql"] for q in replica.captured_queries)
    assert not any("results_benchmarkresult" in q["sql"] for q in primary.captured_queries)
    client.force_login(enterprise_user_a)
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get("/results/").status_code == 200
    assert replica.captured_queries == []  # a signed-in user reads from the primary
