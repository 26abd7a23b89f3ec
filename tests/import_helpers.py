"""Import tests' fixtures and files built as users build them (the fixtures are registered for
every app's tests by the root conftest.py)."""

from pathlib import Path

import pytest

from tests import factories, import_files, public_scene


@pytest.fixture
def import_plan(respirator_plan_with_flame):
    """The plan the files here are written for (``HEADER``'s columns): the respirator plan with its
    flammability test, EN 149 the benchmark."""
    return respirator_plan_with_flame


def make_import_plan():
    """``import_plan`` built where no fixture reaches (the regions must exist)."""
    return public_scene.respirator_plan(factories.respirator_library(), flame=True)


HEADER = [
    "统一社会信用代码", "企业名称", "产品名称", "品牌", "型号", "执行标准", "发布日期",
    "检测报告编号", "检测机构", "报告日期",
    "过滤效率（85 L/min） 实测值（%）", "过滤效率（85 L/min） 企业标准值（%）",
    "过滤效率（95 L/min） 实测值（%）", "过滤效率（95 L/min） 企业标准值（%）",
    "吸气阻力（85 L/min） 实测值（Pa）", "吸气阻力（85 L/min） 企业标准值（Pa）",
    "吸气阻力（95 L/min） 实测值（mbar）", "吸气阻力（95 L/min） 企业标准值（mbar）",
    "阻燃性能（合格/不合格）",
]


REPORT = ("WT2023-0412", "国家劳动防护用品质量检验检测中心", "2023-04-20")
NO_REPORT = ("", "", "")


def result_row(uscc, product, *, brand="甲牌", model="A-1", standard="Q/SZJ 001-2023", date="2023-05-01",
               f85=96.5, f95=95.5, r85=200, r95=2.0, flame="合格", name="", report=REPORT):
    """One row of ``HEADER``; ``report`` is the test report's (number, issuer, date), or blanks."""
    return [uscc, name, product, brand, model, standard, date, *report,
            f85, "≥95", f95, "", r85, "≤350", r95, "", flame]


def write_xlsx(path: Path, rows, *, header=HEADER, title_rows=(), sheet_name="数据") -> Path:
    return import_files.write_xlsx(path, header, rows, titles=title_rows, sheet_name=sheet_name)


def write_csv(path: Path, rows, *, header=HEADER, encoding="utf-8") -> Path:
    return import_files.write_csv(path, header, rows, encoding=encoding)


@pytest.fixture
def xlsx_file(tmp_path):
    counter = iter(range(1000))

    def make(rows, **kwargs) -> Path:
        return write_xlsx(tmp_path / f"results-{next(counter)}.xlsx", rows, **kwargs)

    return make
