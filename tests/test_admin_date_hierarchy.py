"""The results list's year links in the admin come from look-ups at the ends of the status
indexes, not a DISTINCT over every result, and are the years Django's own hierarchy would list:
for the office, for a city office's scope, with a filter; a chosen year shows Django's months."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import ReviewStatus
from results.models import BenchmarkResult
from tests import public_scene as scene

pytestmark = pytest.mark.django_db

RESULTS = "/admin/results/benchmarkresult/"


def local(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def results_over_the_years(respirator_plan, enterprise_a, enterprise_b):
    """Shenzhen (A) published in 2021 and 2023 (none in 2022) and withdrew one published on New
    Year's Eve of 2019 local time (2019-12-31 16:30 UTC is 2020 in Shanghai); Guangzhou (B) in
    2022; drafts have no date."""
    made = [
        (enterprise_a, ReviewStatus.PUBLISHED, local(2021, 3, 5)),
        (enterprise_a, ReviewStatus.PUBLISHED, local(2023, 7, 1)),
        (enterprise_a, ReviewStatus.WITHDRAWN, dt.datetime(2019, 12, 31, 16, 30, tzinfo=dt.UTC)),
        (enterprise_b, ReviewStatus.PUBLISHED, local(2022, 11, 11)),
        (enterprise_b, ReviewStatus.DRAFT, None),
    ]
    for n, (enterprise, status, published_at) in enumerate(made):
        scene.result(respirator_plan, enterprise, name=f"口罩{n}", status=status, published_at=published_at)


def year_links(response) -> list[str]:
    page = response.content.decode()
    nav = re.search(r'<nav class="toplinks">(.*?)</nav>', page, re.S)
    return re.findall(r">(\d{4})<", nav.group(1)) if nav else []


def djangos_years(**filters) -> list[str]:
    return [str(moment.year) for moment in BenchmarkResult.objects.filter(**filters).datetimes("published_at", "year")]


@pytest.mark.parametrize("query, filters", [
    ("", {}),
    ("?level__exact=attained", {"level": "attained"}),
    ("?status__exact=withdrawn", {"status": ReviewStatus.WITHDRAWN}),
])
def test_the_office_sees_the_years_djangos_hierarchy_would_list(office_client, results_over_the_years, query,
                                                                filters):
    with CaptureQueriesContext(connection) as queries:
        response = office_client.get(RESULTS + query)
    assert response.status_code == 200
    assert year_links(response) == djangos_years(**filters)
    assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
    # Per status, one look-up a year (and one finding none): no more for a larger table.
    assert len(queries.captured_queries) <= 30


def test_the_office_sees_every_year_with_a_date_in_local_time(office_client, results_over_the_years):
    assert year_links(office_client.get(RESULTS)) == ["2020", "2021", "2022", "2023"]


def test_a_city_office_sees_the_years_of_its_city(city_a_client, results_over_the_years, city_office_a):
    assert year_links(city_a_client.get(RESULTS)) == ["2020", "2021", "2023"]


def test_a_chosen_year_shows_djangos_months(office_client, results_over_the_years):
    page = office_client.get(RESULTS + "?published_at__year=2023").content.decode()
    assert "published_at__month=7" in page and "published_at__month=3" not in page
