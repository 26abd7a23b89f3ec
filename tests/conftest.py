"""Fixtures shared by the cross-app tests in tests/ (the personas are in the root conftest.py)."""

import pytest

from tests import factories
from tests.public_world import world  # noqa: F401 (the public pages' fixture)


@pytest.fixture
def plan(regions):
    """A published plan: GB 2626-2019 as the benchmark, filtration efficiency ≥ 95 %."""
    gb = factories.StandardFactory(code="GB 2626-2019", kind="gb_mandatory")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", unit="%")
    return factories.published_plan(standards=[(gb, True)], indicators=[(filtration, {gb.code: (95, None, "%", "")})])
