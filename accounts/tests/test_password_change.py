"""A signed-in user changes their own password: the old one first, the validators' rules, an
audit row without the password, and every other session of the account ends."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's
NEW_PASSWORD = "对标-Lantern-2026"
PAGE = "/accounts/password/"


def signed_in(client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


def change(client, old=PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post(PAGE, {"old_password": old, "new_password1": new, "new_password2": again or new})


def test_the_page_is_for_signed_in_users_only(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_menu_offers_it_to_a_signed_in_user(client, enterprise_user_a):
    client.force_login(enterprise_user_a)
    assert f'href="{PAGE}"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("persona", ["enterprise_user_a", "city_office_a", "institution_user"])
def test_a_user_changes_the_password_and_stays_signed_in_while_other_sessions_end(request, persona):
    user = request.getfixturevalue(persona)
    here, elsewhere = Client(), Client()
    for browser in (here, elsewhere):
        assert browser.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
    assert "修改密码" in here.get(PAGE).content.decode()

    response = change(here)

    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    assert signed_in(here)
    assert not signed_in(elsewhere)
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=str(user.pk))
    assert event.actor_id == user.pk and event.changes == {"password": ["***", "***"]}


@pytest.mark.parametrize(("old", "new", "again", "reason"), [
    ("wrong-password", NEW_PASSWORD, None, "旧密码不正确"),
    (PASSWORD, "12345678", None, "只包含数字"),
    (PASSWORD, "short", None, "太短"),
    (PASSWORD, NEW_PASSWORD, "另一个-Passw0rd", "不一致"),
])
def test_a_refused_change_says_why_in_chinese_and_changes_nothing(client, enterprise_user_a, old, new, again, reason):
    client.force_login(enterprise_user_a)
    response = change(client, old, new, again)
    assert response.status_code == 200
    assert reason in response.content.decode()
    enterprise_user_a.refresh_from_db()
    assert enterprise_user_a.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(target_type="accounts.user").exists()


def test_in_english_the_reasons_are_english(client, enterprise_user_a):
    client.force_login(enterprise_user_a)
    client.cookies["django_language"] = "en"
    response = change(client, "wrong-password")
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_a_reset_by_e_mail_is_recorded_too(client, enterprise_user_a, mailoutbox):
    client.post("/accounts/password-reset/", {"email": enterprise_user_a.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    form_page = client.get(link[link.index("/accounts/reset/"):], follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                             "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    enterprise_user_a.refresh_from_db()
    assert enterprise_user_a.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(target_type="accounts.user", target_id=str(enterprise_user_a.pk)).count() == 1
