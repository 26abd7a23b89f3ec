"""Exports of any size: a CSV is streamed at the database's pace when it fits in an answer, else
it becomes an export job, as every XLSX does; an export never answers 200 and stops short."""

import csv
import datetime as dt
import io
import os
import time

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from python_calamine import CalamineWorkbook

from core.export_jobs import export_job_run, export_jobs_sweep
from core.models import ExportJob, ExportStatus
from results.models import BenchmarkResult
from tests.helpers import export_answer, make_results

pytestmark = pytest.mark.django_db


def csv_ids(content: bytes) -> list[int]:
    return [int(row["id"]) for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))]


def xlsx_ids(content: bytes) -> list[int]:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet[0][0] == "id"
    return [int(row[0]) for row in sheet[1:]]


def list_ids(client, params: dict) -> list[int]:
    return [row["id"] for row in client.get("/api/v1/results/", {**params, "page_size": 100}).json()["results"]]


@pytest.fixture
def published(plan, enterprise_user_a, office):
    results = make_results(enterprise_user_a, plan, 5, publish=True, office=office)
    # Ties on the publication time: the list's order breaks them by id, and so must the export.
    BenchmarkResult.objects.filter(pk__in=[r.pk for r in results[:3]]).update(published_at=timezone.now())
    return results


def test_a_csv_longer_than_an_answer_may_take_becomes_a_job_never_a_cut_200(client, published, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    response = client.get("/api/v1/results/", {"format": "csv", "ordering": "product_name"})
    assert response.status_code == 202 and not getattr(response, "streaming", False)
    state = response.json()
    assert state["status"] == ExportStatus.QUEUED and state["download"] is None
    assert response["Location"] == state["url"] and "/exports/" in state["url"]
    job = ExportJob.objects.get()
    assert (job.path, job.query, job.file_format) == ("/api/v1/results/", "ordering=product_name", "csv")
    export_job_run(job_id=job.pk)
    state = client.get(state["url"]).json()
    assert (state["status"], state["rows_done"], state["rows_total"], state["progress"]) == ("succeeded", 5, 5, 1.0)
    download = client.get(state["download"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert csv_ids(b"".join(download.streaming_content)) == list_ids(client, {"ordering": "product_name"})


def test_a_short_csv_is_streamed_with_the_lists_rows_in_its_order(client, published):
    response = client.get("/api/v1/results/", {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert csv_ids(b"".join(response.streaming_content)) == list_ids(client, {})
    filtered = client.get("/api/v1/results/", {"format": "csv", "q": "口罩P1"})
    assert csv_ids(b"".join(filtered.streaming_content)) == [published[1].pk]


def test_each_exported_row_says_what_the_api_says(client, published):
    """The rows are read as plain values, not through the serializer: the same text all the same."""
    exported = list(csv.DictReader(io.StringIO(
        b"".join(client.get("/api/v1/results/", {"format": "csv"}).streaming_content).decode("utf-8-sig"))))
    listed = client.get("/api/v1/results/", {"page_size": 100}).json()["results"]
    assert exported == [{key: "" if value is None else str(value) for key, value in row.items()} for row in listed]
    assert exported[0]["published_at"].endswith("+08:00")  # the platform's time zone, as the API writes it


def test_the_streamed_csv_costs_the_same_queries_for_any_number_of_rows(client, plan, enterprise_user_a, office):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/results/", {"format": "csv", "page_size": 1})
            body = b"".join(response.streaming_content)
        return len(captured), len(csv_ids(body))

    make_results(enterprise_user_a, plan, 2, publish=True, office=office)
    few = queries()
    BenchmarkResult.objects.update(product_name=Concat(F("product_name"), Value("（旧）")))  # free the names
    make_results(enterprise_user_a, plan, 9, publish=True, office=office)
    many = queries()
    assert (few[1], many[1]) == (2, 11)
    assert many[0] == few[0] <= 8  # no query per row


def test_an_xlsx_is_a_job_whatever_its_size(client, published):
    response = export_answer(client, "/api/v1/results/", {"format": "xlsx", "level": "attained"})
    assert response.status_code == 200
    assert xlsx_ids(b"".join(response.streaming_content)) == list_ids(client, {"level": "attained"})


def test_the_same_export_asked_again_is_the_same_job(client, published):
    first = client.get("/api/v1/results/", {"format": "xlsx"}).json()["url"]
    again = client.get("/api/v1/results/", {"format": "xlsx"}).json()["url"]
    other = client.get("/api/v1/results/", {"format": "xlsx", "level": "attained"}).json()["url"]
    assert first == again != other and ExportJob.objects.count() == 2


def test_the_workers_are_not_flooded_with_exports(client, published, settings):
    settings.EXPORT_MAX_PENDING = 2
    for level in ("attained", "leading"):
        assert client.get("/api/v1/results/", {"format": "xlsx", "level": level}).status_code == 202
    refused = client.get("/api/v1/results/", {"format": "xlsx", "level": "not_attained"})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "导出任务已排满" in refused.json()["detail"] and ExportJob.objects.count() == 2
    again = client.get("/api/v1/results/", {"format": "xlsx", "level": "attained"})
    assert again.status_code == 202  # the same request is the same job, whatever the queue


def test_a_job_whose_worker_died_runs_again_and_frees_its_place(client, published, settings):
    settings.EXPORT_MAX_PENDING = 1
    state = client.get("/api/v1/results/", {"format": "xlsx"}).json()
    job = ExportJob.objects.get()
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, started_at=timezone.now())
    assert export_job_run(job_id=job.pk).status == ExportStatus.RUNNING  # redelivered while it runs: once
    assert client.get("/api/v1/results/", {"format": "xlsx", "level": "attained"}).status_code == 429
    ExportJob.objects.filter(pk=job.pk).update(started_at=timezone.now() - dt.timedelta(minutes=20))
    assert client.get("/api/v1/results/", {"format": "xlsx", "level": "attained"}).status_code == 202
    assert export_job_run(job_id=job.pk).status == ExportStatus.SUCCEEDED  # its worker died: run again
    assert client.get(state["url"]).json()["download"]


def test_a_forged_filter_is_refused_before_any_job(client, published):
    response = client.get("/api/v1/results/", {"format": "xlsx", "ordering": "password"})
    assert response.status_code == 400 and not ExportJob.objects.exists()
    assert response["Content-Type"] == "application/json" and response.json()["fields"]["ordering"]


def test_an_unknown_or_unfinished_job_has_no_file(client, published):
    assert client.get("/exports/not-a-token/").status_code == 404
    state = client.get("/api/v1/results/", {"format": "xlsx"}).json()
    assert client.get(state["url"].replace("/exports/", "/exports/x")).status_code == 404
    assert client.get(state["url"] + "file/").status_code == 404  # queued: nothing to download yet


def test_an_xlsx_longer_than_a_sheet_fails_with_the_reason(client, published, monkeypatch):
    monkeypatch.setattr("core.export_jobs.XLSX_MAX_ROWS", 4)
    state = client.get("/api/v1/results/", {"format": "xlsx"}).json()
    export_job_run(job_id=ExportJob.objects.get().pk)
    state = client.get(state["url"]).json()
    assert state["status"] == "failed" and state["download"] is None
    assert "超过 Excel 工作表 4 行的上限：请导出 CSV" in state["message"]


def test_old_jobs_are_swept_with_their_files(client, published):
    response = export_answer(client, "/api/v1/results/", {"format": "xlsx"})
    assert response.status_code == 200
    job = ExportJob.objects.get()
    path = job.file.path
    assert export_jobs_sweep() == 0
    assert export_jobs_sweep(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert not ExportJob.objects.exists() and not os.path.exists(path)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_export_and_its_progress(client, published, celery_worker_process):
    response = client.get("/api/v1/results/", {"format": "xlsx"})
    assert response.status_code == 202
    deadline = time.monotonic() + 60
    state = client.get(response["Location"]).json()
    while state["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        state = client.get(response["Location"]).json()
    assert state["status"] == "succeeded", (state, celery_worker_process.log_path.read_text()[-2000:])
    assert state["rows_done"] == state["rows_total"] == 5
    download = client.get(state["download"])
    assert xlsx_ids(b"".join(download.streaming_content)) == list_ids(client, {})
