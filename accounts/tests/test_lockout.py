"""Failed logins lock an account and a client address each on its own; the client's address is
believed from X-Forwarded-For only through the configured proxies; a lock ends on time whatever
is tried meanwhile, and its page says when and how to get back in."""

import datetime as dt

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
LIMIT = 10
PROXY = "10.0.0.2"


def attempt(client, username: str, password: str = "wrong-password", **meta):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **meta)


def logs_in(client, username: str, **meta) -> bool:
    response = attempt(client, username, PASSWORD, **meta)
    if response.status_code == 302:
        client.logout()
        return True
    return False


def age_failures(by: dt.timedelta) -> None:
    """Move every recorded failure ``by`` into the past, as if that much time had gone by."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


@pytest.fixture
def colleagues(regions):
    """Ten enterprise accounts beside the office's, for spraying one password over many names."""
    return [factories.UserFactory(username=f"colleague-{n}") for n in range(LIMIT)]


# --- finding: the client address behind the documented proxy ---------------------------------------

def test_behind_one_trusted_proxy_a_spraying_client_is_locked_and_its_neighbours_are_not(
    client, settings, office, colleagues
):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for colleague in colleagues:
        attempt(client, colleague.username, **attacker)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}

    assert attempt(client, "office", PASSWORD, **attacker).status_code == 429  # the address is locked
    # Everyone else comes through the same proxy, from their own address.
    assert logs_in(client, "office", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4")


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw_not_what_the_client_wrote(
    client, settings, colleagues
):
    settings.TRUSTED_PROXY_COUNT = 1
    attempt(client, colleagues[0].username, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_without_a_trusted_proxy_a_forged_forwarded_header_buys_no_fresh_address(client, settings, colleagues):
    settings.TRUSTED_PROXY_COUNT = 0
    for n, colleague in enumerate(colleagues):
        attempt(client, colleague.username, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = attempt(client, "someone-else", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


# --- finding: account and address locked each on its own ----------------------------------------

def test_spraying_one_address_over_many_accounts_locks_the_address(client, office, colleagues):
    for colleague in colleagues:  # one wrong password per account
        attempt(client, colleague.username, REMOTE_ADDR="203.0.113.9")
    assert not logs_in(client, "office", REMOTE_ADDR="203.0.113.9")
    assert logs_in(client, "office", REMOTE_ADDR="198.51.100.4")


def test_guessing_one_account_from_many_addresses_locks_the_account(client, office, colleagues):
    for n in range(LIMIT):
        attempt(client, "office", REMOTE_ADDR=f"203.0.113.{n + 1}")
    assert attempt(client, "office", PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 429
    assert logs_in(client, colleagues[0].username, REMOTE_ADDR="198.51.100.4")  # the address is not locked


def test_the_lock_ends_a_cool_off_after_the_failure_that_set_it_whatever_is_tried_meanwhile(client, office):
    for _ in range(LIMIT):
        attempt(client, "office")
    almost = get_cool_off() - dt.timedelta(minutes=2)
    age_failures(almost)
    for _ in range(5):  # the attacker keeps knocking during the lock
        assert attempt(client, "office").status_code == 429
    assert not logs_in(client, "office")
    age_failures(dt.timedelta(minutes=3))
    assert logs_in(client, "office")


def test_a_successful_login_clears_the_account_s_failures_but_not_the_address_s(client, office, colleagues):
    for colleague in colleagues[:LIMIT - 1]:
        attempt(client, colleague.username)
    factories.UserFactory(username="own-account")
    assert logs_in(client, "own-account")  # the sprayer's own account, between two rounds
    assert attempt(client, colleagues[-1].username).status_code == 429  # the address's count went on
    assert not logs_in(client, "office")


def test_the_locked_out_page_says_in_chinese_when_to_try_again_and_how_to_reset(client, office):
    for _ in range(LIMIT):
        attempt(client, "office")
    response = attempt(client, "office", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert '<html lang="zh-CN">' in body and "登录已暂时锁定" in body
    last = AccessAttempt.objects.get().attempt_time
    retry_at = timezone.localtime(last + get_cool_off()).strftime("%Y-%m-%d %H:%M")
    assert f"请在 {retry_at} 之后" in body
    assert reverse("accounts:password_reset") in body and "重置密码" in body
    assert 3500 <= int(response["Retry-After"]) <= 3600


def test_resetting_the_password_lifts_the_account_s_lock(client, enterprise_user_a):
    for n in range(LIMIT):
        attempt(client, "ent-a", REMOTE_ADDR=f"203.0.113.{n + 1}")
    assert attempt(client, "ent-a", PASSWORD).status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": enterprise_user_a.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    form_path = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    new = "Zx9-new-passw0rd"
    assert client.post(form_path, {"new_password1": new, "new_password2": new}).status_code == 302
    assert attempt(client, "ent-a", new).status_code == 302
