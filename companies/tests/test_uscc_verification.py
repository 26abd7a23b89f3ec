"""A USCC whose check character fails GB 32100 is held 待核验: the enterprise drafts and submits,
but nothing of it is published until its city office has confirmed the code against the business
licence — in the admin, through USCC_WORKFLOW, leaving an event row."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies import services
from companies.models import Enterprise, UsccStatus
from core.workflow import TransitionRefused
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_city_office_confirms_a_pending_code_and_it_is_recorded(city_office_a, enterprise_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    services.enterprise_confirm_uscc(actor=city_office_a, enterprise=enterprise, reason="已核对营业执照原件")
    enterprise.refresh_from_db()
    assert enterprise.uscc_status == UsccStatus.CONFIRMED and not enterprise.uscc_awaits_verification
    event = enterprise.events.get()
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        "pending", "confirmed", city_office_a, "已核对营业执照原件")


def test_only_its_own_city_office_or_the_campaign_office_confirms(city_office_b, enterprise_user_a, office,
                                                                 enterprise_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    for outsider in (city_office_b, enterprise_user_a):
        with pytest.raises(TransitionRefused):
            services.enterprise_confirm_uscc(actor=outsider, enterprise=enterprise)
    assert Enterprise.objects.get(pk=enterprise.pk).uscc_status == UsccStatus.PENDING
    assert not enterprise.events.exists()
    services.enterprise_confirm_uscc(actor=office, enterprise=enterprise)
    assert Enterprise.objects.get(pk=enterprise.pk).uscc_status == UsccStatus.CONFIRMED


def test_a_valid_code_has_nothing_to_confirm(city_office_a, enterprise_a):
    with pytest.raises(TransitionRefused, match="校验通过"):
        services.enterprise_confirm_uscc(actor=city_office_a, enterprise=enterprise_a)


def test_the_database_refuses_a_failing_code_marked_valid(enterprise_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise_a.pk).update(uscc_legacy_checksum=True)


def admin_url(name, *args):
    return reverse(f"admin:companies_enterprise_{name}", args=args)


def test_the_city_office_sees_pending_codes_and_confirms_one_in_the_admin(city_a_client, enterprise_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    listing = city_a_client.get(admin_url("changelist"), {"uscc_status__exact": "pending"}).content.decode()
    assert enterprise.name in listing and "待核验" in listing
    page = city_a_client.get(admin_url("change", enterprise.pk)).content.decode()
    assert 'value="confirm_uscc"' in page and "核验代码（与营业执照一致）" in page
    assert "当前状态：待核验" in page
    response = city_a_client.post(admin_url("review", enterprise.pk),
                                  {"decision": "confirm_uscc", "reason": "执照原件"})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.uscc_status == UsccStatus.CONFIRMED
    page = city_a_client.get(admin_url("change", enterprise.pk)).content.decode()
    assert "代码核验记录" in page and "执照原件" in page and 'value="confirm_uscc"' not in page


def test_the_city_office_confirms_several_from_the_list(city_a_client, enterprise_a, city_office_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    other = factories.EnterpriseFactory(name="乙待核验", uscc=factories.legacy_uscc(9091),
                                        uscc_legacy_checksum=True, uscc_status=UsccStatus.PENDING)
    city_a_client.post(admin_url("changelist"), {
        "action": "confirm_uscc_selected", "_selected_action": [enterprise.pk, other.pk]})
    assert set(Enterprise.objects.values_list("uscc_status", flat=True)) == {UsccStatus.CONFIRMED}
    assert Enterprise.objects.get(pk=other.pk).events.get().actor == city_office_a


def test_another_city_office_cannot_confirm_by_url(city_b_client, enterprise_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    response = city_b_client.post(admin_url("review", enterprise.pk), {"decision": "confirm_uscc"})
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=enterprise.pk).uscc_status == UsccStatus.PENDING


def test_a_mistyped_code_is_corrected_from_the_licence_and_both_codes_are_recorded(
    city_a_client, city_office_a, enterprise_a
):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    typed, licence = enterprise.uscc, factories.make_uscc(9090)  # the check character was mistyped
    page = city_a_client.get(admin_url("change", enterprise.pk)).content.decode()
    assert admin_url("correct_uscc", enterprise.pk) in page
    form = city_a_client.get(admin_url("correct_uscc", enterprise.pk)).content.decode()
    assert typed in form and 'name="uscc"' in form
    # A malformed code or another enterprise's is refused on the form, nothing changes.
    other = factories.EnterpriseFactory(name="乙企业")
    for bad, reason in (("12345", "18 位"), (other.uscc, "已注册"), (typed, "请直接核验")):
        response = city_a_client.post(admin_url("correct_uscc", enterprise.pk), {"uscc": bad})
        assert response.status_code == 200 and reason in response.content.decode()
    assert Enterprise.objects.get(pk=enterprise.pk).uscc == typed and not enterprise.events.exists()

    response = city_a_client.post(admin_url("correct_uscc", enterprise.pk), {"uscc": licence.lower(), "reason": "执照"})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.uscc, enterprise.uscc_legacy_checksum, enterprise.uscc_status) == (
        licence, False, UsccStatus.CONFIRMED)
    event = enterprise.events.get()
    assert (event.to_status, event.actor) == ("confirmed", city_office_a)
    assert typed in event.reason and licence in event.reason and "执照" in event.reason
    assert city_a_client.get(admin_url("correct_uscc", enterprise.pk)).status_code == 200  # the page opens…
    response = city_a_client.post(admin_url("correct_uscc", enterprise.pk), {"uscc": factories.make_uscc(9092)})
    assert response.status_code == 302 and Enterprise.objects.get(pk=enterprise.pk).uscc == licence  # …but refuses


def test_another_city_office_cannot_correct(city_b_client, enterprise_a):
    enterprise = factories.hold_uscc_for_verification(enterprise_a)
    response = city_b_client.post(admin_url("correct_uscc", enterprise.pk), {"uscc": factories.make_uscc(9090)})
    assert response.status_code == 404
    assert Enterprise.objects.get(pk=enterprise.pk).uscc_status == UsccStatus.PENDING


def test_the_pending_list_costs_the_same_for_any_page_size(city_a_client, enterprise_a, monkeypatch):
    for n in range(6):
        factories.hold_uscc_for_verification(factories.EnterpriseFactory(name=f"待核验{n}"), serial=9100 + n)
    model_admin = admin.site._registry[Enterprise]
    counts = {}
    for per_page in (2, 40):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        with CaptureQueriesContext(connection) as queries:
            page = city_a_client.get(admin_url("changelist"), {"uscc_status__exact": "pending"})
        assert page.status_code == 200
        counts[per_page] = len(queries)
    assert counts[2] == counts[40], counts
    assert page.content.decode().count("⚠ 待核验") == 6
