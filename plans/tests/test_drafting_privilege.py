"""Only accredited institutions draft industry plans: an institution that applied, was rejected or
whose accreditation expired is refused by the page and by the service, with the reason, and its
menu offers no drafting."""

import pytest
from django.urls import reverse

from accounts.models import Role
from core.workflow import TransitionRefused
from plans import services
from plans.models import TechnicalPlan
from tests import factories
from tests import public_scene as scene
from thirdparty.models import AccreditationStatus

pytestmark = pytest.mark.django_db

NOT_ACCREDITED = [AccreditationStatus.APPLIED, AccreditationStatus.REJECTED, AccreditationStatus.EXPIRED]


@pytest.fixture(params=NOT_ACCREDITED)
def unaccredited_user(request, regions):
    institution = scene.institution(f"未认定机构（{request.param}）", status=request.param)
    return factories.UserFactory(username=f"inst-{request.param}", role=Role.INSTITUTION, institution=institution)


def test_the_page_refuses_an_institution_that_is_not_accredited_with_the_reason(
    client_for, unaccredited_user, library
):
    client = client_for(unaccredited_user)
    page = client.get(reverse("plans:plan_create"))
    assert page.status_code == 403
    body = page.content.decode()
    assert "只有已认定的第三方机构可以起草行业对标方案" in body
    assert unaccredited_user.institution.get_status_display() in body
    posted = client.post(reverse("plans:plan_create"), {"category": library["category"].pk, "title_zh": "行业方案"})
    assert posted.status_code == 403
    assert not TechnicalPlan.objects.exists()


def test_the_service_refuses_an_institution_that_is_not_accredited(unaccredited_user, library):
    with pytest.raises(TransitionRefused) as refused:
        services.plan_create(actor=unaccredited_user, category=library["category"], title_zh="行业方案")
    assert refused.value.code == "forbidden"
    assert "已认定" in refused.value.message
    assert not TechnicalPlan.objects.exists()


def test_the_menu_offers_drafting_to_accredited_institutions_only(client_for, unaccredited_user, institution_user):
    plans_url = reverse("plans:my_plans")
    assert plans_url not in client_for(unaccredited_user).get(reverse("home")).content.decode()
    assert plans_url in client_for(institution_user).get(reverse("home")).content.decode()


def test_an_accredited_institution_still_drafts(client_for, institution_user, library):
    client = client_for(institution_user)
    assert client.get(reverse("plans:plan_create")).status_code == 200
    client.post(reverse("plans:plan_create"), {"category": library["category"].pk, "title_zh": "行业方案"})
    assert TechnicalPlan.objects.filter(institution=institution_user.institution).count() == 1


def test_an_institution_whose_accreditation_lapsed_still_sees_the_plans_it_drafted(
    client_for, institution_user, library
):
    version = services.plan_create(actor=institution_user, category=library["category"], title_zh="行业方案")
    institution = institution_user.institution
    institution.status = AccreditationStatus.EXPIRED
    institution.save(update_fields=["status"])
    client = client_for(institution_user)
    page = client.get(reverse("plans:my_plans")).content.decode()
    assert version.plan.code in page
    assert reverse("plans:plan_create") not in page  # no button that only leads to a refusal
    assert client.get(reverse("plans:version_detail", args=[version.pk])).status_code == 200
    assert client.get(reverse("plans:plan_create")).status_code == 403


@pytest.fixture
def lapsed_author(institution_user, library):
    """An institution that drafted one plan and published another while accredited, then lapsed."""
    draft = scene.plan_version(title="行业方案草稿", category=library["category"], status="draft")
    published = scene.plan_version(title="已发布行业方案", category=library["category"])
    TechnicalPlan.objects.filter(pk__in=[draft.plan_id, published.plan_id]).update(
        institution=institution_user.institution)
    type(institution_user.institution).objects.filter(pk=institution_user.institution_id).update(
        status=AccreditationStatus.EXPIRED)
    institution_user.refresh_from_db()
    return institution_user, draft, published


def test_a_lapsed_institution_still_sees_its_plans_but_changes_none_of_them(client_for, lapsed_author):
    user, draft, published = lapsed_author
    client = client_for(user)
    page = client.get(reverse("plans:version_detail", args=[draft.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "只有已认定的第三方机构可以起草行业对标方案" in body
    assert reverse("plans:version_edit", args=[draft.pk]) not in body
    assert reverse("plans:plan_submit", args=[draft.pk]) not in body
    editor = client.get(reverse("plans:version_edit", args=[draft.pk]))
    assert editor.status_code == 302 and editor["Location"] == reverse("plans:version_detail", args=[draft.pk])
    published_page = client.get(reverse("plans:version_detail", args=[published.pk])).content.decode()
    assert reverse("plans:plan_new_version", args=[published.plan_id]) not in published_page


def test_the_services_refuse_a_lapsed_institution_with_the_reason(lapsed_author):
    user, draft, published = lapsed_author
    with pytest.raises(TransitionRefused) as refused:
        services.plan_submit(actor=user, version=draft)
    assert refused.value.code == "forbidden"
    with pytest.raises(TransitionRefused) as refused:
        services.plan_set_content(actor=user, version=draft, standards=[], indicators=[], requirements=[])
    assert "已认定" in refused.value.message
    with pytest.raises(TransitionRefused) as refused:
        services.plan_new_version(actor=user, plan=TechnicalPlan.objects.get(pk=published.plan_id))
    assert "已认定" in refused.value.message
    draft.refresh_from_db()
    assert draft.status == "draft" and published.plan.versions.count() == 1
