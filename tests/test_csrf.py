"""Every state-changing request needs the page's CSRF token: forms, htmx calls and uploads alike.
Only the read-only API is exempt (DRF's views), and it answers no write method."""

import logging

import pytest
from django.test import Client

from tests.routes import concrete_addresses, routes

pytestmark = pytest.mark.django_db

# Exempt at the door only to size the upload before the body is read; the view then checks the
# token itself (csrf_protect), which the POST test below proves.
CHECKED_INSIDE = {"admin/core/importjob/add/", "enterprise/results/imports/"}


def test_no_view_outside_the_read_only_api_is_csrf_exempt():
    exempt = {route for route, pattern in routes() if getattr(pattern.callback, "csrf_exempt", False)}
    assert {route for route in exempt if not route.startswith("api/")} == CHECKED_INSIDE


def test_the_api_answers_no_write_method_even_without_a_token(client, db):
    for method in ("post", "put", "patch", "delete"):
        for address in ("/api/v1/results/", "/api/v1/standards/1/", "/api/v1/plans/"):
            assert getattr(client, method)(address).status_code in (403, 405), (method, address)


@pytest.mark.parametrize("who", ["anonymous", "enterprise", "office"])
def test_every_post_without_the_token_is_refused_before_its_view_runs(who, enterprise_user_a, office, caplog):
    browser = Client(enforce_csrf_checks=True)
    if who != "anonymous":
        browser.force_login(enterprise_user_a if who == "enterprise" else office)
    addresses = concrete_addresses()
    assert len(addresses) > 100
    refused = []
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        for address in addresses:
            caplog.clear()
            response = browser.post(address, {"anything": "1"}, HTTP_HX_REQUEST="true")
            if response.status_code == 403 and any(r.name == "django.security.csrf" for r in caplog.records):
                refused.append(address)
            elif address.strip("/") + "/" in CHECKED_INSIDE and response.status_code in (302, 403, 404):
                refused.append(address)  # not this user's page at all: refused before the token
    assert set(refused) == set(addresses), sorted(set(addresses) - set(refused))


@pytest.mark.parametrize(("address", "who"), [("/admin/core/importjob/add/", "office"),
                                               ("/enterprise/results/imports/", "enterprise")])
def test_the_uploads_sized_before_the_body_is_read_still_need_the_token(address, who, enterprise_user_a, office,
                                                                        caplog, tmp_path):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(enterprise_user_a if who == "enterprise" else office)
    assert browser.get(address).status_code == 200
    upload = tmp_path / "results.csv"
    upload.write_text("企业,指标\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"), upload.open("rb") as file:
        response = browser.post(address, {"kind": "results", "file": file})
    assert response.status_code == 403
    assert any(r.name == "django.security.csrf" for r in caplog.records)


def test_with_the_token_the_same_post_reaches_its_view(enterprise_user_a, caplog):
    """The refusals above are CSRF's, not the forms': with the page's token the upload goes through
    to the form, which answers with its own reasons."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(enterprise_user_a)
    page = browser.get("/enterprise/results/imports/")
    with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
        response = browser.post("/enterprise/results/imports/",
                                {"csrfmiddlewaretoken": str(page.context["csrf_token"])})
    assert response.status_code == 422 and response.context["form"].errors
    assert not any(r.name == "django.security.csrf" for r in caplog.records)
