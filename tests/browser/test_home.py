"""The public home page in a real browser: the numbers, the tile-grid map and the charts drawn."""

import pytest

from results.services import statistics as stats
from tests.helpers import make_results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_draws_the_campaign_in_numbers(page, plan, enterprise_user_a, office, screenshot):
    make_results(enterprise_user_a, plan, 3, publish=True, office=office)
    stats.stats_rebuild()
    page.goto("/")
    figures = page.locator("#campaign-figures")
    assert figures.locator("[data-figure=results]").inner_text() == "3"
    assert figures.locator("[data-figure=provinces]").inner_text() == "1"
    assert figures.get_by_text("已发布产品对标结果").is_visible()
    for chart in ("map", "levels", "months", "sectors", "industries", "categories"):
        page.wait_for_selector(f"#chart-{chart}[data-rendered=true] canvas")
    # The tile of 广东 is coloured: the map's canvas is drawn, and the table beside it names it.
    assert page.locator("#province-table").get_by_role("link", name="广东省").is_visible()
    screenshot(page, "home")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.wait_for_selector("#chart-map[data-rendered=true] canvas")
    assert page.get_by_role("heading", name="Published results by province").is_visible()
    screenshot(page, "home-en")
    # A province on the map table leads to its results.
    page.locator("#province-table").get_by_role("link").first.click()
    assert "province=440000" in page.url
