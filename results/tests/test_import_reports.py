"""A publishing import carries the test report behind each row's tested values, recorded as
covering them; a row with tested values and no report is not published."""

import io

import openpyxl
import pytest

from core.imports import services
from core.imports.template import write_template
from core.models import ImportJob, ImportMode, ImportStatus
from plans.models import PlanIndicator
from results.import_kinds import ResultImportKind
from results.models import BenchmarkResult, TestReport
from results.selectors import covered_by_reports
from tests import public_scene as scene
from tests.import_helpers import HEADER, NO_REPORT, result_row

pytestmark = pytest.mark.django_db

LAB = "国家劳动防护用品质量检验检测中心"


def run(actor, path, plan) -> ImportJob:
    job = services.import_job_create(kind="results", actor=actor, path=path, options={"plan_version": plan.pk},
                                     mode=ImportMode.ALL_OR_NOTHING, enqueue=False)
    return services.import_job_run(job_id=job.pk)


def reasons(job: ImportJob) -> str:
    workbook = openpyxl.load_workbook(job.error_report.path, read_only=True)
    text = " ".join(str(cell) for row in list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
                    for cell in row if cell)
    workbook.close()
    return text


def covered_keys(report: TestReport) -> set[str]:
    """The indicators the report covers, as the submission check counts them."""
    result = report.result
    tested = {value.plan_indicator_id for value in result.values if value.is_tested}
    covered = covered_by_reports(result, tested=tested)
    return set(PlanIndicator.objects.filter(pk__in=covered).values_list("indicator__key", flat=True))


def test_a_row_with_tested_values_and_no_report_is_not_published(office, enterprise_a, import_plan, xlsx_file):
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=NO_REPORT)]), import_plan)
    assert job.status == ImportStatus.REJECTED and not BenchmarkResult.objects.exists()
    assert "本行填写了实测值，请填写出具这些数值的检测报告：检测报告编号、检测机构、报告日期" in reasons(job)


def test_a_partial_report_names_what_it_lacks(office, enterprise_a, import_plan, xlsx_file):
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-1", "", "2023-04-01"))]),
              import_plan)
    assert job.status == ImportStatus.REJECTED
    text = reasons(job)
    assert "检测报告：检测机构" in text and "检测报告编号" not in text.split("检测报告：")[1][:10]


def test_the_report_is_recorded_as_covering_the_rows_tested_values(office, enterprise_a, import_plan, xlsx_file):
    # The resistance is given as declared values only: the report covers what the row tested.
    row = result_row(enterprise_a.uscc, "口罩", r85=None, r95=None, report=("WT2023-0412", LAB, "2023-04-20"))
    row[HEADER.index("吸气阻力（95 L/min） 企业标准值（mbar）")] = "≤2.4"
    job = run(office, xlsx_file([row]), import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    report = TestReport.objects.get()
    assert (report.report_number, report.issuer_name, report.issued_on.isoformat()) == (
        "WT2023-0412", LAB, "2023-04-20")
    assert report.result == BenchmarkResult.objects.get() and report.institution is None
    assert covered_keys(report) == {"filtration", "flame"}


def test_importing_it_again_records_the_report_once(office, enterprise_a, import_plan, xlsx_file):
    path = xlsx_file([result_row(enterprise_a.uscc, "口罩")])
    run(office, path, import_plan)
    again = run(office, path, import_plan)
    assert again.status == ImportStatus.SUCCEEDED and again.rows_unchanged == 1
    assert TestReport.objects.count() == 1
    # One flag for what it covers, not a row per indicator.
    assert TestReport.objects.get().covers_all_tested
    assert not TestReport.indicators.through.objects.exists()


def test_a_report_from_an_accredited_institution_is_linked_to_it(office, enterprise_a, import_plan, xlsx_file):
    lab = scene.institution(LAB)
    scene.institution(LAB + "（申请中）", status="applied")
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-7", LAB, "2023-04-20"))]),
              import_plan)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    # Named by the institution's row alone, on a new result and on one stored before.
    assert TestReport.objects.values_list("institution", "issuer_name").get() == (lab.pk, "")
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", f85=97, report=("WT-9", LAB, "2023-05-20"))]),
              import_plan)
    assert (job.status, job.rows_updated) == (ImportStatus.SUCCEEDED, 1), job.message
    assert set(TestReport.objects.values_list("report_number", "institution", "issuer_name")) == {
        ("WT-7", lab.pk, ""), ("WT-9", lab.pk, "")}


def test_a_report_dated_in_the_future_is_refused(office, enterprise_a, import_plan, xlsx_file):
    job = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-8", LAB, "2099-01-01"))]),
              import_plan)
    assert job.status == ImportStatus.REJECTED
    assert "报告日期 2099-01-01 不在" in reasons(job)


def test_an_enterprise_adds_its_reports_in_its_portal_instead(enterprise_user_a, office, import_plan):
    def header(user) -> list[str]:
        kind = ResultImportKind()
        context = kind.prepare(user=user, options={"plan_version": import_plan.pk})
        content = write_template(kind.columns(context), kind.template(context), kind_name=kind.name)
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        return [str(cell.value) for cell in workbook.worksheets[0][2]]

    assert not any("检测报告" in cell for cell in header(enterprise_user_a))
    assert "检测报告编号" in header(office)


def test_a_new_report_for_a_stored_result_covers_its_tested_values_too(office, enterprise_a, import_plan,
                                                                        xlsx_file):
    run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-1", LAB, "2023-04-20"))]), import_plan)
    again = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-2", LAB, "2023-06-01"))]),
                import_plan)
    assert again.status == ImportStatus.SUCCEEDED, again.message
    reports = {report.report_number: covered_keys(report) for report in TestReport.objects.all()}
    assert reports == {"WT-1": {"filtration", "inhalation", "flame"}, "WT-2": {"filtration", "inhalation", "flame"}}


def test_a_stored_report_the_file_names_again_covers_the_rows_tested_values(office, enterprise_a, import_plan,
                                                                           xlsx_file):
    # A report recorded as covering the filtration only (an import before the flag, or the
    # portal); the file names it again for the row's tested values.
    run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", report=("WT-1", LAB, "2023-04-20"))]), import_plan)
    report = TestReport.objects.get()
    TestReport.objects.filter(pk=report.pk).update(covers_all_tested=False)
    report.indicators.set(import_plan.indicators.filter(indicator__key="filtration"))
    assert covered_keys(report) == {"filtration"}
    again = run(office, xlsx_file([result_row(enterprise_a.uscc, "口罩", r85=210,
                                              report=("WT-1", LAB, "2023-04-20"))]), import_plan)
    assert (again.status, again.rows_updated) == (ImportStatus.SUCCEEDED, 1), again.message
    report.refresh_from_db()
    assert TestReport.objects.count() == 1 and report.covers_all_tested
    assert covered_keys(report) == {"filtration", "inhalation", "flame"}
