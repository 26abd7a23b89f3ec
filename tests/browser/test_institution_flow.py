"""An institution as a person meets the platform: it registers with a CNAS and a CMA certificate
and two services (a slip in the password confirmation brings the page back with both scans kept),
the campaign office accredits it in the admin, and its page says 已认定."""


import pytest

from tests import factories
from thirdparty.models import Institution
from thirdparty.tests.helpers import PASSWORD, certificate, in_days, pdf_bytes, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes()}


def png_file(name: str) -> dict:
    return {"name": name, "mimeType": "image/png", "buffer": png_bytes()}


def date_in_days(days: int) -> str:
    return in_days(days).isoformat()


@pytest.fixture
def catalogue(regions):
    division = factories.manufacturing_division("17", "纺织业")
    factories.ProductCategoryFactory(code="C1781", name_zh="日用口罩", industry=division)
    factories.ProductCategoryFactory(code="C1751", name_zh="针织服装", industry=division)


def choose_category(page, row: int, query: str, expected: str) -> None:
    search = page.locator(f'[data-formset-row]:has([name="services-{row}-category"]) [data-category-search]')
    search.fill(query)
    select = page.locator(f'[name="services-{row}-category"]')
    select.locator("option", has_text=expected).wait_for(state="attached")
    select.select_option(label=expected)


def test_an_institution_registers_and_the_office_accredits_it(page, browser, live_server, catalogue, office,
                                                              screenshot):
    page.goto("/institution/register/")
    assert page.get_by_role("heading", name="第三方机构注册").is_visible()
    screenshot(page, "register-empty")

    page.get_by_label("统一社会信用代码").fill(factories.make_uscc(2468, "440300"))
    page.get_by_label("机构类型").select_option(label="检验检测机构")
    page.get_by_label("机构名称").fill("深圳市标准比对检测技术有限公司")
    # The region picker: each level loads the next one's options from the server (htmx).
    page.get_by_label("省份").select_option(label="广东省")
    page.locator("#id_city option", has_text="深圳市").wait_for(state="attached")
    page.get_by_label("城市").select_option(label="深圳市")
    page.locator("#id_county option", has_text="南山区").wait_for(state="attached")
    page.get_by_label("区县").select_option(label="南山区")
    page.get_by_label("网站").fill("https://bidui.example.cn")
    page.get_by_label("机构简介").fill("口罩、防护服等个体防护用品的检测与国内外标准比对试验。")
    page.get_by_label("联系人").fill("陈工")
    page.get_by_label("联系电话").fill("0755-26881234")
    page.get_by_label("联系邮箱").fill("bidui@example.cn")

    # Two certificates: the first row is there, the second is added.
    page.locator('[name="certificates-0-kind"]').select_option(label="CNAS 实验室认可")
    page.locator('[name="certificates-0-number"]').fill("L2468")
    page.locator('[name="certificates-0-valid_until"]').fill(date_in_days(500))
    page.locator('[name="certificates-0-scope"]').fill("GB 2626-2019 过滤效率、吸气阻力")
    page.locator('[name="certificates-0-scan"]').set_input_files(pdf_file("CNAS-L2468.pdf"))
    page.get_by_role("button", name="添加证书").click()
    page.locator('[name="certificates-1-kind"]').select_option(label="CMA 检验检测机构资质认定")
    page.locator('[name="certificates-1-number"]').fill("220312345678")
    page.locator('[name="certificates-1-valid_until"]').fill(date_in_days(800))
    page.locator('[name="certificates-1-scope"]').fill("纺织品、个体防护装备")
    page.locator('[name="certificates-1-scan"]').set_input_files(png_file("CMA-220312345678.png"))

    # Two services, each for a category found by searching.
    choose_category(page, 0, "口罩", "日用口罩（C1781）")
    page.locator('[name="services-0-services"][value="product_testing"]').check()
    page.locator('[name="services-0-services"][value="comparison_testing"]').check()
    page.get_by_role("button", name="添加产品类别").click()
    choose_category(page, 1, "针织", "针织服装（C1751）")
    page.locator('[name="services-1-services"][value="standard_verification"]').check()

    page.get_by_label("用户名").fill("bidui-lab")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD + "1")  # a slip: the page comes back with the error
    page.get_by_role("button", name="提交认定申请").click()
    page.locator("[data-held-scan]").nth(1).wait_for()
    kept = page.locator("[data-held-scan]").all_inner_texts()
    assert "CNAS-L2468.pdf" in kept[0] and "CMA-220312345678.png" in kept[1]  # no need to choose them again
    screenshot(page, "register-scans-kept")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    screenshot(page, "register-filled")
    page.get_by_role("button", name="提交认定申请").click()

    page.get_by_role("heading", name="认定申请已提交").wait_for()
    screenshot(page, "register-done")
    institution = Institution.objects.get(uscc=factories.make_uscc(2468, "440300"))
    assert institution.status == "applied"
    assert set(institution.certificates.values_list("number", flat=True)) == {"L2468", "220312345678"}
    assert institution.services.count() == 3

    page.get_by_role("link", name="进入我的机构").click()
    page.wait_for_url("**/institution/")
    assert page.locator("[data-status]").first.inner_text() == "已申请"
    screenshot(page, "my-institution-applied")

    # The campaign office, in its own browser session, accredits it in the admin.
    office_context = browser.new_context(base_url=live_server.url, locale="zh-CN",
                                         viewport={"width": 1280, "height": 900})
    office_page = office_context.new_page()
    office_page.set_default_timeout(15_000)
    try:
        office_page.goto("/accounts/login/?next=/admin/thirdparty/institution/")
        office_page.get_by_label("用户名").fill("office")
        office_page.get_by_label("密码").fill("correct-horse-battery")
        office_page.get_by_role("button", name="登录").click()
        office_page.wait_for_url("**/admin/thirdparty/institution/")
        office_page.get_by_role("link", name="深圳市标准比对检测技术有限公司").wait_for()
        screenshot(office_page, "admin-changelist")
        office_page.get_by_role("link", name="深圳市标准比对检测技术有限公司").click()
        office_page.locator("#review-panel").wait_for()
        screenshot(office_page, "admin-change-page")
        office_page.locator("#review-panel").get_by_role("button", name="认定", exact=True).click()
        office_page.locator(".messagelist .success").wait_for()
        assert "已认定" in office_page.locator(".messagelist .success").inner_text()
        screenshot(office_page, "admin-accredited")
    finally:
        office_context.close()

    page.reload()
    page.locator("[data-status]").first.wait_for()
    assert page.locator("[data-status]").first.inner_text() == "已认定"
    assert page.get_by_text("已列入第三方机构名录").is_visible()
    screenshot(page, "my-institution-accredited")
    institution.refresh_from_db()
    assert institution.status == "accredited" and institution.accredited_at is not None


def test_mistakes_are_shown_where_they_are_and_nothing_is_stored(page, catalogue, screenshot):
    page.goto("/institution/register/")
    page.get_by_label("统一社会信用代码").fill("91440300MA5F")
    page.get_by_label("机构类型").select_option(label="检验检测机构")
    page.get_by_label("机构名称").fill("填错了的检测机构")
    page.get_by_label("省份").select_option(label="广东省")
    page.locator('[name="certificates-0-kind"]').select_option(label="CNAS 实验室认可")
    page.locator('[name="certificates-0-number"]').fill("CNAS-123")
    page.locator('[name="certificates-0-valid_until"]').fill(date_in_days(-3))
    page.locator('[name="certificates-0-scan"]').set_input_files(
        {"name": "scan.png", "mimeType": "image/png", "buffer": b"not really a picture"}
    )
    page.get_by_role("button", name="提交认定申请").click()
    page.locator("#form-errors").wait_for()
    for reason in ("统一社会信用代码应为 18 位", "请选择机构所在的城市", "CNAS 实验室认可证书编号应为字母 L",
                   "已过，请登记仍在有效期内的证书", "不是 PDF、JPEG 或 PNG 文件", "该字段是必填项"):
        assert page.get_by_text(reason).first.is_visible(), reason
    # What was typed stays; the region picker still offers the province's cities.
    assert page.get_by_label("机构名称").input_value() == "填错了的检测机构"
    assert page.locator("#id_city option", has_text="深圳市").count() == 1
    screenshot(page, "register-refused")
    assert not Institution.objects.exists()


def test_an_institution_renews_a_certificate_before_it_runs_out(page, institution_user, institution, screenshot):
    held = certificate(institution, number="L0357", valid_until=in_days(20), scope="口罩")
    page.goto("/accounts/login/?next=/institution/")
    page.get_by_label("用户名").fill("inst")
    page.get_by_label("密码").fill("correct-horse-battery")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/institution/")
    assert page.locator("#certificates").get_by_text("即将到期").is_visible()
    screenshot(page, "expiring")
    page.get_by_role("link", name="管理证书").click()
    page.wait_for_url("**/institution/certificates/")
    page.locator('[name="certificates-0-valid_until"]').fill(date_in_days(900))
    page.locator('[name="certificates-0-scan"]').set_input_files(pdf_file("renewed.pdf"))
    screenshot(page, "renewing")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/institution/")
    assert page.get_by_text("资质证书已保存").is_visible()
    assert page.locator("#certificates").get_by_text("即将到期").count() == 0
    screenshot(page, "renewed")
    held.refresh_from_db()
    assert held.valid_until == in_days(900) and held.scan.name.endswith(".pdf")
