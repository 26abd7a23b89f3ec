"""The API docs render in a real browser from our own static files, under our CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_open_api(page, regions, screenshot):
    blocked = []

    def note_csp_violation(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", note_csp_violation)
    page.goto("/api/docs/")
    page.locator(".swagger-ui .opblock-tag").first.wait_for()
    assert page.get_by_text("/api/v1/results/").first.is_visible()
    assert blocked == []
    screenshot(page, "api-docs")
