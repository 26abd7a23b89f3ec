"""In Chromium: past its budget, the live USCC check's 429 is shown where the answer would be."""

import uuid

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_throttled_uscc_check_shows_its_chinese_message(page, settings, screenshot):
    settings.TRUSTED_PROXY_COUNT = 1  # a client address of this test's own (the counters outlive it)
    settings.REGISTRATION_THROTTLE_RATES = {
        **settings.REGISTRATION_THROTTLE_RATES, "uscc_check": {"session": "100/hour", "address": "1/hour"},
    }
    page.set_extra_http_headers({"X-Forwarded-For": f"2001:db8:{uuid.uuid4().hex[:4]}::7"})
    page.goto("/enterprise/register/")
    field = page.get_by_label("统一社会信用代码")
    field.fill(factories.make_uscc(424_242))
    expect(page.locator("[data-uscc=valid]")).to_be_visible()
    field.fill(factories.make_uscc(424_243))
    expect(page.locator("#uscc-feedback")).to_contain_text("操作过于频繁")
    screenshot(page, "uscc-check-throttled")
