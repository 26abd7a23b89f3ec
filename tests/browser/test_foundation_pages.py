"""The foundation as a person sees it: Chinese pages, the language switch, login, errors."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_is_chinese_and_switches_to_english(page, regions, screenshot):
    from results.services.statistics import stats_refresh_summary

    stats_refresh_summary()  # the worker's job: the home page reads the statistics tables
    # The browser asks for English (locale en-US); the platform is Chinese until one chooses.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_role("heading", name="百城千业万企对标达标提升专项行动").is_visible()
    assert page.locator("[data-figure=cities]").inner_text() == "2"
    screenshot(page, "home-zh")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Benchmarking Campaign Platform").is_visible()
    screenshot(page, "home-en")
    page.get_by_role("button", name="简体中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def test_office_logs_in_to_the_admin(page, office, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_text("请输入一个正确的").is_visible()
    screenshot(page, "login-refused")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    page.goto("/admin/")
    assert page.get_by_role("heading", name="管理后台").is_visible() or "对标达标工作平台" in page.title()
    screenshot(page, "admin-index")


def test_unknown_page_is_a_chinese_page(page, db, screenshot):
    response = page.goto("/no-such-thing/")
    assert response.status == 404
    assert page.get_by_role("heading", name="404 · 页面不存在").is_visible()
    screenshot(page, "404")
