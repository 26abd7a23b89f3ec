"""Statistics: the incremental path (deltas written by publication and withdrawal, folded by a
worker) and the full rebuild give the same numbers; reads cost the same whatever the data."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from results import services, stats_selectors
from results.indicator_values import IndicatorValue
from results.models import BenchmarkResult, StatCount, StatDelta
from results.services import statistics as stats
from tests.helpers import attach_report, make_results, wait_for

pytestmark = pytest.mark.django_db


def all_cells() -> dict:
    return {
        (c.dimension, c.scope, c.key, c.level): c.count
        for c in StatCount.objects.exclude(dimension__in=[stats.SUMMARY, stats.ENTERPRISES]).exclude(count=0)
    }


def publish(result, office, *, on: dt.datetime | None = None, monkeypatch=None):
    if on is not None:
        monkeypatch.setattr(timezone, "now", lambda: on)
    try:
        services.result_approve(actor=office, result=result)
    finally:
        if on is not None:
            monkeypatch.undo()


@pytest.fixture
def campaign(plan, enterprise_user_a, enterprise_user_b, office, monkeypatch):
    """Results of two cities, two levels, published over two months, one later withdrawn."""
    made = []
    for user, count, value in ((enterprise_user_a, 3, 96.0), (enterprise_user_b, 2, 90.0)):
        drafts = make_results(user, plan, count, publish=False, office=office)
        indicator = plan.indicators.get()
        for result in drafts:
            services.result_save_values(
                actor=user, result=result, values=[IndicatorValue(indicator.pk, tested_value=value, unit="%")]
            )
            attach_report(user, result)
            services.result_submit(actor=user, result=result)
        made += drafts
    march = timezone.make_aware(dt.datetime(2026, 3, 31, 23, 30))  # Beijing time: still March
    publish(made[0], office, on=march, monkeypatch=monkeypatch)
    for result in made[1:]:
        publish(result, office)
    services.result_withdraw(actor=office, result=BenchmarkResult.objects.get(pk=made[1].pk), reason="数据有误")
    return made


@pytest.fixture
def counted(campaign):
    """The campaign with its statistics rebuilt, as the nightly task leaves them."""
    stats.stats_rebuild()
    return campaign


class TestIncrementalEqualsRebuild:
    def test_folding_the_deltas_gives_the_rebuilds_numbers(self, campaign):
        assert StatDelta.objects.count() == 6  # five publications, one withdrawal
        assert stats.stats_apply_pending() == 6
        incremental = all_cells()
        stats.stats_rebuild()
        assert all_cells() == incremental
        # 96 % beats the only standard's 95 %: leading; one of three withdrawn.
        assert incremental[("all", "", "", "leading")] == 2
        assert incremental[("all", "", "", "not_attained")] == 2
        assert incremental[("month", "", "2026-03", "leading")] == 1
        assert incremental[("city", "440000", "440300", "leading")] == 2
        assert incremental[("city", "440000", "440100", "not_attained")] == 2

    def test_a_redelivered_fold_counts_nothing_twice(self, campaign):
        stats.stats_apply_pending()
        once = all_cells()
        assert stats.stats_apply_pending() == 0
        assert all_cells() == once

    def test_the_rebuild_takes_pending_deltas_into_account_once(self, campaign):
        stats.stats_rebuild()
        assert not StatDelta.objects.exists()
        rebuilt = all_cells()
        assert stats.stats_apply_pending() == 0
        assert all_cells() == rebuilt

    def test_withdrawing_takes_the_result_out_of_every_dimension(self, campaign, office):
        stats.stats_rebuild()
        before = all_cells()
        result = BenchmarkResult.objects.get(pk=campaign[0].pk)
        services.result_withdraw(actor=office, result=result, reason="企业申请撤回")
        stats.stats_apply_pending()
        after = all_cells()
        assert after.get(("month", "", "2026-03", "leading"), 0) == 0
        assert after[("all", "", "", "leading")] == before[("all", "", "", "leading")] - 1
        stats.stats_rebuild()
        assert all_cells() == after


class TestReads:
    def test_summary_and_regions(self, campaign, regions):
        stats.stats_rebuild()
        figures = stats_selectors.summary()
        assert figures["results"] == 4 and figures["results_leading"] == 2 and figures["results_attained"] == 0
        assert figures["enterprises"] == 2 and figures["provinces"] == 1 and figures["pilot_cities"] == 2
        provinces = stats_selectors.by_province()
        assert [(p.key, p.name, p.total, p.enterprises) for p in provinces] == [("440000", "广东省", 4, 2)]
        cities = {c.key: c for c in stats_selectors.by_city("440000")}
        assert cities["440300"].leading == 2 and cities["440100"].not_attained == 2
        numbers = stats_selectors.region_numbers(regions["shenzhen"])
        assert numbers.results == 2 and numbers.enterprises == 1
        assert (numbers.months[0].key, numbers.months[0].total) == ("2026-03", 1)
        assert numbers.top_categories[0].total == 2 and numbers.top_categories[0].name
        province = stats_selectors.region_numbers(regions["guangdong"])
        assert province.results == 4 and {c.key for c in province.cities} == {"440300", "440100"}

    def test_sectors_industries_months_categories(self, campaign):
        stats.stats_rebuild()
        sectors = {s.key: s.total for s in stats_selectors.by_sector()}
        assert sum(sectors.values()) == 4 and len(sectors) == 3
        assert sum(i.total for i in stats_selectors.by_industry()) == 4
        assert sum(m.total for m in stats_selectors.by_month()) == 4
        assert sum(c.total for c in stats_selectors.by_category()) == 4

    def test_reads_touch_only_the_statistics(self, campaign):
        stats.stats_rebuild()
        with CaptureQueriesContext(connection) as queries:
            stats_selectors.summary()
            stats_selectors.by_province()
            stats_selectors.by_month()
            stats_selectors.by_sector()
        tables = " ".join(q["sql"] for q in queries.captured_queries)
        assert "results_benchmarkresult" not in tables and "companies_enterprise" not in tables


def test_the_command_rebuilds(campaign):
    out = io.StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "已发布结果 published results: 4" in out.getvalue()


def test_the_beat_rebuilds_nightly_and_sweeps_every_minute():
    from django.conf import settings

    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks["results.tasks.apply_stat_deltas"] == 60.0
    assert "results.tasks.rebuild_stats" in tasks


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_folds_a_publication(request, plan, enterprise_user_a, office):
    request.getfixturevalue("celery_worker_process")
    [result] = make_results(enterprise_user_a, plan, 1, publish=False, office=office)
    attach_report(enterprise_user_a, result)
    services.result_submit(actor=enterprise_user_a, result=result)
    with transaction.atomic():
        services.result_approve(actor=office, result=result)
    wait_for(lambda: not StatDelta.objects.exists(), timeout=60)
    assert stats_selectors.summary()["results"] == 1


class TestStatsAPI:
    def test_summary(self, client, counted, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            data = client.get("/api/v1/stats/summary/").json()
        assert data["results"] == 4 and data["results_leading"] == 2 and data["enterprises"] == 2

    def test_by_region_provinces_then_cities(self, client, counted):
        [guangdong] = client.get("/api/v1/stats/by-region/").json()
        assert guangdong["code"] == "440000" and guangdong["total"] == 4 and guangdong["enterprises"] == 2
        cities = {c["code"]: c for c in client.get("/api/v1/stats/by-region/?province=440000").json()}
        assert cities["440300"]["leading"] == 2 and cities["440100"]["not_attained"] == 2

    def test_a_malformed_region_is_a_clear_400(self, client, counted):
        response = client.get("/api/v1/stats/by-region/?province=guangdong")
        assert response.status_code == 400 and "六位行政区划代码" in response.json()["fields"]["province"][0]

    def test_by_industry_and_month(self, client, counted):
        data = client.get("/api/v1/stats/by-industry/").json()
        assert sum(s["total"] for s in data["sectors"]) == 4 and sum(i["total"] for i in data["industries"]) == 4
        months = client.get("/api/v1/stats/by-month/").json()
        assert months[0]["month"] == "2026-03" and sum(m["total"] for m in months) == 4
        shenzhen = client.get("/api/v1/stats/by-month/?city=440300").json()
        assert sum(m["total"] for m in shenzhen) == 2

    def test_answers_are_cached_until_the_next_publication(self, client, counted, django_assert_num_queries):
        client.get("/api/v1/stats/summary/")
        with django_assert_num_queries(0):
            assert client.get("/api/v1/stats/summary/")["X-Cache"] == "hit"

    def test_the_schema_documents_the_stats(self, client, db):
        schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
        for path in ("/api/v1/stats/summary/", "/api/v1/stats/by-region/", "/api/v1/stats/by-industry/",
                     "/api/v1/stats/by-month/"):
            assert path in schema


class TestStatsReport:
    @staticmethod
    def sheets(response) -> dict:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}

    def test_the_campaign_office_gets_every_province(self, client_for, office, counted):
        response = client_for(office).get("/admin/stats-report.xlsx")
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
        sheets = self.sheets(response)
        by_sector = sheets["省份×三次产业"]
        assert by_sector[0] == ["省份", "第一产业", "第二产业", "第三产业", "合计"]
        assert by_sector[1][0] == "广东省" and by_sector[1][-1] == 4
        levels = sheets["产品类别×对标结论"]
        assert levels[0] == ["产品类别", "领先", "达标", "未达标", "合计"]
        assert levels[-1][0] == "合计" and levels[-1][1:] == [2, 0, 2, 4]

    def test_a_city_office_gets_its_city_only(self, client_for, city_office_a, counted):
        sheets = self.sheets(client_for(city_office_a).get("/admin/stats-report.xlsx"))
        assert "省份×三次产业" not in sheets
        assert sheets["产品类别×对标结论"][-1][1:] == [2, 0, 0, 2]  # 深圳: two leading, Guangzhou's not here

    def test_nobody_else_may_download_it(self, client_for, enterprise_user_a, counted, client):
        assert client_for(enterprise_user_a).get("/admin/stats-report.xlsx").status_code in (302, 403)
        assert client.get("/admin/stats-report.xlsx").status_code == 302  # to the login page

    def test_an_empty_campaign_gives_empty_tables(self, client_for, office):
        sheets = self.sheets(client_for(office).get("/admin/stats-report.xlsx"))
        assert sheets["省份×三次产业"][0][0] == "省份"

    def test_the_month_sheets_run_in_time_order(self, client_for, office, city_office_a):
        # The busiest month in the middle: sorted by total it would come first.
        for month, count in (("2026-03", 1), ("2025-12", 2), ("2026-01", 9)):
            StatCount.objects.create(dimension="month", key=month, level="leading", count=count)
            StatCount.objects.create(dimension="city_month", scope="440300", key=month, level="attained", count=count)
        for client in (client_for(office), client_for(city_office_a)):
            rows = self.sheets(client.get("/admin/stats-report.xlsx"))["月份×对标结论"]
            assert [row[0] for row in rows] == ["月份", "2025-12", "2026-01", "2026-03", "合计"]
            assert rows[-1][-1] == 12

    def test_the_dashboards_link_to_it(self, client_for, office):
        assert "/admin/stats-report.xlsx" in client_for(office).get("/admin/").content.decode()


def test_the_sectors_are_named_in_both_languages(client):
    sectors = client.get("/api/v1/stats/by-industry/").json()["sectors"]
    assert [(s["name"], s["name_en"]) for s in sectors] == [
        ("第一产业", "Primary sector"), ("第二产业", "Secondary sector"), ("第三产业", "Tertiary sector")]
