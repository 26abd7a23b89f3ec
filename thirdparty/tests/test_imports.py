"""The institutions kind: accredited institutions with certificates and services, imported by the
campaign office."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.imports import services
from core.models import ImportStatus
from core.public_cache import generation
from tests import factories
from tests import public_scene as scene
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
from thirdparty.models import AccreditationStatus, Certificate, Institution, InstitutionService

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "机构名称", "机构类型", "所在地区代码", "联系邮箱", "证书类型", "证书编号", "认可范围",
          "有效期至", "服务产品类别代码", "产品检测", "标准验证", "比对试验", "方案起草"]
LAB = factories.make_uscc(700_001, "440300")
ASSOCIATION = factories.make_uscc(700_002, "440100")


@pytest.fixture
def applied(regions):
    return factories.InstitutionFactory(name="广州标准化研究院", kind="standards_institute", status="applied",
                                        accredited_at=None, region=regions["guangzhou"])


def good_rows(applied):
    return [
        [LAB, "深圳检测研究院", "检验检测机构", "440305", "lab@example.cn", "CNAS", "CNAS L1234", "口罩过滤效率",
         "2099-12-31", "C1781、C1782", "是", "", "是", ""],
        [LAB, "深圳检测研究院", "检验检测机构", "440305", "", "CMA", "210012345678", "", dt.date(2099, 6, 30), "",
         "", "", "", ""],
        [ASSOCIATION, "广州纺织行业协会", "行业协会", "440100", "", "", "", "", "", "C1751", "", "", "", "是"],
        [applied.uscc, "广州标准化研究院", "标准化研究机构", "440100", "", "", "", "", "", "C1781", "否", "是", "", ""],
    ]


def services_of(uscc):
    return sorted(InstitutionService.objects.filter(institution__uscc=uscc).values_list("category__code", "service"))


def test_a_good_file_creates_accredited_institutions_with_certificates_and_services(
    office, applied, categories, tmp_path,
):
    job = run_import("institutions", office, write_xlsx(tmp_path / "i.xlsx", HEADER, good_rows(applied)))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (3, 1, 0)
    lab = Institution.objects.get(uscc=LAB)
    assert (lab.name, lab.kind, lab.region_id, lab.province_id, lab.status) == (
        "深圳检测研究院", "testing_lab", "440305", "440000", AccreditationStatus.ACCREDITED)
    assert lab.accredited_at is not None and lab.contact_email == "lab@example.cn"
    assert sorted(lab.certificates.values_list("kind", "number", "scope", "valid_until")) == [
        ("cma", "210012345678", "", dt.date(2099, 6, 30)), ("cnas", "L1234", "口罩过滤效率", dt.date(2099, 12, 31))]
    assert services_of(LAB) == [("C1781", "comparison_testing"), ("C1781", "product_testing"),
                                ("C1782", "comparison_testing"), ("C1782", "product_testing")]
    assert services_of(ASSOCIATION) == [("C1751", "plan_drafting")]
    assert [(e.from_status, e.to_status, e.actor_name) for e in lab.events.all()] == [("", "accredited", "office")]
    applied.refresh_from_db()
    assert applied.status == AccreditationStatus.ACCREDITED and applied.accredited_at is not None
    assert [(e.from_status, e.to_status) for e in applied.events.all()] == [("applied", "accredited")]
    assert services_of(applied.uscc) == [("C1781", "standard_verification")]


def test_importing_the_same_file_again_changes_nothing(office, applied, categories, tmp_path):
    path = write_xlsx(tmp_path / "i.xlsx", HEADER, good_rows(applied))
    run_import("institutions", office, path)
    events = (Institution.objects.count(), Certificate.objects.count(), InstitutionService.objects.count())
    job = run_import("institutions", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 4))
    assert (Institution.objects.count(), Certificate.objects.count(), InstitutionService.objects.count()) == events
    assert sum(i.events.count() for i in Institution.objects.all()) == 3


def test_a_renewed_certificate_and_a_new_service_update_the_institution(office, applied, categories, tmp_path):
    run_import("institutions", office, write_xlsx(tmp_path / "i.xlsx", HEADER, good_rows(applied)))
    rows = [[LAB, "深圳检测研究院", "检验检测机构", "440305", "", "CNAS", "L1234", "", "2100-01-31", "C1751", "是",
             "", "", ""]]
    job = run_import("institutions", office, write_csv(tmp_path / "i.csv", HEADER, rows))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 0))
    certificate = Certificate.objects.get(number="L1234")
    assert (certificate.valid_until, certificate.scope) == (dt.date(2100, 1, 31), "口罩过滤效率")
    assert ("C1751", "product_testing") in services_of(LAB) and len(services_of(LAB)) == 5
    assert Institution.objects.get(uscc=LAB).contact_email == "lab@example.cn"  # kept: the cell was empty


def test_every_bad_row_is_reported_with_its_reasons_and_nothing_is_written(
    office, institution, applied, categories, tmp_path,
):
    Certificate.objects.create(institution=institution, kind="cnas", number="L9999", valid_until=dt.date(2099, 1, 1))
    rejected = scene.institution("已驳回检测所", status="rejected")
    past = dt.date.today() - dt.timedelta(days=1)
    rows = [
        [ASSOCIATION, "广州纺织行业协会", "行业协会", "440100", "", "", "", "", "", "C1751", "", "", "", "是"],  # 2
        # 3: a testing body without a certificate
        [LAB, "无证实验室", "检验检测机构", "440305", "", "", "", "", "", "C1781", "是", "", "", ""],
        [factories.make_uscc(700_010), "无服务协会", "行业协会", "440300", "", "", "", "", "", "", "", "", "", ""],  # 4
        [factories.make_uscc(700_011), "证书坏", "检验检测机构", "440300", "", "CNAS", "L12", "", "2099-01-01",
         "C1781", "是", "", "", ""],  # 5: a CNAS number in the wrong format
        [factories.make_uscc(700_012), "证书过期", "检验检测机构", "440300", "", "CMA", "210012345678", "", past,
         "C1781", "是", "", "", ""],  # 6: expired
        [factories.make_uscc(700_013), "他人证书", "检验检测机构", "440300", "", "CNAS", "L9999", "", "2099-01-01",
         "C1781", "是", "", "", ""],  # 7: another institution's certificate
        [factories.make_uscc(700_014), "类别不存在", "行业协会", "440300", "", "", "", "", "", "C0000", "是", "", "",
         ""],  # 8: no such category
        [factories.make_uscc(700_015), "无服务项目", "行业协会", "440300", "", "", "", "", "", "C1781", "", "", "",
         ""],  # 9: a category without a service
        # 10: renamed on its second row
        [ASSOCIATION, "广州纺织协会", "行业协会", "440100", "", "", "", "", "", "C1781", "", "", "", "是"],
        [rejected.uscc, rejected.name, "检验检测机构", "440300", "", "CNAS", "L2222", "", "2099-01-01", "C1781", "是",
         "", "", ""],  # 11: rejected
        # 12: a province with cities
        [factories.make_uscc(700_016), "省级", "行业协会", "440000", "", "", "", "", "", "C1781", "", "", "", "是"],
    ]
    before = (Institution.objects.count(), Certificate.objects.count(), InstitutionService.objects.count())
    job = run_import("institutions", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == list(range(3, 13))
    assert "至少登记一项 CNAS 或 CMA 证书" in errors[3]
    assert "至少填写一项服务" in errors[4]
    assert "L1234" in errors[5]
    assert "已过" in errors[6]
    assert "L9999" in errors[7] and "其他机构" in errors[7]
    assert "C0000" in errors[8]
    assert "请至少为这些产品类别选择一项服务" in errors[9]
    assert "与第 2 行（同一机构）填写的不一致" in errors[10]
    assert "未通过" in errors[11]
    assert "省级代码" in errors[12]
    assert (Institution.objects.count(), Certificate.objects.count(), InstitutionService.objects.count()) == before
    applied.refresh_from_db()
    assert applied.status == AccreditationStatus.APPLIED


def test_only_the_campaign_office_imports_institutions(city_office_a, institution_user, tmp_path):
    path = write_csv(tmp_path / "i.csv", HEADER, [])
    for user in (city_office_a, institution_user):
        with pytest.raises(PermissionDenied):
            services.import_job_create(kind="institutions", actor=user, path=path, enqueue=False)


def test_accrediting_by_import_refreshes_the_public_directory_and_counts(
    office, applied, categories, tmp_path, django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    monkeypatch.setattr("results.tasks.refresh_summary.delay", lambda: queued.append(True))
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("institutions", office, write_xlsx(tmp_path / "i.xlsx", HEADER, good_rows(applied)))
    assert queued == [True] and generation() > before


def test_the_template_has_chinese_headers_drop_downs_and_instructions_and_imports_once_filled(client_for,
    office, categories, tmp_path,
):
    workbook = download_template(client_for(office), "institutions")
    headers = template_headers(workbook)
    assert headers[:5] == ["统一社会信用代码*", "存量代码确认", "机构名称*", "机构类型*", "所在地区代码*"]
    assert headers[-4:] == ["产品检测", "标准验证", "比对试验", "方案起草"]
    lists = validation_lists(workbook)
    assert lists["机构类型"] == ["行业协会", "标准化研究机构", "检验检测机构", "认证机构", "咨询服务机构"]
    assert lists["证书类型"] == ["CNAS", "CMA"]
    assert lists["存量代码确认"] == lists["产品检测"] == lists["方案起草"] == ["是", "否"]
    instructions = "\n".join(str(row[0].value) for row in workbook["填写说明"].iter_rows() if row[0].value)
    assert "机构有多项证书时分多行填写" in instructions
    path = fill_template(workbook, [
        {"统一社会信用代码": LAB, "机构名称": "模板实验室", "机构类型": "检验检测机构", "所在地区代码": "440300",
         "证书类型": "CMA", "证书编号": "210012345678", "有效期至": dt.date(2099, 1, 1),
         "服务产品类别代码": "C1781", "产品检测": "是"},
    ], tmp_path / "filled.xlsx")
    job = run_import("institutions", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0)), job.message
    assert Institution.objects.get(uscc=LAB).status == AccreditationStatus.ACCREDITED
