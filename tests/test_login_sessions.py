"""Every way of signing in starts a session under a new key: an enterprise confirmed by its
e-mailed link (which signs nobody in) and then logging in, an institution signed in by its own
registration. (The login pages themselves: accounts/tests/test_sessions.py.)"""

import pytest
from django.urls import reverse

from companies.services import confirmation_path
from tests import factories
from thirdparty.tests.helpers import registration_data

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's


def session_key_of(client) -> str:
    session = client.session  # the test client makes a session and its cookie if there is none
    session["visited"] = True
    session.save()
    return session.session_key


def signed_in(client) -> bool:
    return client.get(reverse("home")).context["user"].is_authenticated


def log_in(client, username: str) -> None:
    assert client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD}).status_code == 302


def test_an_enterprise_confirmed_by_its_link_logs_in_on_a_new_session_key(client, enterprise_a):
    user = factories.UserFactory(username="new-ent", role="enterprise", enterprise=enterprise_a, is_active=False)
    before = session_key_of(client)
    link = confirmation_path(user)
    assert client.post(link).status_code == 302
    assert not signed_in(client)  # the link activates; it does not sign anyone in
    log_in(client, "new-ent")
    assert client.session.session_key != before


def test_an_institution_signed_in_by_its_registration_gets_a_new_session_key(client, regions, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    division = factories.manufacturing_division("17", "纺织业")
    categories = [
        factories.ProductCategoryFactory(code="C1781", name_zh="日用口罩", industry=division),
        factories.ProductCategoryFactory(code="C1782", name_zh="医用防护口罩", industry=division),
    ]
    before = session_key_of(client)
    response = client.post(reverse("thirdparty:register"), registration_data(categories))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert signed_in(client)
    assert client.session.session_key != before
