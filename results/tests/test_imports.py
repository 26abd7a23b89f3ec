"""Importing benchmark results from Excel and CSV (results.import_kinds, written by results.services.imported)."""

import datetime as dt
import json

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import public_cache
from core.imports import services
from core.imports.template import write_template
from core.models import ImportJob, ImportMode, ImportStatus, ReviewStatus
from plans.models import PlanIndicator
from plans.specs import indicator_keys_for_version
from results import services as result_services
from results.evaluation import evaluate_values
from results.import_kinds import ResultImportKind, VerdictCache, plan_slots
from results.models import BenchmarkResult, ResultEvent, StatCount, StatDelta
from results.selectors import indicator_value_count
from results.services import statistics
from tests import factories
from tests import public_scene as scene
from tests.helpers import attach_report
from tests.import_helpers import HEADER, result_row, write_csv
from verdict import Measurement, evaluate

pytestmark = pytest.mark.django_db


def run(actor, path, plan, *, mode=ImportMode.ALL_OR_NOTHING) -> ImportJob:
    job = services.import_job_create(
        kind="results", actor=actor, path=path, options={"plan_version": plan.pk}, mode=mode, enqueue=False
    )
    return services.import_job_run(job_id=job.pk)


def report_rows(job: ImportJob) -> list[tuple]:
    workbook = openpyxl.load_workbook(job.error_report.path, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows


def stored(result: BenchmarkResult) -> dict:
    keys = indicator_keys_for_version(result.plan_version)
    return {(keys[v.plan_indicator_id], v.condition): (v.declared_value, v.tested_value, v.passed, v.unit)
            for v in result.values}


# --- a clean file -----------------------------------------------------------------------------------

def test_a_clean_file_publishes_every_row_with_its_verdict(office, enterprise_a, enterprise_b, import_plan,
                                                            xlsx_file):
    path = xlsx_file([
        result_row(enterprise_a.uscc, "KN95 口罩", r85=200),
        result_row(enterprise_b.uscc, "KN95 口罩", r85=360, date=45047.0),  # GB 2626's 350 Pa is exceeded
        result_row(enterprise_a.uscc, "KN95 口罩", model="A-2", f85=95, f95=94, r85=350, r95=2.4),
    ])
    job = run(office, path, import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert (job.rows_read, job.rows_invalid, job.rows_created, job.rows_updated, job.rows_unchanged) == (3, 0, 3, 0, 0)
    results = {(r.enterprise_id, r.model): r for r in BenchmarkResult.objects.all()}
    first = results[(enterprise_a.pk, "A-1")]
    assert first.status == ReviewStatus.PUBLISHED
    assert (first.city_id, first.province_id) == ("440300", "440000")
    assert first.category_id == import_plan.plan.category_id and first.enterprise_standard == "Q/SZJ 001-2023"
    assert timezone.localtime(first.published_at).date() == dt.date(2023, 5, 1)
    assert first.created_at == first.published_at  # a historical result keeps its date
    assert stored(first) == {  # a value in the plan's unit is stored without it, one in another with its own
        ("filtration", "85 L/min"): (95.0, 96.5, None, ""),
        ("filtration", "95 L/min"): (None, 95.5, None, ""),
        ("inhalation", "85 L/min"): (350.0, 200.0, None, ""),
        ("inhalation", "95 L/min"): (None, 2.0, None, "mbar"),
        ("flame", ""): (None, None, True, ""),
    }
    # The level is exactly what the portal's services compute from the stored values.
    for result in results.values():
        expected = evaluate_values(import_plan, result.values)
        assert result.level == expected.level.value
    assert first.level == "leading"
    # EN 149 is the benchmark, but GB 2626 is mandatory: exceeding its 350 Pa is never attained.
    assert results[(enterprise_b.pk, "A-1")].level == "not_attained"
    assert results[(enterprise_a.pk, "A-2")].level == "attained"  # at the limits: equal, not stricter
    event = ResultEvent.objects.get(result=first)
    assert (event.from_status, event.to_status, event.actor_id) == ("", "published", office.pk)
    assert [(e.from_status, e.to_status) for e in job.events.order_by("id")] == [
        ("", "queued"), ("queued", "running"), ("running", "succeeded")]


def test_importing_the_same_file_again_changes_nothing(office, enterprise_a, import_plan, xlsx_file):
    path = xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(5)])
    assert run(office, path, import_plan).rows_created == 5
    before = list(BenchmarkResult.objects.order_by("pk").values_list("pk", "updated_at", "level", "published_at"))
    values_before = list(BenchmarkResult.objects.order_by("pk").values_list("pk", "values"))
    events_before = ResultEvent.objects.count()
    again = run(office, path, import_plan)
    assert again.status == ImportStatus.SUCCEEDED
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 5)
    assert list(BenchmarkResult.objects.order_by("pk").values_list("pk", "updated_at", "level", "published_at")) \
        == before
    assert list(BenchmarkResult.objects.order_by("pk").values_list("pk", "values")) == values_before
    assert ResultEvent.objects.count() == events_before


def _staged_by_the_writer(monkeypatch) -> list[int]:
    """How many records each ``stage`` call of the results' writer receives."""
    from results.services.imported import ResultWriter

    staged, stage = [], ResultWriter.stage

    def counted(self, records):
        staged.append(len(records))
        return stage(self, records)

    monkeypatch.setattr(ResultWriter, "stage", counted)
    return staged


def test_rows_stored_exactly_so_are_not_written_at_all(office, enterprise_a, import_plan, xlsx_file, monkeypatch):
    path = xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(4)])
    assert run(office, path, import_plan).rows_created == 4
    staged = _staged_by_the_writer(monkeypatch)
    again = run(office, path, import_plan)
    assert (again.rows_created, again.rows_updated, again.rows_unchanged) == (0, 0, 4)
    assert sum(staged) == 0  # told unchanged by the look-up of stored results: nothing reaches the writer


ROW_CHANGES = {"report": {"report": ("WT2023-0999", "国家劳动防护用品质量检验检测中心", "2023-04-21")},
               "date": {"date": "2023-06-01"}, "value": {"f85": 97.5}}


@pytest.mark.parametrize("change", sorted(ROW_CHANGES))
def test_a_row_differing_only_in_its_report_date_or_value_is_still_written(change, office, enterprise_a,
                                                                          import_plan, xlsx_file, monkeypatch):
    run(office, xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]), import_plan)
    rows = [result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]
    rows[1] = result_row(enterprise_a.uscc, "口罩1", **ROW_CHANGES[change])
    staged = _staged_by_the_writer(monkeypatch)
    job = run(office, xlsx_file(rows), import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert sum(staged) == 1
    result = BenchmarkResult.objects.get(product_name="口罩1")
    if change == "report":  # the result as it was, its new report added
        assert (job.rows_updated, job.rows_unchanged) == (0, 3)
        assert sorted(result.reports.values_list("report_number", flat=True)) == ["WT2023-0412", "WT2023-0999"]
    elif change == "date":
        assert (job.rows_updated, job.rows_unchanged) == (1, 2)
        assert timezone.localtime(result.published_at).date() == dt.date(2023, 6, 1)
    else:
        assert (job.rows_updated, job.rows_unchanged) == (1, 2)
        assert stored(result)[("filtration", "85 L/min")][1] == 97.5


def test_rows_are_looked_up_only_in_a_version_that_holds_results(office, enterprise_a, import_plan, xlsx_file,
                                                                monkeypatch):
    from results.import_kinds import kind as result_kind

    looked_up, look_up = [], result_kind.stored_results_by_key

    def counted(version_id, keys):
        looked_up.append(len(keys))
        return look_up(version_id, keys)

    monkeypatch.setattr(result_kind, "stored_results_by_key", counted)
    path = xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)])
    assert run(office, path, import_plan).rows_created == 3
    assert looked_up == []  # the version held no result: every row is new
    again = run(office, path, import_plan)
    assert (again.rows_created, again.rows_unchanged, looked_up) == (0, 3, [3])


def test_a_changed_row_updates_that_result_only(office, enterprise_a, import_plan, xlsx_file):
    run(office, xlsx_file([result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]), import_plan)
    changed = [result_row(enterprise_a.uscc, f"口罩{n}") for n in range(3)]
    changed[1] = result_row(enterprise_a.uscc, "口罩1", flame="")
    job = run(office, xlsx_file(changed), import_plan, mode=ImportMode.VALID_ROWS)
    assert job.status == ImportStatus.PARTIAL  # a publishing import needs every value, as a submission does
    assert (job.rows_invalid, job.rows_unchanged) == (1, 2)
    assert "阻燃性能" in report_rows(job)[1][1]
    changed[1] = result_row(enterprise_a.uscc, "口罩1", f85=93.0, r95="")  # fails GB 2626; drops a value
    job = run(office, xlsx_file(changed), import_plan)
    assert (job.rows_created, job.rows_updated, job.rows_unchanged) == (0, 1, 2)
    result = BenchmarkResult.objects.get(product_name="口罩1")
    assert result.level == "not_attained"
    assert ("inhalation", "95 L/min") not in stored(result)
    assert stored(result)[("filtration", "85 L/min")] == (95.0, 93.0, None, "")
    assert result.level == evaluate_values(import_plan, result.values).level.value
    assert ResultEvent.objects.filter(result=result).count() == 1  # its status did not change


# --- bad rows -------------------------------------------------------------------------------------

def test_every_error_of_every_bad_row_is_reported_and_nothing_is_written(office, enterprise_a, import_plan,
                                                                        xlsx_file):
    unknown = factories.make_uscc(999_999)
    rows = [
        result_row(enterprise_a.uscc, "好的一行"),
        result_row("12345", "坏代码", f85="九十五"),  # line 4: two errors in one row
        result_row(unknown, "没注册的企业"),
        result_row(enterprise_a.uscc, "", f95="≤94"),  # no product; "≤" on a higher-is-better value
        result_row(enterprise_a.uscc, "单位不对", r85="200 kg"),
        result_row(enterprise_a.uscc, "缺值", flame=""),
        result_row(enterprise_a.uscc, "日期不对", date="明天"),
        result_row(enterprise_a.uscc, "好的一行"),  # the same product as line 3
        result_row(enterprise_a.uscc, "标准号不对", standard="Q/"),
    ]
    job = run(office, xlsx_file(rows, title_rows=["2023 年度对标结果汇总"]), import_plan)
    assert job.status == ImportStatus.REJECTED
    assert (job.rows_read, job.rows_invalid, job.rows_written) == (9, 8, 0)
    assert BenchmarkResult.objects.count() == 0 and ResultEvent.objects.count() == 0
    report = report_rows(job)
    assert report[0][:3] == ("行号", "错误原因", HEADER[0])
    reasons = {line: reason for line, reason, *_cells in report[1:]}
    assert sorted(reasons) == [4, 5, 6, 7, 8, 9, 10, 11]  # row 1 is the title, row 2 the header
    assert "统一社会信用代码：统一社会信用代码应为 18 位" in reasons[4] and "“九十五”不是数字" in reasons[4]
    assert f"未找到统一社会信用代码为 {unknown} 的企业" in reasons[5]
    assert "产品名称：不能为空" in reasons[6] and "“≤”不适用于此指标" in reasons[6]
    assert "单位“kg”无法换算为方案的单位“Pa”" in reasons[7]
    assert "没有可比对的数值：阻燃性能：未填写数值，无法与 EN 149:2001+A1:2009 比对" in reasons[8]
    assert "发布日期" in reasons[9] and "不是日期" in reasons[9]
    assert "与第 3 行重复" in reasons[10]
    assert "执行标准" in reasons[11]
    original = next(row for row in report if row[0] == 5)
    assert list(original[2:5]) == [unknown, None, "没注册的企业"]  # the row as it was, to correct and re-upload
    assert "有 8 行数据有误" in job.message


def test_valid_rows_mode_imports_the_good_rows(office, enterprise_a, import_plan, xlsx_file):
    rows = [result_row(enterprise_a.uscc, "好1"), result_row("bad", "坏"), result_row(enterprise_a.uscc, "好2")]
    job = run(office, xlsx_file(rows), import_plan, mode=ImportMode.VALID_ROWS)
    assert job.status == ImportStatus.PARTIAL
    assert (job.rows_invalid, job.rows_created) == (1, 2)
    assert set(BenchmarkResult.objects.values_list("product_name", flat=True)) == {"好1", "好2"}
    assert [row[0] for row in report_rows(job)[1:]] == [3]


def test_formula_like_cells_are_inert_in_the_error_report(office, import_plan, tmp_path):
    path = write_csv(tmp_path / "evil.csv", [result_row("=cmd|' /C calc'!A0", "=HYPERLINK(\"x\")")])
    job = run(office, path, import_plan)
    line = report_rows(job)[1]
    assert line[2].startswith("'=") and line[4].startswith("'=")


# --- what real files contain ---------------------------------------------------------------------------

def test_what_real_excel_files_contain_is_read(office, enterprise_a, import_plan, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["深圳市 2023 年产品对标结果"])
    sheet.merge_cells("A1:S1")
    sheet.append(["（单位：见各列）"])
    sheet.append([])
    sheet.append([f"  {h} " for h in HEADER])  # stray spaces around the headers
    sheet.append([f" {enterprise_a.uscc.lower()} ", "", "医用　防护口罩", "甲牌", 1860, "Ｑ／ＳＺＪ　００１－２０２３",
                  dt.datetime(2023, 5, 1), " ＷＴ－１ ", "国家劳动防护用品质量检验检测中心",
                  dt.datetime(2023, 4, 1), "９６．５", "≥95%", "95.5", None, " 200 ", "不大于350", "200 Pa", "", "√"])
    sheet.append([enterprise_a.uscc, "", "口罩二", "", "", "", "2023年5月2日", "WT-2", "某检测站", "2023年4月2日",
                  96, "", 95, "", 200, "", 2, "", "通过"])
    sheet.append([enterprise_a.uscc, "", "口罩三", "", "", "", 45049, "WT-3", "某检测站", 45018,
                  "96", "", "95", "", "200", "", "2.0", "", "合格"])
    for _ in range(5):
        sheet.append([None] * 19)
    sheet.append(["", "", "", "  "])
    path = tmp_path / "real.xlsx"
    workbook.save(path)
    job = run(office, path, import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert job.rows_created == 3
    first = BenchmarkResult.objects.get(model="1860")
    assert first.product_name == "医用 防护口罩" and first.enterprise_standard == "Q/SZJ 001-2023"
    assert stored(first)[("filtration", "85 L/min")] == (95.0, 96.5, None, "")
    assert stored(first)[("inhalation", "95 L/min")] == (None, 200.0, None, "")  # its own unit, converted
    assert stored(first)[("inhalation", "85 L/min")] == (350.0, 200.0, None, "")
    days = sorted(timezone.localtime(r.published_at).date().day for r in BenchmarkResult.objects.all())
    assert days == [1, 2, 3]


def test_english_headers_are_accepted(office, enterprise_a, import_plan, xlsx_file):
    header = ["USCC", "Enterprise", "Product name", "Brand", "Model", "Standard", "Published on",
              "Report number", "Testing body", "Report date",
              "Filtration 85 L/min tested", "filtration 85 L/min declared", "Filtration 95 L/min tested",
              "filtration 95 L/min declared", "Inhalation resistance 85 L/min tested",
              "inhalation 85 L/min declared", "inhalation 95 L/min tested", "inhalation 95 L/min declared", "flame"]
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "Mask")], header=header), import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert len(BenchmarkResult.objects.get().values) == 5


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_files_in_each_encoding(office, enterprise_a, import_plan, tmp_path, encoding):
    path = write_csv(tmp_path / "results.csv", [result_row(enterprise_a.uscc, "医用防护口罩（白色）")],
                     encoding=encoding)
    job = run(office, path, import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert job.file_format == "csv"
    assert BenchmarkResult.objects.get().product_name == "医用防护口罩（白色）"


# --- who imports ------------------------------------------------------------------------------------------

def test_a_city_office_imports_the_results_of_its_own_city_only(city_office_a, enterprise_a, enterprise_b,
                                                               import_plan, xlsx_file):
    rows = [result_row(enterprise_a.uscc, "本市"), result_row(enterprise_b.uscc, "外市")]
    job = run(city_office_a, xlsx_file(rows), import_plan)
    assert job.status == ImportStatus.REJECTED
    assert "不在本市" in report_rows(job)[1][1]
    job = run(city_office_a, xlsx_file(rows), import_plan, mode=ImportMode.VALID_ROWS)
    assert job.owner == "city:440300"
    result = BenchmarkResult.objects.get()
    assert (result.enterprise_id, result.status) == (enterprise_a.pk, ReviewStatus.PUBLISHED)


def test_results_of_an_enterprise_whose_uscc_awaits_verification_are_not_imported_as_published(
    office, enterprise_a, enterprise_b, import_plan, xlsx_file
):
    pending = factories.hold_uscc_for_verification(enterprise_b)
    rows = [result_row(enterprise_a.uscc, "已核验企业"), result_row(pending.uscc, "待核验企业")]
    job = run(office, xlsx_file(rows), import_plan)
    assert job.status == ImportStatus.REJECTED
    reasons = report_rows(job)[1][1]  # the report lists the refused row only
    assert "待核验" in reasons and pending.name in reasons
    assert not BenchmarkResult.objects.exists()
    job = run(office, xlsx_file(rows), import_plan, mode=ImportMode.VALID_ROWS)
    assert list(BenchmarkResult.objects.values_list("enterprise_id", "status")) == [
        (enterprise_a.pk, ReviewStatus.PUBLISHED)]


def test_an_enterprise_imports_its_own_rows_as_drafts(enterprise_user_a, enterprise_b, import_plan, xlsx_file):
    rows = [result_row("", "不填代码"), result_row(enterprise_user_a.enterprise.uscc, "填本企业代码", flame="")]
    job = run(enterprise_user_a, xlsx_file(rows), import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert job.owner == f"enterprise:{enterprise_user_a.enterprise_id}"
    results = BenchmarkResult.objects.all()
    assert {r.status for r in results} == {ReviewStatus.DRAFT}
    assert {r.enterprise_id for r in results} == {enterprise_user_a.enterprise_id}
    assert all(r.published_at is None and r.level for r in results)  # a draft is judged too, as in the portal
    job = run(enterprise_user_a, xlsx_file([result_row(enterprise_b.uscc, "别人的")]), import_plan)
    assert job.status == ImportStatus.REJECTED and "只能导入本企业" in report_rows(job)[1][1]


def test_an_enterprise_cannot_change_a_submitted_result_by_import(enterprise_user_a, import_plan, xlsx_file):
    rows = [result_row("", "口罩")]
    run(enterprise_user_a, xlsx_file(rows), import_plan)
    result = BenchmarkResult.objects.get()
    attach_report(enterprise_user_a, result)
    result_services.result_submit(actor=enterprise_user_a, result=result)
    again = run(enterprise_user_a, xlsx_file(rows), import_plan)  # the same: nothing to change
    assert (again.status, again.rows_unchanged) == (ImportStatus.SUCCEEDED, 1)
    changed = run(enterprise_user_a, xlsx_file([result_row("", "口罩", f85=99)]), import_plan)
    assert changed.status == ImportStatus.REJECTED
    assert "处于“已提交”状态" in report_rows(changed)[1][1]
    result.refresh_from_db()
    assert result.status == ReviewStatus.SUBMITTED


def test_an_office_import_publishes_a_draft_and_records_the_transition(office, enterprise_user_a, import_plan,
                                                                       xlsx_file):
    run(enterprise_user_a, xlsx_file([result_row("", "口罩")]), import_plan)
    job = run(office, xlsx_file([result_row(enterprise_user_a.enterprise.uscc, "口罩")]), import_plan)
    assert (job.rows_created, job.rows_updated) == (0, 1)
    result = BenchmarkResult.objects.get()
    assert result.status == ReviewStatus.PUBLISHED
    assert list(result.events.values_list("from_status", "to_status")) == [("", "draft"), ("draft", "published")]


def test_a_withdrawn_result_is_not_published_again_by_an_import(office, enterprise_a, import_plan, xlsx_file):
    run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩")]), import_plan)
    result = BenchmarkResult.objects.get()
    result_services.result_withdraw(actor=office, result=result, reason="检测报告失效")
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩")]), import_plan)
    assert job.status == ImportStatus.REJECTED and "已撤回" in report_rows(job)[1][1]


def test_who_may_import_what(enterprise_user_a, institution_user, import_plan, xlsx_file, regions):
    path = xlsx_file([result_row("", "口罩")])
    with pytest.raises(PermissionDenied):
        services.import_job_create(kind="results", actor=institution_user, path=path,
                                   options={"plan_version": import_plan.pk}, enqueue=False)
    draft_version = scene.plan_version(title="未发布的方案", category=scene.category("口罩"), status=ReviewStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.import_job_create(kind="results", actor=enterprise_user_a, path=path,
                                   options={"plan_version": draft_version.pk}, enqueue=False)
    assert "plan_version" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.import_job_create(kind="results", actor=enterprise_user_a, path=path, options={}, enqueue=False)


# --- templates ----------------------------------------------------------------------------------------------

def template_for(user, plan) -> tuple[bytes, ResultImportKind]:
    kind = ResultImportKind()
    context = kind.prepare(user=user, options={"plan_version": plan.pk})
    return write_template(kind.columns(context), kind.template(context), kind_name=kind.name), kind


def test_the_template_is_generated_from_the_plan_and_imports_once_filled(office, enterprise_a, import_plan,
                                                                          tmp_path):
    content, _kind = template_for(office, import_plan)
    path = tmp_path / "template.xlsx"
    path.write_bytes(content)
    workbook = openpyxl.load_workbook(path)
    data, instructions, meta = workbook.worksheets
    assert data.title == "数据" and instructions.title == "填写说明" and meta.sheet_state == "hidden"
    assert import_plan.plan.code in data["A1"].value
    header = [cell.value for cell in data[2]]
    assert header[:3] == ["统一社会信用代码*", "企业名称", "产品名称*"]
    assert "过滤效率（85 L/min） 实测值（%）" in header and "吸气阻力（95 L/min） 实测值（mbar）" in header
    assert header[-1] == "阻燃性能（合格/不合格）"
    assert len(header) == len(HEADER)
    validations = data.data_validations.dataValidation
    assert any(v.formula1 == '"合格,不合格"' for v in validations)
    assert {row[0].value: row[1].value for row in meta.iter_rows()}["plan_version"] == str(import_plan.pk)
    described = [row[0].value for row in instructions.iter_rows()]
    assert "产品名称" in described and "阻燃性能（合格/不合格）" in described
    data.append([enterprise_a.uscc, "", "按模板填写", "", "", "", "2023-06-01", "WT-9", "某检测站", "2023-05-20",
                 97, "", 96, "", 180, "", 2.1, "",
                 "合格"])
    workbook.save(path)
    job = run(office, path, import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert BenchmarkResult.objects.get().product_name == "按模板填写"


def test_a_template_of_another_plan_is_refused(office, enterprise_a, import_plan, tmp_path):
    other = scene.published_plan(
        indicators=[(factories.IndicatorFactory(key="noise", name_zh="噪声", direction="lower_better"),
                     {"GB/T 1-2020": (None, 60, "", "")})],
        standards=[(factories.StandardFactory(code="GB/T 1-2020"), True)],
    )
    content, _kind = template_for(office, other)
    path = tmp_path / "other.xlsx"
    path.write_bytes(content)
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0].append([enterprise_a.uscc, "", "口罩"])
    workbook.save(path)
    job = run(office, path, import_plan)
    assert (job.status, job.error_code) == (ImportStatus.FAILED, "wrong_plan")
    assert other.plan.code in job.message


def test_an_enterprise_template_has_no_publication_date(enterprise_user_a, import_plan):
    content, _kind = template_for(enterprise_user_a, import_plan)
    import io

    header = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(content)).worksheets[0][2]]
    assert "发布日期" not in header and header[0] == "统一社会信用代码"


# --- after the commit ----------------------------------------------------------------------------------

def test_a_publishing_import_records_its_transitions_like_one_by_one_publication(
    office, enterprise_a, enterprise_user_a, import_plan, xlsx_file, django_capture_on_commit_callbacks, eager_celery
):
    """The same rows as approving each result: an event (actor, from, to) and a statistics delta
    per published result, the public data marked changed once the import commits."""
    path = xlsx_file([result_row(enterprise_a.uscc, "口罩"), result_row(enterprise_a.uscc, "口罩", model="B")])
    generation = public_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        run(office, path, import_plan)
    published = BenchmarkResult.objects.filter(status=ReviewStatus.PUBLISHED)
    assert published.count() == 2
    events = ResultEvent.objects.filter(result__in=published)
    assert {(e.actor_id, e.from_status, e.to_status) for e in events} == {(office.pk, "", ReviewStatus.PUBLISHED)}
    assert all(e.created_at for e in events)
    # Folded on commit (eager here): the statistics equal a full recount.
    assert StatDelta.objects.count() == 0
    folded = {(c.dimension, c.scope, c.key, c.level): c.count for c in StatCount.objects.all()}
    statistics.stats_rebuild()
    assert folded == {(c.dimension, c.scope, c.key, c.level): c.count for c in StatCount.objects.all()
                      if c.dimension not in (statistics.SUMMARY, statistics.ENTERPRISES)} | {
        key: n for key, n in folded.items() if key[0] in (statistics.SUMMARY, statistics.ENTERPRISES)}
    assert public_cache.generation() > generation
    generation = public_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        run(office, path, import_plan)  # nothing changed: no event, no delta, nothing public changed
        run(enterprise_user_a, xlsx_file([result_row("", "草稿")]), import_plan)  # drafts are not public
    assert ResultEvent.objects.filter(to_status=ReviewStatus.PUBLISHED).count() == 2
    assert ResultEvent.objects.filter(to_status=ReviewStatus.DRAFT).count() == 1
    assert StatDelta.objects.count() == 0 and public_cache.generation() == generation


# --- the verdict cache ----------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    f85=st.one_of(st.none(), st.floats(90, 100).map(lambda x: round(x, 1))),
    f95=st.one_of(st.none(), st.floats(90, 100).map(lambda x: round(x, 1))),
    r85=st.one_of(st.none(), st.integers(100, 400).map(float)),
    r95=st.one_of(st.none(), st.sampled_from([1.5, 2.0, 2.4, 2.5, 240.0])),
    r95_unit=st.sampled_from(["mbar", "Pa", ""]),
    flame=st.one_of(st.none(), st.booleans()),
)
def test_the_cached_verdict_is_the_engines(import_plan, f85, f95, r85, r95, r95_unit, flame):
    from plans.specs import spec_for_version

    spec = spec_for_version(import_plan)
    cache = VerdictCache(spec)
    slots = plan_slots(import_plan)
    given = [[] for _ in cache.indicators]
    measurements = {}
    for slot, value, unit in zip(slots, (f85, f95, r85, r95, flame), ("%", "%", "Pa", r95_unit, ""), strict=True):
        if value is None:
            continue
        given[cache.index[slot.key]].append((value, unit, slot.condition))
        measurements.setdefault(slot.key, []).append(Measurement(value, unit, slot.condition))
    expected = evaluate(spec, measurements)
    for _ in range(2):  # computed, then from the cache
        level, gaps, _missing = cache.judge(given)
        assert level == expected.level.value
        assert [json.loads(gap) for gap in gaps] == expected.to_json()["gaps"]
    if None not in (f85, f95, r85, r95, flame):  # a value at every condition: cached per condition
        assert len(cache.cells.entries) == 5


# --- a run as a worker does it: writes on a second thread, upserts while reading (PostgreSQL) ------------

@pytest.mark.django_db(transaction=True)
def test_rows_written_before_a_bad_row_is_read_are_rolled_back(office, enterprise_a, import_plan, xlsx_file,
                                                                 settings, monkeypatch):
    settings.IMPORT_WRITE_CHUNK = 50  # written while the file is read…
    monkeypatch.setattr(ResultImportKind, "batch_size", 25)  # …in batches of 25
    from django.db import connection

    from results.services.imported import ResultWriter

    written = []
    stage = ResultWriter.stage

    def spy(self, records):
        stage(self, records)
        written.append(self.counts.created + self.flushed)  # straight into the tables, or upserted

    monkeypatch.setattr(ResultWriter, "stage", spy)
    rows = [result_row(enterprise_a.uscc, f"口罩{n}") for n in range(300)]
    rows[250] = result_row("bad", "坏的一行")
    job = run(office, xlsx_file(rows), import_plan)
    assert (job.status, job.rows_invalid, job.rows_created) == (ImportStatus.REJECTED, 1, 0)
    if connection.vendor == "postgresql":
        assert max(written) >= 200  # written in the open transaction before row 250 was read
    assert BenchmarkResult.objects.count() == 0 and indicator_value_count() == 0
    assert ResultEvent.objects.count() == 0
    job = run(office, xlsx_file(rows), import_plan, mode=ImportMode.VALID_ROWS)
    assert (job.status, job.rows_created, job.rows_invalid) == (ImportStatus.PARTIAL, 299, 1)
    assert BenchmarkResult.objects.count() == 299 and indicator_value_count() == 299 * 5
    rows[250] = result_row(enterprise_a.uscc, "口罩250")
    job = run(office, xlsx_file(rows), import_plan)
    assert (job.status, job.rows_created, job.rows_updated, job.rows_unchanged) == (ImportStatus.SUCCEEDED, 1, 0, 299)
    assert ResultEvent.objects.count() == 300
    rows[10] = result_row(enterprise_a.uscc, "口罩10", f85=93.0, r95="")  # a value changed, one dropped
    job = run(office, xlsx_file(rows), import_plan)
    assert (job.rows_created, job.rows_updated, job.rows_unchanged) == (0, 1, 299)
    changed = BenchmarkResult.objects.get(product_name="口罩10")
    assert stored(changed)[("filtration", "85 L/min")] == (95.0, 93.0, None, "")
    assert ("inhalation", "95 L/min") not in stored(changed) and changed.level == "not_attained"
    assert indicator_value_count() == 300 * 5 - 1


def test_a_row_without_the_tested_values_the_plan_asks_for_is_refused_with_all_it_lacks(
        office, enterprise_a, import_plan, xlsx_file):
    PlanIndicator.objects.filter(version=import_plan, indicator__key="filtration").update(requires_test=True)
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", f85=None, f95=None)]), import_plan)
    assert job.status == ImportStatus.REJECTED and not BenchmarkResult.objects.exists()
    reasons = " ".join(str(cell) for row in report_rows(job)[1:] for cell in row if cell)
    assert "方案要求以下指标提供检测值（实测值）：过滤效率" in reasons
    assert "没有可比对的数值：过滤效率" in reasons  # and, in the same report, what cannot be compared
