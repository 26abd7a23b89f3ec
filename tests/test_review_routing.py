"""Who reviews a submission: the city's pilot office while it has an active account, else the
campaign office, which is told by e-mail; the enterprise is told who; the campaign office's
dashboard lists the cities it reviews for.

广州 (enterprise B) is a pilot city whose office has no account unless ``city_office_b`` is asked
for; 深圳 (enterprise A) has ``city_office_a``.
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmarking.reviewers import reviewing_office
from plans.selectors import plan_reviewing_office
from tests import factories
from tests.helpers import make_result
from tests.test_admin_review import make_enterprise_plan

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_office_of_a_city_without_an_active_account_is_the_campaign_office(regions, city_office_a, office):
    assert reviewing_office(regions["shenzhen"]).name == "深圳市试点办公室"
    assert reviewing_office(regions["shenzhen"]).addresses() == [city_office_a.email]
    assert reviewing_office(regions["guangzhou"]).is_campaign_office
    assert reviewing_office(regions["guangzhou"]).addresses() == [office.email]
    city_office_a.is_active = False
    city_office_a.save(update_fields=["is_active"])
    assert reviewing_office(regions["shenzhen"]).name == "百千万行动办公室"


def test_a_result_in_a_city_without_a_reviewer_goes_to_the_campaign_office(
    client_for, enterprise_user_b, office, respirator_plan, django_capture_on_commit_callbacks, eager_celery
):
    result = make_result(enterprise_user_b, respirator_plan, "广州乙 KN95 口罩", submit=False)
    client = client_for(enterprise_user_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("results:result_submit", args=[result.pk]), follow=True)
    result.refresh_from_db()
    assert result.status == "submitted"
    assert [message.to for message in mail.outbox] == [[office.email]]
    assert "新的对标结果待审核" in mail.outbox[0].subject
    # The enterprise is told who reviews it, after submitting and on the result's page.
    assert "对标结果已提交，由百千万行动办公室审核。" in page_text(response)
    detail = client.get(reverse("results:result_detail", args=[result.pk]))
    assert "已提交，由百千万行动办公室审核。" in page_text(detail)
    assert "所在城市试点办公室" not in page_text(detail)


def test_a_result_in_a_city_with_a_reviewer_goes_to_its_office(
    client_for, enterprise_user_a, city_office_a, office, respirator_plan, django_capture_on_commit_callbacks,
    eager_celery,
):
    result = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩", submit=False)
    client = client_for(enterprise_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("results:result_submit", args=[result.pk]), follow=True)
    assert [message.to for message in mail.outbox] == [[city_office_a.email]]
    assert "对标结果已提交，由深圳市试点办公室审核。" in page_text(response)


def test_an_enterprise_plan_in_a_city_without_a_reviewer_goes_to_the_campaign_office(
    client_for, enterprise_user_b, office, library, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        version = make_enterprise_plan(enterprise_user_b, library, "广州乙 自编方案")
    assert version.status == "submitted"
    assert [message.to for message in mail.outbox] == [[office.email]]
    assert plan_reviewing_office(version).is_campaign_office
    page = client_for(enterprise_user_b).get(reverse("plans:version_detail", args=[version.pk]))
    assert "已提交，由百千万行动办公室审核。" in page_text(page)


def test_an_enterprise_plan_in_a_city_with_a_reviewer_says_so(
    client_for, enterprise_user_a, city_office_a, library, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        version = make_enterprise_plan(enterprise_user_a, library, "深圳甲 自编方案")
    assert [message.to for message in mail.outbox] == [[city_office_a.email]]
    page = client_for(enterprise_user_a).get(reverse("plans:version_detail", args=[version.pk]))
    assert "已提交，由深圳市试点办公室审核。" in page_text(page)


def test_the_campaign_office_approves_what_waits_in_a_city_without_a_reviewer(
    office_client, enterprise_user_b, respirator_plan
):
    result = make_result(enterprise_user_b, respirator_plan, "广州乙 KN95 口罩")
    response = office_client.post(
        reverse("admin:results_benchmarkresult_review", args=[result.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.status == "published"


def _office_dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response, len(queries)


def test_the_office_dashboard_lists_the_cities_without_a_reviewer(
    office_client, city_office_a, enterprise_user_a, enterprise_user_b, respirator_plan, library, regions
):
    make_result(enterprise_user_b, respirator_plan, "广州乙 一号")
    make_result(enterprise_user_a, respirator_plan, "深圳甲 一号")  # 深圳 has its reviewer
    response, queries = _office_dashboard(office_client)
    cities = response.context["dashboard"]["unreviewed_cities"]
    assert [(c["name"], c["pilot"], c["results"], c["plans"]) for c in cities] == [("广州市", True, 1, 0)]
    panel = page_text(response).split('id="cities-without-reviewer"')[1].split("</table>")[0]
    assert 'data-city="440100"' in panel and "广州市" in panel and "深圳市" not in panel

    # More waiting, another pilot city without an office and a reviewer gone: the same queries.
    factories.region("440400", "珠海市", "prefecture", regions["guangdong"],
                     taking_part_since="2021-03-01", pilot_since="2022-01-01")
    for n in range(3):
        make_result(enterprise_user_b, respirator_plan, f"广州乙 批量 {n}")
    make_enterprise_plan(enterprise_user_b, library, "广州乙 自编方案")
    city_office_a.is_active = False
    city_office_a.save(update_fields=["is_active"])
    response, queries_after = _office_dashboard(office_client)
    cities = response.context["dashboard"]["unreviewed_cities"]
    assert [(c["name"], c["results"], c["plans"]) for c in cities] == [
        ("广州市", 4, 1), ("深圳市", 1, 0), ("珠海市", 0, 0),
    ]
    assert queries_after == queries


def test_with_every_pilot_city_reviewed_the_panel_says_so(office_client, city_office_a, city_office_b):
    response, _queries = _office_dashboard(office_client)
    assert response.context["dashboard"]["unreviewed_cities"] == []
    assert "每个试点城市都有在用的市级审核账户。" in page_text(response)



def test_the_enterprises_lists_name_its_reviewer(client_for, enterprise_user_a, enterprise_user_b, city_office_a):
    for user, office in ((enterprise_user_a, "深圳市试点办公室"), (enterprise_user_b, "百千万行动办公室")):
        client = client_for(user)
        results = page_text(client.get(reverse("results:my_results")))
        assert f"提交后由{office}审核，通过后公开发布。" in results
        plans = page_text(client.get(reverse("plans:my_plans")))
        assert f"提交后由{office}审核。" in plans
        adopt = page_text(client.get(reverse("plans:plan_adopt")))
        assert f"提交{office}审核。" in adopt
        assert "所在城市试点办公室" not in results + plans + adopt
