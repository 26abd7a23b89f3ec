"""The reason box of a review names the decisions that need a reason: an institution is refused
(不予认定), not returned; a result is returned (退回修改)."""

import pytest
from django.urls import reverse

from tests import factories
from tests.helpers import make_result
from thirdparty.models import AccreditationStatus

pytestmark = pytest.mark.django_db


def reason_hint(response) -> str:
    page = response.content.decode()
    return page.split('for="review-reason"')[1].split("</label>")[0]


def test_an_institutions_reason_box_names_refusal(office_client, regions):
    institution = factories.InstitutionFactory(status=AccreditationStatus.APPLIED, accredited_at=None)
    response = office_client.get(reverse("admin:thirdparty_institution_change", args=[institution.pk]))
    hint = reason_hint(response)
    assert "“不予认定”时必填" in hint
    assert "退回" not in hint


def test_a_results_reason_box_names_returning(office_client, enterprise_user_a, respirator_plan):
    result = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩")
    hint = reason_hint(office_client.get(reverse("admin:results_benchmarkresult_change", args=[result.pk])))
    assert "“退回修改”时必填" in hint
