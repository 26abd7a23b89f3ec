"""On a 390 px phone no public page is wider than the screen, in Chinese or in English (the English
name of the platform once pushed the header past it)."""

import pytest
from django.urls import reverse

from tests import public_scene as scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_public_pages_fit_a_phone(browser, live_server, respirator_plan, enterprise_a, language):
    result = scene.result(respirator_plan, enterprise_a, name="KN95 防护口罩（滤材批次 B，耳挂式）", brand="甲牌",
                          model="KN95-EARLOOP-2024-B")
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    for path in ("/", reverse("public_results:list"), reverse("public_results:detail", args=[result.pk]),
                 reverse("public_standards:list"), reverse("public_regions:city", args=[enterprise_a.city_id])):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, (language, path)
    context.close()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_navigation_bar_keeps_to_one_line_on_a_laptop(browser, live_server, language):
    """At 1366 px the bar is one row in both languages (the English one wrapped while registering
    took two links), and registering is one menu away."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    tops = page.evaluate("[...document.querySelectorAll('#site-nav .nav-item, #language-switch')]"
                         ".map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) >= 5 and max(tops) - min(tops) <= 8, (language, tops)
    page.locator("#register-menu .dropdown-toggle").click()
    page.locator("#register-menu a[href$='/enterprise/register/']").click()
    page.wait_for_url("**/enterprise/register/")
    context.close()
