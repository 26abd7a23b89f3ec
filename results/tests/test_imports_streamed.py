"""A run as a worker does it (PostgreSQL, no caller's transaction): the job's transaction opens
before the first row; a new result goes straight into its table with its values and its report,
a stored one through the staged upserts. Both ways end as one-by-one writes would: the same rows,
counts, events and statistics."""

import threading

import pytest
from django.db import connection, transaction

from core.imports import services
from core.models import ImportMode, ImportStatus
from core.search import text_search
from plans.specs import indicator_keys_for_version
from results.import_kinds import ResultImportKind
from results.models import BenchmarkResult, ResultEvent, StatCount, TestReport
from results.selectors import RESULT_TEXT, indicator_value_count
from results.services import statistics
from results.services.imported import ResultWriter
from tests import public_scene as scene
from tests.import_helpers import REPORT, result_row

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="rows are written while reading on PostgreSQL"),
]


def run(actor, path, plan):
    job = services.import_job_create(kind="results", actor=actor, path=path, options={"plan_version": plan.pk},
                                     mode=ImportMode.ALL_OR_NOTHING, enqueue=False)
    return services.import_job_run(job_id=job.pk)


def stored(product: str) -> tuple:
    result = BenchmarkResult.objects.get(product_name=product)
    keys = indicator_keys_for_version(result.plan_version)
    values = sorted((keys[v.plan_indicator_id], v.condition, v.tested_value, v.declared_value, v.passed, v.unit)
                    for v in result.values)
    return result.status, result.level, result.published_at.date().isoformat(), values


def counted() -> dict:
    """The cells deltas keep (the summary's and the enterprises' counts are recounted)."""
    return {(c.dimension, c.scope, c.key, c.level): c.count for c in StatCount.objects.all()
            if c.dimension not in (statistics.SUMMARY, statistics.ENTERPRISES) and c.count}


def test_new_and_stored_rows_in_one_streamed_run(office, enterprise_a, import_plan, xlsx_file, settings,
                                                 monkeypatch):
    settings.IMPORT_WRITE_CHUNK = 2  # staged rows upserted while the file is read
    straight, write_new = [], ResultWriter._write_new

    def spy(self, records):
        stored_already = write_new(self, records)
        straight.append(len(records) - len(stored_already))
        return stored_already

    monkeypatch.setattr(ResultWriter, "_write_new", spy)
    lab = scene.institution(REPORT[1])
    first = run(office, xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]), import_plan)
    assert (first.status, first.rows_created) == (ImportStatus.SUCCEEDED, 3), first.message
    assert straight == [3]
    before = {product: stored(product) for product in ("口罩0", "口罩1")}

    # 口罩0 the same, 口罩1 fails GB 2626 now (360 Pa), 口罩3–5 new, in the file's order.
    rows = [result_row(enterprise_a.uscc, "口罩5"), result_row(enterprise_a.uscc, "口罩0"),
            result_row(enterprise_a.uscc, "口罩3", date="2023-07-02"),
            result_row(enterprise_a.uscc, "口罩1", r85=360), result_row(enterprise_a.uscc, "口罩4", r85=210)]
    job = run(office, xlsx_file(rows), import_plan)
    assert (job.status, job.rows_created, job.rows_updated, job.rows_unchanged) == (
        ImportStatus.SUCCEEDED, 3, 1, 1), job.message
    assert straight == [3, 3]  # the new rows straight into their tables; 口罩0 and 口罩1 staged

    assert stored("口罩0") == before["口罩0"]
    status, level, _date, values = stored("口罩1")
    assert (status, level) == ("published", "not_attained") and ("inhalation", "85 L/min", 360.0) in [
        value[:3] for value in values]
    assert stored("口罩3")[:3] == ("published", "leading", "2023-07-02")
    assert stored("口罩3")[3] == stored("口罩0")[3]  # the same values, written straight into their table
    assert ("inhalation", "85 L/min", 210.0) in [value[:3] for value in stored("口罩4")[3]]
    new = list(BenchmarkResult.objects.filter(product_name__in=["口罩5", "口罩3", "口罩4"]).order_by("pk")
               .values_list("product_name", flat=True))
    assert new == ["口罩5", "口罩3", "口罩4"]  # ids in the file's order, as the list shows them

    reports = TestReport.objects.filter(result__product_name__in=new)
    assert reports.count() == 3 and all(report.covers_all_tested and report.institution == lab
                                        for report in reports)
    assert TestReport.objects.count() == 6
    events = ResultEvent.objects.filter(to_status="published")
    assert events.count() == 6 and set(events.values_list("from_status", flat=True)) == {""}
    assert indicator_value_count() == 6 * 5

    statistics.stats_apply_pending()
    folded = counted()
    statistics.stats_rebuild()
    assert folded == counted()


def test_the_same_file_again_writes_nothing(office, enterprise_a, import_plan, xlsx_file):
    path = xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(4)])
    run(office, path, import_plan)
    again = run(office, path, import_plan)
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 4)
    assert BenchmarkResult.objects.count() == 4 and ResultEvent.objects.count() == 4


def test_a_copied_result_is_found_through_the_index_of_its_text(office, enterprise_a, import_plan, xlsx_file):
    run(office, xlsx_file([result_row(enterprise_a.uscc, f"KN95 口罩 {n}") for n in range(3)]), import_plan)
    found = BenchmarkResult.objects.filter(text_search("口罩", RESULT_TEXT))
    # The index, not a reading of the whole (tiny) table; in a transaction, which SET LOCAL needs.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        assert "result_search_pairs" in found.explain()
        assert found.count() == 3


def test_a_product_saved_in_the_portal_meanwhile_refuses_the_file_and_writes_nothing(
        office, enterprise_a, import_plan, xlsx_file, monkeypatch):
    # The rows are looked up and found new; before they are written, the enterprise saves one of
    # the file's products in its portal (which takes no import lock).
    check_existing = ResultImportKind._check_existing

    def checked_then_saved(self, context, rows):
        check_existing(self, context, rows)

        def save():
            BenchmarkResult.objects.create(enterprise=enterprise_a, plan_version=import_plan, product_name="口罩1",
                                           brand="甲牌", model="A-1", category=import_plan.plan.category,
                                           industry_id=import_plan.plan.category.industry_id,
                                           city_id=enterprise_a.city_id, province_id=enterprise_a.province_id)
            connection.close()

        thread = threading.Thread(target=save)
        thread.start()
        thread.join()

    monkeypatch.setattr(ResultImportKind, "_check_existing", checked_then_saved)
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]), import_plan)
    assert (job.status, job.error_code) == (ImportStatus.FAILED, "changed_meanwhile")
    assert "导入期间有用户保存了同一产品" in job.message
    assert list(BenchmarkResult.objects.values_list("product_name", "status")) == [("口罩1", "draft")]
    assert not ResultEvent.objects.exists() and indicator_value_count() == 0
