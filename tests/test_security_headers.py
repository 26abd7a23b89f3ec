"""Every answer carries the security headers: a CSP that allows no inline script, nosniff, a
Referrer-Policy, frame denial and a Cross-Origin-Opener-Policy; production adds HSTS. Pages, API
answers, errors, htmx fragments, the admin and static files alike."""

import re

import pytest

from config.tests.test_foundation import run_manage

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3Yq8v9XzT1mWcR4nLp7sB2hF6gJ0dQe5uA8iO3yZxVbNm1K2j4H",
    "ALLOWED_HOSTS": "duibiao.example.cn",
    "DATABASE_URL": "postgres://u:p@db:5432/campaign",
    "REDIS_URL": "redis://cache:6379/0",
}


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def assert_protective_headers(response, *, html: bool) -> None:
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    if not html:
        return
    assert headers["X-Frame-Options"] == "DENY"
    csp = directives(headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]


ANSWERS = [
    ("/", 200, True),
    ("/results/", 200, True),
    ("/standards/", 200, True),
    ("/accounts/login/", 200, True),
    ("/admin/login/", 200, True),
    ("/no-such-page/", 404, True),
    ("/api/v1/standards/", 200, False),
    ("/api/v1/standards/999999/", 404, False),
    ("/api/docs/", 200, True),
    ("/healthz", 200, False),
    ("/static/css/site.css", 200, False),
]


@pytest.mark.parametrize(("address", "status", "html"), ANSWERS)
def test_every_kind_of_answer_carries_the_headers(client, regions, address, status, html):
    response = client.get(address)
    assert response.status_code == status
    assert_protective_headers(response, html=html)


def test_logged_in_pages_and_htmx_fragments_carry_them_too(client_for, enterprise_user_a, office):
    portal = client_for(enterprise_user_a)
    for address in ("/enterprise/results/", "/enterprise/results/imports/", "/regions/cities/?province=440000"):
        response = portal.get(address, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, address
        assert_protective_headers(response, html=True)
    admin = client_for(office)
    assert_protective_headers(admin.get("/admin/"), html=True)


def test_pages_hold_no_inline_script_the_policy_would_block(client, regions):
    """Data reaches scripts as JSON (json_script, type application/json); behaviour is in files."""
    for address in ("/", "/results/", "/standards/", "/accounts/login/", "/enterprise/register/"):
        page = client.get(address).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in tag or 'type="application/json"' in tag, (address, tag)
        assert not re.search(r"\son[a-z]+\s*=", page), address
        assert "javascript:" not in page, address


def test_production_adds_hsts_and_secure_cookies():
    result = run_manage("shell", "--no-imports", "-c", (
        "from django.conf import settings as s; from django.http import HttpResponse; "
        "from django.middleware.security import SecurityMiddleware; from django.test import RequestFactory; "
        "request = RequestFactory().get('/', secure=True, HTTP_HOST='duibiao.example.cn'); "
        "response = SecurityMiddleware(lambda r: HttpResponse())(request); "
        "print(response.headers['Strict-Transport-Security']); "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
    ), env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    hsts, flags = result.stdout.strip().splitlines()
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert flags.split() == ["True", "True", "True", "True"]
