"""City-office review in the Django admin, the history panel and the dashboards, with the personas.

City office A (深圳) and city office B (广州) each see their own city only, in every admin view;
decisions go through the services; nothing read-only can be set by posting it; events are
immutable; dashboards cost a fixed number of queries.
"""

import datetime as dt
import json
from unittest import mock

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Enterprise
from core.models import ReviewStatus
from plans import services as plan_services
from plans.models import PlanEvent, PlanVersion, TechnicalPlan
from results import services
from results.models import BenchmarkResult, ResultEvent
from results.services import statistics as stats
from standards.tests.admin_helpers import change_form_data, messages_of
from tests import factories
from tests.helpers import make_result
from verdict import Level

pytestmark = pytest.mark.django_db


# --- fixtures ---------------------------------------------------------------------------------

def make_enterprise_plan(user, library, title):
    version = plan_services.plan_create(
        actor=user, category=factories.ProductCategoryFactory(name_zh=f"{title}类别"), title_zh=title
    )
    gb, en = library["gb"], library["en"]
    plan_services.plan_set_content(
        actor=user, version=version,
        standards=[plan_services.StandardInput(gb), plan_services.StandardInput(en, is_benchmark=True)],
        indicators=[plan_services.IndicatorInput(library["filtration"])],
        requirements=[
            plan_services.RequirementInput(gb, library["filtration"], minimum=95, unit="%"),
            plan_services.RequirementInput(en, library["filtration"], minimum=94, unit="%"),
        ],
    )
    plan_services.plan_submit(actor=user, version=version)
    version.refresh_from_db()
    return version


@pytest.fixture
def result_a(enterprise_user_a, respirator_plan):
    return make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩")


@pytest.fixture
def result_b(enterprise_user_b, respirator_plan):
    return make_result(enterprise_user_b, respirator_plan, "广州乙 KN95 口罩")


@pytest.fixture
def plan_a(enterprise_user_a, library):
    return make_enterprise_plan(enterprise_user_a, library, "深圳甲口罩企业对标方案")


@pytest.fixture
def plan_b(enterprise_user_b, library):
    return make_enterprise_plan(enterprise_user_b, library, "广州乙口罩企业对标方案")


def url(name, *args, **query):
    address = reverse(f"admin:{name}", args=args)
    if query:
        address += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return address


RESULTS = "results_benchmarkresult"
VERSIONS = "plans_planversion"
ENTERPRISES = "companies_enterprise"


def text(response) -> str:
    return response.content.decode()


# --- city office B sees nothing of city A ------------------------------------------------------

def test_city_office_b_sees_none_of_city_a_in_any_list(city_b_client, result_a, result_b, plan_a, plan_b, enterprise_a):
    for name in (RESULTS, VERSIONS, ENTERPRISES, "plans_technicalplan"):
        response = city_b_client.get(url(f"{name}_changelist"))
        assert response.status_code == 200, name
        assert "深圳" not in text(response), name  # no row, no filter choice, no count names city A
        assert "广州乙" in text(response), name
    cl = city_b_client.get(url(f"{RESULTS}_changelist")).context["cl"]
    assert [r.pk for r in cl.result_list] == [result_b.pk] and cl.result_count == 1
    assert cl.full_result_count is None  # no "1 of N" count beyond the scope


def test_city_office_b_search_filters_and_facets_stay_in_its_city(city_b_client, result_a, result_b, enterprise_a):
    for query in ({"q": "深圳甲"}, {"q": enterprise_a.uscc}, {"q": "KN95"}, {"_facets": "1"},
                  {"status__exact": "submitted"}, {"status__exact": "submitted", "_facets": "1"},
                  {"city__code__exact": "440300"}, {"province": "440000"}):
        response = city_b_client.get(url(f"{RESULTS}_changelist"), query)
        assert response.status_code in (200, 302, 400), query  # 400: a lookup the admin does not offer
        rows = [r.pk for r in response.context["cl"].result_list] if response.status_code == 200 else []
        assert result_a.pk not in rows, query
        for leak in (str(result_a), enterprise_a.name, "深圳市"):
            assert leak not in text(response), (query, leak)
    # The province filter is the campaign office's: its choices would list every province.
    response = city_b_client.get(url(f"{RESULTS}_changelist"))
    assert "province" not in {spec.parameter_name for spec in response.context["cl"].filter_specs
                              if hasattr(spec, "parameter_name")}


def test_city_office_b_cannot_open_city_a_objects_by_url(city_b_client, result_a, plan_a, enterprise_a):
    for name, obj in ((RESULTS, result_a), (VERSIONS, plan_a), (ENTERPRISES, enterprise_a),
                      ("plans_technicalplan", plan_a.plan)):
        for view in ("change", "history", "delete"):
            response = city_b_client.get(url(f"{name}_{view}", obj.pk))
            assert response.status_code in (302, 403, 404), (name, view)
            assert "深圳" not in text(response), (name, view)
            if response.status_code == 302:
                assert response.url == reverse("admin:index")  # Django's "does not exist" redirect


def test_city_office_b_cannot_decide_on_city_a_by_url_or_forged_action(city_b_client, result_a, plan_a):
    response = city_b_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "approve"})
    assert response.status_code == 404
    response = city_b_client.post(url(f"{VERSIONS}_review", plan_a.pk), {"decision": "return", "reason": "x"})
    assert response.status_code == 404
    for name, obj, action in ((RESULTS, result_a, "approve_selected"), (VERSIONS, plan_a, "approve_selected"),
                              (RESULTS, result_a, "return_selected")):
        response = city_b_client.post(url(f"{name}_changelist"), {
            "action": action, "_selected_action": [obj.pk], "index": 0, "post": "yes", "reason": "伪造",
        })
        assert response.status_code in (200, 302)
    result_a.refresh_from_db()
    plan_a.refresh_from_db()
    assert result_a.status == plan_a.status == ReviewStatus.SUBMITTED
    assert not ResultEvent.objects.filter(result=result_a, actor_name="city-b").exists()
    assert not PlanEvent.objects.filter(version=plan_a, actor_name="city-b").exists()


def test_autocomplete_endpoints_are_scoped(city_b_client, result_a, result_b, enterprise_a, enterprise_b):
    def autocomplete(app_label, model_name, field_name, term=""):
        response = city_b_client.get("/admin/autocomplete/", {
            "app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term,
        })
        assert response.status_code == 200
        return {item["text"] for item in json.loads(response.content)["results"]}

    # Enterprises, through another admin's autocomplete field (plans', users').
    for source in (("plans", "technicalplan", "enterprise"), ("accounts", "user", "enterprise")):
        assert autocomplete(*source) == {enterprise_b.name}
        assert autocomplete(*source, term="深圳") == set()
    # Results, through the FK of their test reports.
    assert autocomplete("results", "testreport", "result") == {str(result_b)}
    assert autocomplete("results", "testreport", "result", term="深圳甲") == set()


def test_admin_index_of_city_office_b_names_nothing_of_city_a(city_b_client, result_a, plan_a, result_b):
    response = city_b_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "深圳" not in text(response)
    assert str(result_b) in text(response)


def test_app_list_shows_each_office_its_models(city_a_client, office_client):
    def models_listed(client):
        apps = client.get(reverse("admin:index")).context["app_list"]
        return {model["object_name"] for app in apps for model in app["models"]}

    city_models = models_listed(city_a_client)
    assert {"BenchmarkResult", "PlanVersion", "TechnicalPlan", "Enterprise", "Region", "Standard"} <= city_models
    assert not {"User", "Activity", "Heartbeat"} & city_models
    assert {"User", "Activity", "BenchmarkResult"} <= models_listed(office_client)
    assert city_a_client.get(url("accounts_user_changelist")).status_code == 403


def test_city_offices_never_add_or_delete_and_only_view(city_a_client, result_a, plan_a, enterprise_a):
    assert city_a_client.get(url(f"{RESULTS}_add")).status_code == 403
    assert city_a_client.get(url(f"{VERSIONS}_add")).status_code == 403
    assert city_a_client.get(url(f"{RESULTS}_delete", result_a.pk)).status_code == 403
    assert city_a_client.get(url(f"{ENTERPRISES}_delete", enterprise_a.pk)).status_code == 403
    response = city_a_client.get(url(f"{RESULTS}_change", result_a.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    changelist = city_a_client.get(url(f"{RESULTS}_changelist"))
    actions = {choice for choice, _label in changelist.context["action_form"].fields["action"].choices}
    assert {"approve_selected", "return_selected"} <= actions and "delete_selected" not in actions


def test_enterprise_users_have_no_admin(client, enterprise_user_a, result_a):
    client.force_login(enterprise_user_a)
    response = client.get(url(f"{RESULTS}_changelist"))
    assert response.status_code == 302 and "login" in response.url


def test_industry_plans_are_visible_read_only_to_city_offices(city_b_client, respirator_plan):
    response = city_b_client.get(url(f"{VERSIONS}_changelist"))
    assert respirator_plan.pk in [v.pk for v in response.context["cl"].result_list]
    response = city_b_client.get(url(f"{VERSIONS}_change", respirator_plan.pk))
    assert response.status_code == 200 and response.context["review_decisions"] == []


# --- the campaign office sees everything -------------------------------------------------------

def test_campaign_office_sees_everything(office_client, result_a, result_b, plan_a, plan_b):
    response = office_client.get(url(f"{RESULTS}_changelist"))
    assert {r.pk for r in response.context["cl"].result_list} == {result_a.pk, result_b.pk}
    response = office_client.get(url(f"{VERSIONS}_changelist"), {"status__exact": "submitted"})
    assert [v.pk for v in response.context["cl"].result_list] == [plan_a.pk, plan_b.pk]  # oldest first
    for name, obj in ((RESULTS, result_a), (RESULTS, result_b), (VERSIONS, plan_a), (VERSIONS, plan_b)):
        response = office_client.get(url(f"{name}_change", obj.pk))
        assert response.status_code == 200
        assert [d.name for d in response.context["review_decisions"]] == ["approve", "return"]
    assert office_client.get(url(f"{RESULTS}_add")).status_code == 403  # results come from enterprises


# --- review one by one ---------------------------------------------------------------------------

def test_city_office_a_approves_its_result_and_it_is_published(city_a_client, result_a):
    page = city_a_client.get(url(f"{RESULTS}_change", result_a.pk))
    assert "审核通过并发布" in text(page) and "退回修改" in text(page)
    assert "领先" in text(page) and "EN 149:2001+A1:2009" in text(page)  # the verdict, readable
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "approve"})
    assert response.status_code == 302 and response.url == url(f"{RESULTS}_change", result_a.pk)
    result_a.refresh_from_db()
    assert result_a.status == ReviewStatus.PUBLISHED and result_a.published_at is not None
    event = result_a.events.order_by("-id").first()
    assert (event.actor_name, event.from_status, event.to_status) == ("city-a", "submitted", "published")
    assert any("已审核通过并发布" in m for m in messages_of(response))
    # Deciding again is refused with the service's reason, as a message, not an error page.
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    assert any("当前状态为“已发布”" in m for m in messages_of(response))


def test_return_without_reason_is_refused_and_with_reason_recorded(city_a_client, result_a, enterprise_user_a):
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "return", "reason": "   "})
    assert response.status_code == 302
    assert any("必须填写理由" in m for m in messages_of(response))
    result_a.refresh_from_db()
    assert result_a.status == ReviewStatus.SUBMITTED
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk),
                                  {"decision": "return", "reason": "请补充检测报告"})
    result_a.refresh_from_db()
    assert result_a.status == ReviewStatus.RETURNED
    assert result_a.events.order_by("-id").first().reason == "请补充检测报告"
    page = city_a_client.get(url(f"{RESULTS}_change", result_a.pk))
    assert "请补充检测报告" in text(page)  # the history panel
    assert page.context["review_decisions"] == [] and 'id="review-status"' in text(page)
    # Resubmitted: the buttons are back, with last time's reason beside them.
    services.result_submit(actor=enterprise_user_a, result=result_a)
    page = city_a_client.get(url(f"{RESULTS}_change", result_a.pk))
    assert page.context["review_history"]["reason"].reason == "请补充检测报告"
    assert "上次已退回" in text(page)


def test_city_office_a_reviews_its_enterprise_plans(city_a_client, plan_a, enterprise_user_a, library):
    response = city_a_client.post(url(f"{VERSIONS}_review", plan_a.pk),
                                  {"decision": "return", "reason": "补充提升措施"})
    plan_a.refresh_from_db()
    assert plan_a.status == ReviewStatus.RETURNED
    plan_services.plan_submit(actor=enterprise_user_a, version=plan_a)
    response = city_a_client.post(url(f"{VERSIONS}_review", plan_a.pk), {"decision": "approve"})
    assert response.status_code == 302
    plan_a.refresh_from_db()
    assert plan_a.status == ReviewStatus.PUBLISHED and plan_a.published_at is not None
    history = city_a_client.get(url(f"{VERSIONS}_change", plan_a.pk))
    assert "补充提升措施" in text(history)


def test_city_office_cannot_approve_an_industry_plan(city_a_client, office, library):
    version = plan_services.plan_create(
        actor=office, category=factories.ProductCategoryFactory(), title_zh="行业方案"
    )
    response = city_a_client.post(url(f"{VERSIONS}_review", version.pk), {"decision": "approve"})
    assert response.status_code == 404  # drafts of industry plans are not even visible to it


def test_unknown_decision_and_get_are_refused(city_a_client, result_a):
    assert city_a_client.get(url(f"{RESULTS}_review", result_a.pk)).status_code == 405
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "publish"})
    assert any("未知的审核操作" in m for m in messages_of(response))
    result_a.refresh_from_db()
    assert result_a.status == ReviewStatus.SUBMITTED


# --- review in bulk -------------------------------------------------------------------------------

def test_bulk_approve_reports_approved_and_refused(city_a_client, enterprise_user_a, respirator_plan, result_a):
    second = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩 二号")
    draft = make_result(enterprise_user_a, respirator_plan, "深圳甲 草稿", submit=False)
    response = city_a_client.post(url(f"{RESULTS}_changelist"), {
        "action": "approve_selected", "_selected_action": [result_a.pk, second.pk, draft.pk], "index": 0,
    })
    assert response.status_code == 302
    statuses = dict(BenchmarkResult.objects.values_list("pk", "status"))
    assert statuses[result_a.pk] == statuses[second.pk] == ReviewStatus.PUBLISHED
    assert statuses[draft.pk] == ReviewStatus.DRAFT
    messages = messages_of(response)
    assert any("已审核通过并发布 2 项" in m for m in messages)
    assert any("1 项未能审核通过并发布" in m and "深圳甲 草稿" in m and "当前状态为“草稿”" in m for m in messages)


def test_bulk_return_asks_for_a_reason_first(city_a_client, enterprise_user_a, respirator_plan, result_a):
    second = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩 二号")
    selected = {"action": "return_selected", "_selected_action": [result_a.pk, second.pk]}
    page = city_a_client.post(url(f"{RESULTS}_changelist"), {**selected, "index": 0})
    assert page.status_code == 200
    assert 'name="reason"' in text(page) and str(second) in text(page)
    # Without a reason: the page again, with the refusal, and nothing changed.
    page = city_a_client.post(url(f"{RESULTS}_changelist"), {**selected, "post": "yes", "reason": "  "})
    assert page.status_code == 200 and "请填写理由" in text(page)
    assert set(BenchmarkResult.objects.values_list("status", flat=True)) == {ReviewStatus.SUBMITTED}
    response = city_a_client.post(url(f"{RESULTS}_changelist"), {**selected, "post": "yes", "reason": "检测报告过期"})
    assert response.status_code == 302
    assert any("已退回修改 2 项" in m for m in messages_of(response))
    assert set(BenchmarkResult.objects.values_list("status", flat=True)) == {ReviewStatus.RETURNED}
    assert set(ResultEvent.objects.filter(to_status="returned").values_list("reason", flat=True)) == {"检测报告过期"}


def test_bulk_plan_approval(city_a_client, plan_a, plan_b):
    response = city_a_client.post(url(f"{VERSIONS}_changelist"), {
        "action": "approve_selected", "_selected_action": [plan_a.pk, plan_b.pk], "index": 0,
    })
    assert response.status_code == 302
    plan_a.refresh_from_db()
    plan_b.refresh_from_db()
    assert plan_a.status == ReviewStatus.PUBLISHED
    assert plan_b.status == ReviewStatus.SUBMITTED  # another city's: not even in the queryset


# --- nothing read-only can be posted -------------------------------------------------------------

def test_extra_post_fields_cannot_change_status_level_city_or_publication(office_client, result_a, regions):
    change = url(f"{RESULTS}_change", result_a.pk)
    data = change_form_data(office_client.get(change))
    data.update({
        "product_name": "更正后的产品名称",
        "status": "published", "level": "not_attained", "city": regions["guangzhou"].pk,
        "province": regions["guangdong"].pk, "published_at": "2020-01-01 08:00:00",
        "published_at_0": "2020-01-01", "published_at_1": "08:00:00", "verdict": "{}",
        "enterprise": Enterprise.objects.create(
            uscc=factories.make_uscc(77), name="他人企业", region=regions["tianhe"], city=regions["guangzhou"],
            province=regions["guangdong"], industry=factories.manufacturing_division(),
        ).pk,
        "_save": "保存",
    })
    response = office_client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    after = BenchmarkResult.objects.get(pk=result_a.pk)
    assert after.product_name == "更正后的产品名称"  # the one editable field did change
    assert (after.status, after.level, after.city_id, after.province_id, after.published_at, after.enterprise_id) == (
        "submitted", result_a.level, result_a.city_id, result_a.province_id, None, result_a.enterprise_id,
    )
    assert after.level == Level.LEADING


def test_city_office_and_reviewers_cannot_post_changes(city_a_client, office_client, result_a, plan_a):
    response = city_a_client.post(url(f"{RESULTS}_change", result_a.pk), {"status": "published", "product_name": "x"})
    assert response.status_code == 403
    response = office_client.post(url(f"{VERSIONS}_change", plan_a.pk), {"status": "published"})
    assert response.status_code == 403  # plan content is written through the portal's services
    result_a.refresh_from_db()
    plan_a.refresh_from_db()
    assert result_a.status == plan_a.status == "submitted" and result_a.product_name != "x"


# --- events are immutable --------------------------------------------------------------------------

def test_event_models_are_not_registered():
    """Transition events are shown on their object's page only (the audit trail of edits, a log
    of its own, is listed for the campaign office to read)."""
    registered = {model.__name__ for model in admin.site._registry}
    assert {name for name in registered if name.endswith("Event")} == {"AuditEvent"}


def test_events_cannot_be_edited_or_deleted_even_by_the_superuser(admin_client, result_a, plan_a):
    assert admin_client.get("/admin/results/resultevent/").status_code == 404
    assert admin_client.get("/admin/benchmarking/planevent/").status_code == 404
    change = url(f"{RESULTS}_change", result_a.pk)
    page = admin_client.get(change)
    events = next(i for i in page.context["inline_admin_formsets"] if i.opts.model is ResultEvent)
    assert not (events.has_add_permission or events.has_change_permission or events.has_delete_permission)
    before = list(ResultEvent.objects.filter(result=result_a).values_list("pk", "reason", "to_status", "actor_name"))
    data = change_form_data(page)
    prefix = events.formset.prefix
    data.update({
        f"{prefix}-0-reason": "篡改", f"{prefix}-0-to_status": "published", f"{prefix}-0-actor_name": "someone",
        f"{prefix}-1-DELETE": "on",
        f"{prefix}-TOTAL_FORMS": str(len(before) + 1), f"{prefix}-{len(before)}-reason": "伪造的记录",
        f"{prefix}-{len(before)}-to_status": "published", "_save": "保存",
    })
    admin_client.post(change, data)
    after = list(ResultEvent.objects.filter(result=result_a).values_list("pk", "reason", "to_status", "actor_name"))
    assert after == before


# --- dashboards -------------------------------------------------------------------------------------

def test_city_dashboard_shows_its_queue_decisions_and_levels(city_a_client, city_office_a, enterprise_user_a,
                                                              respirator_plan, result_a, plan_a, result_b):
    returned = make_result(enterprise_user_a, respirator_plan, "深圳甲 待退回")
    services.result_return(actor=city_office_a, result=returned, reason="缺报告")
    published = make_result(enterprise_user_a, respirator_plan, "深圳甲 已发布")
    services.result_approve(actor=city_office_a, result=published)
    stats.stats_apply_pending()  # what the worker does once the approval commits
    response = city_a_client.get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    assert dashboard["kind"] == "city"
    plan_title = f"{plan_a.plan.code} v1 {plan_a.plan.title_zh}"
    assert [item.title for item in dashboard["queue"]] == [str(result_a), plan_title]
    assert dashboard["waiting_results"] == 1 and dashboard["waiting_plans"] == 1
    assert dashboard["decisions"] == {"approved": 1, "returned": 1}
    assert {item["key"]: item["value"] for item in dashboard["levels"]}["leading"] == 1
    page = text(response)
    assert url(f"{RESULTS}_change", result_a.pk) in page and url(f"{VERSIONS}_change", plan_a.pk) in page
    assert 'id="dashboard-data" type="application/json"' in page
    assert "echarts.min.js" in page and "js/dashboard.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_office_dashboard_shows_queues_by_city_and_progress(office_client, result_a, result_b, plan_a, institution):
    stats.stats_rebuild()  # headline counts are the workers' (registrations are not publications)
    response = office_client.get(reverse("admin:index"))
    dashboard = response.context["dashboard"]
    assert dashboard["kind"] == "office"
    assert [(c["name"], c["results"], c["plans"]) for c in dashboard["top_cities"]] == [
        ("深圳市", 1, 1), ("广州市", 1, 0),
    ]
    progress = {p["key"]: (p["actual"], p["target"]) for p in dashboard["progress"]}
    assert progress["cities"] == (2, 188) and progress["results"] == (0, 32_094)
    assert progress["institutions"] == (1, 225) and progress["enterprises"] == (2, 16_092)
    page = text(response)
    charts = json.loads(page.split('<script id="dashboard-data" type="application/json">')[1].split("</script>")[0])
    assert charts["queues"]["cities"] == ["广州市", "深圳市"]  # bottom-up: the busiest city drawn on top
    assert "188" in page and "32094" in page  # zh-hans groups no thousands


def _index_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


def test_dashboards_cost_a_fixed_number_of_queries(city_a_client, office_client, enterprise_user_a, enterprise_user_b,
                                                   respirator_plan, result_a, result_b, plan_a, library):
    before = {"city": _index_queries(city_a_client), "office": _index_queries(office_client)}
    for n in range(4):
        make_result(enterprise_user_a, respirator_plan, f"深圳甲 批量 {n}")
        make_result(enterprise_user_b, respirator_plan, f"广州乙 批量 {n}")
    make_enterprise_plan(enterprise_user_b, library, "广州乙 第二个方案")
    factories.InstitutionFactory()
    after = {"city": _index_queries(city_a_client), "office": _index_queries(office_client)}
    assert after == before
    assert before["city"] <= 20 and before["office"] <= 25, before


def test_dashboard_month_boundary_counts_only_this_month(city_a_client, city_office_a, result_a):
    forty_days_ago = timezone.now() - dt.timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=forty_days_ago):  # events are never re-dated
        services.result_approve(actor=city_office_a, result=result_a)
    assert ResultEvent.objects.get(result=result_a, to_status="published").created_at == forty_days_ago
    dashboard = city_a_client.get(reverse("admin:index")).context["dashboard"]
    assert dashboard["decisions"]["approved"] == 0


def test_technical_plan_scope(city_b_client, plan_a, plan_b, respirator_plan):
    response = city_b_client.get(url("plans_technicalplan_changelist"))
    codes = {p.code for p in response.context["cl"].result_list}
    assert codes == {plan_b.plan.code, respirator_plan.plan.code}
    assert TechnicalPlan.objects.count() == 3
    assert PlanVersion.objects.count() == 3


# --- what the campaign office may not do either ------------------------------------------------------

def test_nobody_deletes_reviewed_objects_or_their_history(office_client, result_a, plan_a):
    for name, obj in ((RESULTS, result_a), (VERSIONS, plan_a), ("plans_technicalplan", plan_a.plan)):
        assert office_client.get(url(f"{name}_delete", obj.pk)).status_code == 403, name
        action_form = office_client.get(url(f"{name}_changelist")).context["action_form"]
        actions = action_form.fields["action"].choices if action_form else []
        assert "delete_selected" not in {choice for choice, _label in actions}, name


def test_user_admin_refuses_a_broken_role_binding_and_self_promotion(office_client, office, city_office_b):
    change = url("accounts_user_change", city_office_b.pk)
    data = change_form_data(office_client.get(change))
    data.update({"region": "", "_save": "保存"})  # a city office bound to no city
    response = office_client.post(change, data)
    assert response.status_code == 200 and response.context["errors"]
    city_office_b.refresh_from_db()
    assert city_office_b.region_id == "440100"
    own = url("accounts_user_change", office.pk)
    data = change_form_data(office_client.get(own))
    data.update({"is_superuser": "on", "_save": "保存"})
    assert office_client.post(own, data).status_code == 302
    office.refresh_from_db()
    assert not office.is_superuser


def test_superusers_accounts_are_out_of_the_offices_reach(office_client, admin_user):
    assert office_client.get(url("accounts_user_change", admin_user.pk)).status_code == 200  # view only
    response = office_client.post(url("accounts_user_change", admin_user.pk), {"username": "taken-over"})
    assert response.status_code == 403
    assert office_client.get(url("auth_user_password_change", admin_user.pk)).status_code in (403, 404)


@pytest.mark.parametrize("name", [RESULTS, VERSIONS, ENTERPRISES])
def test_city_office_lists_have_no_n_plus_one(name, city_a_client, enterprise_user_a, respirator_plan, library,
                                               monkeypatch):
    for n in range(5):
        make_result(enterprise_user_a, respirator_plan, f"深圳甲 产品 {n}")
        make_enterprise_plan(enterprise_user_a, library, f"深圳甲 方案 {n}")
    model_admin = next(
        a for m, a in admin.site._registry.items() if f"{m._meta.app_label}_{m._meta.model_name}" == name
    )
    counts = {}
    for per_page in (2, 40):
        monkeypatch.setattr(model_admin, "list_per_page", per_page)
        with CaptureQueriesContext(connection) as queries:
            assert city_a_client.get(url(f"{name}_changelist")).status_code == 200
        counts[per_page] = len(queries)
    assert counts[2] == counts[40], counts


def test_trend_covers_the_twelve_months_up_to_the_latest_publication(city_a_client, city_office_a, result_a):
    services.result_approve(actor=city_office_a, result=result_a)
    BenchmarkResult.objects.filter(pk=result_a.pk).update(
        published_at=dt.datetime(2023, 5, 10, 12, tzinfo=dt.UTC)
    )
    stats.stats_rebuild()
    trend = city_a_client.get(reverse("admin:index")).context["dashboard"]["charts"]["trend"]
    assert trend["months"][0] == "2022-06" and trend["months"][-1] == "2023-05"
    assert trend["values"] == [0] * 11 + [1]


def test_the_city_office_is_told_why_a_result_of_an_unverified_uscc_is_not_published(
    city_a_client, result_a, enterprise_a
):
    """GB 32100 check character failed: 待核验 until the city office compares the code with the
    business licence on the enterprise's page; approval says so instead of publishing."""
    factories.hold_uscc_for_verification(enterprise_a)
    response = city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "approve"}, follow=True)
    assert response.status_code == 200
    assert any("待核验" in m and "对照营业执照" in m for m in messages_of(response))
    assert BenchmarkResult.objects.get(pk=result_a.pk).status == ReviewStatus.SUBMITTED

    city_a_client.post(url("companies_enterprise_review", enterprise_a.pk), {"decision": "confirm_uscc"})
    city_a_client.post(url(f"{RESULTS}_review", result_a.pk), {"decision": "approve"})
    assert BenchmarkResult.objects.get(pk=result_a.pk).status == ReviewStatus.PUBLISHED


def test_a_result_shows_its_values_as_entered_and_saving_the_form_keeps_them(city_a_client, office_client,
                                                                           result_a):
    # Values are keyed by result, plan indicator and condition: shown as a table, not an inline formset.
    response = city_a_client.get(url(f"{RESULTS}_change", result_a.pk))
    page = text(response)
    table = page.split("values-table", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 5  # the header and the four values
    assert "过滤效率" in table and "95 L/min" in table and "220 Pa" not in table and ">220<" in table
    stored = BenchmarkResult.objects.get(pk=result_a.pk).values
    change = url(f"{RESULTS}_change", result_a.pk)
    posted = office_client.post(change, {**change_form_data(office_client.get(change)), "_save": "保存"})
    assert posted.status_code == 302
    assert BenchmarkResult.objects.get(pk=result_a.pk).values == stored and len(stored) == 4
