import time

import pytest

from results import services


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value, or fail the test saying so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout}s")


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
            values=[services.ValueInput(indicator.pk, tested_value=96.0 + n / 100, unit="%")],
        )
        if publish:
            services.result_submit(actor=enterprise_user, result=result)
            services.result_approve(actor=office, result=result)
        made.append(result)
    return made


def forget_public_pages():
    """Make every cached public page stale, as a publication does once it commits (a test's
    transaction never commits, so its publications do not)."""
    from django.core.cache import cache

    from core.public_cache import GENERATION_KEY, generation

    cache.set(GENERATION_KEY, generation() + 1, timeout=None)
