"""The regions kind: participation and pilot status of provinces and cities, imported from a file."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from benchmarking.models import Region
from benchmarking.selectors import taking_part_cities
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
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

HEADER = ["行政区划代码", "名称", "参与行动日期", "试点城市日期"]


@pytest.fixture
def hunan(regions):
    hunan = factories.region("430000", "湖南省", "province")
    changsha = factories.region("430100", "长沙市", "prefecture", hunan)
    factories.region("430102", "芙蓉区", "county", changsha)
    beijing = factories.region("110000", "北京市", "province")
    beijing.city = beijing
    beijing.save()
    return {"hunan": hunan, "changsha": changsha, "beijing": beijing}


def participation(*codes):
    return {code: tuple(Region.objects.filter(code=code).values_list("taking_part_since", "pilot_since").get())
            for code in codes}


GOOD_ROWS = [
    ["430000", "湖南省", "2022-01-01", None],
    ["430100", "长沙市", "2022/1/1", "2022年3月1日"],
    ["110000", "北京", dt.date(2021, 5, 1), dt.date(2021, 5, 1)],
    ["440300", "深圳市", "2021-03-01", "2021-06-01"],  # as stored
]


def test_a_good_file_updates_participation_and_pilots(office, hunan, tmp_path):
    job = run_import("regions", office, write_xlsx(tmp_path / "regions.xlsx", HEADER, GOOD_ROWS, title="参与地区"))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert counts(job) == (0, 3, 1)
    assert participation("430000", "430100", "110000", "440300") == {
        "430000": (dt.date(2022, 1, 1), None),
        "430100": (dt.date(2022, 1, 1), dt.date(2022, 3, 1)),
        "110000": (dt.date(2021, 5, 1), dt.date(2021, 5, 1)),
        "440300": (dt.date(2021, 3, 1), dt.date(2021, 6, 1)),
    }
    assert Region.objects.count() == 9  # no region was created


def test_importing_the_same_file_again_changes_nothing(office, hunan, tmp_path):
    path = write_xlsx(tmp_path / "regions.xlsx", HEADER, GOOD_ROWS)
    run_import("regions", office, path)
    before = participation("430000", "430100", "110000", "440300")
    job = run_import("regions", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 0, 4))
    assert participation("430000", "430100", "110000", "440300") == before


def test_a_csv_in_gb18030_with_english_headers(office, hunan, tmp_path):
    path = write_csv(tmp_path / "regions.csv", ["region code", "name", "taking part since", "pilot since"],
                     [["430100", "长沙市", "2022-01-01", "2022-02-01"]], encoding="gb18030")
    job = run_import("regions", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 0))
    assert participation("430100") == {"430100": (dt.date(2022, 1, 1), dt.date(2022, 2, 1))}


def test_an_empty_pilot_cell_keeps_the_stored_pilot_date(office, regions, tmp_path):
    job = run_import("regions", office, write_csv(tmp_path / "r.csv", HEADER, [["440300", "", "2021-02-01", ""]]))
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 0))
    assert participation("440300") == {"440300": (dt.date(2021, 2, 1), dt.date(2021, 6, 1))}


def test_every_bad_row_is_reported_with_its_reasons_and_nothing_is_written(office, hunan, tmp_path):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    rows = [
        ["430000", "湖南省", "2022-01-01", None],  # 2: good
        ["999999", "", "2022-01-01", None],  # 3: no such region
        ["430102", "芙蓉区", "2022-01-01", None],  # 4: a county
        ["430000", "", "2022-01-01", "2022-02-01"],  # 5: a province as pilot (and a duplicate)
        ["430100", "", "2022-03-01", "2022-02-01"],  # 6: pilot before taking part
        ["430100", "", tomorrow, None],  # 7: in the future
        ["430100", "长春市", "2022-01-01", None],  # 8: name does not match
        ["430100", "", "", None],  # 9: taking part is required
        ["440300", "", "2021-07-01", None],  # 10: after its stored pilot date
        ["44030", "", "2022-01-01", None],  # 11: not six digits
    ]
    before = participation("430000", "430100", "440300")
    job = run_import("regions", office, write_xlsx(tmp_path / "bad.xlsx", HEADER, rows))
    assert job.status == ImportStatus.REJECTED
    assert counts(job) == (0, 0, 0)
    errors = error_rows(job)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "999999" in errors[3]
    assert "区县" in errors[4]
    assert "不是城市" in errors[5]
    assert "早于参与行动日期" in errors[6]
    assert "晚于今天" in errors[7]
    assert "长沙市" in errors[8]
    assert "参与行动日期：不能为空" in errors[9]
    assert "2021-06-01" in errors[10]
    assert "6 位数字" in errors[11]
    assert participation("430000", "430100", "440300") == before


def test_only_the_campaign_office_imports_regions(city_office_a, client_for, hunan, tmp_path):
    with pytest.raises(PermissionDenied):
        services.import_job_create(kind="regions", actor=city_office_a, enqueue=False,
                                   path=write_csv(tmp_path / "r.csv", HEADER, [["430100", "", "2022-01-01", ""]]))
    response = client_for(city_office_a).get(reverse("admin:core_importjob_template"), {"kind": "regions"})
    assert response.status_code == 403


def test_a_committed_change_refreshes_the_headline_counts_and_the_public_cache(
    office, hunan, tmp_path, django_capture_on_commit_callbacks, monkeypatch,
):
    queued = []
    monkeypatch.setattr("results.tasks.refresh_summary.delay", lambda: queued.append(True))
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        run_import("regions", office, write_csv(tmp_path / "r.csv", HEADER, [["430100", "", "2022-01-01", ""]]))
    assert queued == [True] and generation() > before
    queued.clear()
    with django_capture_on_commit_callbacks(execute=True):  # nothing changed: nothing to refresh
        run_import("regions", office, write_csv(tmp_path / "r.csv", HEADER, [["430100", "", "2022-01-01", ""]]))
    assert queued == []


def test_the_template_has_chinese_headers_and_instructions_and_imports_once_filled(
    client_for, office, hunan, tmp_path,
):
    workbook = download_template(client_for(office), "regions")
    assert template_headers(workbook) == ["行政区划代码*", "名称", "参与行动日期*", "试点城市日期"]
    assert [sheet.title for sheet in workbook.worksheets] == ["数据", "填写说明", "_meta"]
    instructions = "\n".join(str(row[0].value) for row in workbook["填写说明"].iter_rows() if row[0].value)
    assert "不会新增地区" in instructions and "试点城市日期" in instructions
    path = fill_template(workbook, [{"行政区划代码": "430100", "参与行动日期": dt.date(2022, 1, 1),
                                     "试点城市日期": dt.date(2022, 4, 1)}], tmp_path / "filled.xlsx")
    job = run_import("regions", office, path)
    assert (job.status, counts(job)) == (ImportStatus.SUCCEEDED, (0, 1, 0))
    assert participation("430100") == {"430100": (dt.date(2022, 1, 1), dt.date(2022, 4, 1))}


def test_a_county_level_city_under_its_province_takes_part_and_is_a_pilot(office, tmp_path):
    call_command("load_reference", verbosity=0)  # 仙桃市 as the reference load derives it: a city
    rows = [["420000", "湖北省", "2021-03-01", None], ["429004", "仙桃市", "2021-03-01", "2021-06-01"]]
    job = run_import("regions", office, write_xlsx(tmp_path / "xiantao.xlsx", HEADER, rows))
    assert job.status == ImportStatus.SUCCEEDED, job.message
    assert participation("429004") == {"429004": (dt.date(2021, 3, 1), dt.date(2021, 6, 1))}
    assert [city.name for city in taking_part_cities("420000")] == ["仙桃市"]  # the public filters list it
