"""Accreditation: the campaign office decides, through the workflow, in the services and the admin;
nobody else can; the institution hears of each decision by e-mail, sent by the worker."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from tests import factories
from tests import public_scene as scene
from thirdparty import services
from thirdparty.models import AccreditationStatus, Institution, InstitutionEvent, InstitutionService

from .helpers import certificate, in_days

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:thirdparty_institution_changelist")


def change_url(institution) -> str:
    return reverse("admin:thirdparty_institution_change", args=[institution.pk])


def review_url(institution) -> str:
    return reverse("admin:thirdparty_institution_review", args=[institution.pk])


@pytest.fixture
def applicant(regions):
    """An institution in 深圳 that has applied, with a valid certificate and its own user."""
    institution = factories.InstitutionFactory(
        name="深圳市申请检测中心", status=AccreditationStatus.APPLIED, accredited_at=None,
        contact_email="apply@example.cn", region=regions["nanshan"],
    )
    certificate(institution, number="L4321", valid_until=in_days(365))
    InstitutionEvent.objects.create(institution=institution, from_status="", to_status="applied")
    return institution


@pytest.fixture
def applicant_user(applicant):
    return factories.UserFactory(username="applicant", role=Role.INSTITUTION, institution=applicant)


def events_of(institution) -> list[tuple[str, str, str, str]]:
    return list(
        InstitutionEvent.objects.filter(institution=institution)
        .order_by("created_at", "id").values_list("from_status", "to_status", "actor_name", "reason")
    )


class TestWorkflow:
    def test_the_office_accredits_and_the_institution_is_told(
        self, applicant, applicant_user, office, django_capture_on_commit_callbacks, eager_celery
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.institution_accredit(actor=office, institution=applicant)
        applicant.refresh_from_db()
        assert applicant.status == AccreditationStatus.ACCREDITED and applicant.accredited_at is not None
        assert events_of(applicant)[-1] == ("applied", "accredited", "office", "")
        message = mail.outbox[-1]
        assert sorted(message.to) == ["applicant@example.cn", "apply@example.cn"]
        assert "机构认定通过" in message.subject and "深圳市申请检测中心" in message.body

    def test_the_office_rejects_with_a_reason_and_the_institution_is_told(
        self, applicant, applicant_user, office, django_capture_on_commit_callbacks, eager_celery
    ):
        with pytest.raises(services.TransitionRefused) as refused:
            services.institution_reject(actor=office, institution=applicant, reason="   ")
        assert refused.value.code == "reason_required"
        assert Institution.objects.get(pk=applicant.pk).status == "applied" and len(events_of(applicant)) == 1
        with django_capture_on_commit_callbacks(execute=True):
            services.institution_reject(actor=office, institution=applicant, reason="CMA 证书扫描件不清晰")
        applicant.refresh_from_db()
        assert applicant.status == AccreditationStatus.REJECTED and applicant.accredited_at is None
        assert events_of(applicant)[-1] == ("applied", "rejected", "office", "CMA 证书扫描件不清晰")
        assert "机构认定未通过" in mail.outbox[-1].subject and "CMA 证书扫描件不清晰" in mail.outbox[-1].body

    def test_no_mail_is_queued_inside_the_request_or_for_a_rolled_back_decision(
        self, applicant, applicant_user, office, django_capture_on_commit_callbacks, eager_celery
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.institution_accredit(actor=office, institution=applicant)
        assert callbacks and mail.outbox == []  # queued on commit, not before

    @pytest.mark.parametrize("who", ["city_office_a", "city_office_b", "applicant_user", "enterprise_user_a"])
    @pytest.mark.parametrize("decision", ["accredit", "reject"])
    def test_nobody_but_the_campaign_office_decides(self, request, applicant, who, decision):
        actor = request.getfixturevalue(who)
        with pytest.raises(services.TransitionRefused) as refused:
            services.INSTITUTION_WORKFLOW.apply(obj=applicant, name=decision, actor=actor, reason="理由")
        assert refused.value.code == "forbidden" and "您无权" in refused.value.message
        applicant.refresh_from_db()
        assert applicant.status == "applied" and applicant.accredited_at is None
        assert len(events_of(applicant)) == 1

    @pytest.mark.parametrize(("status", "decision"), [
        ("accredited", "accredit"), ("accredited", "reject"), ("rejected", "accredit"), ("expired", "reject"),
        ("applied", "expire"), ("applied", "reapply"), ("accredited", "reapply"),
    ])
    def test_illegal_transitions_are_refused_with_a_reason(self, applicant, applicant_user, office, status, decision):
        Institution.objects.filter(pk=applicant.pk).update(status=status, accredited_at=applicant.created_at)
        actor = applicant_user if decision == "reapply" else office
        with pytest.raises(services.TransitionRefused) as refused:
            services.INSTITUTION_WORKFLOW.apply(obj=applicant, name=decision, actor=actor, reason="理由")
        assert refused.value.code == "wrong_state" and "当前状态为" in refused.value.message
        assert Institution.objects.get(pk=applicant.pk).status == status
        assert len(events_of(applicant)) == 1

    def test_an_institution_whose_certificates_all_ran_out_is_not_accredited(self, applicant, office):
        applicant.certificates.update(valid_until=in_days(-1))
        with pytest.raises(services.TransitionRefused) as refused:
            services.institution_accredit(actor=office, institution=applicant)
        assert refused.value.code == "certificates_expired"
        assert Institution.objects.get(pk=applicant.pk).status == "applied" and len(events_of(applicant)) == 1

    def test_a_rejected_institution_reapplies_itself_and_no_one_else_can(
        self, client_for, applicant, applicant_user, office, institution_user
    ):
        services.institution_reject(actor=office, institution=applicant, reason="材料不全")
        page = client_for(applicant_user).get(reverse("thirdparty:my_institution")).content.decode()
        assert "未通过" in page and "材料不全" in page and "重新申请认定" in page
        with pytest.raises(services.TransitionRefused):
            services.institution_reapply(actor=institution_user, institution=applicant)
        with pytest.raises(services.TransitionRefused):
            services.institution_reapply(actor=office, institution=applicant)
        response = client_for(applicant_user).post(reverse("thirdparty:reapply"))
        assert response.status_code == 302
        applicant.refresh_from_db()
        assert applicant.status == "applied"
        assert events_of(applicant)[-1] == ("rejected", "applied", "applicant", "")


class TestAdmin:
    def test_the_office_accredits_from_the_change_page(
        self, client_for, applicant, applicant_user, office, django_capture_on_commit_callbacks, eager_celery
    ):
        client = client_for(office)
        page = client.get(change_url(applicant)).content.decode()
        assert 'value="accredit"' in page and 'value="reject"' in page and "流转记录" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(review_url(applicant), {"decision": "accredit"})
        assert response.status_code == 302
        applicant.refresh_from_db()
        assert applicant.status == "accredited"
        assert "机构认定通过" in mail.outbox[-1].subject
        page = client.get(change_url(applicant)).content.decode()
        assert 'value="accredit"' not in page  # nothing left to decide

    def test_the_office_rejects_from_the_change_page_only_with_a_reason(self, client_for, applicant, office):
        client = client_for(office)
        client.post(review_url(applicant), {"decision": "reject", "reason": ""})
        assert Institution.objects.get(pk=applicant.pk).status == "applied"
        client.post(review_url(applicant), {"decision": "reject", "reason": "服务范围与证书不符"})
        assert Institution.objects.get(pk=applicant.pk).status == "rejected"
        assert events_of(applicant)[-1][3] == "服务范围与证书不符"

    def test_bulk_actions_accredit_and_reject_with_a_reason_page(self, client_for, applicant, office, regions):
        second = factories.InstitutionFactory(name="第二申请机构")
        third = factories.InstitutionFactory(name="第三申请机构")
        client = client_for(office)
        changelist = client.get(CHANGELIST).content.decode()
        assert "认定所选机构" in changelist and "不予认定所选机构" in changelist
        selected = {"action": "accredit_selected", ACTION_CHECKBOX_NAME: [applicant.pk, second.pk]}
        response = client.post(CHANGELIST, selected)
        assert response.status_code == 302
        assert set(Institution.objects.filter(status="accredited").values_list("pk", flat=True)) >= {
            applicant.pk, second.pk
        }
        # Rejecting asks for the reason first, on an intermediate page; nothing changes before.
        ask = client.post(CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [third.pk]})
        assert ask.status_code == 200
        assert "第三申请机构" in ask.content.decode() and 'name="reason"' in ask.content.decode()
        assert Institution.objects.get(pk=third.pk).status == "applied"
        client.post(CHANGELIST, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [third.pk], "post": "yes",
                                 "reason": "非标准化服务机构"})
        assert Institution.objects.get(pk=third.pk).status == "rejected"
        assert events_of(third)[-1][1:] == ("rejected", "office", "非标准化服务机构")

    def test_a_bulk_accredit_reports_what_it_refused(self, client_for, applicant, office, regions):
        done = scene.institution("早已认定机构")
        response = client_for(office).post(
            CHANGELIST, {"action": "accredit_selected", ACTION_CHECKBOX_NAME: [applicant.pk, done.pk]}, follow=True
        )
        page = response.content.decode()
        assert "已认定 1 项" in page and "早已认定机构" in page and "不能执行" in page

    def test_status_cannot_be_set_by_posting_the_form(self, client_for, applicant, office):
        client = client_for(office)
        page = client.get(change_url(applicant)).content.decode()
        assert 'name="status"' not in page and 'name="accredited_at"' not in page and 'name="uscc"' not in page
        assert Institution.objects.get(pk=applicant.pk).status == "applied"

    def test_the_office_edits_contacts_and_the_province_follows_the_region(self, client_for, applicant, office,
                                                                           regions):
        client = client_for(office)
        response = client.get(change_url(applicant))
        form = response.context["adminform"].form
        data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
        data |= {"region": "440106", "contact_name": "新联系人", "status": "accredited"}
        for inline in response.context["inline_admin_formsets"]:
            management = inline.formset.management_form
            prefix = inline.formset.prefix
            data |= {f"{prefix}-TOTAL_FORMS": management.initial["TOTAL_FORMS"],
                     f"{prefix}-INITIAL_FORMS": management.initial["INITIAL_FORMS"]}
            for index, inline_form in enumerate(inline.formset.forms):
                for name, field in inline_form.fields.items():
                    value = inline_form.initial.get(name, field.initial)
                    if value is not None and name not in ("DELETE", "scan"):
                        data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value)
        response = client.post(change_url(applicant), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        applicant.refresh_from_db()
        assert applicant.contact_name == "新联系人" and applicant.status == "applied"
        assert applicant.region_id == "440106" and applicant.province_id == "440000"

    def test_a_city_office_sees_its_own_city_only_and_decides_nothing(
        self, client_for, applicant, city_office_a, city_office_b, regions
    ):
        guangzhou = factories.InstitutionFactory(name="广州市检测院", region=regions["tianhe"], status="applied",
                                                 accredited_at=None)
        client = client_for(city_office_a)
        page = client.get(CHANGELIST).content.decode()
        assert "深圳市申请检测中心" in page and "广州市检测院" not in page
        assert "认定所选机构" not in page
        assert client.get(change_url(guangzhou)).status_code in (302, 404)
        own = client.get(change_url(applicant))
        assert own.status_code == 200 and 'value="accredit"' not in own.content.decode()
        assert client.post(review_url(applicant), {"decision": "accredit"}).status_code in (403, 404)
        client.post(CHANGELIST, {"action": "accredit_selected", ACTION_CHECKBOX_NAME: [applicant.pk]})
        assert Institution.objects.get(pk=applicant.pk).status == "applied"
        # Its own city's page is read-only for it.
        response = client.post(change_url(applicant), {"name": "改名", "contact_name": "x"})
        assert response.status_code == 403
        assert Institution.objects.get(pk=applicant.pk).name == "深圳市申请检测中心"
        search = client.get(reverse("admin:autocomplete"), {
            "app_label": "thirdparty", "model_name": "certificate", "field_name": "institution", "term": "检测",
        })
        assert search.status_code == 200
        assert [row["text"] for row in search.json()["results"]] == ["深圳市申请检测中心"]

    def test_the_institution_itself_has_no_admin(self, client_for, applicant_user, applicant):
        client = client_for(applicant_user)
        assert client.get(CHANGELIST).status_code == 302  # to the admin login
        assert client.post(review_url(applicant), {"decision": "accredit"}).status_code == 302
        assert Institution.objects.get(pk=applicant.pk).status == "applied"

    def test_nobody_adds_institutions_in_the_admin(self, client_for, office):
        assert client_for(office).get(reverse("admin:thirdparty_institution_add")).status_code == 403

    def test_the_changelist_costs_the_same_queries_whatever_its_length(self, client_for, office, regions, categories):
        client = client_for(office)

        def institutions(count: int, start: int) -> None:
            for n in range(start, start + count):
                institution = scene.institution(f"列表机构{n:03d}")
                certificate(institution, number=f"L{7000 + n}")
                InstitutionService.objects.create(institution=institution, category=categories[0],
                                                  service="product_testing")

        institutions(3, 0)
        with CaptureQueriesContext(connection) as few:
            assert client.get(CHANGELIST).status_code == 200
        institutions(30, 3)
        with CaptureQueriesContext(connection) as many:
            response = client.get(CHANGELIST)
        assert response.status_code == 200 and "列表机构032" in response.content.decode()
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
        assert len(many) <= 15

    def test_the_change_page_costs_a_bounded_number_of_queries(
        self, client_for, office, applicant, categories, django_assert_max_num_queries
    ):
        for n in range(10):
            certificate(applicant, number=f"L{8000 + n}")
        for category in categories:
            InstitutionService.objects.create(institution=applicant, category=category, service="product_testing")
        client = client_for(office)
        with django_assert_max_num_queries(40):
            assert client.get(change_url(applicant)).status_code == 200
