"""The enterprise portal as an enterprise uses it, in Chromium: register, confirm, draft a result
against a published respirator plan with the live verdict, submit, be returned, correct, resubmit,
be published; then write its own plan, have it published, and report a result against it.

The city office's decisions go through the services here (the admin review is tested on its own).
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.models import ReviewStatus
from plans.models import PlanVersion
from results.models import BenchmarkResult
from tests import factories
from tests.upload_files import real_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Duibiao-2026-secure"
PDF = real_pdf()


def value_input(page, key: str, condition: str, column: str = "tested"):
    return page.locator(f"tr[data-indicator='{key}'][data-condition='{condition}'] input[name$='_{column}']")


def wait_for_htmx(page, selector: str) -> None:
    """Until htmx has processed the element (it keeps its state on it) and no swap is settling."""
    page.wait_for_function(
        """selector => {
            const element = document.querySelector(selector);
            return element && element["htmx-internal-data"] && element["htmx-internal-data"].initHash
                && !document.querySelector(".htmx-settling, .htmx-swapping, .htmx-request");
        }""",
        arg=selector,
    )


def log_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def review_in_admin(browser, live_server, screenshot, *, path: str, decision: str, reason: str = "", shot: str):
    """The city office decides in its own browser, on the object's admin change page."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    admin.goto("/admin/")
    admin.locator("#id_username").fill("city-a")
    admin.locator("#id_password").fill("correct-horse-battery")
    admin.locator("input[type=submit]").click()
    admin.wait_for_load_state()
    admin.goto(path)
    if reason:
        admin.locator("#review-reason").fill(reason)
    admin.get_by_role("button", name=decision).click()
    admin.wait_for_load_state()
    screenshot(admin, shot)
    context.close()


def test_enterprise_registers_reports_a_result_and_sees_it_published(
    page, browser, live_server, screenshot, respirator_plan, city_office_a, institution, eager_celery
):
    # --- registration with the cascading region picker --------------------------------------------------
    page.goto("/enterprise/register/")
    expect(page.get_by_role("heading", name="企业注册")).to_be_visible()
    screenshot(page, "register-form")
    page.get_by_label("统一社会信用代码").fill(factories.make_uscc(424_242))
    expect(page.locator("[data-uscc=valid]")).to_be_visible()
    page.get_by_label("企业名称").fill("深圳丙防护科技有限公司")
    page.select_option("#id_province", "440000")
    expect(page.locator("#id_city option[value='440300']")).to_be_attached()
    page.select_option("#id_city", "440300")
    expect(page.locator("#id_county option[value='440305']")).to_be_attached()
    page.select_option("#id_county", "440305")
    page.select_option("#id_industry", "17")
    page.get_by_label("联系人").fill("李四")
    page.get_by_label("联系电话").fill("0755-87654321")
    page.get_by_label("联系邮箱").fill("lisi@example.cn")
    page.get_by_label("用户名").fill("bing-tech")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    screenshot(page, "register-filled")
    page.get_by_role("button", name="提交注册").click()
    expect(page.get_by_role("heading", name="注册已提交，请查收确认邮件")).to_be_visible()
    screenshot(page, "register-done")

    # --- confirmation link from the e-mail -------------------------------------------------------------
    link = re.search(r"https?://[^/\s]+(/enterprise/confirm/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    screenshot(page, "confirm")
    page.get_by_role("button", name="确认并激活").click()
    expect(page.get_by_text("账户已激活")).to_be_visible()
    log_in(page, "bing-tech", PASSWORD)

    # --- a result against the published respirator plan ------------------------------------------------
    page.goto("/enterprise/results/")
    screenshot(page, "my-results-empty")
    page.get_by_role("link", name="新建对标结果").click()
    with page.expect_response(lambda response: "/new/plans/" in response.url):
        page.get_by_placeholder("按产品类别、方案名称或编号查找").fill("口罩")
    page.get_by_text(respirator_plan.plan.title_zh).click()
    page.get_by_label("产品名称").fill("KN95 防护口罩")
    page.get_by_label("品牌").fill("丙牌")
    page.get_by_label("型号").fill("B-95")
    page.get_by_label("执行标准").fill("Q/SZB 001-2023")
    screenshot(page, "result-create")
    page.get_by_role("button", name="创建并填写指标").click()
    expect(page.locator("#values-form")).to_be_visible()
    screenshot(page, "result-draft")

    # Live verdict: 2.6 mbar exceeds EN 149's 2.4 mbar → 未达标, with the gap named.
    value_input(page, "filtration", "85 L/min").fill("96")
    value_input(page, "filtration", "95 L/min").fill("96")
    value_input(page, "inhalation", "85 L/min").fill("200")
    value_input(page, "inhalation", "95 L/min").fill("2.6")
    level = page.locator("#verdict-level")
    expect(level).to_have_attribute("data-level", "not_attained")
    expect(page.locator("#verdict-gaps")).to_contain_text("超出 0.2 mbar")
    screenshot(page, "verdict-not-attained")
    value_input(page, "inhalation", "95 L/min").fill("2.0")
    expect(level).to_have_attribute("data-level", "leading")
    expect(level).to_contain_text("领先")
    screenshot(page, "verdict-leading")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("指标数值已保存")).to_be_visible()

    # A test report from the accredited directory.
    page.get_by_label("报告编号").fill("SZ-2023-0815")
    page.get_by_label("报告日期").fill("2023-08-15")
    with page.expect_response(lambda response: "/institutions/" in response.url):
        page.get_by_placeholder("输入机构名称查找已认定机构").fill("计量")
    page.select_option("#id_institution", str(institution.pk))
    page.get_by_label("报告文件（PDF，不超过 10 MB）").set_input_files(
        files=[{"name": "report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="上传报告").click()
    expect(page.locator("#report-list")).to_contain_text("SZ-2023-0815")
    screenshot(page, "report-uploaded")

    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#status-note")).to_contain_text("由深圳市试点办公室审核")
    expect(page.locator("#values-form")).to_have_count(0)
    screenshot(page, "submitted-read-only")

    # --- the city office returns it; the enterprise sees why, corrects and resubmits --------------------
    result = BenchmarkResult.objects.get(product_name="KN95 防护口罩")
    review_in_admin(
        browser, live_server, screenshot, path=f"/admin/results/benchmarkresult/{result.pk}/change/",
        decision="退回修改", reason="吸气阻力请按 95 L/min 复测并附报告页码", shot="city-office-returns",
    )
    page.reload()
    expect(page.locator("#return-reason")).to_contain_text("吸气阻力请按 95 L/min 复测")
    screenshot(page, "returned-with-reason")
    value_input(page, "inhalation", "95 L/min").fill("2.1")
    expect(level).to_have_attribute("data-level", "leading")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#status-note")).to_be_visible()
    result.refresh_from_db()
    assert result.status == ReviewStatus.SUBMITTED

    # --- approved: published, and listed as such --------------------------------------------------------
    review_in_admin(
        browser, live_server, screenshot, path=f"/admin/results/benchmarkresult/{result.pk}/change/",
        decision="审核通过并发布", shot="city-office-approves",
    )
    page.goto("/enterprise/results/?status=published")
    row = page.locator(f"tr[data-result='{result.pk}']")
    expect(row.locator("[data-status=published]")).to_be_visible()
    expect(row.locator("[data-level=leading]")).to_be_visible()
    screenshot(page, "my-results-published")
    page.get_by_role("link", name="KN95 防护口罩").click()
    expect(page.locator("#history")).to_contain_text("吸气阻力请按 95 L/min 复测")
    screenshot(page, "published-detail")


def test_enterprise_writes_its_own_plan_has_it_published_and_reports_against_it(
    page, browser, live_server, screenshot, library, enterprise_user_a, city_office_a, eager_celery, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    log_in(page, enterprise_user_a.username, "correct-horse-battery")
    page.goto("/plans/")
    screenshot(page, "my-plans-empty")
    page.get_by_role("link", name="自行编写方案").click()
    with page.expect_response(lambda response: "/new/categories/" in response.url):
        page.get_by_label("查找产品类别").fill("防护型")
    page.select_option("#id_category", str(library["category"].pk))
    page.get_by_label("方案名称").fill("甲企业 KN95 口罩对标方案")
    page.get_by_role("button", name="创建并编辑内容").click()
    expect(page.get_by_role("heading", name="编辑方案内容")).to_be_visible()

    for query, code in (("2626", "GB 2626-2019"), ("EN 149", "EN 149:2001+A1:2009")):
        # Each "添加" swaps the editor's body in (htmx): type only once htmx has taken the new
        # search box in hand (typed earlier, the input would go unheard), and wait for its answer.
        wait_for_htmx(page, "#standard-search")
        with page.expect_response(lambda response: "/edit/standards/" in response.url):
            page.locator("#standard-search").fill(query)
        page.locator("#standard-results").get_by_role("button", name="添加").first.click()
        expect(page.locator(f"tr[data-standard='{code}']")).to_be_visible()
    for query, key in (("过滤", "filtration"), ("阻力", "inhalation")):
        wait_for_htmx(page, "#indicator-search")
        with page.expect_response(lambda response: "/edit/indicators/" in response.url):
            page.locator("#indicator-search").fill(query)
        page.locator("#indicator-results").get_by_role("button", name="添加").first.click()
        expect(page.locator(f"tr[data-indicator='{key}']")).to_be_visible()
    expect(page.locator(f"#benchmark-{library['en'].pk}")).to_be_checked()  # advanced standards default to benchmark

    gb, en, f, r = library["gb"].pk, library["en"].pk, library["filtration"].pk, library["inhalation"].pk
    fields = {
        f"min-{gb}-{f}-0": "95", f"cond-{gb}-{f}-0": "85 L/min",
        f"min-{en}-{f}-0": "94", f"cond-{en}-{f}-0": "95 L/min",
        f"max-{gb}-{r}-0": "350", f"cond-{gb}-{r}-0": "85 L/min",
        f"max-{en}-{r}-0": "2.4", f"runit-{en}-{r}-0": "mbar", f"cond-{en}-{r}-0": "95 L/min",
    }
    for name, value in fields.items():
        page.locator(f"[name='{name}']").fill(value)
    page.get_by_label("企业承诺采取的提升措施").fill("2024 年底前将吸气阻力降至 2.0 mbar 以下。")
    screenshot(page, "plan-editor-filled")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.get_by_text("方案已保存并提交，由深圳市试点办公室审核。")).to_be_visible()
    screenshot(page, "plan-submitted")

    version = PlanVersion.objects.get(plan__enterprise=enterprise_user_a.enterprise)
    assert version.status == ReviewStatus.SUBMITTED and version.requirements.count() == 4
    review_in_admin(
        browser, live_server, screenshot, path=f"/admin/plans/planversion/{version.pk}/change/",
        decision="审核通过并发布", shot="city-office-publishes-plan",
    )
    page.reload()
    expect(page.locator("#plan-versions")).to_contain_text("已发布")
    screenshot(page, "plan-published")

    page.get_by_role("link", name="按此方案填报结果").click()
    expect(page.locator(f"input[name=plan_version][value='{version.pk}']")).to_be_checked()
    page.get_by_label("产品名称").fill("KN95 口罩（自有方案）")
    page.get_by_role("button", name="创建并填写指标").click()
    value_input(page, "filtration", "85 L/min").fill("95")  # exactly GB 2626's limit: met, not beaten
    value_input(page, "filtration", "95 L/min").fill("94.5")
    value_input(page, "inhalation", "85 L/min").fill("350")
    value_input(page, "inhalation", "95 L/min").fill("2.3")
    expect(page.locator("#verdict-level")).to_have_attribute("data-level", "attained")
    screenshot(page, "own-plan-result-attained")
    # The test report, uploaded before the values were saved: they travel with it.
    report = tmp_path / "report.pdf"
    report.write_bytes(real_pdf())
    page.get_by_label("报告编号").fill("GZ-2024-001")
    page.get_by_label("报告日期").fill("2024-03-01")
    page.get_by_label("出具机构名称").fill("国家劳动防护用品质量检验检测中心")
    page.locator("#id_file").set_input_files(str(report))
    page.get_by_role("button", name="上传报告").click()
    expect(page.get_by_text("检测报告已上传")).to_be_visible()
    expect(value_input(page, "filtration", "85 L/min")).to_have_value("95")
    expect(page.locator("#report-list")).to_contain_text("过滤效率、吸气阻力")
    page.get_by_role("button", name="保存并提交审核").click()
    expect(page.locator("#status-note")).to_be_visible()
    result = BenchmarkResult.objects.get(plan_version=version)
    assert result.status == ReviewStatus.SUBMITTED and result.level == "attained"
    screenshot(page, "own-plan-result-submitted")
