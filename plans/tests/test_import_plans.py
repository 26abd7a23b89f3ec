"""The technical plans kind: industry plans imported and published by the campaign office."""

import pytest
from django.core.exceptions import PermissionDenied

from core.imports import services
from core.models import ImportMode, ImportStatus, ReviewStatus
from core.public_cache import generation
from plans.models import PlanAuthorKind, PlanRequirement, PlanVersion, TechnicalPlan
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

from ..specs import spec_for_version

pytestmark = pytest.mark.django_db

HEADER = ["方案编号", "方案名称", "英文名称", "产品类别代码", "起草单位", "起草机构统一社会信用代码", "标准号",
          "对标标准",
          "对标等级", "指标标识", "指标名称", "方案单位", "下限", "上限", "单位", "测试条件"]
GB, EN = "GB 2626-2019", "EN 149:2001+A1:2009"
MASKS = "PC-17-001"  # the library's category


@pytest.fixture
def catalogue(library):
    """The respirator library with a second category the plan files name: PC-KN95 (自吸过滤式防颗粒物
    呼吸器) beside the library's masks."""
    kn95 = factories.ProductCategoryFactory(code="PC-KN95", name_zh="自吸过滤式防颗粒物呼吸器",
                                            industry=library["category"].industry)
    return {**library, "kn95": kn95}


def plan_rows(institution, *, code="TP2023-00001", filtration=95):
    plan = [code, "KN95 口罩对标技术方案", "KN95 respirators", "PC-KN95", "", institution.uscc]
    return [
        [*plan, GB, "否", "KN95", "filtration", "", "", filtration, None, "%", "85 L/min"],
        [*plan, EN, "是", "FFP2", "filtration", "", "", 94, None, "%", "95 L/min"],
        [*plan, GB, "否", "KN95", "", "吸气阻力", "Pa", None, 350, "Pa", "85 L/min"],
        [*plan, EN, "是", "FFP2", "inhalation", "", "Pa", None, 2.4, "mbar", "95 L/min"],
        [*plan, EN, "是", "FFP2", "flame", "", "", None, None, "", ""],
    ]


def second_plan_rows():
    plan = ["TP2023-00002", "日常防护口罩对标技术方案", "", MASKS, "全国个体防护装备标准化技术委员会", ""]
    return [
        [*plan, GB, "是", "", "filtration", "", "", 90, None, "%", ""],
        [*plan, EN, "否", "", "", "", "", None, None, "", ""],  # compared, no requirement of its own
    ]


def test_a_good_file_creates_published_plans(office, institution, catalogue, tmp_path):
    rows = plan_rows(institution) + second_plan_rows()
    job = run_import("plans", office, write_xlsx(tmp_path / "p.xlsx", HEADER, rows, title="行业对标技术方案"))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (7, 0, 0)
    plan = TechnicalPlan.objects.get(code="TP2023-00001")
    assert (plan.author_kind, plan.institution_id, plan.drafting_body, plan.category_id, plan.title_en) == (
        PlanAuthorKind.INDUSTRY, institution.pk, institution.name, catalogue["kn95"].pk, "KN95 respirators")
    version = plan.versions.get()
    assert (version.number, version.status) == (1, ReviewStatus.PUBLISHED) and version.published_at is not None
    assert [(s.standard.code, s.grade, s.is_benchmark) for s in version.standards.all()] == [
        (GB, "KN95", False), (EN, "FFP2", True)]
    assert [(i.indicator.key, i.unit, i.direction) for i in version.indicators.all()] == [
        ("filtration", "%", "higher_better"), ("inhalation", "Pa", "lower_better"), ("flame", "", "pass_fail")]
    assert version.requirements.count() == 5
    assert [(e.from_status, e.to_status, e.actor_name) for e in version.events.all()] == [("", "published", "office")]
    spec_for_version(version).compiled  # noqa: B018 — the verdict engine can evaluate it
    second = TechnicalPlan.objects.get(code="TP2023-00002").versions.get()
    assert [(s.standard.code, s.is_benchmark) for s in second.standards.all()] == [(GB, True), (EN, False)]
    assert second.plan.drafting_body == "全国个体防护装备标准化技术委员会" and second.plan.institution_id is None


def test_importing_the_same_file_again_changes_nothing(office, institution, catalogue, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", HEADER, plan_rows(institution) + second_plan_rows())
    run_import("plans", office, path)
    job = run_import("plans", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 7))
    assert PlanVersion.objects.count() == 2 and PlanRequirement.objects.count() == 6


def test_a_published_plan_is_never_rewritten_by_an_import(office, institution, catalogue, tmp_path):
    run_import("plans", office, write_xlsx(tmp_path / "p.xlsx", HEADER, plan_rows(institution)))
    job = run_import("plans", office, write_csv(tmp_path / "p.csv", HEADER, plan_rows(institution, filtration=96)))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert all("已发布第 1 版，文件内容与之不同" in reason for reason in errors.values())
    assert PlanRequirement.objects.filter(minimum=95).exists() and not PlanRequirement.objects.filter(minimum=96)


def test_a_plan_published_in_the_platform_is_unchanged_when_the_file_states_it_exactly(office, catalogue, tmp_path):
    version = scene.published_plan(
        category=catalogue["category"], standards=[(catalogue["gb"], True)],
        indicators=[(catalogue["filtration"], {GB: (90, None, "%", "")})],
    )
    plan = version.plan
    row = [plan.code, plan.title_zh, "", MASKS, plan.drafting_body, "", GB, "是", "", "filtration", "", "%", 90,
           None, "%", ""]
    job = run_import("plans", office, write_csv(tmp_path / "p.csv", HEADER, [row]))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 1)), job.message


def test_every_bad_row_is_reported_and_a_plan_is_imported_whole_or_not_at_all(
    office, institution, catalogue, tmp_path,
):
    applied = factories.InstitutionFactory()
    draft = TechnicalPlan.objects.create(code="TP-DRAFT", title_zh="草稿", category=catalogue["kn95"],
                                         author_kind=PlanAuthorKind.INDUSTRY, drafting_body="某标委会")
    PlanVersion.objects.create(plan=draft, number=1)

    def row(code, **changes):
        values = dict(zip(HEADER, [code, "方案", "", "PC-KN95", "某标委会", "", EN, "是", "", "filtration", "", "", 94,
                                   None, "%", ""], strict=True))
        values.update(changes)
        return list(values.values())

    rows = [
        *plan_rows(institution),  # 2–6: good
        row("TP-A", 产品类别代码="PC-NONE"),  # 7: no such category
        row("TP-B", 标准号="GB 9999-2000"),  # 8: no such standard
        row("TP-C", 指标标识="nosuch"),  # 9: no such indicator
        row("TP-D"),  # 10
        row("TP-D", 方案名称="另一个名称", 指标标识="inhalation", 下限=None, 上限=2.4, 单位="mbar"),  # 11
        row("TP-E", 对标标准="否"),  # 12: no benchmark
        row("TP-F", 下限=None, 上限=99),  # 13: an upper limit on a higher-is-better indicator
        row("TP-G", 起草单位="", 起草机构统一社会信用代码=applied.uscc),  # 14: not accredited
        row("TP-DRAFT", 方案名称="草稿"),  # 15: exists with a draft only
        row("TP-H"), row("TP-H", 标准号=GB, 对标标准="否", 指标标识="nosuch"),  # 16, 17: one bad row spoils the plan
        row("TP-I"), row("TP-I", 对标标准="否", 指标标识="inhalation", 下限=None, 上限=2.4, 单位="mbar"),  # 18, 19
    ]
    job = run_import("plans", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == list(range(7, 20))
    assert "PC-NONE" in errors[7]
    assert "GB 9999-2000" in errors[8]
    assert "nosuch" in errors[9]
    assert "与第 10 行（同一方案）填写的不一致" in errors[11] and "第 11 行有误" in errors[10]
    assert "请至少指定一个对标标准" in errors[12]
    assert "越高越好只填下限" in errors[13]
    assert "尚未认定" in errors[14]
    assert "没有已发布的版本" in errors[15]
    assert "整个方案未导入" in errors[16] and "nosuch" in errors[17]
    assert "同一方案的同一标准" in errors[19] and "整个方案未导入" in errors[18]
    assert TechnicalPlan.objects.count() == 1


def test_the_valid_rows_mode_imports_whole_good_plans_only(office, institution, catalogue, tmp_path):
    bad = second_plan_rows()
    bad[1][9] = "nosuch"
    job = run_import("plans", office, write_xlsx(tmp_path / "p.xlsx", HEADER, plan_rows(institution) + bad),
                     mode=ImportMode.VALID_ROWS)
    assert (job.status, counts(job)) == (ImportStatus.PARTIAL, (5, 0, 0))
    assert list(TechnicalPlan.objects.values_list("code", flat=True)) == ["TP2023-00001"]


def test_a_plan_whose_rows_fall_into_two_batches_is_refused_whole(office, institution, catalogue, tmp_path,
                                                                   monkeypatch):
    from ..import_kinds import PlanImportKind

    monkeypatch.setattr(PlanImportKind, "batch_size", 6)
    rows = plan_rows(institution) + second_plan_rows()  # rows 2–6, then 7 and 8 across the boundary
    job = run_import("plans", office, write_xlsx(tmp_path / "p.xlsx", HEADER, rows), mode=ImportMode.VALID_ROWS)
    assert job.status == ImportStatus.PARTIAL
    assert "相隔太远" in error_rows(job)[8]
    assert list(TechnicalPlan.objects.values_list("code", flat=True)) == ["TP2023-00001"]


def test_only_the_campaign_office_imports_plans(city_office_a, institution_user, catalogue, tmp_path):
    path = write_csv(tmp_path / "p.csv", HEADER, second_plan_rows())
    for user in (city_office_a, institution_user):
        with pytest.raises(PermissionDenied):
            services.import_job_create(kind="plans", actor=user, path=path, enqueue=False)


def test_published_plans_refresh_the_headline_counts_and_the_public_cache(
    office, catalogue, tmp_path, django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    monkeypatch.setattr("results.tasks.refresh_summary.delay", lambda: queued.append(True))
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("plans", office, write_csv(tmp_path / "p.csv", HEADER, second_plan_rows()))
    assert queued == [True] and generation() > before


def test_the_template_has_chinese_headers_drop_downs_and_instructions_and_imports_once_filled(client_for,
    office, catalogue, tmp_path,
):
    workbook = download_template(client_for(office), "plans")
    assert template_headers(workbook) == [
        "方案编号*", "方案名称*", "英文名称", "产品类别代码*", "起草单位", "起草机构统一社会信用代码", "标准号*",
        "对标标准",
        "对标等级", "指标标识", "指标名称", "方案单位", "下限", "上限", "单位", "测试条件"]
    assert validation_lists(workbook) == {"对标标准": ["是", "否"]}
    instructions = "\n".join(str(row[0].value) for row in workbook["填写说明"].iter_rows() if row[0].value)
    assert "方案 × 标准 × 指标 × 测试条件" in instructions and "第 1 版发布" in instructions
    plan = {"方案编号": "TP2024-00001", "方案名称": "模板方案", "产品类别代码": MASKS, "起草单位": "某标委会"}
    path = fill_template(workbook, [
        {**plan, "标准号": GB, "对标标准": "是", "指标标识": "filtration", "下限": 90, "单位": "%"},
        {**plan, "标准号": EN, "对标标准": "否", "指标名称": "过滤效率", "下限": 94, "单位": "%"},
    ], tmp_path / "filled.xlsx")
    job = run_import("plans", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (2, 0, 0)), job.message
    assert TechnicalPlan.objects.get().versions.get().status == ReviewStatus.PUBLISHED
