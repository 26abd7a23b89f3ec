"""Two reviewers deciding the same result at the same moment: the row is locked and read afresh,
so exactly one decision is taken, the other is refused with a reason, and one event is written."""

import threading

import pytest
from django.db import connection

from core.workflow import TransitionRefused
from results import services
from results.models import BenchmarkResult, ResultEvent
from tests.helpers import attach_report, respirator_values

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def decide_together(*decisions):
    """Run each decision in a thread of its own (its own connection), released at one instant."""
    start = threading.Barrier(len(decisions))
    outcomes: list = [None] * len(decisions)

    def run(index, decide):
        try:
            start.wait()
            decide()
            outcomes[index] = "done"
        except TransitionRefused as refused:
            outcomes[index] = refused.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(decisions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize("rounds", range(3))
def test_approve_and_return_at_once_take_one_decision(rounds, enterprise_user_a, city_office_a, respirator_plan,
                                                      eager_celery):
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="KN95 口罩", brand="甲牌", model="A-1",
    )
    services.result_save_values(actor=enterprise_user_a, result=result, values=respirator_values(respirator_plan))
    attach_report(enterprise_user_a, result)
    services.result_submit(actor=enterprise_user_a, result=result)

    def approve():
        services.result_approve(actor=city_office_a, result=BenchmarkResult.objects.get(pk=result.pk))

    def send_back():
        services.result_return(actor=city_office_a, result=BenchmarkResult.objects.get(pk=result.pk),
                               reason="请补充检测报告")

    outcomes = decide_together(approve, send_back, approve)

    assert sorted(outcomes) == ["done", "wrong_state", "wrong_state"], outcomes
    decisions = ResultEvent.objects.filter(result=result, from_status="submitted")
    assert decisions.count() == 1
    assert BenchmarkResult.objects.get(pk=result.pk).status == decisions.get().to_status
