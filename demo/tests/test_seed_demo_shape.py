"""The demo looks like the campaign a visitor knows: enterprises spread as people are, cities
with industries of their own, laboratories testing what their names say, codes nobody can take
for a real standard's, and products that came back improved against a plan's second version."""

import datetime as dt
import re
from collections import Counter

import pytest

from companies.models import Enterprise
from demo.builders.geo import City, share_by_population
from demo.catalog_data import DIVISIONS
from demo.population_data import MAINLAND_TOTAL_2020, RESIDENT_POPULATION_2020
from plans.models import PlanEvent, PlanVersion
from results.models import BenchmarkResult, TestReport
from standards import seed_data
from standards.models import Standard
from tests.helpers import demo_seeded
from thirdparty.models import InstitutionService

SCALE, SEED = 0.2, 11
FAMILIES_OF_WORD: dict[str, set[str]] = {}
for _division in DIVISIONS.values():
    for _word in _division.trade_words:
        FAMILIES_OF_WORD.setdefault(_word, set()).add(_division.family)
# The names that say which trade a laboratory tests: 宁波家电产品质量检验检测中心.
NAMED_FOR_A_TRADE = re.compile(
    "(?P<word>" + "|".join(sorted(FAMILIES_OF_WORD, key=len, reverse=True)) + ")产品质量检验(检测)?中心$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_seeded(django_db_blocker, scale=SCALE, seed=SEED):
        yield


pytestmark = pytest.mark.django_db


def test_the_census_table_adds_up_to_the_communique_total():
    assert len(RESIDENT_POPULATION_2020) == 31
    assert sum(RESIDENT_POPULATION_2020.values()) == MAINLAND_TOTAL_2020


def test_each_province_weighs_its_share_of_the_population_however_many_cities_take_part():
    def city(code, province, weight):
        return City(code=code, name="", short="", province=province, province_name="", since=dt.date(2021, 1, 4),
                    pilot_since=None, weight=weight)

    cities = [city("440100", "440000", 1.0), city("440300", "440000", 3.0), city("540100", "540000", 0.5),
              *[city(f"5301{i:02d}", "530000", 1.0) for i in range(8)]]
    share_by_population(cities)
    total = Counter()
    for c in cities:
        total[c.province] += c.weight
    assert total["440000"] == pytest.approx(RESIDENT_POPULATION_2020["440000"])
    assert total["530000"] == pytest.approx(RESIDENT_POPULATION_2020["530000"])  # eight cities, no more weight
    assert total["540000"] == pytest.approx(RESIDENT_POPULATION_2020["540000"])
    assert cities[1].weight == pytest.approx(3 * cities[0].weight)  # within a province, the drawn weights stay


def test_enterprises_follow_the_census(demo):
    per_province = Counter(Enterprise.objects.values_list("province_id", flat=True))
    populous = ["440000", "370000", "410000", "320000"]  # 广东, 山东, 河南, 江苏: 29 % of the population
    sparse = ["540000", "630000", "640000"]  # 西藏, 青海, 宁夏: 1.2 %
    n = sum(per_province.values())
    assert sum(per_province[p] for p in populous) > 0.2 * n
    assert sum(per_province[p] for p in sparse) < 0.03 * n
    assert per_province.most_common(1)[0][0] in populous


def test_cities_have_industries_of_their_own(demo):
    """Most of a city's enterprises are in a few divisions: in every city with 20 enterprises or
    more, its three largest divisions hold at least 40 % of them (spread over the ~70 divisions
    alike, three would hold ~10 %)."""
    by_city: dict[str, Counter] = {}
    for city, division in Enterprise.objects.values_list("city_id", "industry_id"):
        by_city.setdefault(city, Counter())[division] += 1
    large = [counts for counts in by_city.values() if sum(counts.values()) >= 20]
    assert large
    for counts in large:
        assert sum(n for _, n in counts.most_common(3)) >= 0.4 * sum(counts.values())


def test_a_laboratory_named_for_a_trade_tests_that_trade(demo):
    """What it is accredited to test, and what its reports tested."""
    tested = list(InstitutionService.objects.filter(service="product_testing")
                  .values_list("institution__name", "category__industry_id"))
    tested += TestReport.objects.values_list("institution__name", "result__category__industry_id")
    named = [(NAMED_FOR_A_TRADE.search(name), division) for name, division in tested]
    named = [(match["word"], division) for match, division in named if match and division in DIVISIONS]
    assert named
    for word, division in named:
        assert DIVISIONS[division].family in FAMILIES_OF_WORD[word], (word, division)


def test_made_up_standards_have_codes_nobody_takes_for_real_ones(demo):
    cited = {s.code for s in seed_data.ALL_STANDARDS}
    made_up = list(Standard.objects.filter(is_example=True).values_list("code", "number"))
    assert made_up
    for code, number in made_up:
        assert code not in cited
        assert "X" in number, code
    assert not Standard.objects.filter(is_example=False, number__regex=r"(^|\s)X\d").exists()


def test_products_come_back_improved_against_a_plans_second_version(demo):
    superseded = PlanVersion.objects.filter(status="superseded").select_related("plan")
    assert superseded
    for first in superseded:
        second = PlanVersion.objects.get(plan=first.plan, number=2)
        assert second.status == "published" and second.published_at > first.published_at
        event = PlanEvent.objects.get(version=first, to_status="superseded")
        assert event.created_at == second.published_at
        # Nothing was published against the first version after the second replaced it.
        assert not BenchmarkResult.objects.filter(plan_version=first, published_at__gte=second.published_at).exists()
    successors = BenchmarkResult.objects.exclude(predecessor=None).select_related("predecessor__plan_version")
    assert successors
    for result in successors:
        before = result.predecessor
        assert (before.enterprise_id, before.product_name, before.brand, before.model) == (
            result.enterprise_id, result.product_name, result.brand, result.model)
        assert before.plan_version.plan_id == result.plan_version.plan_id
        assert before.plan_version.number < result.plan_version.number
        assert before.level == "not_attained" and before.published_at < result.published_at
    assert successors.exclude(level="not_attained").exists()
    short = BenchmarkResult.objects.filter(status="published", level="not_attained")
    assert short.exclude(improvement_measures="").exists()
    assert not BenchmarkResult.objects.exclude(level="not_attained").exclude(improvement_measures="").exists()
