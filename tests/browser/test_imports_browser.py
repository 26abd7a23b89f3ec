"""The campaign office imports a city's results file in the admin, as a person would, and watches
the progress bar fill while a real worker imports it."""

import csv
import time

import pytest
from playwright.sync_api import expect

from core.models import ImportJob, ImportStatus
from results.models import BenchmarkResult
from tests import factories
from tests.import_helpers import HEADER, result_row

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
ROWS = 24_000  # long enough for the bar, polled every second, to be seen between 0 and 100


@pytest.fixture
def worker(monkeypatch, request):
    monkeypatch.setenv("IMPORT_PULSE_SECONDS", "0.2")
    monkeypatch.setenv("IMPORT_WRITE_CHUNK", "1000")
    return request.getfixturevalue("celery_worker_process")


@pytest.fixture
def city_file(import_plan, tmp_path):
    enterprises = [factories.EnterpriseFactory() for _ in range(20)]
    path = tmp_path / "深圳市2023年对标结果.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(ROWS):
            writer.writerow(result_row(enterprises[n % 20].uscc, f"口罩{n}", model=f"M-{n}"))
    return import_plan, path


def test_an_upload_in_the_admin_shows_its_progress_to_the_end(page, live_server, office, city_file, worker,
                                                              screenshot):
    plan, path = city_file
    page.goto("/admin/")
    page.locator("#id_username").fill("office")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/admin/core/importjob/add/?kind=results&results__plan_version={plan.pk}")
    assert page.get_by_role("heading", name="上传导入文件").is_visible()
    assert plan.plan.code in page.locator(".field-results__plan_version").inner_text()
    page.locator("#id_file").set_input_files(str(path))
    screenshot(page, "upload-page")
    page.locator("#import-submit").click()
    page.wait_for_url("**/admin/core/importjob/*/change/")
    bar = page.locator("#import-progress progress")
    bar.wait_for()
    seen = []
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        percent = int(page.locator("#import-progress").get_attribute("data-percent"))
        if not seen or seen[-1] != percent:
            seen.append(percent)
            if 0 < percent < 100 and len(seen) == 2:
                screenshot(page, "progress-moving")
        if percent == 100:
            break
        time.sleep(0.1)
    assert seen[-1] == 100, seen
    assert any(0 < percent < 100 for percent in seen), f"the bar never moved between 0 and 100: {seen}"
    assert seen == sorted(seen)
    assert bar.get_attribute("value") == "100"
    outcome = page.locator("#import-outcome")
    assert "导入成功" in outcome.inner_text() and f"新增并发布 {ROWS} 条" in outcome.inner_text()
    # The duration and the history came with the polls: the page was never reloaded.
    expect(page.locator("#import-events")).to_contain_text("导入成功")
    expect(page.locator("#import-duration")).to_contain_text("秒")
    screenshot(page, "finished")
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED and BenchmarkResult.objects.count() == ROWS
    page.goto("/admin/core/importjob/")
    row = page.locator("#result_list tbody tr").first
    assert "导入成功" in row.inner_text() and "office" in row.inner_text()
    screenshot(page, "job-list")
