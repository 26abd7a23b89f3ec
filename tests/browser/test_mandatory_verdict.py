"""A mask below a mandatory national standard is never 达标, whatever the plan's benchmark says:
typed in the portal, the live verdict shows 未达标 with the gap against GB 2626 first."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_enterprise_flow import log_in, value_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mask_below_gb_2626_is_not_attained_with_the_mandatory_gap_first(
    page, live_server, screenshot, respirator_plan, enterprise_user_a
):
    log_in(page, enterprise_user_a.username, "correct-horse-battery")
    page.goto(reverse("results:result_create") + f"?plan={respirator_plan.pk}")
    page.get_by_label("产品名称").fill("KN95 口罩（滤材批次 B）")
    page.get_by_role("button", name="创建并填写指标").click()
    # EN 149, the plan's benchmark, is met at its 95 L/min; GB 2626's 95 % at 85 L/min is not.
    value_input(page, "filtration", "85 L/min").fill("90")
    value_input(page, "filtration", "95 L/min").fill("96")
    value_input(page, "inhalation", "85 L/min").fill("200")
    value_input(page, "inhalation", "95 L/min").fill("2.0")
    expect(page.locator("#verdict-level")).to_have_attribute("data-level", "not_attained")
    expect(page.locator("#verdict-gaps li").first).to_contain_text("GB 2626-2019")
    expect(page.locator("#verdict-gaps li").first).to_contain_text("90 % 低于 GB 2626-2019 要求的 ≥ 95 %")
    expect(page.locator("#verdict-table").get_by_text("强制").first).to_be_visible()
    screenshot(page, "mandatory-gap-first")
