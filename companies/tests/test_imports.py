"""The enterprises kind: enterprises imported from a file by the campaign office or a city office."""

import pytest
from django.core.exceptions import PermissionDenied

from companies.models import Enterprise
from companies.services import enterprise_confirm_uscc
from core.imports import services
from core.models import ImportStatus
from core.public_cache import generation
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

HEADER = ["统一社会信用代码", "存量代码确认", "企业名称", "所在地区代码", "行业代码", "地址", "联系人", "联系电话",
          "联系邮箱"]
NEW_A = factories.make_uscc(5001)
NEW_B = factories.make_uscc(5002, "440100")


LEGACY = factories.legacy_uscc(5003)


@pytest.fixture
def industries(regions):
    textiles = factories.manufacturing_division("17", "纺织业")
    farming = factories.IndustryFactory(code="A", name_zh="农、林、牧、渔业", level="section", sector=1)
    agriculture = factories.IndustryFactory(code="01", name_zh="农业", level="division", parent=farming, sector=1)
    return {"textiles": textiles, "agriculture": agriculture}


@pytest.fixture
def good_rows(enterprise_a, industries):
    return [
        [NEW_A, "", "深圳新材料有限公司", "440305", "17", "深圳市南山区科技园", "李四", "0755-88886666",
         "li@example.cn"],
        [NEW_B, "否", "广州农业科技有限公司", "440106", 1, "", "", "", ""],
        [LEGACY, "是", "深圳存量代码有限公司", "440300", "C17", "", "王五", "13800138000", ""],
        [enterprise_a.uscc, "", "深圳甲防护用品股份有限公司", "440305", "17", "", "", "", ""],
    ]


def stored(code: str) -> tuple:
    return Enterprise.objects.values_list(
        "name", "region_id", "city_id", "province_id", "industry_id", "uscc_legacy_checksum", "contact_name",
        "contact_phone", "contact_email").get(uscc=code)


def test_a_good_file_creates_and_updates_enterprises(office, enterprise_a, good_rows, tmp_path):
    contacts = (enterprise_a.contact_name, enterprise_a.contact_phone, enterprise_a.contact_email)
    job = run_import("enterprises", office, write_xlsx(tmp_path / "e.xlsx", HEADER, good_rows, title="企业名单"))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (3, 1, 0)
    assert stored(NEW_A) == ("深圳新材料有限公司", "440305", "440300", "440000", "17", False, "李四", "0755-88886666",
                             "li@example.cn")
    assert stored(NEW_B)[:6] == ("广州农业科技有限公司", "440106", "440100", "440000", "01", False)
    assert stored(LEGACY)[:6] == ("深圳存量代码有限公司", "440300", "440300", "440000", "17", True)
    # A code whose check character fails is held 待核验 for its city office, as at registration.
    assert Enterprise.objects.get(uscc=LEGACY).uscc_status == "pending"
    assert Enterprise.objects.get(uscc=NEW_A).uscc_status == "valid"
    # The existing enterprise: renamed; its contacts kept (the cells were empty).
    assert stored(enterprise_a.uscc)[0] == "深圳甲防护用品股份有限公司"
    assert stored(enterprise_a.uscc)[6:] == contacts


def test_importing_the_same_file_again_changes_nothing(office, good_rows, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", HEADER, good_rows)
    run_import("enterprises", office, path)
    before = list(Enterprise.objects.order_by("uscc").values())
    job = run_import("enterprises", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 4))
    assert list(Enterprise.objects.order_by("uscc").values()) == before


def test_a_csv_file_with_english_headers(office, industries, tmp_path):
    path = write_csv(tmp_path / "e.csv", ["USCC", "name", "region code", "industry code", "email"],
                     [[NEW_A.lower(), "深圳新材料有限公司", "440305", "17", "a@example.cn"]], encoding="gb18030")
    job = run_import("enterprises", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0))
    assert stored(NEW_A)[0] == "深圳新材料有限公司"


def test_every_bad_row_is_reported_with_its_reasons_and_nothing_is_written(office, enterprise_a, industries,
                                                                           tmp_path):
    rows = [
        [NEW_A, "", "好企业", "440305", "17", "", "", "", ""],  # 2: good
        ["91440300MA5D", "", "短代码", "440305", "17", "", "", "", ""],  # 3: too short
        [LEGACY, "", "存量", "440305", "17", "", "", "", ""],  # 4: legacy code not confirmed
        [factories.make_uscc(5010), "", "省级", "440000", "17", "", "", "", ""],  # 5: a province
        [factories.make_uscc(5011), "", "无地区", "999999", "99", "", "", "", ""],  # 6: no such region, industry
        [factories.make_uscc(5012), "", "门类不符", "440305", "A17", "", "", "", ""],  # 7: 17 is not in A
        [factories.make_uscc(5013), "", "电话", "440305", "17", "", "", "12", "not-an-email"],  # 8: contacts
        [NEW_A, "", "重复", "440305", "17", "", "", "", ""],  # 9: the same USCC as row 2
        [enterprise_a.uscc, "", "迁移", "440106", "17", "", "", "", ""],  # 10: moved to another city
    ]
    job = run_import("enterprises", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "18 位" in errors[3]
    assert "存量代码确认" in errors[4] and "GB 32100" in errors[4]
    assert "省级" in errors[5]
    assert "999999" in errors[6] and "99 不是" in errors[6]
    assert "门类 C" in errors[7]
    assert "联系电话" in errors[8] and "联系邮箱" in errors[8]
    assert "与第 2 行重复" in errors[9]
    assert "不能改变企业所在的城市" in errors[10]
    assert Enterprise.objects.count() == 1 and stored(enterprise_a.uscc)[1] == "440305"


def test_a_city_office_imports_enterprises_of_its_own_city_only(city_office_a, enterprise_b, industries, tmp_path):
    rows = [
        [NEW_A, "", "深圳新企业", "440305", "17", "", "", "", ""],  # 2: its city
        [NEW_B, "", "广州新企业", "440106", "17", "", "", "", ""],  # 3: another city
        [enterprise_b.uscc, "", "改到深圳", "440305", "17", "", "", "", ""],  # 4: another city's enterprise
    ]
    job = run_import("enterprises", city_office_a, write_xlsx(tmp_path / "e.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == [3, 4]
    assert "不在本市" in errors[3] and "不能由本市导入" in errors[4]
    job = run_import("enterprises", city_office_a, write_xlsx(tmp_path / "ok.xlsx", HEADER, rows[:1]))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0))
    assert stored(NEW_A)[2] == "440300"


def test_enterprises_and_institutions_may_not_import_enterprises(enterprise_user_a, institution_user, tmp_path):
    path = write_csv(tmp_path / "e.csv", HEADER, [[NEW_A, "", "x", "440305", "17", "", "", "", ""]])
    for user in (enterprise_user_a, institution_user):
        with pytest.raises(PermissionDenied):
            services.import_job_create(kind="enterprises", actor=user, path=path, enqueue=False)


def test_new_enterprises_refresh_the_headline_counts_once_committed(
    office, industries, tmp_path, django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    monkeypatch.setattr("results.tasks.refresh_summary.delay", lambda: queued.append(True))
    before = generation()
    path = write_csv(tmp_path / "e.csv", HEADER, [[NEW_A, "", "x", "440305", "17", "", "", "", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        run_import("enterprises", office, path)
    assert queued == [True] and generation() > before
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("enterprises", office, path)
    assert queued == []


def test_the_template_has_chinese_headers_drop_downs_and_instructions_and_imports_once_filled(client_for,
    city_office_a, industries, tmp_path,
):
    workbook = download_template(client_for(city_office_a), "enterprises")
    assert template_headers(workbook) == [
        "统一社会信用代码*", "存量代码确认", "企业名称*", "所在地区代码*", "行业代码*", "地址", "联系人", "联系电话",
        "联系邮箱"]
    assert validation_lists(workbook) == {"存量代码确认": ["是", "否"]}
    instructions = "\n".join(str(row[0].value) for row in workbook["填写说明"].iter_rows() if row[0].value)
    assert "城市试点办公室只能导入本市的企业" in instructions
    path = fill_template(workbook, [{"统一社会信用代码": NEW_A, "企业名称": "模板企业", "所在地区代码": "440305",
                                     "行业代码": "17"}], tmp_path / "filled.xlsx")
    job = run_import("enterprises", city_office_a, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0)), job.message
    assert stored(NEW_A)[:2] == ("模板企业", "440305")


def test_importing_again_keeps_a_confirmed_code_confirmed(office, city_office_a, good_rows, tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", HEADER, good_rows)
    run_import("enterprises", office, path)
    enterprise_confirm_uscc(actor=city_office_a, enterprise=Enterprise.objects.get(uscc=LEGACY))
    job = run_import("enterprises", office, path)
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert Enterprise.objects.get(uscc=LEGACY).uscc_status == "confirmed"
