"""The result workflow through its services, with the personas."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from companies import services as companies_services
from core.workflow import TransitionRefused
from results import services
from results.evaluation import verdict_of
from results.models import BenchmarkResult, ResultEvent, TestReport
from tests import factories
from tests.helpers import attach_report, respirator_values
from tests.upload_files import real_pdf
from verdict import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(enterprise_user_a, respirator_plan):
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="KN95 口罩", brand="甲牌", model="A-1",
    )
    services.result_save_values(actor=enterprise_user_a, result=result, values=respirator_values(respirator_plan))
    attach_report(enterprise_user_a, result)
    return result


def test_submit_return_resubmit_approve(
    draft, enterprise_user_a, city_office_a, django_capture_on_commit_callbacks, eager_celery
):
    assert draft.level == Level.LEADING  # 96 % and 220 Pa beat every limit
    with django_capture_on_commit_callbacks(execute=True):
        services.result_submit(actor=enterprise_user_a, result=draft)
    assert mail.outbox[-1].to == [city_office_a.email]
    with pytest.raises(TransitionRefused) as refused:
        services.result_return(actor=city_office_a, result=draft, reason="  ")
    assert refused.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.result_return(actor=city_office_a, result=draft, reason="请补充检测报告")
    assert "请补充检测报告" in mail.outbox[-1].body
    services.result_save_values(
        actor=enterprise_user_a, result=draft, values=respirator_values(draft.plan_version, filtration=94.5)
    )
    services.result_submit(actor=enterprise_user_a, result=draft)
    services.result_approve(actor=city_office_a, result=draft)
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None
    # 94.5 % meets the benchmark EN 149 (94 %) but falls short of GB 2626's 95 %, and GB 2626 is
    # mandatory: not attained, with the mandatory gap first.
    assert draft.level == Level.NOT_ATTAINED
    assert [gap.standard_code for gap in verdict_of(draft).gaps] == ["GB 2626-2019"]
    events = list(ResultEvent.objects.filter(result=draft).values_list("from_status", "to_status", "actor_name"))
    assert events == [
        ("", "draft", "ent-a"), ("draft", "submitted", "ent-a"), ("submitted", "returned", "city-a"),
        ("returned", "submitted", "ent-a"), ("submitted", "published", "city-a"),
    ]


def test_another_city_office_cannot_decide(draft, enterprise_user_a, city_office_b):
    services.result_submit(actor=enterprise_user_a, result=draft)
    with pytest.raises(TransitionRefused) as refused:
        services.result_approve(actor=city_office_b, result=draft)
    assert refused.value.code == "forbidden"
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert ResultEvent.objects.filter(result=draft, to_status="published").count() == 0


def test_another_enterprise_cannot_edit_or_submit(draft, enterprise_user_b):
    with pytest.raises(TransitionRefused):
        services.result_submit(actor=enterprise_user_b, result=draft)
    with pytest.raises(TransitionRefused):
        services.result_save_values(actor=enterprise_user_b, result=draft, values=[])


@pytest.mark.parametrize("action", ["approve", "return", "withdraw"])
def test_illegal_transitions_from_draft_are_refused(draft, office, action):
    with pytest.raises(TransitionRefused) as refused:
        services.RESULT_WORKFLOW.apply(obj=draft, name=action, actor=office, reason="x")
    assert refused.value.code == "wrong_state"
    assert BenchmarkResult.objects.get(pk=draft.pk).status == "draft"


def test_submitted_results_are_read_only_to_the_enterprise(draft, enterprise_user_a):
    services.result_submit(actor=enterprise_user_a, result=draft)
    with pytest.raises(TransitionRefused) as refused:
        services.result_save_values(actor=enterprise_user_a, result=draft, values=respirator_values(draft.plan_version))
    assert refused.value.code == "read_only"


def test_a_result_with_missing_values_cannot_be_submitted(enterprise_user_a, respirator_plan):
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="半成品",
    )
    with pytest.raises(TransitionRefused) as refused:
        services.result_submit(actor=enterprise_user_a, result=result)
    assert refused.value.code == "values_missing"
    assert "过滤效率" in refused.value.message


def test_a_failing_benchmark_value_is_not_attained_with_the_gap_named(draft, enterprise_user_a):
    # 2.6 mbar = 260 Pa exceeds EN 149's 2.4 mbar at 95 L/min: the benchmark is not met.
    verdict = services.result_save_values(
        actor=enterprise_user_a, result=draft, values=respirator_values(draft.plan_version, resistance_95=260.0)
    )
    assert verdict.level == "not_attained"
    assert [(gap.standard_code, gap.indicator_key) for gap in verdict.gaps] == [("EN 149:2001+A1:2009", "inhalation")]


def test_a_report_that_is_not_a_pdf_is_refused_and_nothing_is_stored(draft, enterprise_user_a, institution):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.result_add_report(
            actor=enterprise_user_a, result=draft, report_number="R-1", issued_on=dt.date(2023, 1, 1),
            institution=institution, upload=fake,
        )
    assert error.value.code == "not_pdf"
    assert TestReport.objects.count() == 1  # the draft's own report only


def test_an_oversized_pdf_is_refused(draft, enterprise_user_a, institution, settings):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n")
    with pytest.raises(ValidationError) as error:
        services.result_add_report(
            actor=enterprise_user_a, result=draft, report_number="R-2", issued_on=dt.date(2023, 1, 1),
            institution=institution, upload=big,
        )
    assert error.value.code == "too_large"
    assert TestReport.objects.count() == 1  # the draft's own report only


def test_a_real_pdf_is_stored(draft, enterprise_user_a, institution, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("r.pdf", real_pdf())
    report = services.result_add_report(
        actor=enterprise_user_a, result=draft, report_number="R-3", issued_on=dt.date(2023, 1, 1),
        institution=institution, upload=pdf,
    )
    assert report.file.name.endswith(".pdf") and (tmp_path / report.file.name).exists()


def test_a_result_of_an_enterprise_whose_uscc_awaits_verification_is_not_published(
    draft, enterprise_user_a, city_office_a
):
    """GB 32100 check character failed at registration: drafted and submitted, but not approved
    until the city office has confirmed the code against the business licence."""
    enterprise = factories.hold_uscc_for_verification(enterprise_user_a.enterprise)
    services.result_submit(actor=enterprise_user_a, result=draft)
    with pytest.raises(TransitionRefused, match="待核验") as refused:
        services.result_approve(actor=city_office_a, result=BenchmarkResult.objects.get(pk=draft.pk))
    assert refused.value.code == "uscc_pending" and enterprise.uscc in refused.value.message
    stored = BenchmarkResult.objects.get(pk=draft.pk)
    assert (stored.status, stored.published_at) == ("submitted", None)
    assert not ResultEvent.objects.filter(result=draft, to_status="published").exists()

    companies_services.enterprise_confirm_uscc(actor=city_office_a, enterprise=enterprise)
    services.result_approve(actor=city_office_a, result=BenchmarkResult.objects.get(pk=draft.pk))
    assert BenchmarkResult.objects.get(pk=draft.pk).status == "published"
