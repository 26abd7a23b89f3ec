"""The standards kind: standards with their requirements imported into the library."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.imports import services
from core.models import ImportStatus
from core.public_cache import generation
from standards.models import Requirement, Standard
from tests import factories
from tests.import_files import (
    counts,
    download_template,
    error_rows,
    fill_template,
    run_import,
    template_headers,
    validation_lists,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

HEADER = ["标准号", "中文名称", "英文名称", "类别", "发布机构", "国家/地区", "状态", "代替标准号", "发布日期",
          "实施日期", "废止日期", "指标标识", "指标名称", "等级", "下限", "上限", "单位", "测试条件", "出处"]
EN149 = ["EN 149:2001+A1:2009", "呼吸防护装置 防颗粒物过滤半面罩", "Respiratory protective devices", "", "CEN",
         "EU", "现行", "", "2009-03-01", "2009-03-01", ""]
GB2006 = ["GB2626-2006", "呼吸防护用品 自吸过滤式防颗粒物呼吸器", "", "", "SAC", "CN", "被代替", "GB 2626-2019",
          "2006-03-27", "2006-12-01", ""]
GB2019 = ["GB 2626-2019", "呼吸防护 自吸过滤式防颗粒物呼吸器", "Respiratory protection", "", "", "", "", "", "", "", ""]
ISO = ["ISO 16900-1:2014", "呼吸防护装置 试验方法", "", "国际标准", "ISO", "", "", "", "2014-01-15", "", ""]
GOOD_ROWS = [
    [*EN149, "filtration", "", "FFP2", 94, None, "%", "95 L/min", "EN 149 7.9.2"],
    [*EN149, "inhalation", "吸气阻力", "FFP2", None, "2.4", "mbar", "95 L/min", ""],
    [*GB2006, "", "过滤效率", "KN95", "95", None, "%", "85 L/min", ""],
    GB2019 + [""] * 8,
    [*ISO, "flame", "", "", None, None, "", "", ""],
]


@pytest.fixture
def before_import(db):
    """What the files meet: GB 2626-2019 and the respirator indicators, without a requirement; EN 149,
    the replaced GB 2626-2006 and ISO 16900-1 are the files' own."""
    return {"gb2019": factories.gb2626(), **factories.respirator_indicators()}


def requirements():
    return sorted(Requirement.objects.values_list("standard__code", "indicator__key", "grade", "minimum", "maximum",
                                                  "unit", "condition", "source"))


def test_a_good_file_creates_standards_and_requirements(office, before_import, tmp_path):
    job = run_import("standards", office, write_xlsx(tmp_path / "s.xlsx", HEADER, GOOD_ROWS, title="标准库导入"))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (4, 1, 0)
    en = Standard.objects.get(code="EN 149:2001+A1:2009")
    assert (en.kind, en.country, en.issuing_body, en.status, en.prefix, en.year) == (
        "regional", "EU", "CEN", "in_force", "EN", 2001)
    old = Standard.objects.get(code="GB 2626-2006")
    assert (old.kind, old.status, old.replaced_by_id, old.published_on) == (
        "gb_mandatory", "replaced", before_import["gb2019"].pk, dt.date(2006, 3, 27))
    assert Standard.objects.get(code="ISO 16900-1:2014").kind == "international"
    gb2019 = before_import["gb2019"]
    gb2019.refresh_from_db()
    assert (gb2019.title_en, gb2019.kind) == ("Respiratory protection", "gb_mandatory")
    assert requirements() == [
        ("EN 149:2001+A1:2009", "filtration", "FFP2", 94.0, None, "%", "95 L/min", "EN 149 7.9.2"),
        ("EN 149:2001+A1:2009", "inhalation", "FFP2", None, 2.4, "mbar", "95 L/min", ""),
        ("GB 2626-2006", "filtration", "KN95", 95.0, None, "%", "85 L/min", ""),
        ("ISO 16900-1:2014", "flame", "", None, None, "", "", ""),
    ]


def test_importing_the_same_file_again_changes_nothing_and_a_changed_limit_updates(office, before_import, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", HEADER, GOOD_ROWS)
    run_import("standards", office, path)
    before = requirements()
    job = run_import("standards", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 5))
    assert requirements() == before and Standard.objects.count() == 4
    changed = [row[:] for row in GOOD_ROWS[:2]]
    changed[0][14] = 95  # FFP2 filtration ≥ 95
    changed[1][18] = ""  # an empty source keeps the stored one
    job = run_import("standards", office, write_csv(tmp_path / "s.csv", HEADER, changed))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 1))
    assert Requirement.objects.get(standard__code="EN 149:2001+A1:2009", indicator__key="filtration").minimum == 95


def test_a_csv_with_english_headers(office, before_import, tmp_path):
    path = write_csv(tmp_path / "s.csv", ["standard code", "title", "indicator key", "grade", "minimum", "unit",
                                          "condition"],
                     [["ＧＢ／Ｔ　32610-2016", "日常防护型口罩技术规范", "filtration", "III", "90", "%", "85 L/min"]],
                     encoding="gb18030")
    job = run_import("standards", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0)), job.message
    assert Standard.objects.get(code="GB/T 32610-2016").kind == "gb_recommended"


def test_every_bad_row_is_reported_with_its_reasons_and_nothing_is_written(office, before_import, tmp_path):
    factories.IndicatorFactory(key="efficiency-2", name_zh="效率")
    factories.IndicatorFactory(key="efficiency-3", name_zh="效率")
    rows = [
        [*EN149, "filtration", "", "FFP2", 94, None, "%", "95 L/min", ""],  # 2: good
        ["XYZ", "无效标准号"] + [""] * 17,  # 3: not a standard code
        [*EN149, "nosuch", "", "", 1, None, "", "", ""],  # 4: no such indicator
        [*EN149, "filtration", "", "FFP3", None, 99, "%", "", ""],  # 5: an upper limit on higher-is-better
        [*EN149, "inhalation", "", "FFP3", None, 3, "mm", "", ""],  # 6: a unit that is no pressure
        ["EN 149:2001+A1:2009", "另一个名称"] + EN149[2:] + [""] * 8,  # 7: the title differs from row 2
        # 8: replaced by nothing known
        ["GB 1-2000", "被代替的标准", "", "", "", "", "被代替", "GB 9-2000"] + [""] * 11,
        # 9: in force after its withdrawal date, effective before published
        ["GB 2-2000", "现行但废止", "", "", "", "", "现行", "", "2000-01-01", "1999-12-01", "2001-01-01"] + [""] * 8,
        ["ISO 2:2000", "国际", "", "", "", "", "", "", "", "", "", "flame", "", "", None, None, "Pa", "", ""],  # 10
        ["ISO 3:2000", "国际", "", "", "", "", "", "", "", "", "", "", "", "", 5, None, "", "", ""],  # 11: no indicator
        [*EN149, "filtration", "", "FFP2", 94, None, "%", "95 L/min", ""],  # 12: the same requirement as row 2
        # 13: a name two indicators share
        ["ISO 4:2000", "国际", "", "", "", "", "", "", "", "", "", "", "效率", "", 5, None, "", "", ""],
        # 14: not a country code
        ["ISO 5:2000", "国际", "", "", "", "ZZZ", "", "", "", "", "", "", "", "", None, None, "", "", ""],
    ]
    job = run_import("standards", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == list(range(3, 15))
    assert "XYZ" in errors[3]
    assert "nosuch" in errors[4]
    assert "越高越好只填下限" in errors[5]
    assert "“mm”无法换算" in errors[6]
    assert "与第 2 行（同一标准）填写的不一致" in errors[7]
    assert "GB 9-2000" in errors[8]
    assert "废止日期 2001-01-01 已过" in errors[9] and "实施日期 1999-12-01 早于发布日期" in errors[9]
    assert "合格/不合格的指标没有单位" in errors[10]
    assert "没有填写指标" in errors[11]
    assert "与第 2 行重复" in errors[12]
    assert "多个同名指标" in errors[13]
    assert "ISO 3166" in errors[14]
    assert Standard.objects.count() == 1 and Requirement.objects.count() == 0


def test_only_the_campaign_office_imports_standards(city_office_a, institution_user, tmp_path):
    path = write_csv(tmp_path / "s.csv", HEADER, [GOOD_ROWS[0]])
    for user in (city_office_a, institution_user):
        with pytest.raises(PermissionDenied):
            services.import_job_create(kind="standards", actor=user, path=path, enqueue=False)


def test_a_changed_library_goes_stale_in_the_public_cache_once_committed(
    office, before_import, tmp_path, django_capture_on_commit_callbacks,
):
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("standards", office, write_csv(tmp_path / "s.csv", HEADER, GOOD_ROWS))
    assert generation() > before


def test_the_template_has_chinese_headers_drop_downs_and_instructions_and_imports_once_filled(client_for,
    office, before_import, tmp_path,
):
    workbook = download_template(client_for(office), "standards")
    headers = template_headers(workbook)
    assert headers[:4] == ["标准号*", "中文名称*", "英文名称", "类别"]
    assert "指标标识" in headers and "测试条件" in headers
    lists = validation_lists(workbook)
    # Ten kinds: 国家军用标准 (GJB) is one of its own.
    assert lists["类别"][:2] == ["国家标准（强制性）", "国家标准（推荐性）"] and len(lists["类别"]) == 10
    assert lists["状态"] == ["现行", "被代替", "废止"]
    instructions = "\n".join(str(row[0].value) for row in workbook["填写说明"].iter_rows() if row[0].value)
    assert "越高越好的指标只填下限" in instructions
    path = fill_template(workbook, [
        {"标准号": "GB 19083-2010", "中文名称": "医用防护口罩技术要求", "类别": "国家标准（强制性）",
         "指标标识": "filtration", "下限": 95, "单位": "%", "测试条件": "85 L/min"},
    ], tmp_path / "filled.xlsx")
    job = run_import("standards", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0)), job.message
    assert Requirement.objects.get().standard.code == "GB 19083-2010"


def test_the_issuing_body_in_english_is_imported_from_its_own_column_beside_the_chinese_one(
    client_for, office, before_import, tmp_path,
):
    headers = template_headers(download_template(client_for(office), "standards"))
    assert headers[headers.index("发布机构") + 1] == "发布机构（英文）"
    samr_sac = "State Administration for Market Regulation; Standardization Administration of China"
    path = write_xlsx(tmp_path / "s.xlsx", [*HEADER[:5], "发布机构（英文）", *HEADER[5:]], [
        [*GB2019[:4], "国家市场监督管理总局、国家标准化管理委员会", samr_sac, *GB2019[5:]] + [""] * 8,
        [*EN149[:5], "", *EN149[5:], "filtration", "", "FFP2", 94, None, "%", "95 L/min", ""],
    ])
    job = run_import("standards", office, path)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    gb = Standard.objects.get(code="GB 2626-2019")
    assert (gb.issuing_body, gb.issuing_body_en) == ("国家市场监督管理总局、国家标准化管理委员会", samr_sac)
    en = Standard.objects.get(code="EN 149:2001+A1:2009")
    assert (en.issuing_body, en.issuing_body_en) == ("CEN", "")
    # English headers, and an empty English cell keeps the stored name.
    job = run_import("standards", office, write_csv(tmp_path / "s.csv", ["code", "title", "issuing body",
                                                                        "issuing body (English)"], [
        ["GB 2626-2019", GB2019[1], "", ""],
        ["EN 149:2001+A1:2009", EN149[1], "", "European Committee for Standardization (CEN)"],
    ]))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 1)), job.message
    gb.refresh_from_db()
    en.refresh_from_db()
    assert (gb.issuing_body, gb.issuing_body_en) == ("国家市场监督管理总局、国家标准化管理委员会", samr_sac)
    assert (en.issuing_body, en.issuing_body_en) == ("CEN", "European Committee for Standardization (CEN)")


@pytest.mark.parametrize("header", ["发布机构英文", "发布机构(英文)", "Issuing Body (English)", "issuing_body_en"])
def test_the_english_issuing_body_column_is_found_under_its_other_names(office, before_import, tmp_path, header):
    samr = "State Administration for Market Regulation"
    path = write_csv(tmp_path / "s.csv", ["标准号", "中文名称", "发布机构", header],
                     [["GB 2626-2019", GB2019[1], "国家市场监督管理总局", samr]])
    job = run_import("standards", office, path)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert Standard.objects.filter(code="GB 2626-2019").values_list("issuing_body", "issuing_body_en").get() == (
        "国家市场监督管理总局", samr)
