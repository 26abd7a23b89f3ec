"""The public result list and detail as a visitor uses them: filter by province, open a result, English."""

import pytest

from tests.helpers import make_results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_filters_results_and_opens_one(page, plan, enterprise_user_a, office, screenshot):
    result = make_results(enterprise_user_a, plan, 2, publish=True, office=office)[0]
    page.goto("/results/")
    assert page.locator("#result-table tbody tr[data-result]").count() == 2
    screenshot(page, "list")
    page.select_option("#filter-province", "440000")
    page.get_by_role("button", name="筛选").click()
    assert page.locator("#result-table tbody tr[data-result]").count() == 2
    page.locator(f"tr[data-result='{result.pk}'] a").click()
    assert page.locator("#verdict-table").is_visible()
    assert page.get_by_text("GB 2626-2019").first.is_visible()
    screenshot(page, "detail")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".breadcrumb").get_by_role("link", name="Product benchmarking result").is_visible()
    screenshot(page, "detail-en")
