"""Signing in before confirming says the account awaits its confirmation — to whoever knows its
password only — and offers to send the link again, at most once per account in ten minutes."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .test_registration import form_data, is_confirmation_link_of, register

pytestmark = pytest.mark.django_db

PASSWORD = form_data()["password1"]
LOGIN = reverse("accounts:login")
RESEND = reverse("companies:resend_confirmation")


@pytest.fixture
def registered(client, regions, eager_celery, django_capture_on_commit_callbacks):
    from tests import factories

    factories.manufacturing_division("17", "纺织业")
    with django_capture_on_commit_callbacks(execute=True):
        assert register(client).status_code == 302
    mail.outbox.clear()
    cache.clear()
    return User.objects.get(username="bing-tech")


def log_in(client, password=PASSWORD):
    return client.post(LOGIN, {"username": "bing-tech", "password": password})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_right_password_hears_that_the_account_awaits_confirmation(registered):
    client = Client()
    page = log_in(client)
    assert page.status_code == 200
    assert "该账户尚未确认" in text(page) and 'id="resend-confirmation"' in text(page)


def test_a_wrong_password_hears_nothing_about_the_account(registered):
    page = log_in(Client(), password="not-the-password-1")
    assert "该账户尚未确认" not in text(page) and 'id="resend-confirmation"' not in text(page)
    assert "用户名" in text(page)


def test_an_account_deactivated_after_signing_in_is_not_offered_a_link(registered):
    from django.utils import timezone

    User.objects.filter(pk=registered.pk).update(last_login=timezone.now())
    page = log_in(Client())
    assert "该账户尚未确认" not in text(page) and 'id="resend-confirmation"' not in text(page)


def test_the_link_is_sent_again_once_then_refused_for_a_while(
    registered, eager_celery, django_capture_on_commit_callbacks
):
    client = Client()
    log_in(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, follow=True)
    assert "确认邮件已重新发送" in text(response)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lisi@example.cn"]
    link = re.search(r"http://testserver(/enterprise/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert is_confirmation_link_of(link, registered)
    assert client.post(link).status_code == 302  # the resent link activates the account
    registered.refresh_from_db()
    assert registered.is_active

    # Another client that knows the password, at once: refused, nothing sent.
    User.objects.filter(pk=registered.pk).update(is_active=False)
    other = Client()
    log_in(other)
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post(RESEND, follow=True)
    assert "确认邮件刚刚发送过" in text(response) and len(mail.outbox) == 1


def test_nobody_else_can_ask_for_the_link(registered, django_capture_on_commit_callbacks):
    client = Client()
    log_in(client, password="not-the-password-1")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESEND, follow=True)
    assert response.status_code == 200 and "请先用注册的用户名和密码登录" in text(response)
    assert mail.outbox == []
    assert Client().get(RESEND).status_code == 405
