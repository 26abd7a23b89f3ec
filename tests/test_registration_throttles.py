"""The pages that tell whether a USCC or a username is registered answer each client only so often:
per address (as the proxies report it) and per session, then a 429 with a Chinese message; under
the limit their answers stay as useful as before."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import User
from companies.models import Enterprise
from companies.services import uscc_taken_message
from tests import factories
from thirdparty.models import Institution
from thirdparty.tests.helpers import registration_data

pytestmark = pytest.mark.django_db

REFUSED = "操作过于频繁"
PLENTY = "100000/minute"


def new_address() -> str:
    """An address no other test has counted (the counters live in the shared cache)."""
    return f"2001:db8:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::1"


@pytest.fixture
def rates(settings):
    def set_rates(scope: str, *, session: str = PLENTY, address: str = PLENTY) -> None:
        settings.REGISTRATION_THROTTLE_RATES = {
            **settings.REGISTRATION_THROTTLE_RATES, scope: {"session": session, "address": address},
        }

    return set_rates


def check(client, uscc: str, address: str):
    return client.get(reverse("companies:uscc_check"), {"uscc": uscc}, REMOTE_ADDR=address)


# --- the live USCC check --------------------------------------------------------------------------

def test_the_uscc_check_answers_an_address_so_often_then_says_wait_with_a_429(client, rates, enterprise_a):
    rates("uscc_check", address="3/hour")
    address = new_address()
    for _ in range(3):
        answer = check(client, enterprise_a.uscc, address)
        assert answer.status_code == 200
        assert uscc_taken_message() in answer.content.decode()  # how to get access, as before
    refused = check(client, enterprise_a.uscc, address)
    body = refused.content.decode()
    assert refused.status_code == 429 and REFUSED in body and "分钟后再试" in body
    assert 'data-uscc="taken"' not in body and uscc_taken_message() not in body
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert check(client, enterprise_a.uscc, new_address()).status_code == 200  # someone else


def test_the_uscc_check_counts_a_session_whatever_address_it_comes_from(client, rates, enterprise_a):
    rates("uscc_check", session="2/hour")
    session = client.session
    session["visited"] = True
    session.save()
    assert check(client, enterprise_a.uscc, new_address()).status_code == 200
    assert check(client, enterprise_a.uscc, new_address()).status_code == 200
    assert check(client, enterprise_a.uscc, new_address()).status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(client, rates, settings, enterprise_a):
    settings.TRUSTED_PROXY_COUNT = 1
    rates("uscc_check", address="1/hour")
    proxy = new_address()
    first, second = new_address(), new_address()
    assert check(client, enterprise_a.uscc, proxy).status_code == 200  # REMOTE_ADDR only: the proxy itself
    meta = {"REMOTE_ADDR": proxy}
    url = reverse("companies:uscc_check")
    assert client.get(url, {"uscc": enterprise_a.uscc}, HTTP_X_FORWARDED_FOR=first, **meta).status_code == 200
    assert client.get(url, {"uscc": enterprise_a.uscc}, HTTP_X_FORWARDED_FOR=second, **meta).status_code == 200
    assert client.get(url, {"uscc": enterprise_a.uscc}, HTTP_X_FORWARDED_FOR=first, **meta).status_code == 429


def test_the_registration_page_lets_htmx_show_the_429(client, regions):
    html = client.get(reverse("companies:register")).content.decode()
    assert '<meta name="htmx-config"' in html and '"code": "429", "swap": true' in html


# --- enterprise registration: "username taken" -----------------------------------------------------

@pytest.fixture
def industry(regions):
    return factories.manufacturing_division("17", "纺织业")


def enterprise_form(**overrides) -> dict:
    data = {
        "uscc": factories.make_uscc(777_001), "name": "深圳丙科技有限公司", "province": "440000", "city": "440300",
        "county": "440305", "industry": "17", "address": "深圳市南山区科技园", "contact_name": "李四",
        "contact_phone": "0755-87654321", "contact_email": "lisi@example.cn", "username": "bing-tech",
        "password1": "Duibiao-2026-secure", "password2": "Duibiao-2026-secure",
    }
    return data | overrides


def test_enterprise_registration_tells_a_taken_username_so_often_then_refuses_unchecked(
    client, rates, industry, enterprise_user_a
):
    rates("registration", address="2/hour")
    address = new_address()
    url = reverse("companies:register")
    for n in range(2):
        answer = client.post(url, enterprise_form(uscc=factories.make_uscc(700 + n), username="ent-a"),
                             REMOTE_ADDR=address)
        assert answer.status_code == 200 and "该用户名已被使用" in answer.content.decode()
    refused = client.post(url, enterprise_form(), REMOTE_ADDR=address)  # even a valid one: not now
    body = refused.content.decode()
    assert refused.status_code == 429 and REFUSED in body
    assert "深圳丙科技有限公司" in body  # what was typed stays on the page
    assert not Enterprise.objects.filter(name="深圳丙科技有限公司").exists()
    assert client.post(url, enterprise_form(), REMOTE_ADDR=new_address()).status_code == 302


def test_opening_the_registration_page_costs_nothing(client, rates, industry):
    rates("registration", address="1/hour")
    address = new_address()
    for _ in range(3):
        assert client.get(reverse("companies:register"), REMOTE_ADDR=address).status_code == 200
    assert client.post(reverse("companies:register"), enterprise_form(), REMOTE_ADDR=address).status_code == 302


# --- institution registration -------------------------------------------------------------------------

@pytest.fixture
def categories(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    division = factories.manufacturing_division("17", "纺织业")
    return [
        factories.ProductCategoryFactory(code="C1781", name_zh="日用口罩", industry=division),
        factories.ProductCategoryFactory(code="C1782", name_zh="医用防护口罩", industry=division),
    ]


def test_institution_registration_tells_a_taken_username_so_often_then_refuses_unchecked(
    client, rates, regions, categories, enterprise_user_a
):
    rates("registration", session="1/hour")
    address = new_address()
    url = reverse("thirdparty:register")
    session = client.session
    session["visited"] = True
    session.save()
    answer = client.post(url, registration_data(categories, username="ent-a"), REMOTE_ADDR=address)
    assert answer.status_code == 200 and "已被使用" in answer.content.decode()
    refused = client.post(url, registration_data(categories, username="ent-a"), REMOTE_ADDR=new_address())
    body = refused.content.decode()
    assert refused.status_code == 429 and REFUSED in body and "已被使用" not in body
    assert not Institution.objects.exists() and not User.objects.filter(username="lab-user").exists()
