"""A public list says how many rows match its filters: exactly up to 1,000, an estimate beyond
(no COUNT over the big table), and the same number of queries whatever it holds."""

import pytest
from django.db import connection
from django.urls import reverse

from core.public_listing import Matches
from tests import public_scene as scene

pytestmark = pytest.mark.django_db


def test_a_small_list_says_exactly_how_many_match(client, respirator_plan, enterprise_a, enterprise_b):
    scene.results(respirator_plan, [enterprise_a], 3)
    scene.results(respirator_plan, [enterprise_b], 2, model=lambda n: f"B-{n}")
    page = client.get(reverse("public_results:list")).content.decode()
    assert 'data-count="5" data-exact="1">共 5 条' in page
    filtered = client.get(reverse("public_results:list"), {"city": enterprise_b.city_id,
                                                           "province": enterprise_b.province_id}).content.decode()
    assert 'data-count="2" data-exact="1">共 2 条' in filtered


def test_a_large_list_gives_an_estimate(client, respirator_plan, enterprise_a):
    scene.results(respirator_plan, [enterprise_a], 1_200, model=lambda n: f"M-{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE results_benchmarkresult")
    page = client.get(reverse("public_results:list")).content.decode()
    assert 'data-exact="0">约 ' in page


@pytest.mark.parametrize(("count", "shown"), [(7, 7), (1001, 1000), (32_094, 32_000), (3_209_400, 3_200_000)])
def test_an_estimate_is_shown_to_two_significant_figures(count, shown):
    assert Matches(count, exact=False).rounded == shown
