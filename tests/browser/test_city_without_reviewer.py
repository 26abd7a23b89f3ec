"""A new enterprise in a pilot city with no city-office account (广州 here), in Chromium: it registers,
submits a result and is told the campaign office reviews it; the campaign office is e-mailed a link
that opens the result in its admin, sees the city on its dashboard, approves, and the result is public.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.models import ReviewStatus
from results.models import BenchmarkResult
from tests import factories

from .test_enterprise_flow import PASSWORD, PDF, log_in, value_input

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_enterprise_in_a_city_without_a_reviewer_is_published_by_the_campaign_office(
    page, browser, live_server, screenshot, settings, respirator_plan, office, institution, eager_celery
):
    settings.SITE_URL = live_server.url
    # --- registration in 广州市 (天河区) ----------------------------------------------------------------
    page.goto("/enterprise/register/")
    page.get_by_label("统一社会信用代码").fill(factories.make_uscc(434_343, "440100"))
    expect(page.locator("[data-uscc=valid]")).to_be_visible()
    page.get_by_label("企业名称").fill("广州丁防护用品有限公司")
    page.select_option("#id_province", "440000")
    expect(page.locator("#id_city option[value='440100']")).to_be_attached()
    page.select_option("#id_city", "440100")
    expect(page.locator("#id_county option[value='440106']")).to_be_attached()
    page.select_option("#id_county", "440106")
    page.select_option("#id_industry", "17")
    page.get_by_label("联系人").fill("王五")
    page.get_by_label("联系电话").fill("020-87654321")
    page.get_by_label("联系邮箱").fill("wangwu@example.cn")
    page.get_by_label("用户名").fill("ding-guangzhou")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_role("heading", name="注册已提交，请查收确认邮件")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/enterprise/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.get_by_role("button", name="确认并激活").click()
    expect(page.get_by_text("账户已激活")).to_be_visible()
    log_in(page, "ding-guangzhou", PASSWORD)

    # --- a result, with its test report, submitted ------------------------------------------------------
    page.goto("/enterprise/results/new/")
    with page.expect_response(lambda response: "/new/plans/" in response.url):
        page.get_by_placeholder("按产品类别、方案名称或编号查找").fill("口罩")
    page.get_by_text(respirator_plan.plan.title_zh).click()
    page.get_by_label("产品名称").fill("KN95 防护口罩（广州）")
    page.get_by_role("button", name="创建并填写指标").click()
    for condition in ("85 L/min", "95 L/min"):
        value_input(page, "filtration", condition).fill("96")
    value_input(page, "inhalation", "85 L/min").fill("200")
    value_input(page, "inhalation", "95 L/min").fill("2.0")
    expect(page.locator("#verdict-level")).to_have_attribute("data-level", "leading")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("指标数值已保存")).to_be_visible()
    page.get_by_label("报告编号").fill("GZ-2024-0101")
    page.get_by_label("报告日期").fill("2024-01-01")
    with page.expect_response(lambda response: "/institutions/" in response.url):
        page.get_by_placeholder("输入机构名称查找已认定机构").fill("计量")
    page.select_option("#id_institution", str(institution.pk))
    page.get_by_label("报告文件（PDF，不超过 10 MB）").set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传报告").click()
    expect(page.locator("#report-list")).to_contain_text("GZ-2024-0101")
    mail.outbox.clear()
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.get_by_text("对标结果已提交，由百千万行动办公室审核。")).to_be_visible()
    expect(page.locator("#status-note")).to_contain_text("由百千万行动办公室审核")
    screenshot(page, "submitted-to-campaign-office")
    result = BenchmarkResult.objects.get(product_name="KN95 防护口罩（广州）")
    assert result.status == ReviewStatus.SUBMITTED

    # --- the campaign office's e-mail, its dashboard, its decision in the admin --------------------------
    (told,) = mail.outbox
    assert told.to == [office.email]
    admin_link = re.search(rf"{re.escape(live_server.url)}(/admin/\S+)", told.body).group(1)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    admin.goto("/admin/")
    admin.locator("#id_username").fill("office")
    admin.locator("#id_password").fill("correct-horse-battery")
    admin.locator("input[type=submit]").click()
    admin.wait_for_load_state()
    panel = admin.locator("#cities-without-reviewer")
    expect(panel.locator("tr[data-city='440100']")).to_contain_text("广州市")
    screenshot(admin, "office-dashboard-cities-without-reviewer")
    admin.goto(admin_link)
    expect(admin.get_by_text("KN95 防护口罩（广州）").first).to_be_visible()
    admin.get_by_role("button", name="审核通过并发布").click()
    admin.wait_for_load_state()
    screenshot(admin, "office-approves")
    context.close()
    result.refresh_from_db()
    assert result.status == ReviewStatus.PUBLISHED

    # --- public ---------------------------------------------------------------------------------------
    page.context.clear_cookies()
    page.goto(f"/results/{result.pk}/")
    expect(page.get_by_text("KN95 防护口罩（广州）").first).to_be_visible()
    screenshot(page, "public-result")
