"""An enterprise imports its own results through its portal: the plan's template, the upload, the
job page with its progress, the error report; nobody else sees its jobs."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.downloads import download_url
from core.imports import services
from core.models import ImportJob, ImportStatus
from results.models import BenchmarkResult
from tests.import_helpers import result_row, write_xlsx

pytestmark = pytest.mark.django_db


def test_an_enterprise_downloads_its_plans_template(client_for, enterprise_user_a, import_plan):
    client = client_for(enterprise_user_a)
    page = client.get(reverse("results:result_imports")).content.decode()
    assert import_plan.plan.title_zh in page and "下载所选方案的模板" in page
    response = client.get(reverse("results:result_import_template"), {"plan_version": import_plan.pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    header = [cell.value for cell in sheet[2]]
    assert header[0] == "统一社会信用代码" and "发布日期" not in header  # its own rows, drafts
    missing = client.get(reverse("results:result_import_template"), follow=True)
    assert "请选择一个已发布的对标方案版本" in missing.content.decode()


def test_an_enterprise_uploads_its_rows_and_follows_the_job(client_for, enterprise_user_a, import_plan, tmp_path):
    client = client_for(enterprise_user_a)
    rows = [result_row("", "口罩一"), result_row("", "口罩二"), result_row("x", "坏")]
    path = write_xlsx(tmp_path / "mine.xlsx", rows)
    response = client.post(reverse("results:result_imports"), {
        "plan_version": import_plan.pk, "mode": "valid_rows",
        "file": SimpleUploadedFile("我的结果.xlsx", path.read_bytes()),
    })
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("results:result_import", args=[job.pk])
    assert job.owner == f"enterprise:{enterprise_user_a.enterprise_id}"
    page = client.get(response["Location"]).content.decode()
    assert "every 1s" in page and "我的结果.xlsx" in page
    services.import_job_run(job_id=job.pk)
    progress = client.get(reverse("results:result_import_progress", args=[job.pk]))
    assert progress.status_code == 286
    body = progress.content.decode()
    assert "部分导入" in body and download_url(job, "error_report") in body
    report = client.get(download_url(job, "error_report"))
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0].values)
    assert rows[1][0] == 4 and "统一社会信用代码" in rows[1][1]
    assert sorted(BenchmarkResult.objects.values_list("product_name", "status")) == [
        ("口罩一", "draft"), ("口罩二", "draft")]
    listing = client.get(reverse("results:result_imports")).content.decode()
    assert "我的结果.xlsx" in listing and "部分导入" in listing
    assert reverse("results:result_imports") in client.get(reverse("results:my_results")).content.decode()


def test_an_upload_without_a_plan_is_refused(client_for, enterprise_user_a, import_plan, tmp_path):
    client = client_for(enterprise_user_a)
    path = write_xlsx(tmp_path / "mine.xlsx", [result_row("", "口罩")])
    response = client.post(reverse("results:result_imports"), {
        "mode": "all_or_nothing", "file": SimpleUploadedFile("a.xlsx", path.read_bytes())})
    assert response.status_code == 422 and "请选择一个已发布的对标方案" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_limit_is_refused_on_the_page_and_the_token_is_still_checked(
        enterprise_user_a, import_plan, settings, tmp_path):
    """The upload is capped before the CSRF check would read it: an oversized file gets the page
    with the reason (not a bare 413 or 403), and a received one still needs the form's token."""
    from django.test import Client

    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_REQUEST_BYTES = 2000, 3000
    client = Client(enforce_csrf_checks=True)
    client.force_login(enterprise_user_a)
    page = client.get(reverse("results:result_imports"))
    token = page.cookies["csrftoken"].value
    data = {"plan_version": import_plan.pk, "mode": "all_or_nothing", "csrfmiddlewaretoken": token}
    big = client.post(reverse("results:result_imports"),
                      {**data, "file": SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * 10_000)})
    assert big.status_code == 413 and "的上限，未被接收" in big.content.decode() and "方案" in big.content.decode()
    path = write_xlsx(tmp_path / "small.xlsx", [result_row("", "口罩")])
    settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_REQUEST_BYTES = 10**6, 2 * 10**6
    without_token = client.post(reverse("results:result_imports"), {
        **data, "csrfmiddlewaretoken": "", "file": SimpleUploadedFile("small.xlsx", path.read_bytes())})
    assert without_token.status_code == 403
    received = client.post(reverse("results:result_imports"),
                           {**data, "file": SimpleUploadedFile("small.xlsx", path.read_bytes())})
    assert received.status_code == 302 and ImportJob.objects.count() == 1


def test_another_enterprises_job_does_not_exist(client_for, enterprise_user_a, enterprise_user_b, import_plan,
                                              tmp_path):
    path = write_xlsx(tmp_path / "mine.xlsx", [result_row("", "口罩")])
    job = services.import_job_create(kind="results", actor=enterprise_user_a, path=path,
                                     options={"plan_version": import_plan.pk}, enqueue=False)
    services.import_job_run(job_id=job.pk)
    client = client_for(enterprise_user_b)
    for name in ("result_import", "result_import_progress"):
        assert client.get(reverse(f"results:{name}", args=[job.pk])).status_code == 404
    for field in ("file", "error_report"):
        assert client.get(download_url(job, field)).status_code == 404
    assert "mine.xlsx" not in client.get(reverse("results:result_imports")).content.decode()
    assert ImportJob.objects.get().status == ImportStatus.SUCCEEDED


def test_the_import_list_costs_the_same_queries_for_one_job_or_many(client_for, enterprise_user_a, import_plan,
                                                                    tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    path = write_xlsx(tmp_path / "mine.xlsx", [result_row("", "口罩")])
    client = client_for(enterprise_user_a)

    def create_job():
        services.import_job_create(kind="results", actor=enterprise_user_a, path=path,
                                   options={"plan_version": import_plan.pk}, enqueue=False)

    create_job()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("results:result_imports"))
    for _ in range(5):
        create_job()
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("results:result_imports"))
    assert len(many) == len(one)
