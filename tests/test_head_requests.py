"""HEAD is answered wherever GET is: monitors and link checkers use it (RFC 9110 §9.3.2)."""

import pytest
from django.test import Client

from tests.routes import concrete_addresses

pytestmark = pytest.mark.django_db

# Django's admin login sends a signed-in user on with a redirect for GET only; HEAD shows the form.
SIGNED_IN_GET_ONLY_REDIRECT = {"/admin/login/"}


def test_healthz_answers_head_without_a_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("who", ["anonymous", "enterprise", "office"])
def test_every_page_answers_head_as_it_answers_get(who, enterprise_user_a, office):
    browser = Client()
    if who != "anonymous":
        browser.force_login(enterprise_user_a if who == "enterprise" else office)
    differing, answered = [], 0
    for address in concrete_addresses():
        got = browser.get(address).status_code
        if got == 405:
            continue  # a POST-only action
        head = browser.head(address)
        if head.status_code != got and not (address in SIGNED_IN_GET_ONLY_REDIRECT and got == 302):
            differing.append((address, got, head.status_code))
        elif got == 200:
            answered += 1
            assert head.content == b"", address
    assert differing == []
    assert answered > 20  # the walk reached real pages, not only sample addresses that 404
