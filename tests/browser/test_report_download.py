"""A city office opens an enterprise's test report from the admin's result page, in a real
browser with DEBUG off (as in production, where nothing serves /media/): the link is the download
view's, and the PDF comes back inline, sandboxed and never sniffed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.downloads import download_url
from results import services
from tests.helpers import make_result
from tests.upload_files import real_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
PDF = real_pdf(2)


def test_a_city_office_opens_a_report_from_the_admin_result_page(
    page, settings, tmp_path, respirator_plan, city_office_a, enterprise_user_a, screenshot
):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path / "media"
    result = make_result(enterprise_user_a, respirator_plan, "深圳甲 KN95 口罩", submit=False)
    report = services.result_add_report(
        actor=enterprise_user_a, result=result, report_number="SZ-2023-001", issued_on=dt.date(2023, 5, 1),
        issuer_name="某检测中心", upload=SimpleUploadedFile("report.pdf", PDF),
    )
    services.result_submit(actor=enterprise_user_a, result=result)

    page.goto("/admin/")
    page.locator("#id_username").fill(city_office_a.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/admin/results/benchmarkresult/{result.pk}/change/")
    link = page.locator(f'a[href="{download_url(report, "file")}"]')
    assert link.count() == 1 and not page.locator('a[href^="/media/"]').count()
    screenshot(page, "result-with-report-link")

    with page.expect_response(lambda response: "/files/" in response.url) as answer:
        link.click()
    response = answer.value
    assert response.status == 200
    headers = response.all_headers()  # .headers leaves the security headers out
    assert headers["content-type"] == "application/pdf" and headers["x-content-type-options"] == "nosniff"
    assert headers["content-security-policy"] == "sandbox"
    assert headers["content-disposition"].startswith("inline; ")
    # The bytes are the uploaded PDF (fetched again with the browser's own session).
    assert page.request.get(download_url(report, "file")).body() == PDF
