"""A visitor opens a plan's public page, reads its 领跑者 candidates and the rule, and follows the
first of them to its result."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from results.services.ranking import plan_version_rank
from results.tests.test_leaders import VALUES, with_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_plans_leaders_on_its_public_page(page, live_server, screenshot, respirator_plan, enterprise_a):
    respirator_plan.indicators.update(is_core=True)
    results = {name: with_values(respirator_plan, enterprise_a, name, *values) for name, values in VALUES.items()}
    plan_version_rank(version_id=respirator_plan.pk)

    page.goto(reverse("public_plans:detail", args=[respirator_plan.plan_id]))
    overall = page.locator('#plan-leaders [data-ranking="overall"]')
    expect(overall.locator("[data-rank]")).to_have_count(3)
    expect(overall.locator("[data-rank]").first).to_contain_text("乙牌口罩")
    expect(page.locator("#leader-rule")).to_contain_text("只有达标或领先的已发布结果参与排名")
    expect(page.locator('#plan-leaders [data-ranking="filtration"]').first).to_contain_text("98.5 %")
    screenshot(page, "plan-leaders")
    overall.get_by_role("link", name="乙牌口罩").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('public_results:detail', args=[results['乙'].pk])}")
