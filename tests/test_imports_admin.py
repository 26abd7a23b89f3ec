"""Imports through the admin as the offices use it: upload, the job page and its live progress,
the job list, error reports and templates; a city office sees its own city's jobs only."""

import io
import uuid

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.downloads import download_url
from core.imports import services
from core.imports.progress import cache_key
from core.models import ImportJob, ImportStatus
from core.tests import hostile_files
from results.models import BenchmarkResult
from tests.import_helpers import result_row, write_xlsx

pytestmark = pytest.mark.django_db

ADD = "admin:core_importjob_add"
LIST = "admin:core_importjob_changelist"


def xlsx_upload(tmp_path, rows, name="深圳结果.xlsx") -> SimpleUploadedFile:
    path = write_xlsx(tmp_path / "upload.xlsx", rows)
    return SimpleUploadedFile(name, path.read_bytes())


def upload(client, plan, file, mode="all_or_nothing"):
    return client.post(reverse(ADD), {"kind": "results", "file": file, "mode": mode,
                                      "results__plan_version": plan.pk})


def test_an_office_uploads_and_follows_the_job_to_its_end(client_for, office, enterprise_a, import_plan,
                                                         tmp_path, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    queued = []
    monkeypatch.setattr("core.tasks.run_import.delay", lambda **kwargs: queued.append(kwargs["job_id"]))
    client = client_for(office)
    page = client.get(reverse(ADD))
    assert page.status_code == 200
    assert "上传并导入" in page.content.decode() and 'name="results__plan_version"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, import_plan, xlsx_upload(tmp_path, [result_row(enterprise_a.uscc, "口罩")]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:core_importjob_change", args=[job.pk])
    assert queued == [job.pk]
    assert (job.status, job.original_name, job.options) == (ImportStatus.QUEUED, "深圳结果.xlsx",
                                                            {"plan_version": import_plan.pk})
    waiting = client.get(response["Location"]).content.decode()
    assert 'hx-get="' in waiting and "every 1s" in waiting and 'value="0"' in waiting
    services.import_job_run(job_id=job.pk)  # what the worker does
    done = client.get(response["Location"]).content.decode()
    assert 'value="100"' in done and "导入成功" in done and "hx-trigger" not in done
    assert import_plan.plan.code in done  # the kind's options, described
    fragment = client.get(reverse("admin:core_importjob_progress", args=[job.pk]))
    assert fragment.status_code == 286  # htmx stops polling
    assert 'data-count="rows_created">1<' in fragment.content.decode()
    assert BenchmarkResult.objects.get().status == "published"


def between(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def test_each_poll_brings_the_duration_and_the_history_along(client_for, office, enterprise_a, import_plan,
                                                             tmp_path, monkeypatch):
    monkeypatch.setattr("core.tasks.run_import.delay", lambda **kwargs: None)
    client = client_for(office)
    upload(client, import_plan, xlsx_upload(tmp_path, [result_row(enterprise_a.uscc, "口罩")]))
    job = ImportJob.objects.get()
    waiting = client.get(reverse("admin:core_importjob_change", args=[job.pk])).content.decode()
    assert between(waiting, 'id="import-duration">', "</span>").strip() == "—"
    assert "导入成功" not in between(waiting, 'id="import-events"', "</table>")
    services.import_job_run(job_id=job.pk)  # the worker runs it while the page stays open
    fragment = client.get(reverse("admin:core_importjob_progress", args=[job.pk])).content.decode()
    # Out-of-band parts of the polled answer: htmx puts them in place of the page's own.
    duration = between(fragment, '<span id="import-duration" hx-swap-oob="true">', "</span>")
    assert "秒" in duration and "—" not in duration
    events = between(fragment, '<div id="import-events" hx-swap-oob="true">', "</table>")
    assert "排队中" in events and "导入成功" in events


def test_the_progress_bar_moves_while_the_job_writes(client_for, office, enterprise_a, import_plan, tmp_path):
    client = client_for(office)
    upload(client, import_plan, xlsx_upload(tmp_path, [result_row(enterprise_a.uscc, "口罩")]))
    job = ImportJob.objects.get()
    # A token of this run only: the cache outlives the test database, whose ids start again.
    token = uuid.uuid4().hex
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, claim_token=token, phase="reading",
                                               heartbeat_at=timezone.now(), rows_total=1000, rows_read=100)
    url = reverse("admin:core_importjob_progress", args=[job.pk])
    first = client.get(url).content.decode()
    assert 'value="12"' in first  # 5 % for checking + 75 % × 100 / 1000
    # The run's pulse publishes fresher counts to the cache while its transaction is open.
    cache.set(cache_key(job.pk), {"token": token, "phase": "writing", "rows_total": 1000, "rows_read": 1000,
                                  "rows_invalid": 0, "rows_written": 500, "heartbeat": 0})
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="89"' in body and "写入数据库" in body and "every 1s" in body
    listing = client.get(reverse(LIST)).content.decode()
    assert "?compact=1" in listing and "every 2s" in listing  # the list's progress cells poll too
    compact = client.get(url + "?compact=1")
    assert compact.status_code == 200 and "89%" in compact.content.decode()


def test_a_rejected_file_offers_its_error_report(client_for, office, enterprise_a, import_plan, tmp_path):
    client = client_for(office)
    upload(client, import_plan, xlsx_upload(tmp_path, [result_row(enterprise_a.uscc, "口罩"), result_row("1", "坏")]))
    job = services.import_job_run(job_id=ImportJob.objects.get().pk)
    assert job.status == ImportStatus.REJECTED
    page = client.get(reverse("admin:core_importjob_change", args=[job.pk])).content.decode()
    assert "下载错误报告" in page and "有 1 行数据有误" in page
    report = client.get(download_url(job, "error_report"))
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0].values)
    assert rows[1][0] == 3 and "统一社会信用代码" in rows[1][1]
    listing = client.get(reverse(LIST)).content.decode()
    assert download_url(job, "error_report") in listing
    assert "office" in listing and "未导入（数据有误）" in listing


def test_a_renamed_executable_is_refused_with_its_reason(client_for, office, import_plan, tmp_path):
    client = client_for(office)
    exe = hostile_files.renamed_exe(tmp_path / "results.xlsx")
    upload(client, import_plan, SimpleUploadedFile("results.xlsx", exe.read_bytes()))
    job = ImportJob.objects.get()
    assert (job.status, job.error_code) == (ImportStatus.FAILED, "executable")
    assert "可执行程序" in client.get(reverse("admin:core_importjob_change", args=[job.pk])).content.decode()


def test_an_upload_over_the_limit_is_not_received(client_for, office, import_plan, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client = client_for(office)
    too_big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024))
    response = upload(client, import_plan, too_big)  # refused by its declared length, nothing read
    assert response.status_code == 200 and "的上限，未被接收" in response.content.decode()
    a_bit_big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"\0" * 5000)
    response = upload(client, import_plan, a_bit_big)  # refused as the file passes the limit
    assert response.status_code == 200 and "文件“big.xlsx”超过" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_plan_is_required_for_results(client_for, office, import_plan, tmp_path):
    client = client_for(office)
    response = client.post(reverse(ADD), {"kind": "results", "mode": "all_or_nothing",
                                          "file": xlsx_upload(tmp_path, [["x"]])})
    assert response.status_code == 200 and "请选择一个已发布的对标方案版本" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_template_of_a_plan_is_downloaded_from_the_upload_page(client_for, office, import_plan):
    client = client_for(office)
    response = client.get(reverse("admin:core_importjob_template"),
                          {"kind": "results", "results__plan_version": import_plan.pk})
    assert response.status_code == 200
    assert f"results-{import_plan.plan.code}-v1.xlsx" in response["Content-Disposition"]
    header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
              .worksheets[0][2]]
    assert header[0] == "统一社会信用代码*" and "阻燃性能（合格/不合格）" in header
    missing = client.get(reverse("admin:core_importjob_template"), {"kind": "results"})
    assert missing.status_code == 302


def test_a_city_office_sees_and_uploads_its_own_jobs_only(client_for, office, city_office_a, city_office_b,
                                                         enterprise_a, import_plan, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [result_row(enterprise_a.uscc, "口罩")])
    mine = services.import_job_create(kind="results", actor=city_office_a, path=path,
                                      options={"plan_version": import_plan.pk}, enqueue=False)
    theirs = services.import_job_create(kind="results", actor=city_office_b, path=path,
                                        options={"plan_version": import_plan.pk}, enqueue=False)
    national = services.import_job_create(kind="results", actor=office, path=path,
                                          options={"plan_version": import_plan.pk}, enqueue=False)
    client = client_for(city_office_a)
    listing = client.get(reverse(LIST))
    assert [job.pk for job in listing.context["cl"].result_list] == [mine.pk]
    for other in (theirs, national):
        assert client.get(reverse("admin:core_importjob_change", args=[other.pk])).status_code == 404
        assert client.get(reverse("admin:core_importjob_progress", args=[other.pk])).status_code == 404
    assert client.get(reverse(ADD)).status_code == 200
    client.force_login(office)
    assert len(client.get(reverse(LIST)).context["cl"].result_list) == 3


def test_enterprises_and_the_public_have_no_admin_imports(client, client_for, enterprise_user_a, import_plan):
    assert client.get(reverse(ADD)).status_code == 302  # to the login page
    assert client_for(enterprise_user_a).get(reverse(ADD)).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_a_job_speaks_its_uploaders_language(office, enterprise_a, import_plan, tmp_path):
    """The run writes on a second thread (its own connection): the uploader's language goes along."""
    path = write_xlsx(tmp_path / "en.xlsx", [result_row(enterprise_a.uscc, "Mask")])
    job = services.import_job_create(kind="results", actor=office, path=path, language="en",
                                     options={"plan_version": import_plan.pk}, enqueue=False)
    job = services.import_job_run(job_id=job.pk)
    assert job.status == ImportStatus.SUCCEEDED, (job.error_code, job.message)
    assert job.message == "Benchmarking results: 1 created and published, 0 updated, 0 unchanged." or \
        job.message.startswith("对标结果")  # before the lead merges the English catalogue
