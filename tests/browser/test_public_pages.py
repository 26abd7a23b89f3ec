"""The disclosure pages as a visitor uses them in Chromium: search results by product category,
narrow them by province and city (the city list follows the province), open one, read it in
English, then go through the standards library to a standard and on to the institutions directory.
No page may trip the content security policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    return blocked


def result_rows(page):
    return page.locator("#result-table tbody tr[data-result]")


def test_a_visitor_searches_results_and_browses_the_library(page, world, screenshot, csp_violations):
    mask = world["results"]["mask_leading"]
    page.goto("/results/")
    assert result_rows(page).count() == 3
    screenshot(page, "results")

    page.locator("#filter-category-name").fill("口罩")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/results/?*category_name=*")
    assert result_rows(page).count() == 2
    assert page.locator(f"tr[data-result='{world['results']['toilet'].pk}']").count() == 0
    screenshot(page, "results-mask")

    page.select_option("#filter-province", "440000")
    page.locator("#filter-city option[value='440300']").wait_for(state="attached")  # htmx filled the cities
    assert page.locator("#filter-city option[value='110000']").count() == 0
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/results/?*province=440000*")
    assert result_rows(page).count() == 2
    page.select_option("#filter-city", "440300")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**city=440300*")
    assert result_rows(page).count() == 1
    screenshot(page, "results-shenzhen")

    page.locator(f"tr[data-result='{mask.pk}'] a").click()
    page.wait_for_url(f"**/results/{mask.pk}/")
    assert page.locator("#result-facts").get_by_text("深圳甲防护用品有限公司").is_visible()
    assert page.locator("#result-facts").get_by_role("link", name="GB 2626-2019").is_visible()
    screenshot(page, "result-detail")

    page.locator("#language-switch button[name=language]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".breadcrumb").get_by_role("link", name="Product benchmarking result").is_visible()
    screenshot(page, "result-detail-en")

    page.locator("#disclosure-menu .dropdown-toggle").click()
    page.locator("#disclosure-menu a[href='/standards/']").click()
    page.wait_for_url("**/standards/")
    assert page.get_by_role("heading", name="Standards library").is_visible()
    page.select_option("#filter-tag", "respirator")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**tag=respirator*")
    assert page.locator("#standard-table tbody tr[data-standard]").count() == 2
    screenshot(page, "standards-respirators-en")
    page.get_by_role("link", name="GB 2626-2019").click()
    page.wait_for_url(f"**/standards/{world['gb2626'].pk}/")
    requirements = page.locator("#standard-requirements")
    assert requirements.get_by_text("Filtration efficiency").first.is_visible()
    assert requirements.get_by_text("≥ 95 %").is_visible()
    assert page.locator("#standard-comparisons").get_by_role("link").count() == 2
    screenshot(page, "standard-detail-en")

    page.locator("#disclosure-menu .dropdown-toggle").click()
    page.locator("#disclosure-menu a[href='/institutions/']").click()
    page.wait_for_url("**/institutions/")
    assert page.locator("#institution-table tbody tr[data-institution]").count() == 2
    page.get_by_role("link", name="深圳市口罩检测研究院").click()
    assert page.locator("#institution-certificates").get_by_text("L12345").is_visible()
    screenshot(page, "institution-detail-en")
    assert csp_violations == []


def test_a_visitor_looks_at_a_city_and_its_activities(page, world, screenshot, csp_violations):
    page.goto("/regions/")
    page.locator("[data-province='440000'] a[data-city='440300']").click()
    page.wait_for_url("**/regions/440300/")
    assert page.locator("#pilot-badge").is_visible()
    assert page.locator("#city-institutions").get_by_role("link", name="深圳市口罩检测研究院").is_visible()
    screenshot(page, "city")
    page.locator("#city-activities").get_by_role("link", name="查看全部").click()
    page.wait_for_url("**/activities/?province=440000&city=440300")
    assert page.locator("#activity-table tbody tr[data-activity]").count() == 1
    screenshot(page, "activities-of-the-city")
    assert csp_violations == []
