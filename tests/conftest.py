"""Fixtures shared by the cross-app tests in tests/ (the personas and the respirator library are in
the root conftest.py)."""

import pytest
from django.core.management import call_command

from tests import factories
from tests import public_scene as scene
from tests.public_world import world  # noqa: F401 (the public pages' fixture)


@pytest.fixture
def plan(regions):
    """A published plan: GB 2626-2019 as the benchmark, filtration efficiency ≥ 95 %."""
    gb = factories.gb2626()
    filtration = factories.respirator_indicators()["filtration"]
    return scene.published_plan(standards=[(gb, True)], indicators=[(filtration, {gb.code: (95, None, "%", "")})])


@pytest.fixture(scope="module")
def demo_data(request, django_db_setup, django_db_blocker):
    """The reference data and the demo campaign at a small scale, loaded once for the module's tests
    and flushed after them. A module sets ``DEMO_SEED`` for demo data of its own (default 7)."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("seed_demo", scale=0.003, seed=getattr(request.module, "DEMO_SEED", 7), verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
