"""The activities kind: meetings, trainings, articles and lectures imported from a file."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from benchmarking.models import Activity, ActivityKind
from core.imports import services
from core.models import ImportMode, ImportStatus
from core.public_cache import generation
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

HEADER = ["类型", "标题", "英文标题", "地区代码", "日期", "参加人次", "摘要", "链接"]
GOOD_ROWS = [
    ["动员会议", "深圳市对标达标动员会", "", "440300", "2021-06-15", 320, "全市动员", "https://example.cn/a"],
    ["线上培训", "对标方法线上培训", "Online training", None, dt.date(2021, 7, 1), "1,200", "", ""],
    ["宣传文章", "对标达标宣传", "", "440100", "2021-07-02", None, "", "http://example.cn/b"],
    ["lecture", "标准化专题讲座", "", "440305", "2021-08-01", 80, "", ""],
]


def stored():
    return sorted(Activity.objects.values_list("kind", "title_zh", "region_id", "held_on", "attendances", "url"))


def test_a_good_file_creates_the_activities(office, regions, tmp_path):
    job = run_import("activities", office, write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD_ROWS))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (4, 0, 0)
    assert stored() == [
        ("article", "对标达标宣传", "440100", dt.date(2021, 7, 2), 0, "http://example.cn/b"),
        ("lecture", "标准化专题讲座", "440305", dt.date(2021, 8, 1), 80, ""),
        ("meeting", "深圳市对标达标动员会", "440300", dt.date(2021, 6, 15), 320, "https://example.cn/a"),
        ("training", "对标方法线上培训", None, dt.date(2021, 7, 1), 1200, ""),
    ]


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_updates(office, regions, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", HEADER, GOOD_ROWS)
    run_import("activities", office, path)
    job = run_import("activities", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 4))
    assert Activity.objects.count() == 4
    changed = [row[:] for row in GOOD_ROWS]
    changed[0][5] = 350
    changed[1][6] = None  # an empty optional cell keeps what is stored
    job = run_import("activities", office, write_csv(tmp_path / "a.csv", HEADER, changed))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 3))
    assert Activity.objects.get(kind=ActivityKind.MEETING).attendances == 350
    assert Activity.objects.get(kind=ActivityKind.TRAINING).title_en == "Online training"


def test_a_csv_with_english_headers_and_labels(office, regions, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["kind", "title", "region code", "date", "attendances"],
                     [["Online training", "线上培训第一期", "440300", "2021-09-01", "500"]], encoding="utf-8-sig")
    job = run_import("activities", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (1, 0, 0))
    assert Activity.objects.get().kind == ActivityKind.TRAINING


def test_every_bad_row_is_reported_and_nothing_is_written(office, regions, tmp_path):
    future = dt.date.today() + dt.timedelta(days=3)
    rows = [
        GOOD_ROWS[0],  # 2: good
        ["座谈会", "某会议", "", "", "2021-06-01", 10, "", ""],  # 3: unknown kind
        ["宣传文章", "某文章", "", "", "2021-06-01", 10, "", ""],  # 4: an article with attendances
        ["动员会议", "某会议", "", "123456", "2021-06-01", 5, "", ""],  # 5: no such region
        ["动员会议", "未来的会", "", "", future, 1, "", ""],  # 6: in the future
        GOOD_ROWS[0],  # 7: the same activity as row 2
        ["动员会议", "", "", "", "2021-06-01", -1, "", "ftp://x"],  # 8: no title, attendances, url
    ]
    job = run_import("activities", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    errors = error_rows(job)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert "座谈会" in errors[3] and "动员会议" in errors[3]
    assert "宣传文章没有参加人次" in errors[4]
    assert "123456" in errors[5]
    assert "晚于今天" in errors[6]
    assert "标题：不能为空" in errors[8] and "参加人次：不能为负数" in errors[8]
    assert "链接：网址应以 http://" in errors[8]
    assert "与第 2 行重复" in errors[7]
    assert Activity.objects.count() == 0


def test_the_valid_rows_mode_imports_the_good_rows_only(office, regions, tmp_path):
    rows = [GOOD_ROWS[0], ["座谈会", "某会议", "", "", "2021-06-01", 10, "", ""]]
    job = run_import("activities", office, write_xlsx(tmp_path / "a.xlsx", HEADER, rows), mode=ImportMode.VALID_ROWS)
    assert (job.status, counts(job)) == (ImportStatus.PARTIAL, (1, 0, 0))
    assert Activity.objects.count() == 1


def test_only_the_campaign_office_imports_activities(city_office_a, enterprise_user_a, tmp_path):
    path = write_csv(tmp_path / "a.csv", HEADER, [GOOD_ROWS[0]])
    for user in (city_office_a, enterprise_user_a):
        with pytest.raises(PermissionDenied):
            services.import_job_create(kind="activities", actor=user, path=path, enqueue=False)


def test_new_activities_refresh_the_headline_counts_and_the_public_cache(
    office, regions, tmp_path, django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    monkeypatch.setattr("results.tasks.refresh_summary.delay", lambda: queued.append(True))
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("activities", office, write_csv(tmp_path / "a.csv", HEADER, [GOOD_ROWS[0]]))
    assert queued == [True] and generation() > before


def test_the_template_has_chinese_headers_drop_downs_and_instructions_and_imports_once_filled(client_for,
    office, regions, tmp_path,
):
    workbook = download_template(client_for(office), "activities")
    assert template_headers(workbook) == ["类型*", "标题*", "英文标题", "地区代码", "日期*", "参加人次", "摘要", "链接"]
    assert validation_lists(workbook) == {"类型": ["动员会议", "线上培训", "宣传文章", "专题讲座"]}
    assert "填写说明" in workbook.sheetnames
    help_texts = [row[2].value for row in workbook["填写说明"].iter_rows() if row[0].value == "参加人次"]
    assert help_texts and "宣传文章填 0" in help_texts[0]
    path = fill_template(workbook, [
        {"类型": "专题讲座", "标题": "对标讲座", "地区代码": "440300", "日期": dt.date(2022, 1, 5), "参加人次": 60},
        {"类型": "宣传文章", "标题": "对标文章", "日期": dt.date(2022, 1, 6)},
    ], tmp_path / "filled.xlsx")
    job = run_import("activities", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (2, 0, 0)), job.message
    assert sorted(Activity.objects.values_list("kind", "attendances")) == [("article", 0), ("lecture", 60)]
