import datetime as dt
import time
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import transaction

from plans.specs import indicator_keys_for_version
from results import services
from results.indicator_values import IndicatorValue


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value, or fail the test saying so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s")


def respirator_values(version, filtration=96.0, resistance_85=200.0, resistance_95=220.0):
    """Tested values for every cell of a respirator plan (``tests.public_scene.respirator_plan``):
    filtration in % at both flows, inhalation resistance in Pa at 85 and at 95 L/min."""
    indicators = {pi.indicator.key: pi.pk for pi in version.indicators.select_related("indicator")}
    return [
        IndicatorValue(indicators["filtration"], tested_value=filtration, unit="%", condition="85 L/min"),
        IndicatorValue(indicators["filtration"], tested_value=filtration, unit="%", condition="95 L/min"),
        IndicatorValue(indicators["inhalation"], tested_value=resistance_85, unit="Pa", condition="85 L/min"),
        IndicatorValue(indicators["inhalation"], tested_value=resistance_95, unit="Pa", condition="95 L/min"),
    ]


def stored_value(result, key: str, condition: str = "") -> IndicatorValue:
    """The result's stored value of the indicator ``key`` at ``condition`` (read afresh)."""
    result.refresh_from_db(fields=["values"])
    keys = indicator_keys_for_version(result.plan_version)
    (value,) = [v for v in result.values if keys[v.plan_indicator_id] == key and v.condition == condition]
    return value


def attach_report(user, result, number: str = "R-2024-001"):
    """A test report covering every indicator of the result's plan (what submitting tested values needs)."""
    return services.result_add_report(actor=user, result=result, report_number=number,
                                      issued_on=dt.date(2024, 1, 15), issuer_name="国家劳动防护用品质量检验检测中心")


def make_result(user, plan, name, *, submit=True, filtration=96.0):
    """A result of ``user``'s enterprise against a respirator ``plan``, every value filled, made and
    (unless ``submit`` is false) submitted through the services."""
    result = services.result_create(
        actor=user, enterprise=user.enterprise, plan_version=plan, product_name=name, brand="甲牌", model="M-1",
    )
    services.result_save_values(actor=user, result=result, values=respirator_values(plan, filtration=filtration))
    attach_report(user, result)
    if submit:
        services.result_submit(actor=user, result=result)
    result.refresh_from_db()
    return result


def make_results(enterprise_user, plan, count, *, publish, office):
    """``count`` results of one enterprise against ``plan``, published through the services or left draft."""
    indicator = plan.indicators.get()
    made = []
    for n in range(count):
        result = services.result_create(
            actor=enterprise_user, enterprise=enterprise_user.enterprise, plan_version=plan,
            product_name=f"口罩{'P' if publish else 'D'}{n}",
        )
        services.result_save_values(
            actor=enterprise_user, result=result,
            values=[IndicatorValue(indicator.pk, tested_value=96.0 + n / 100, unit="%")],
        )
        if publish:
            attach_report(enterprise_user, result)
            services.result_submit(actor=enterprise_user, result=result)
            services.result_approve(actor=office, result=result)
        made.append(result)
    return made


def forget_public_pages():
    """Make every cached public page stale, as a publication does once it commits (a test's
    transaction never commits, so its publications do not)."""
    from core.public_cache import renew_now

    renew_now()


def export_answer(client, url: str, params: dict | None = None):
    """An export as a user gets it: the streamed answer, or, when the answer is an export job
    (202), the job run as a worker runs it, then its file from the link the job's address gives."""
    from core.export_jobs import export_job_run
    from core.models import ExportJob

    response = client.get(url, params or {})
    if response.status_code != 202:
        return response
    token = response["Location"].rstrip("/").split("/")[-1]
    export_job_run(job_id=ExportJob.objects.get(token=token).pk)
    state = client.get(response["Location"]).json()
    assert state["status"] == "succeeded", state
    return client.get(state["download"])


@contextmanager
def demo_seeded(django_db_blocker, *, scale: float, seed: int, password: str = "demo-test-password-1"):
    """The reference data and a demo seed, written inside a transaction rolled back on leaving: a
    module's tests share one seed (each test in a savepoint inside it) and leave nothing behind."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_reference", verbosity=0)
            call_command("seed_demo", scale=scale, seed=seed, password=password, verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
