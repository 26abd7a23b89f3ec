"""A city office reviews in the admin, as a person would: its dashboard, a return with a reason,
the approval of the corrected submission; the dashboard's charts are drawn."""

import pytest

from results import services
from results.models import BenchmarkResult
from results.services import statistics as stats
from tests import factories
from tests.helpers import make_result, respirator_values

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"


@pytest.fixture
def review_scene(respirator_plan, city_office_a, enterprise_user_a, enterprise_user_b):
    # Some history for the charts: published results of three levels in city A.
    for name, value in (("已发布 一号", 96.0), ("已发布 二号", 94.5), ("已发布 三号", 93.0)):
        published = make_result(enterprise_user_a, respirator_plan, name, filtration=value)
        services.result_approve(actor=city_office_a, result=published)
    make_result(enterprise_user_b, respirator_plan, "广州乙 KN95 口罩")  # city B's: must not appear
    waiting = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩", filtration=93.0)
    return {"plan": respirator_plan, "waiting": waiting}


def log_in(page, username):
    page.goto("/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()


def test_city_office_returns_then_approves_from_its_dashboard(page, review_scene, enterprise_user_a, screenshot):
    waiting = review_scene["waiting"]
    log_in(page, "city-a")
    dashboard = page.locator("#city-dashboard")
    assert dashboard.get_by_role("heading", name="深圳市 · 审核工作台").is_visible()
    queue = page.locator("#review-queue")
    assert queue.get_by_role("link", name=str(waiting)).is_visible()
    assert "广州乙" not in page.content()
    # The charts are drawn by ECharts into canvases (no inline script: data via json_script).
    page.locator("[data-chart=levels] canvas").first.wait_for()
    page.locator("[data-chart=trend] canvas").first.wait_for()
    assert page.locator("[data-kpi=waiting-results] .kpi-value").inner_text() == "1"
    screenshot(page, "dashboard-waiting")

    queue.get_by_role("link", name=str(waiting)).click()
    page.wait_for_load_state()
    assert page.locator("#review-panel").is_visible()
    assert page.get_by_text("未达标").first.is_visible()  # the verdict, readable
    screenshot(page, "result-change-page")
    # Returning without a reason is stopped (the browser asks; the server refuses too).
    page.locator("#review-reason").fill("过滤效率 93% 未达到 EN 149 的 94%，请改进后重新检测并提交。")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").first.inner_text().endswith("已退回修改。")
    assert page.locator(".history-panel").get_by_text("过滤效率 93% 未达到 EN 149").is_visible()
    assert not page.locator("#review-panel").count()
    screenshot(page, "returned-with-reason")

    # The enterprise corrects its values and submits again (its portal is another page).
    services.result_save_values(actor=enterprise_user_a, result=waiting, values=respirator_values(waiting.plan_version))
    services.result_submit(actor=enterprise_user_a, result=waiting)

    page.goto("/admin/")
    queue = page.locator("#review-queue")
    queue.get_by_role("link", name=str(waiting)).click()
    page.wait_for_load_state()
    assert page.get_by_text("领先").first.is_visible()
    screenshot(page, "resubmitted")
    page.get_by_role("button", name="审核通过并发布").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").first.inner_text().endswith("已审核通过并发布。")
    waiting.refresh_from_db()
    assert waiting.status == "published" and waiting.published_at is not None
    screenshot(page, "approved")

    page.goto("/admin/")
    assert page.get_by_text("暂无待审核的提交。").is_visible()
    assert page.locator("[data-kpi=approved] .kpi-value").inner_text() == "4"
    page.locator("[data-chart=levels] canvas").first.wait_for()
    screenshot(page, "dashboard-after")


def test_city_office_returns_in_bulk_with_a_reason(page, review_scene, enterprise_user_a, screenshot):
    from tests.test_admin_review import make_result

    second = make_result(enterprise_user_a, review_scene["plan"], "深圳甲 KN95 口罩 二号")
    log_in(page, "city-a")
    page.goto("/admin/results/benchmarkresult/?status__exact=submitted")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("return_selected")
    screenshot(page, "changelist-selected")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    assert page.get_by_text(str(second)).is_visible()
    screenshot(page, "bulk-reason")
    page.locator("#id_reason").fill("检测报告已过有效期，请更新。")
    page.get_by_role("button", name="退回修改").click()
    page.wait_for_load_state()
    assert "已退回修改 2 项" in page.locator(".messagelist").inner_text()
    assert set(BenchmarkResult.objects.filter(enterprise=enterprise_user_a.enterprise, status="returned")
               .values_list("product_name", flat=True)) == {"深圳甲 KN95 口罩", "深圳甲 KN95 口罩 二号"}
    screenshot(page, "bulk-returned")


def test_campaign_office_dashboard(page, review_scene, office, screenshot):
    factories.InstitutionFactory(name="广州标准化研究院（申请中）")
    stats.stats_rebuild()  # the worker's job: the progress figures are the statistics tables'
    log_in(page, "office")
    assert page.locator("#office-dashboard").is_visible()
    page.locator("[data-chart=queues] canvas").first.wait_for()
    page.locator("[data-chart=levels] canvas").first.wait_for()
    assert page.locator("#queues-by-city").get_by_text("深圳市").is_visible()
    assert page.locator("#campaign-progress [data-figure=cities] strong").inner_text() == "2"
    screenshot(page, "office-dashboard")
