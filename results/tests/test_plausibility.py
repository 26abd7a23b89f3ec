"""Values an indicator cannot take are refused (a negative breathing resistance), in the form, by the
service and by an import; 0.96 typed into a % field against ≥ 95 % is questioned (是否应为 96 %？)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import ImportStatus
from results import services
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult
from results.selectors import indicator_value_count
from results.tests.portal_values import typed
from results.tests.test_imports import report_rows, run
from tests.import_helpers import result_row

pytestmark = pytest.mark.django_db


def test_the_live_verdict_refuses_a_negative_resistance_and_questions_a_fraction(
        client_for, enterprise_user_a, draft_a, prefixes):
    url = reverse("results:verdict_preview", args=[draft_a.pk])
    html = client_for(enterprise_user_a).post(url, typed(prefixes, resistance_85=-200)).content.decode()
    assert "吸气阻力（85 L/min）：-200 Pa 不是可能的数值：该指标不小于 0 Pa。" in html
    html = client_for(enterprise_user_a).post(url, typed(prefixes, filtration=0.96)).content.decode()
    assert 'id="input-warnings"' in html and "0.96 % 远低于要求，是否应为 96 %？" in html


def test_saving_an_impossible_value_is_refused_and_nothing_is_written(client_for, enterprise_user_a, draft_a,
                                                                      prefixes):
    response = client_for(enterprise_user_a).post(reverse("results:result_save", args=[draft_a.pk]),
                                                  typed(prefixes, resistance_85=-200))
    assert response.status_code == 422 and "不是可能的数值" in response.content.decode()
    assert indicator_value_count() == 0


def test_the_service_refuses_an_impossible_value_whoever_calls_it(enterprise_user_a, draft_a):
    inhalation = draft_a.plan_version.indicators.get(indicator__key="inhalation")
    with pytest.raises(ValidationError) as refused:
        services.result_save_values(actor=enterprise_user_a, result=draft_a, values=[
            IndicatorValue(inhalation.pk, tested_value=-0.5, unit="mbar", condition="95 L/min")])
    assert refused.value.code == "impossible_value" and "吸气阻力" in refused.value.messages[0]
    assert indicator_value_count() == 0


def test_an_import_refuses_a_negative_resistance_and_questions_a_fraction(office, enterprise_a, import_plan,
                                                                        xlsx_file):
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩A", r85=-200),
                                 result_row(enterprise_a.uscc, "口罩B", f85=0.96),
                                 # The same values again: each row is told (the doubt is asked once a job).
                                 result_row(enterprise_a.uscc, "口罩C", r85=-200),
                                 result_row(enterprise_a.uscc, "口罩D", f85=0.96)]), import_plan)
    assert job.status == ImportStatus.REJECTED and not BenchmarkResult.objects.exists()
    reasons = " ".join(str(cell) for row in report_rows(job)[1:] for cell in row if cell)
    assert reasons.count("-200 Pa 不是可能的数值：该指标不小于 0 Pa") == 2
    assert reasons.count("0.96 % 远低于要求，是否应为 96 %？") == 2
