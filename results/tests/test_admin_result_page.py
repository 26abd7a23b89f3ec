"""The admin's result page as a reviewer reads it: pass/fail values say 合格 or 不合格 (not "?"),
measured values say nothing in that column, and the verdict names the compared value as such."""

import pytest
from django.urls import reverse

from results import services
from results.indicator_values import IndicatorValue
from tests.helpers import respirator_values

pytestmark = pytest.mark.django_db


def test_a_reviewer_reads_the_values_and_the_verdict_plainly(client_for, office, enterprise_user_a,
                                                             respirator_plan_with_flame):
    plan = respirator_plan_with_flame
    result = services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                    plan_version=plan, product_name="KN95 口罩", brand="甲", model="1")
    flame = plan.indicators.get(indicator__key="flame")
    services.result_save_values(actor=enterprise_user_a, result=result, values=[
        *respirator_values(plan), IndicatorValue(flame.pk, passed=False)])
    page = client_for(office).get(reverse("admin:results_benchmarkresult_change", args=[result.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "不合格" in html and "icon-unknown" not in html
    assert "比对值 96" in html and "企业值" not in html
    assert "差距（对标标准、强制性标准未满足）" in html
