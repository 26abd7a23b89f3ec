"""Every notice carries the absolute address of what it is about (SITE_URL + the item's page), and
that address opens the item for the one it was sent to; the campaign office is told of every
institution's application."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from plans import services as plan_services
from results import services
from tests import factories
from tests.helpers import make_result
from tests.test_admin_review import make_enterprise_plan
from thirdparty import services as institution_services
from thirdparty.models import AccreditationStatus, InstitutionEvent

pytestmark = pytest.mark.django_db

SITE = "https://duibiao.example.cn"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def only_link(message) -> str:
    """The one address on the site the e-mail carries, as a path."""
    links = re.findall(rf"{re.escape(SITE)}(/\S*)", message.body)
    assert len(links) == 1, message.body
    return links[0]


def opens(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def test_result_notices_link_to_the_result_for_each_recipient(
    client_for, enterprise_user_a, city_office_a, respirator_plan, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        result = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩")
    submitted = mail.outbox[-1]
    assert submitted.to == [city_office_a.email]
    path = only_link(submitted)
    assert path == reverse("admin:results_benchmarkresult_change", args=[result.pk])
    assert "深圳甲 KN95 口罩" in opens(client_for(city_office_a), path)

    with django_capture_on_commit_callbacks(execute=True):
        services.result_return(actor=city_office_a, result=result, reason="请补充检测报告")
    returned = mail.outbox[-1]
    assert enterprise_user_a.email in returned.to
    path = only_link(returned)
    assert path == reverse("results:result_detail", args=[result.pk])
    assert "请补充检测报告" in opens(client_for(enterprise_user_a), path)

    services.result_submit(actor=enterprise_user_a, result=result)
    with django_capture_on_commit_callbacks(execute=True):
        services.result_approve(actor=city_office_a, result=result)
    assert only_link(mail.outbox[-1]) == reverse("results:result_detail", args=[result.pk])


def test_plan_notices_link_to_the_plan_for_each_recipient(
    client_for, enterprise_user_a, city_office_a, library, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        version = make_enterprise_plan(enterprise_user_a, library, "深圳甲 自编方案")
    path = only_link(mail.outbox[-1])
    assert path == reverse("admin:plans_planversion_change", args=[version.pk])
    assert "深圳甲 自编方案" in opens(client_for(city_office_a), path)

    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_approve(actor=city_office_a, version=version)
    path = only_link(mail.outbox[-1])
    assert path == reverse("plans:version_detail", args=[version.pk])
    assert "深圳甲 自编方案" in opens(client_for(enterprise_user_a), path)


def test_an_institutions_notices_link_to_its_page(
    client_for, office, regions, django_capture_on_commit_callbacks, eager_celery
):
    institution = factories.InstitutionFactory(
        name="深圳市申请检测中心", status=AccreditationStatus.APPLIED, accredited_at=None, region=regions["nanshan"],
    )
    InstitutionEvent.objects.create(institution=institution, from_status="", to_status="applied")
    user = factories.UserFactory(username="applicant", role=Role.INSTITUTION, institution=institution)
    with django_capture_on_commit_callbacks(execute=True):
        institution_services.institution_reject(actor=office, institution=institution, reason="证书扫描件不清晰")
    path = only_link(mail.outbox[-1])
    assert path == reverse("thirdparty:my_institution")
    assert "深圳市申请检测中心" in opens(client_for(user), path)

    # Reapplying tells the campaign office, with the application's admin page.
    with django_capture_on_commit_callbacks(execute=True):
        institution_services.institution_reapply(actor=user, institution=institution)
    told = mail.outbox[-1]
    assert told.to == [office.email] and "新的机构认定申请" in told.subject
    path = only_link(told)
    assert path == reverse("admin:thirdparty_institution_change", args=[institution.pk])
    assert "深圳市申请检测中心" in opens(client_for(office), path)


def test_the_campaign_office_is_told_when_an_institution_registers(
    client, office, regions, django_capture_on_commit_callbacks, eager_celery, settings, tmp_path
):
    from thirdparty.tests.helpers import registration_data

    settings.MEDIA_ROOT = tmp_path / "media"
    division = factories.manufacturing_division("17", "纺织业")
    categories = [
        factories.ProductCategoryFactory(code="C1781", name_zh="日用口罩", industry=division),
        factories.ProductCategoryFactory(code="C1782", name_zh="医用防护口罩", industry=division),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("thirdparty:register"), registration_data(categories))
    assert response.status_code == 302
    told = [message for message in mail.outbox if office.email in message.to]
    assert len(told) == 1 and "深圳市示例检测技术有限公司" in told[0].subject
    path = only_link(told[0])
    assert urlsplit(SITE + path).path.startswith("/admin/thirdparty/institution/")
    client.force_login(office)
    assert "深圳市示例检测技术有限公司" in opens(client, path)



@pytest.mark.parametrize("uploader", ["enterprise_user_a", "office"])
def test_an_uploader_is_told_how_its_import_ended_with_the_jobs_page(
    request, uploader, client_for, enterprise_a, import_plan, xlsx_file, django_capture_on_commit_callbacks,
    eager_celery,
):
    from core.imports import services as import_services
    from tests.import_helpers import result_row

    user = request.getfixturevalue(uploader)
    job = import_services.import_job_create(
        kind="results", actor=user, path=xlsx_file([result_row(enterprise_a.uscc, "口罩")]),
        options={"plan_version": import_plan.pk}, enqueue=False,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        import_services.import_job_run(job_id=job.pk)
    (told,) = mail.outbox
    assert told.to == [user.email] and f"导入任务 #{job.pk}" in told.subject
    path = only_link(told)
    expected = (reverse("results:result_import", args=[job.pk]) if uploader == "enterprise_user_a"
                else reverse("admin:core_importjob_change", args=[job.pk]))
    assert path == expected
    assert "导入成功" in opens(client_for(user), path)
