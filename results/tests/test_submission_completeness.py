"""A result goes to review only when it proves what it claims: every benchmark and mandatory
requirement has a comparable value, the plan's required tested values are there, and a test report
covers every tested value; the refusal lists everything missing at once. Reports can be taken off
a draft, and typed values are never lost when a report is uploaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.workflow import TransitionRefused
from plans.models import PlanIndicator
from results import services
from results.indicator_values import IndicatorValue
from results.models import TestReport
from tests.helpers import attach_report, respirator_values, stored_value
from tests.upload_files import real_pdf

pytestmark = pytest.mark.django_db

PDF = real_pdf()


@pytest.fixture
def draft(enterprise_user_a, respirator_plan):
    return services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                  plan_version=respirator_plan, product_name="KN95 口罩", brand="甲", model="1")


def refusal(user, result) -> str:
    with pytest.raises(TransitionRefused) as refused:
        services.result_submit(actor=user, result=result)
    return refused.value.message


def test_tested_values_need_a_report(enterprise_user_a, draft, respirator_plan):
    services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(respirator_plan))
    assert "请上传出具这些数值的检测报告" in refusal(enterprise_user_a, draft)
    attach_report(enterprise_user_a, draft)
    assert services.result_submit(actor=enterprise_user_a, result=draft).status == "submitted"


def test_a_report_must_cover_every_tested_value(enterprise_user_a, draft, respirator_plan):
    services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(respirator_plan))
    filtration = respirator_plan.indicators.get(indicator__key="filtration")
    services.result_add_report(actor=enterprise_user_a, result=draft, report_number="R-1",
                               issued_on="2024-01-01", issuer_name="某检测中心", indicator_ids=[filtration.pk])
    message = refusal(enterprise_user_a, draft)
    assert "以下实测值没有任何检测报告覆盖：吸气阻力" in message and "过滤效率" not in message


def test_a_report_that_covers_every_tested_value_covers_them_all(client_for, enterprise_user_a, draft,
                                                                  respirator_plan):
    # An imported report: one flag instead of a row per indicator, read as covering what is tested.
    services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(respirator_plan))
    TestReport.objects.create(result=draft, report_number="R-9", issued_on="2024-01-01", issuer_name="某检测中心",
                              covers_all_tested=True)
    page = client_for(enterprise_user_a).get(reverse("results:result_detail", args=[draft.pk])).content.decode()
    assert "检测指标：过滤效率、吸气阻力" in page
    assert services.result_submit(actor=enterprise_user_a, result=draft).status == "submitted"


def test_a_tested_value_the_plan_asks_for_cannot_be_replaced_by_a_declared_one(
        enterprise_user_a, draft, respirator_plan):
    PlanIndicator.objects.filter(version=respirator_plan, indicator__key="inhalation").update(requires_test=True)
    indicators = {pi.indicator.key: pi.pk for pi in respirator_plan.indicators.select_related("indicator")}
    values = [v for v in respirator_values(respirator_plan) if v.plan_indicator_id != indicators["inhalation"]]
    values += [IndicatorValue(indicators["inhalation"], declared_value=200.0, unit="Pa", condition="85 L/min"),
               IndicatorValue(indicators["inhalation"], declared_value=2.0, unit="mbar", condition="95 L/min")]
    services.result_save_values(actor=enterprise_user_a, result=draft, values=values)
    attach_report(enterprise_user_a, draft)
    assert "方案要求以下指标提供检测值（实测值）：吸气阻力" in refusal(enterprise_user_a, draft)


def test_the_refusal_lists_everything_missing_at_once(enterprise_user_a, draft, respirator_plan):
    PlanIndicator.objects.filter(version=respirator_plan, indicator__key="inhalation").update(requires_test=True)
    filtration = respirator_plan.indicators.get(indicator__key="filtration")
    services.result_save_values(actor=enterprise_user_a, result=draft, values=[
        IndicatorValue(filtration.pk, tested_value=96.0, unit="%", condition="85 L/min")])
    message = refusal(enterprise_user_a, draft)
    assert "过滤效率：测试条件（85 L/min）与 EN 149:2001+A1:2009 要求的测试条件（95 L/min）不一致，无法比对" in message
    assert "吸气阻力：未填写数值（85 L/min），无法与 GB 2626-2019 比对" in message
    assert "方案要求以下指标提供检测值（实测值）：吸气阻力" in message
    assert "请上传出具这些数值的检测报告" in message


def test_the_page_says_what_is_missing_before_submitting(client_for, enterprise_user_a, draft, respirator_plan):
    services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(respirator_plan))
    page = client_for(enterprise_user_a).get(reverse("results:result_detail", args=[draft.pk])).content.decode()
    assert 'id="submission-problems"' in page and "请上传出具这些数值的检测报告" in page


def test_a_wrong_report_is_removed_from_a_draft_with_its_file(client_for, enterprise_user_a, draft, settings,
                                                              tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    report = services.result_add_report(actor=enterprise_user_a, result=draft, report_number="WRONG-1",
                                        issued_on="2024-01-01", issuer_name="某检测中心",
                                        upload=SimpleUploadedFile("r.pdf", PDF))
    stored = tmp_path / report.file.name
    assert stored.exists()
    client = client_for(enterprise_user_a)
    page = client.get(reverse("results:result_detail", args=[draft.pk])).content.decode()
    remove = reverse("results:result_remove_report", args=[draft.pk, report.pk])
    assert remove in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove)
    assert response.status_code == 302
    assert not TestReport.objects.filter(pk=report.pk).exists() and not stored.exists()


def test_a_submitted_results_report_cannot_be_removed(enterprise_user_a, draft, respirator_plan):
    services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(respirator_plan))
    report = attach_report(enterprise_user_a, draft)
    services.result_submit(actor=enterprise_user_a, result=draft)
    with pytest.raises(TransitionRefused):
        services.result_remove_report(actor=enterprise_user_a, result=draft, report=report)
    assert TestReport.objects.filter(pk=report.pk).exists()


def test_typed_values_travel_with_the_report_upload(client_for, enterprise_user_a, draft, respirator_plan, settings,
                                                    tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(enterprise_user_a)
    page = client.get(reverse("results:result_detail", args=[draft.pk]))
    form = page.context["values_form"]
    prefix = next(item["row"].prefix() for item in form.table()
                  if item["row"].plan_indicator.indicator.key == "filtration" and item["row"].condition == "85 L/min")
    html = page.content.decode()
    upload_address = reverse("results:result_add_report", args=[draft.pk])
    assert 'form="values-form"' in html and f'formaction="{upload_address}"' in html
    response = client.post(reverse("results:result_add_report", args=[draft.pk]), {
        "values_present": "1", f"{prefix}_tested": "96.5", f"{prefix}_unit": "%", f"{prefix}_condition": "85 L/min",
        "report_number": "R-9", "issued_on": "2024-01-01", "issuer_name": "某检测中心",
        "file": SimpleUploadedFile("r.pdf", PDF),
        "indicators": [pi.pk for pi in respirator_plan.indicators.all()],
    })
    assert response.status_code == 302
    assert stored_value(draft, "filtration", "85 L/min").tested_value == 96.5
    assert TestReport.objects.get(result=draft).report_number == "R-9"

