"""“我的对标方案”: drafting, adopting, submitting and versioning plans through the web pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies import services as companies_services
from core.models import ReviewStatus
from core.workflow import TransitionRefused
from plans import services
from plans.models import PlanAuthorKind, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from tests import factories
from tests import public_scene as scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def industry_plan(library):
    """An industry plan for the library's category: GB 2626-2019 against EN 149 on filtration only."""
    return scene.published_plan(
        category=library["category"],
        standards=[(library["gb"], False), (library["en"], True)],
        indicators=[(library["filtration"], {library["gb"].code: (95, None, "%", "85 L/min"),
                                             library["en"].code: (94, None, "%", "95 L/min")})],
    )


@pytest.fixture
def draft_a(enterprise_user_a, library):
    return services.plan_create(actor=enterprise_user_a, category=library["category"], title_zh="甲企业口罩对标方案")


def content_post(library, **overrides):
    """The editor's fields for GB 2626 (reference) and EN 149 (benchmark) × filtration."""
    gb, en, filtration = library["gb"].pk, library["en"].pk, library["filtration"].pk
    data = {
        "standard": [str(gb), str(en)], f"grade-{gb}": "KN95", f"benchmark-{en}": "on",
        "indicator": [str(filtration)], f"unit-{filtration}": "%",
        f"rows-{gb}-{filtration}": "1", f"min-{gb}-{filtration}-0": "95", f"runit-{gb}-{filtration}-0": "%",
        f"cond-{gb}-{filtration}-0": "85 L/min",
        f"rows-{en}-{filtration}": "1", f"min-{en}-{filtration}-0": "94", f"runit-{en}-{filtration}-0": "%",
        f"cond-{en}-{filtration}-0": "95 L/min",
        "improvement_measures": "改进熔喷布工艺",
        "action": "save",
    }
    data.update(overrides)
    return data


def edit_url(version):
    return reverse("plans:version_edit", args=[version.pk])


# --- writing a plan ---------------------------------------------------------------------------------

def test_enterprise_creates_its_own_plan_and_extra_fields_are_ignored(client_for, enterprise_user_a, library):
    client = client_for(enterprise_user_a)
    assert client.get(reverse("plans:plan_create")).status_code == 200
    response = client.post(reverse("plans:plan_create"), {
        "category": library["category"].pk, "title_zh": "甲企业口罩对标方案",
        "author_kind": PlanAuthorKind.INDUSTRY, "city": "440100", "enterprise": "999", "status": "published",
    })
    plan = TechnicalPlan.objects.get()
    version = plan.versions.get()
    assert response.status_code == 302 and response["Location"] == edit_url(version)
    assert (plan.author_kind, plan.enterprise, plan.city_id) == (
        PlanAuthorKind.ENTERPRISE, enterprise_user_a.enterprise, "440300"
    )
    assert version.status == ReviewStatus.DRAFT


def test_category_search_finds_by_name(client_for, enterprise_user_a, library):
    response = client_for(enterprise_user_a).get(reverse("plans:category_options"), {"category_q": "防护型"})
    assert "日常防护型口罩" in response.content.decode()


def test_editor_actions_re_render_without_saving(client_for, enterprise_user_a, draft_a, library):
    client = client_for(enterprise_user_a)
    gb = library["gb"]
    response = client.post(edit_url(draft_a), {"add_standard": gb.pk, "improvement_measures": "x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert gb.code in html and "国家标准（强制性）" in html and "有尚未保存的修改" in html
    assert not PlanStandard.objects.exists()
    # Adding an indicator fills the cell from the library when the grade matches.
    response = client.post(edit_url(draft_a), {
        "standard": [gb.pk], f"grade-{gb.pk}": "KN95", "add_indicator": library["filtration"].pk,
    })
    assert f'name="min-{gb.pk}-{library["filtration"].pk}-0" value="95"' in response.content.decode()
    assert not PlanIndicator.objects.exists()


def test_standard_and_indicator_search_show_the_library(client_for, enterprise_user_a, draft_a, library):
    client = client_for(enterprise_user_a)
    found = client.get(reverse("plans:standard_search", args=[draft_a.pk]), {"standard_q": "en 149"})
    html = found.content.decode()
    assert "EN 149:2001+A1:2009" in html and "区域标准" in html and 'name="add_standard"' in html
    excluded = client.get(reverse("plans:standard_search", args=[draft_a.pk]),
                          {"standard_q": "149", "standard": library["en"].pk})
    assert "EN 149" not in excluded.content.decode()
    found = client.get(reverse("plans:indicator_search", args=[draft_a.pk]), {"indicator_q": "阻力"})
    assert "吸气阻力" in found.content.decode()


def test_saving_the_editor_writes_the_content_through_the_service(client_for, enterprise_user_a, draft_a, library):
    response = client_for(enterprise_user_a).post(edit_url(draft_a), content_post(library, status="published"))
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.status == ReviewStatus.DRAFT and draft_a.improvement_measures == "改进熔喷布工艺"
    standards = list(draft_a.standards.values_list("standard__code", "grade", "is_benchmark"))
    assert standards == [("GB 2626-2019", "KN95", False), ("EN 149:2001+A1:2009", "", True)]
    requirements = sorted(draft_a.requirements.values_list("plan_standard__standard__code", "minimum", "condition"))
    assert requirements == [("EN 149:2001+A1:2009", 94.0, "95 L/min"), ("GB 2626-2019", 95.0, "85 L/min")]


def test_a_second_test_condition_row_is_kept(client_for, enterprise_user_a, draft_a, library):
    gb, f = library["gb"].pk, library["filtration"].pk
    client = client_for(enterprise_user_a)
    response = client.post(edit_url(draft_a), content_post(library, action="", add_row=f"{gb}-{f}"))
    assert f'name="min-{gb}-{f}-1"' in response.content.decode()
    client.post(edit_url(draft_a), content_post(library, **{
        f"rows-{gb}-{f}": "2", f"min-{gb}-{f}-1": "94", f"cond-{gb}-{f}-1": "95 L/min",
    }))
    assert draft_a.requirements.filter(plan_standard__standard_id=gb).count() == 2


def test_a_typed_non_number_is_shown_on_its_row_and_nothing_is_saved(client_for, enterprise_user_a, draft_a, library):
    gb, f = library["gb"].pk, library["filtration"].pk
    data = content_post(library, **{f"min-{gb}-{f}-0": "九五"})
    response = client_for(enterprise_user_a).post(edit_url(draft_a), data)
    assert response.status_code == 422
    assert "“九五”不是数字。" in response.content.decode()
    assert not PlanStandard.objects.exists()


def test_the_service_s_validation_errors_are_shown_on_the_editor(client_for, enterprise_user_a, draft_a, library):
    en = library["en"].pk
    client = client_for(enterprise_user_a)
    no_benchmark = content_post(library)
    del no_benchmark[f"benchmark-{en}"]
    response = client.post(edit_url(draft_a), no_benchmark)
    assert response.status_code == 422 and "请至少指定一个对标标准。" in response.content.decode()
    # A maximum on a higher-is-better indicator: the plan could not be judged.
    wrong = content_post(library, **{f"max-{en}-{library['filtration'].pk}-0": "99"})
    response = client.post(edit_url(draft_a), wrong)
    assert response.status_code == 422 and "限值与指标方向不符" in response.content.decode()
    assert not PlanRequirement.objects.exists()


def test_submit_makes_the_version_read_only_and_a_return_reason_is_shown(
    client_for, enterprise_user_a, city_office_a, draft_a, library
):
    client = client_for(enterprise_user_a)
    response = client.post(edit_url(draft_a), content_post(library, action="submit"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:version_detail", args=[draft_a.pk])
    draft_a.refresh_from_db()
    assert draft_a.status == ReviewStatus.SUBMITTED
    # Read-only: the editor redirects and a posted change is not written.
    assert client.get(edit_url(draft_a)).status_code == 302
    client.post(edit_url(draft_a), content_post(library, improvement_measures="偷偷修改"))
    draft_a.refresh_from_db()
    assert draft_a.improvement_measures == "改进熔喷布工艺"
    detail = client.get(reverse("plans:version_detail", args=[draft_a.pk])).content.decode()
    assert "提交后的版本不能修改" in detail and reverse("plans:version_edit", args=[draft_a.pk]) not in detail

    services.plan_return(actor=city_office_a, version=draft_a, reason="请补充 EN 149 的吸气阻力要求")
    detail = client.get(reverse("plans:version_detail", args=[draft_a.pk])).content.decode()
    assert "请补充 EN 149 的吸气阻力要求" in detail and 'id="return-reason"' in detail
    assert client.get(edit_url(draft_a)).status_code == 200
    response = client.post(reverse("plans:plan_submit", args=[draft_a.pk]))
    draft_a.refresh_from_db()
    assert draft_a.status == ReviewStatus.SUBMITTED
    events = list(draft_a.events.values_list("to_status", flat=True))
    assert events == ["draft", "submitted", "returned", "submitted"]


def test_an_empty_plan_cannot_be_submitted(client_for, enterprise_user_a, draft_a):
    client = client_for(enterprise_user_a)
    response = client.post(reverse("plans:plan_submit", args=[draft_a.pk]), follow=True)
    assert "不能提交" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.status == ReviewStatus.DRAFT


def test_a_new_version_of_a_published_plan_leaves_the_published_one_alone(
    client_for, enterprise_user_a, city_office_a, draft_a, library
):
    client = client_for(enterprise_user_a)
    client.post(edit_url(draft_a), content_post(library, action="submit"))
    services.plan_approve(actor=city_office_a, version=PlanVersion.objects.get(pk=draft_a.pk))
    plan = draft_a.plan
    response = client.post(reverse("plans:plan_new_version", args=[plan.pk]))
    second = plan.versions.get(number=2)
    assert response["Location"] == edit_url(second)
    assert second.status == ReviewStatus.DRAFT and second.requirements.count() == 2
    stricter = {f"min-{library['en'].pk}-{library['filtration'].pk}-0": "95"}
    client.post(edit_url(second), content_post(library, **stricter))
    first = plan.versions.get(number=1)
    assert first.status == ReviewStatus.PUBLISHED
    assert sorted(first.requirements.values_list("minimum", flat=True)) == [94.0, 95.0]
    # Only one unpublished version at a time.
    again = client.post(reverse("plans:plan_new_version", args=[plan.pk]), follow=True)
    assert "已有未发布的新版本" in again.content.decode()
    detail = client.get(reverse("plans:version_detail", args=[first.pk])).content.decode()
    assert "第 2 版" in detail and 'id="history"' in detail


def test_adopting_an_industry_plan_copies_it_for_the_enterprise(client_for, enterprise_user_a, industry_plan):
    client = client_for(enterprise_user_a)
    listing = client.get(reverse("plans:plan_adopt"), {"q": "防护型"})
    assert industry_plan.plan.code in listing.content.decode()
    assert industry_plan.plan.code not in client.get(reverse("plans:plan_adopt"), {"q": "汽车"}).content.decode()
    response = client.post(reverse("plans:plan_adopt"), {"version": industry_plan.pk})
    adopted = PlanVersion.objects.exclude(pk=industry_plan.pk).get()
    assert response["Location"] == edit_url(adopted)
    assert adopted.based_on == industry_plan and adopted.plan.enterprise == enterprise_user_a.enterprise
    assert adopted.requirements.count() == industry_plan.requirements.count() == 2


def test_adopting_a_draft_or_an_enterprise_plan_is_refused(client_for, enterprise_user_a, enterprise_user_b, library):
    other = services.plan_create(actor=enterprise_user_b, category=library["category"], title_zh="乙方案")
    response = client_for(enterprise_user_a).post(reverse("plans:plan_adopt"), {"version": other.pk}, follow=True)
    assert "请选择一个已发布的行业对标技术方案" in response.content.decode()
    assert PlanVersion.objects.count() == 1


def test_institutions_draft_industry_plans_on_the_same_pages(client_for, institution_user, library, industry_plan):
    client = client_for(institution_user)
    client.post(reverse("plans:plan_create"), {"category": library["category"].pk, "title_zh": "行业方案"})
    plan = TechnicalPlan.objects.get(institution=institution_user.institution)
    assert plan.author_kind == PlanAuthorKind.INDUSTRY and plan.enterprise is None
    listing = client.get(reverse("plans:my_plans")).content.decode()
    assert plan.code in listing and industry_plan.plan.code not in listing
    assert client.get(reverse("plans:plan_adopt")).status_code == 404


# --- access -------------------------------------------------------------------------------------------

def plan_urls(version):
    return [
        ("get", reverse("plans:plan_detail", args=[version.plan_id])),
        ("get", reverse("plans:version_detail", args=[version.pk])),
        ("get", reverse("plans:version_edit", args=[version.pk])),
        ("post", reverse("plans:version_edit", args=[version.pk])),
        ("get", reverse("plans:standard_search", args=[version.pk]) + "?standard_q=GB"),
        ("get", reverse("plans:indicator_search", args=[version.pk]) + "?indicator_q=x"),
        ("post", reverse("plans:plan_submit", args=[version.pk])),
        ("post", reverse("plans:plan_new_version", args=[version.plan_id])),
    ]


def test_another_enterprise_gets_404_on_every_plan_url(client_for, enterprise_user_b, draft_a, library):
    client = client_for(enterprise_user_b)
    for method, url in plan_urls(draft_a):
        data = content_post(library) if method == "post" else None
        assert getattr(client, method)(url, data).status_code == 404, url
    draft_a.refresh_from_db()
    assert draft_a.status == ReviewStatus.DRAFT and not draft_a.standards.exists()
    assert draft_a.plan.code not in client.get(reverse("plans:my_plans")).content.decode()


def test_an_institution_cannot_see_an_enterprise_plan(client_for, institution_user, draft_a):
    client = client_for(institution_user)
    assert client.get(reverse("plans:version_detail", args=[draft_a.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, draft_a):
    pages = [("get", reverse("plans:my_plans")), ("get", reverse("plans:plan_create"))]
    for _method, url in [*plan_urls(draft_a), *pages]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url


def test_offices_do_not_use_the_plan_portal(client_for, city_office_a, draft_a):
    assert client_for(city_office_a).get(reverse("plans:my_plans")).status_code == 403


# --- queries ------------------------------------------------------------------------------------------

def test_my_plans_costs_the_same_queries_for_2_and_10_plans(client_for, enterprise_user_a, library):
    client = client_for(enterprise_user_a)
    counts = []
    for total in (2, 10):
        while TechnicalPlan.objects.count() < total:
            version = services.plan_create(actor=enterprise_user_a, category=library["category"], title_zh="方案")
            PlanVersion.objects.create(plan=version.plan, number=2)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("plans:my_plans"))
        assert response.status_code == 200 and len(response.context["plans"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_industry_plans_to_adopt_page_by_keyset_keeping_the_search(client_for, enterprise_user_a, library):
    shared = library["category"]
    for n in range(18):  # three categories' worth on one code, so the plan code and the key break ties
        scene.published_plan(category=shared if n % 3 else None)
    client = client_for(enterprise_user_a)
    in_order = list(PlanVersion.objects.filter(status=ReviewStatus.PUBLISHED, plan__author_kind=PlanAuthorKind.INDUSTRY)
                    .order_by("plan__category__code", "plan__code", "id").values_list("plan__code", flat=True))
    seen, url = [], reverse("plans:plan_adopt") + "?q=TP-"
    with CaptureQueriesContext(connection) as queries:
        while url:
            html = client.get(url).content.decode()
            seen.append(re.findall(r'<tr data-plan="([^"]+)"', html))
            link = re.search(r'href="([^"]+)" rel="next"', html)
            url = reverse("plans:plan_adopt") + link.group(1).replace("&amp;", "&") if link else None
            assert url is None or "q=TP-" in url
    assert [len(page) for page in seen] == [15, 3] and [code for page in seen for code in page] == in_order
    assert not any("OFFSET" in q["sql"].upper() for q in queries.captured_queries)


def test_prefill_takes_the_library_limits_at_the_plan_grade(client_for, enterprise_user_a, draft_a, library):
    gb, f = library["gb"].pk, library["filtration"].pk
    client = client_for(enterprise_user_a)
    data = content_post(library, action="", prefill=gb, **{f"min-{gb}-{f}-0": "", f"cond-{gb}-{f}-0": ""})
    html = client.post(edit_url(draft_a), data).content.decode()
    assert f'name="min-{gb}-{f}-0" value="95"' in html and f'name="cond-{gb}-{f}-0" value="85 L/min"' in html
    data[f"grade-{gb}"] = "KN100"
    html = client.post(edit_url(draft_a), data).content.decode()
    assert "标准库中没有 GB 2626-2019 KN100 对所选指标的要求" in html


def test_the_campaign_office_drafts_industry_plans_on_the_same_pages(client_for, office, institution_user, library):
    client = client_for(office)
    client.post(reverse("plans:plan_create"), {"category": library["category"].pk, "title_zh": "办公室行业方案"})
    plan = TechnicalPlan.objects.get(title_zh="办公室行业方案")
    assert (plan.author_kind, plan.institution_id, plan.enterprise_id) == ("industry", None, None)
    assert "办公室行业方案" in client.get(reverse("plans:my_plans")).content.decode()
    # An institution's plans are its own: the office's drafts do not appear on its list.
    assert "办公室行业方案" not in client_for(institution_user).get(reverse("plans:my_plans")).content.decode()


def test_the_plan_asks_for_a_tested_value_on_the_indicators_it_marks(client_for, enterprise_user_a, draft_a, library):
    filtration = library["filtration"].pk
    client = client_for(enterprise_user_a)
    assert f'name="tested-{filtration}"' not in client.get(edit_url(draft_a)).content.decode()  # no indicator yet
    response = client.post(edit_url(draft_a), content_post(library, **{f"tested-{filtration}": "on"}))
    assert response.status_code == 302
    indicator = draft_a.indicators.get()
    assert indicator.requires_test
    page = client.get(edit_url(draft_a)).content.decode()
    assert f'name="tested-{filtration}" id="tested-{filtration}" checked' in page
    client.post(edit_url(draft_a), content_post(library))
    assert not draft_a.indicators.get().requires_test


def test_an_enterprise_plan_is_not_approved_while_its_uscc_awaits_verification(
    client_for, enterprise_user_a, city_office_a, draft_a, library
):
    enterprise = factories.hold_uscc_for_verification(enterprise_user_a.enterprise)
    client_for(enterprise_user_a).post(edit_url(draft_a), content_post(library, action="submit"))
    version = PlanVersion.objects.get(pk=draft_a.pk)
    assert version.status == ReviewStatus.SUBMITTED  # drafting and submitting go on
    with pytest.raises(TransitionRefused, match="待核验"):
        services.plan_approve(actor=city_office_a, version=version)
    assert PlanVersion.objects.get(pk=draft_a.pk).status == ReviewStatus.SUBMITTED
    companies_services.enterprise_confirm_uscc(actor=city_office_a, enterprise=enterprise)
    services.plan_approve(actor=city_office_a, version=PlanVersion.objects.get(pk=draft_a.pk))
    assert PlanVersion.objects.get(pk=draft_a.pk).status == ReviewStatus.PUBLISHED


def test_a_limit_no_product_can_reach_is_refused_with_the_reason(client_for, enterprise_user_a, draft_a, library):
    gb, filtration = library["gb"].pk, library["filtration"].pk
    response = client_for(enterprise_user_a).post(edit_url(draft_a),
                                                  content_post(library, **{f"min-{gb}-{filtration}-0": "150"}))
    assert response.status_code == 422
    assert "超出该指标可能的取值范围" in response.content.decode()
    assert not draft_a.requirements.exists()


@pytest.mark.django_db
def test_a_plan_page_shows_its_conditions_in_the_visitors_language(client, library):
    from django.urls import reverse

    from plans.models import PlanRequirement
    from tests import public_scene as scene

    version = scene.respirator_plan(library)
    PlanRequirement.objects.filter(version=version, condition="95 L/min").update(
        condition="石蜡油; 95 L/min", condition_en="paraffin oil; 95 L/min")
    address = reverse("public_plans:detail", args=[version.plan_id])
    assert "石蜡油; 95 L/min" in client.get(address).content.decode()
    client.cookies["django_language"] = "en"
    assert "paraffin oil; 95 L/min" in client.get(address).content.decode()


def test_the_portal_names_a_plan_and_its_category_in_the_visitors_language(client_for, enterprise_user_a, draft_a):
    plan = draft_a.plan
    plan.title_en = "Mask benchmarking plan of enterprise A"
    plan.save(update_fields=["title_en"])
    plan.category.name_en = "Particulate respirators"
    plan.category.save(update_fields=["name_en"])
    client = client_for(enterprise_user_a)
    client.cookies["django_language"] = "en"
    for address in (reverse("plans:version_detail", args=[draft_a.pk]), edit_url(draft_a)):
        page = client.get(address).content.decode()
        assert "Mask benchmarking plan of enterprise A" in page and "Particulate respirators" in page, address
    client.cookies["django_language"] = "zh-hans"
    assert "甲企业口罩对标方案" in client.get(reverse("plans:version_detail", args=[draft_a.pk])).content.decode()
