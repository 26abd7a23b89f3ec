"""A product short of the benchmark in 2022 and attained in 2024: its public page shows the way
up, with the measures the enterprise took, and the earlier result links to the later one."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import ReviewStatus
from results.models import BenchmarkResult
from results.services import results_link_predecessors
from tests import public_scene as scene
from verdict import Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_products_history_on_its_public_page(page, live_server, screenshot, library, respirator_plan, enterprise_a):
    earlier = scene.result(respirator_plan, enterprise_a, name="KN95 口罩", brand="甲牌", model="A-1",
                           level=Level.NOT_ATTAINED, published_at=dt.datetime(2022, 5, 10, 10, tzinfo=dt.UTC))
    BenchmarkResult.objects.filter(pk=earlier.pk).update(improvement_measures="更换熔喷布供应商，增加静电驻极工序",
                                                         improvement_due=dt.date(2023, 12, 31))
    respirator_plan.status = ReviewStatus.SUPERSEDED
    respirator_plan.save(update_fields=["status"])
    second = scene.respirator_plan(library, plan=respirator_plan.plan, number=2)
    later = scene.result(second, enterprise_a, name="KN95 口罩", brand="甲牌", model="A-1", level=Level.ATTAINED,
                         published_at=dt.datetime(2024, 3, 2, 10, tzinfo=dt.UTC))
    results_link_predecessors(version=second)

    page.goto(reverse("public_results:detail", args=[later.pk]))
    history = page.locator("#product-history")
    expect(history.locator("[data-history-result]")).to_have_count(2)
    expect(history.locator("[data-history-result]").first).to_contain_text("未达标")
    expect(history.locator("[data-history-result]").first).to_contain_text("2022-05")
    expect(history.locator("[data-history-result]").last).to_contain_text("达标")
    expect(history.locator("[data-history-result]").last).to_contain_text("2024-03")
    screenshot(page, "history-later")

    history.get_by_role("link", name="方案第 1 版").click()
    expect(page.locator("#improvement")).to_contain_text("更换熔喷布供应商")
    expect(page.locator("#improvement")).to_contain_text("目标日期 2023-12-31")
    expect(page.locator("#product-history [data-history-result]").last).to_contain_text("2024-03")
    screenshot(page, "history-earlier")
