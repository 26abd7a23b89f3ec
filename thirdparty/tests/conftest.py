"""Fixtures of the institution tests."""


import pytest

from tests import factories


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a fresh folder per test, so "nothing stored" can be checked."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def categories(db):
    division = factories.manufacturing_division("17", "纺织业")
    return [
        factories.ProductCategoryFactory(code="C1781", name_zh="日用口罩", industry=division),
        factories.ProductCategoryFactory(code="C1782", name_zh="医用防护口罩", industry=division),
        factories.ProductCategoryFactory(code="C1751", name_zh="针织服装", industry=division),
    ]
