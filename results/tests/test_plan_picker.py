"""The plan picker of 新建对标结果: the enterprise's own plans first, then those of its industry,
never an unrelated industry at the top; a link to a plan version that is not published says so
once and is not offered."""

import pytest
from django.urls import reverse

from tests import factories
from tests import public_scene as scene

pytestmark = pytest.mark.django_db


def options(page) -> list[str]:
    return [version.plan.title_zh for version in page.context["form"].plan_options]


def test_the_enterprises_own_industry_comes_before_an_unrelated_one(client_for, enterprise_user_a):
    farming = factories.ProductCategoryFactory(
        code="A01.0001", name_zh="稻谷", industry=factories.manufacturing_division(code="01", name="农业"))
    textiles = factories.ProductCategoryFactory(code="C17.0001", name_zh="口罩",
                                                industry=enterprise_user_a.enterprise.industry)
    scene.plan_version(title="稻谷对标方案", category=farming)
    scene.plan_version(title="口罩对标方案", category=textiles)
    page = client_for(enterprise_user_a).get(reverse("results:result_create"))
    assert options(page) == ["口罩对标方案", "稻谷对标方案"]


def test_a_link_to_an_unpublished_version_says_so_once_and_offers_the_published_ones(
        client_for, enterprise_user_a, respirator_plan):
    draft = scene.plan_version(title="未发布的方案", category=respirator_plan.plan.category, status="draft")
    page = client_for(enterprise_user_a).get(reverse("results:result_create") + f"?plan={draft.pk}")
    html = page.content.decode()
    assert html.count("链接中的方案版本尚未发布") == 1
    assert "未发布的方案" not in options(page) and options(page) == [respirator_plan.plan.title_zh]
    assert f'value="{draft.pk}"' not in html and not page.context["form"].errors
