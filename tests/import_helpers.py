"""Import tests' fixtures and files built as users build them (imported by the test modules that use
them, and by results/tests/conftest.py)."""

from pathlib import Path

import pytest

from tests import factories, import_files
from verdict import Direction


@pytest.fixture
def import_plan(regions):
    return make_import_plan()


def make_import_plan():
    """KN95-like: filtration (higher better, % at 85 and 95 L/min), inhalation resistance (lower better,
    Pa at 85 L/min, mbar at 95 L/min) and a pass/fail flame test; EN 149 is the benchmark."""
    gb = factories.StandardFactory(code="GB 2626-2019", kind="gb_mandatory")
    en = factories.StandardFactory(code="EN 149:2001+A1:2009", kind="regional")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", name_en="Filtration", unit="%")
    resistance = factories.IndicatorFactory(
        key="inhalation", name_zh="吸气阻力", name_en="Inhalation resistance", unit="Pa",
        direction=Direction.LOWER_BETTER,
    )
    flame = factories.IndicatorFactory(key="flame", name_zh="阻燃性能", unit="", direction=Direction.PASS_FAIL)
    return factories.published_plan(
        standards=[(gb, False), (en, True)],
        indicators=[
            (filtration, {gb.code: (95, None, "%", "85 L/min"), en.code: (94, None, "%", "95 L/min")}),
            (resistance, {gb.code: (None, 350, "Pa", "85 L/min"), en.code: (None, 2.4, "mbar", "95 L/min")}),
            (flame, {en.code: (None, None, "", "")}),
        ],
    )


HEADER = [
    "统一社会信用代码", "企业名称", "产品名称", "品牌", "型号", "执行标准", "发布日期",
    "过滤效率（85 L/min） 实测值（%）", "过滤效率（85 L/min） 企业标准值（%）",
    "过滤效率（95 L/min） 实测值（%）", "过滤效率（95 L/min） 企业标准值（%）",
    "吸气阻力（85 L/min） 实测值（Pa）", "吸气阻力（85 L/min） 企业标准值（Pa）",
    "吸气阻力（95 L/min） 实测值（mbar）", "吸气阻力（95 L/min） 企业标准值（mbar）",
    "阻燃性能（合格/不合格）",
]


def result_row(uscc, product, *, brand="甲牌", model="A-1", standard="Q/SZJ 001-2023", date="2023-05-01",
               f85=96.5, f95=95.5, r85=200, r95=2.0, flame="合格", name=""):
    return [uscc, name, product, brand, model, standard, date, f85, "≥95", f95, "", r85, "≤350", r95, "", flame]


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
