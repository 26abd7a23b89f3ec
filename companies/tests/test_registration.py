"""Enterprise self-registration: USCC checks, the cascading region picker, e-mail confirmation."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from stdnum.cn import uscc as uscc_module

from accounts.models import Role, User
from companies.models import Enterprise, UsccStatus
from companies.tokens import confirmation_token_generator, confirmation_uid
from tests import factories

pytestmark = pytest.mark.django_db

@pytest.fixture
def industry(regions):
    return factories.manufacturing_division("17", "纺织业")


def is_confirmation_link_of(link: str, user: User) -> bool:
    """The token carries the second it was made in, so a link is checked rather than compared with a new one."""
    match = re.fullmatch(r"/enterprise/confirm/([^/]+)/([^/]+)/", link)
    return bool(match) and match[1] == confirmation_uid(user) and (
        confirmation_token_generator.check_token(user, match[2])
    )


def form_data(**overrides):
    data = {
        "uscc": factories.make_uscc(777_001),
        "name": "深圳丙科技有限公司",
        "province": "440000",
        "city": "440300",
        "county": "440305",
        "industry": "17",
        "address": "深圳市南山区科技园",
        "contact_name": "李四",
        "contact_phone": "0755-87654321",
        "contact_email": "lisi@example.cn",
        "username": "bing-tech",
        "password1": "Duibiao-2026-secure",
        "password2": "Duibiao-2026-secure",
    }
    data.update(overrides)
    return data


def logs_in(client, username="bing-tech", password="Duibiao-2026-secure") -> bool:
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def register(client, **overrides):
    return client.post(reverse("companies:register"), form_data(**overrides))


def test_registration_page_is_chinese_with_the_region_picker(client, industry):
    response = client.get(reverse("companies:register"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "企业注册" in html and "统一社会信用代码" in html
    assert 'hx-get="/enterprise/regions/options/"' in html
    assert "<optgroup label=\"C 制造业\">" in html  # industries grouped by section
    assert "<script>" not in html and "onclick" not in html  # CSP: no inline script


def test_valid_registration_creates_an_inactive_account_and_confirms_by_e_mail(
    client, industry, regions, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 302 and response["Location"] == reverse("companies:register_done")
    enterprise = Enterprise.objects.get(uscc=form_data()["uscc"])
    assert (enterprise.region, enterprise.city, enterprise.province) == (
        regions["nanshan"], regions["shenzhen"], regions["guangdong"]
    )
    assert enterprise.uscc_legacy_checksum is False
    user = User.objects.get(username="bing-tech")
    assert user.role == Role.ENTERPRISE and user.enterprise == enterprise and not user.is_active
    assert not user.is_staff

    done = client.get(response["Location"])
    assert "lisi@example.cn" in done.content.decode()

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lisi@example.cn"]
    link = re.search(r"http://testserver(/enterprise/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert is_confirmation_link_of(link, user)
    assert not logs_in(client)  # inactive until confirmed

    page = client.get(link)
    assert page.status_code == 200 and "确认并激活" in page.content.decode()
    User.objects.filter(pk=user.pk).update(is_active=False)  # a GET (mail scanners) activates nothing
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert client.get(link).status_code == 400  # spent
    assert logs_in(client)


def test_a_county_under_a_municipality_and_a_city_without_counties_are_accepted(client, industry):
    beijing = factories.region("110000", "北京市", "province", taking_part_since="2021-03-01")
    beijing.city = beijing
    beijing.save()
    chaoyang = factories.region("110105", "朝阳区", "county", beijing)
    assert register(client, province="110000", city="110105", county="").status_code == 302
    enterprise = Enterprise.objects.get(name="深圳丙科技有限公司")
    assert (enterprise.region, enterprise.city, enterprise.province) == (chaoyang, beijing, beijing)


def test_a_province_alone_is_not_a_city(client, industry):
    response = register(client, city="", county="")
    assert response.status_code == 200
    assert "请选择所在城市" in response.content.decode()
    assert not Enterprise.objects.filter(name="深圳丙科技有限公司").exists()


def test_a_city_of_another_province_is_refused(client, industry):
    factories.region("110000", "北京市", "province")
    response = register(client, province="110000", city="440300", county="")
    assert response.status_code == 200
    assert response.context["form"].errors["city"]
    assert not Enterprise.objects.exists()


def test_a_failing_check_character_registers_as_awaiting_verification_and_says_so(client, industry):
    code = factories.legacy_uscc()
    response = register(client, uscc=code)
    # No box to tick: the code is taken and held 待核验 for the city office to check.
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(uscc=code)
    assert enterprise.uscc_legacy_checksum is True and enterprise.uscc_status == UsccStatus.PENDING
    event = enterprise.events.get()
    assert (event.from_status, event.to_status, event.actor.username) == ("", "pending", "bing-tech")
    done = client.get(response["Location"]).content.decode()
    assert 'data-uscc="pending"' in done and "对照营业执照核验" in done and "不能发布" in done


def test_registration_says_the_code_will_be_checked_against_the_licence(client, industry):
    assert "审核时将对照营业执照核验" in client.get(reverse("companies:register")).content.decode()
    response = register(client)
    assert "对照营业执照核验" in client.get(response["Location"]).content.decode()
    assert Enterprise.objects.get().uscc_status == UsccStatus.VALID


@pytest.mark.parametrize("head", ["N2", "A1", "Y1", "52", "12"])
def test_codes_whose_registering_authority_is_a_letter_or_not_commerce_register(client, industry, head):
    stem = f"{head}440300MA5F8U3K2"
    code = stem + uscc_module.calc_check_digit(stem)
    assert register(client, uscc=code).status_code == 302
    assert Enterprise.objects.get(uscc=code).uscc_status == UsccStatus.VALID


def test_a_registered_uscc_is_refused_with_the_reason_and_the_way_to_ask_for_access(client, industry, enterprise_a):
    response = register(client, uscc=enterprise_a.uscc)
    html = response.content.decode()
    assert response.status_code == 200
    assert "该统一社会信用代码已注册。如需加入该企业账户，请联系企业管理员或所在城市试点办公室。" in html
    assert Enterprise.objects.count() == 1 and not User.objects.filter(username="bing-tech").exists()
    # The same code typed with spaces, full-width digits or in lower case is the same code.
    spaced = " ".join(enterprise_a.uscc[i:i + 6] for i in range(0, 18, 6)).lower()
    assert "已注册" in register(client, uscc=spaced).content.decode()


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("9144030012345", "统一社会信用代码应为 18 位，现为 13 位。"),
        ("91440300MA5DIIIIIO", "无效字符“IO”"),
        ("B1440300MA5DXXXXX0", "第 1 位（登记管理部门代码）应为 1–9 或 A、N、Y"),
        ("", "该字段是必填项"),
    ],
)
def test_a_malformed_uscc_is_refused_with_its_reason(client, industry, code, reason):
    response = register(client, uscc=code)
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Enterprise.objects.exists()


def test_bad_input_never_crashes_the_page(client, industry):
    junk = {
        "uscc": "９１４４０３００" + "Ｘ" * 500, "province": "'; DROP TABLE", "city": "x" * 300, "county": "-1",
        "industry": "ZZ", "contact_email": "not-an-email", "contact_phone": "电话", "username": "a b/c",
        "password1": "1", "password2": "2",
    }
    response = register(client, **junk)
    assert response.status_code == 200
    assert not Enterprise.objects.exists() and not User.objects.exists()


def test_a_short_or_common_password_is_refused(client, industry):
    response = register(client, password1="12345678", password2="12345678")
    assert response.status_code == 200 and response.context["form"].errors["password1"]


def test_posted_privilege_fields_are_ignored(client, industry):
    response = register(
        client, is_staff="on", is_superuser="on", role=Role.OFFICE, is_active="on", uscc_legacy_checksum="on",
        city_id="440100", enterprise="1",
    )
    assert response.status_code == 302
    user = User.objects.get(username="bing-tech")
    assert (user.is_staff, user.is_superuser, user.role, user.is_active) == (False, False, Role.ENTERPRISE, False)
    assert user.enterprise.uscc_legacy_checksum is False and user.enterprise.city.code == "440300"


def test_region_options_are_the_children_of_the_chosen_region(client, regions):
    url = reverse("companies:region_options")
    provinces = client.get(url, {"province": "440000"}).content.decode()
    assert 'value="440300">深圳市' in provinces and 'value="440100">广州市' in provinces
    assert "南山区" not in provinces
    counties = client.get(url, {"city": "440300"}).content.decode()
    assert 'value="440305">南山区' in counties and "天河区" not in counties
    for junk in ({"province": "abc"}, {"city": "9" * 50}, {}):
        response = client.get(url, junk)
        assert response.status_code == 200 and response.content.decode().count("<option") == 1


def test_live_uscc_check_says_valid_legacy_taken_or_why_not(client, industry, enterprise_a):
    url = reverse("companies:uscc_check")
    assert 'data-uscc="valid"' in client.get(url, {"uscc": factories.make_uscc(5)}).content.decode()
    legacy = client.get(url, {"uscc": factories.legacy_uscc()}).content.decode()
    assert 'data-uscc="legacy"' in legacy and "待核验" in legacy and "accept_legacy_uscc" not in legacy
    assert 'data-uscc="taken"' in client.get(url, {"uscc": enterprise_a.uscc}).content.decode()
    assert "18 位" in client.get(url, {"uscc": "123"}).content.decode()


def test_a_logged_in_user_is_not_offered_registration(client_for, enterprise_user_a):
    response = client_for(enterprise_user_a).get(reverse("companies:register"))
    assert response.status_code == 302


def test_profile_shows_the_enterprise_and_updates_contacts_only(client_for, enterprise_user_a, enterprise_a):
    client = client_for(enterprise_user_a)
    page = client.get(reverse("companies:profile"))
    assert page.status_code == 200 and enterprise_a.uscc in page.content.decode()
    response = client.post(reverse("companies:profile"), {
        "contact_name": "王五", "contact_phone": "13800138000", "contact_email": "wangwu@example.cn",
        "address": "南山区", "name": "改名企图", "uscc": "91440300000000000X", "city": "440100",
    })
    assert response.status_code == 302
    enterprise_a.refresh_from_db()
    assert (enterprise_a.contact_name, enterprise_a.contact_email) == ("王五", "wangwu@example.cn")
    assert enterprise_a.name == "深圳甲防护用品有限公司" and enterprise_a.city_id == "440300"


def test_profile_needs_an_enterprise_user(client, client_for, city_office_a):
    response = client.get(reverse("companies:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client_for(city_office_a).get(reverse("companies:profile")).status_code == 403


@pytest.mark.parametrize(("province", "city", "city_name"), [
    ("420000", "429004", "仙桃市"),  # 湖北 省直辖县级行政区划: no prefecture above it
    ("410000", "419001", "济源市"),
    ("650000", "659004", "五家渠市"),  # 新疆 自治区直辖县级行政区划
    ("460000", "469002", "琼海市"),  # 海南 省直辖县级行政区划
    ("440000", "441900", "东莞市"),  # prefecture-level city without districts
    ("460000", "460400", "儋州市"),
])
def test_province_administered_units_and_cities_without_districts_register_as_cities(
    client, industry, province, city, city_name
):
    call_command("load_reference", verbosity=0)
    options = client.get(reverse("companies:region_options"), {"province": province}).content.decode()
    assert f'value="{city}"' in options and city_name in options
    assert client.get(reverse("companies:region_options"), {"city": city}).content.decode().count("<option") <= 1
    response = register(client, uscc=factories.make_uscc(777_002, city), province=province, city=city, county="")
    assert response.status_code == 302, response.context["form"].errors
    enterprise = Enterprise.objects.get(name="深圳丙科技有限公司")
    assert (enterprise.region_id, enterprise.city_id, enterprise.province_id) == (city, city, province)
    assert enterprise.city.name == city_name and enterprise.city.is_city
