"""The import engine's checks before parsing, its cell parsers and its readers (no database)."""

import datetime as dt
import tracemalloc
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ..imports import cells, reading, safety
from ..imports.errors import CellError, ImportRefused
from ..imports.kinds import Column
from . import hostile_files

LIMITS = safety.Limits(
    max_bytes=50 * 1024 * 1024, max_rows=200_000, max_columns=200, max_zip_entries=1000,
    max_uncompressed_bytes=400 * 1024 * 1024, max_zip_ratio=200,
)


def refused(path: Path, limits=LIMITS) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        safety.check_file(path, limits)
    return caught.value


@pytest.fixture(scope="session")
def gigabyte_bomb(tmp_path_factory):
    return hostile_files.zip_bomb(tmp_path_factory.mktemp("bombs") / "results.xlsx")


# --- refused before parsing ----------------------------------------------------------------------------

def test_a_zip_bomb_is_refused_by_its_expanded_size(gigabyte_bomb):
    assert gigabyte_bomb.stat().st_size < 2 * 1024 * 1024  # about a megabyte on disk
    error = refused(gigabyte_bomb)
    assert error.code == "zip_bomb"
    assert "1.0\xa0GB" in error.message and "压缩炸弹" in error.message


def test_a_zip_bomb_under_the_total_limit_is_refused_by_its_ratio(tmp_path):
    bomb = hostile_files.zip_bomb(tmp_path / "ratio.xlsx", expanded=256 * 1024 * 1024)
    error = refused(bomb)
    assert error.code == "zip_bomb"
    assert "压缩比" in error.message and "xl/worksheets/sheet1.xml" in error.message


def test_an_entry_that_lies_about_its_size_is_caught_while_inflating(tmp_path):
    bomb = hostile_files.lying_zip_bomb(tmp_path / "lying.xlsx")
    tracemalloc.start()
    try:
        error = refused(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "zip_bomb" and "超过目录记载的大小" in error.message
    assert peak < 20 * 1024 * 1024  # inflated piece by piece: the 200 MB never exist at once


def test_an_xml_entity_bomb_is_refused(tmp_path):
    error = refused(hostile_files.entity_bomb(tmp_path / "laughs.xlsx"))
    assert error.code == "xml_entities"
    assert "DOCTYPE" in error.message and "sheet1.xml" in error.message


def test_a_renamed_executable_is_refused_by_its_content(tmp_path):
    error = refused(hostile_files.renamed_exe(tmp_path / "results.xlsx"))
    assert error.code == "executable"
    assert "Windows 可执行程序" in error.message


def test_a_gigabyte_file_is_refused_by_its_size_without_being_read(tmp_path, monkeypatch):
    big = hostile_files.sparse_gigabyte(tmp_path / "big.xlsx")
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the file was opened"))
    error = refused(big)
    assert error.code == "too_large"
    assert "1.0\xa0GB" in error.message and "50.0\xa0MB" in error.message


def test_a_sparse_cell_bomb_is_refused_before_calamine_allocates_its_grid(tmp_path):
    """python-calamine turns A1 + XFD1048576 into one dense 550 GB grid and aborts the process."""
    error = refused(hostile_files.sparse_cell_bomb(tmp_path / "sparse.xlsx"))
    assert error.code in ("too_many_rows", "too_many_columns")


@pytest.mark.parametrize(("head", "code"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old_or_encrypted_excel"),
    (b"%PDF-1.4\n", "wrong_type"),
    (b"\x7fELF\x02\x01", "executable"),
    (b"\xff\xfe" + "统一社会信用代码".encode("utf-16-le"), "utf16"),
    (b"\x00\x01\x02\x03binary", "wrong_type"),
    (b"PK\x05\x06" + b"\0" * 18, "wrong_type"),
])
def test_other_files_are_named_and_refused(tmp_path, head, code):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(head)
    assert refused(path).code == code


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert refused(path).code == "not_xlsx"


def test_too_many_zip_entries_are_refused(tmp_path):
    import zipfile

    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml", *(f"xl/media/{i}.bin" for i in range(30))):
            archive.writestr(name, "x")
    limits = safety.Limits(**{**LIMITS.__dict__, "max_zip_entries": 20})
    assert refused(path, limits).code == "zip_entries"


def test_an_ordinary_workbook_passes(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(hostile_files.small_xlsx_bytes())
    assert safety.check_file(path, LIMITS).format == "xlsx"


def test_openpyxl_parses_xml_through_defusedxml(monkeypatch):
    import defusedxml.ElementTree
    import openpyxl.xml
    import openpyxl.xml.functions

    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.fromstring is defusedxml.ElementTree.fromstring
    safety.assert_defusedxml_active()
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(ImproperlyConfigured):
        safety.assert_defusedxml_active()


def test_the_system_check_reports_a_missing_defusedxml(monkeypatch):
    import openpyxl.xml

    from ..imports.checks import defusedxml_active

    assert defusedxml_active() == []
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert [error.id for error in defusedxml_active()] == ["imports.E001"]


# --- csv ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "prefix", "expected"), [
    ("utf-8", b"", "utf-8"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ("gb18030", b"", "gb18030"),
])
def test_csv_encodings_are_recognised(tmp_path, encoding, prefix, expected):
    text = "统一社会信用代码,产品名称\n91440300000000001X,医用防护口罩（白色）\n"
    path = tmp_path / "data.csv"
    path.write_bytes(prefix + text.encode(encoding))
    facts = safety.check_file(path, LIMITS)
    assert (facts.format, facts.encoding, facts.delimiter) == ("csv", expected, ",")
    columns = [Column("uscc", "统一社会信用代码", required=True), Column("product", "产品名称")]
    table = reading.open_table(path, facts, columns, LIMITS)
    assert [cells_ for _line, cells_ in table.rows()] == [["91440300000000001X", "医用防护口罩（白色）"]]
    table.close()


def test_a_semicolon_csv_and_a_tab_separated_one_are_read(tmp_path):
    for delimiter in (";", "\t"):
        path = tmp_path / "data.csv"
        path.write_text(f"统一社会信用代码{delimiter}产品名称\n1{delimiter}2\n", encoding="utf-8")
        assert safety.check_file(path, LIMITS).delimiter == delimiter


def test_a_csv_in_no_known_encoding_is_refused(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes("产品名称\n".encode() + b"\xff\xfe\xfd\xfc\x81\x30" * 3 + b"\n")
    assert refused(path).code in ("encoding", "wrong_type")


# --- cells ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (95.5, cells.Number(95.5)),
    ("95.5", cells.Number(95.5)),
    ("９５．５", cells.Number(95.5)),
    (" 95.5 ", cells.Number(95.5)),
    ("≥95%", cells.Number(95.0, ">=", "%")),
    ("≥ 95 %", cells.Number(95.0, ">=", "%")),
    ("不小于95", cells.Number(95.0, ">=")),
    ("≤350Pa", cells.Number(350.0, "<=", "Pa")),
    ("2.4 mbar", cells.Number(2.4, "", "mbar")),
    ("1,234.5", cells.Number(1234.5)),
    ("−3", cells.Number(-3.0)),
    (12, cells.Number(12.0)),
])
def test_numbers_as_people_type_them(value, expected):
    assert cells.parse_number(value) == expected


@pytest.mark.parametrize("value", ["abc", "≥", "", float("nan"), True, dt.date(2023, 1, 1), "1e999"])
def test_what_is_not_a_number(value):
    with pytest.raises(CellError):
        cells.parse_number(value)


@pytest.mark.parametrize(("value", "expected"), [
    (dt.datetime(2023, 5, 1, 0, 0), dt.date(2023, 5, 1)),
    (dt.date(2023, 5, 1), dt.date(2023, 5, 1)),
    (45047.0, dt.date(2023, 5, 1)),
    ("45047", dt.date(2023, 5, 1)),
    ("2023-05-01", dt.date(2023, 5, 1)),
    ("2023/5/1", dt.date(2023, 5, 1)),
    ("2023.05.01", dt.date(2023, 5, 1)),
    ("2023年5月1日", dt.date(2023, 5, 1)),
    ("２０２３年５月１日", dt.date(2023, 5, 1)),
    ("20230501", dt.date(2023, 5, 1)),
    ("2023-05-01 00:00:00", dt.date(2023, 5, 1)),
])
def test_dates_as_serials_and_text(value, expected):
    assert cells.date(value) == expected


@pytest.mark.parametrize("value", ["2023-02-30", "next week", "0", -5.0])
def test_what_is_not_a_date(value):
    with pytest.raises(CellError):
        cells.date(value)


def test_text_cells_fold_spaces_but_keep_the_words():
    assert cells.plain_text("  医用　防护\u00a0口罩  （白色） ") == "医用 防护 口罩 （白色）"
    assert cells.plain_text(1860.0) == "1860"
    assert cells.plain_text(0.5) == "0.5"
    with pytest.raises(CellError):
        cells.text(max_length=3)("四个字符")


def test_pass_fail_and_uscc_cells():
    assert cells.pass_fail("合格") is True and cells.pass_fail("不合格") is False
    assert cells.pass_fail("√") is True and cells.pass_fail("FAIL") is False
    with pytest.raises(CellError):
        cells.pass_fail("也许")
    assert cells.uscc(" ９１１１００００６０００３７３４１ｌ ").code == "91110000600037341L"
    with pytest.raises(CellError, match="18"):
        cells.uscc("123")
    assert cells.region_code("４４０３００") == "440300"
    with pytest.raises(CellError):
        cells.region_code("4403")


# --- reading -------------------------------------------------------------------------------------

def test_the_header_is_found_below_title_rows_and_aliases_match(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2023 年度对标结果汇总表"])
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet.append(["USCC", "Product Name", "备注"])
    sheet.append(["91440300000000001X", "口罩", "x"])
    sheet.append([None, None, None])
    sheet.append(["", "  ", ""])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    columns = [Column("uscc", "统一社会信用代码", aliases=("USCC",), required=True),
               Column("product", "产品名称", aliases=("product name",), required=True)]
    table = reading.open_table(path, safety.check_file(path, LIMITS), columns, LIMITS)
    assert table.header.line == 3
    assert table.header.ignored == ["备注"]
    assert list(table.rows()) == [(4, ["91440300000000001X", "口罩", "x"])]
    table.close()


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["产品名称", "品牌"])
    workbook.active.append(["口罩", "甲"])
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    columns = [Column("uscc", "统一社会信用代码", required=True), Column("product", "产品名称", required=True)]
    with pytest.raises(ImportRefused, match="统一社会信用代码") as caught:
        reading.open_table(path, safety.check_file(path, LIMITS), columns, LIMITS)
    assert caught.value.code == "missing_columns"


def test_more_data_rows_than_allowed_are_refused_while_reading(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("产品名称\n" + "口罩\n" * 30, encoding="utf-8")
    limits = safety.Limits(**{**LIMITS.__dict__, "max_rows": 20})
    table = reading.open_table(path, safety.check_file(path, limits), [Column("p", "产品名称")], limits)
    with pytest.raises(ImportRefused) as caught:
        list(table.rows())
    assert caught.value.code == "too_many_rows"
