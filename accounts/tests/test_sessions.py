"""Sessions: the offices' staff are signed out when idle, every login gets a new session key,
sessions live where the README says, and the cookies are HttpOnly, SameSite=Lax (and Secure in
production)."""

import datetime as dt
import re
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import RENEWED_KEY
from config.tests.test_foundation import run_manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def log_in(client, username: str, url: str = "/accounts/login/"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def signed_in(client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


# --- the offices' staff: signed out after an idle time ----------------------------------------------

@pytest.mark.parametrize("persona", ["office", "city_office_a"])
def test_an_office_session_lasts_the_idle_time_from_the_last_request(client, request, persona):
    user = request.getfixturevalue(persona)
    response = log_in(client, user.username)
    assert client.session.get_expiry_age() == 2 * 60 * 60  # STAFF_SESSION_IDLE_MINUTES' default
    assert response.cookies[django_settings.SESSION_COOKIE_NAME]["max-age"] == 2 * 60 * 60


def test_an_enterprise_session_keeps_the_ordinary_age(client, enterprise_user_a):
    log_in(client, "ent-a")
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE


def test_an_idle_office_session_ends_and_the_next_page_asks_to_log_in(client, settings, office):
    settings.STAFF_SESSION_IDLE_SECONDS = 1
    log_in(client, "office")
    time.sleep(1.5)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not signed_in(client)


def test_each_request_of_an_active_office_pushes_the_end_forward(client, office):
    log_in(client, "office")
    session = client.session
    session[RENEWED_KEY] = int(time.time()) - 120  # the last renewal was two minutes ago
    session.save()
    # A minute left: still valid, whether the session is read from the database or from its cache.
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    client.get("/admin/")
    expires = Session.objects.get(pk=client.session.session_key).expire_date
    idle = django_settings.STAFF_SESSION_IDLE_SECONDS
    assert abs((expires - timezone.now()).total_seconds() - idle) < 30


# --- a new session key at every login ----------------------------------------------------------------

def session_key_of(client) -> str:
    session = client.session  # the test client makes a session and its cookie if there is none
    session["visited"] = True
    session.save()
    return session.session_key


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_logging_in_gives_the_session_a_new_key_and_the_old_key_signs_in_nobody(client, office, url):
    before = session_key_of(client)
    log_in(client, "office", url)
    assert client.session.session_key != before
    planted = Client()
    planted.cookies[django_settings.SESSION_COOKIE_NAME] = before
    assert not signed_in(planted)


# --- where sessions live, and their cookies -----------------------------------------------------------

@pytest.mark.redis
def test_with_redis_sessions_are_read_through_the_cache_and_kept_in_the_database():
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_without_redis_sessions_are_kept_in_the_database():
    result = run_manage("shell", "--no-imports", "-c",
                        "from django.conf import settings as s; print(s.SESSION_ENGINE)", env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.sessions.backends.db"


def test_session_and_csrf_cookies_are_http_only_and_same_site_lax(client, office):
    page = client.get(reverse("accounts:login"))
    csrf = page.cookies[django_settings.CSRF_COOKIE_NAME]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    checking = Client(enforce_csrf_checks=True)
    checking.cookies[django_settings.CSRF_COOKIE_NAME] = csrf.value
    response = checking.post(reverse("accounts:login"), {
        "username": "office", "password": PASSWORD, "csrfmiddlewaretoken": token,
    })
    assert response.status_code == 302  # the form's token is all a page needs: no script reads the cookie
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    for cookie in (csrf, session):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


def test_production_cookies_are_secure():
    result = run_manage("shell", "--no-imports", "-c", (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE)"
    ), env={
        "DJANGO_ENV": "production", "SECRET_KEY": "k3Yq8v9XzT1mWcR4nLp7sB2hF6gJ0dQe5uA8iO3yZxVbNm1K2j4H",
        "ALLOWED_HOSTS": "duibiao.example.cn", "DATABASE_URL": "postgres://u:p@db:5432/campaign",
        "REDIS_URL": "redis://cache:6379/0",
    })
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "Lax", "Lax"]
