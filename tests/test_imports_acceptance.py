"""The issue's "done when", as a pilot city's office lives it with the command: 20,000 results
with a few bad rows are refused with every bad row and its reason; the corrected file imports;
importing it again changes nothing."""

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import ImportJob, ImportStatus
from results.models import BenchmarkResult, ResultEvent
from results.selectors import indicator_value_count
from tests import factories
from tests.import_helpers import HEADER, result_row

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROWS = 20_000
BAD = {137: ("uscc", "91440300XXXXXXXXX"), 4242: ("f85", "九十六"), 9999: ("flame", ""), 19998: ("product", "")}


def city_file(path, enterprises, *, bad: dict) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(["深圳市 2023 年度产品对标结果"])
    sheet.append(HEADER)
    for n in range(ROWS):
        values = {"uscc": enterprises[n % len(enterprises)].uscc, "product": f"口罩{n}", "f85": 95 + (n % 45) / 10,
                  "flame": "合格"}
        if n in bad:
            values[bad[n][0]] = bad[n][1]
        sheet.append(result_row(values["uscc"], values["product"], model=f"M-{n}", f85=values["f85"],
                                flame=values["flame"]))
    workbook.save(path)


def test_a_pilot_citys_twenty_thousand_results(city_office_a, import_plan, tmp_path, capsys):
    enterprises = [factories.EnterpriseFactory() for _ in range(50)]  # all in 深圳 (city A)
    command = ["import_file", "results", None, "--plan-version", str(import_plan.pk), "--user", "city-a"]

    city_file(tmp_path / "bad.xlsx", enterprises, bad=BAD)
    with pytest.raises(CommandError, match="有 4 行数据有误"):
        call_command(*[str(tmp_path / "bad.xlsx") if part is None else part for part in command])
    out = capsys.readouterr().out
    rejected = ImportJob.objects.get()
    assert (rejected.status, rejected.rows_read, rejected.rows_invalid) == (ImportStatus.REJECTED, ROWS, 4)
    assert BenchmarkResult.objects.count() == 0
    # Data rows start on line 3 (a title row, then the header): row n is on line n + 3.
    for n, (column, _value) in BAD.items():
        assert f"第 {n + 3} 行" in out, column
    assert "统一社会信用代码" in out and "“九十六”不是数字" in out and "阻燃性能" in out and "产品名称：不能为空" in out
    report = openpyxl.load_workbook(rejected.error_report.path, read_only=True)
    lines = [row[0] for row in report.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert lines == sorted(n + 3 for n in BAD)

    city_file(tmp_path / "good.xlsx", enterprises, bad={})
    call_command(*[str(tmp_path / "good.xlsx") if part is None else part for part in command])
    done = ImportJob.objects.order_by("-pk").first()
    assert (done.status, done.rows_created, done.rows_updated) == (ImportStatus.SUCCEEDED, ROWS, 0)
    assert BenchmarkResult.objects.filter(status="published", city_id="440300").count() == ROWS
    values, events = indicator_value_count(), ResultEvent.objects.count()
    assert (values, events) == (ROWS * 5, ROWS)

    call_command(*[str(tmp_path / "good.xlsx") if part is None else part for part in command])
    again = ImportJob.objects.order_by("-pk").first()
    assert (again.status, again.rows_created, again.rows_updated, again.rows_unchanged) == (
        ImportStatus.SUCCEEDED, 0, 0, ROWS)
    assert (indicator_value_count(), ResultEvent.objects.count()) == (values, events)
    assert "无变化 20000" in capsys.readouterr().out
