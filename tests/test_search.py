"""Search in Chinese and English, two characters and up, served by an index on PostgreSQL
(core.search): the same rows as ``icontains``, on the public list, the API and the admin."""

import string

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q, QuerySet
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarking import selectors as benchmarking_selectors
from benchmarking.models import ProductCategory
from companies.models import Enterprise
from companies.selectors import ENTERPRISE_TEXT, of_enterprises_matching
from core.search import found_first, pair_codes, text_search
from plans.models import TechnicalPlan
from results import api
from results.models import BenchmarkResult, StatCount
from results.selectors import RESULT_TEXT
from tests import public_scene as scene
from tests.helpers import make_results

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")


@pytest.fixture
def published(plan, enterprise_user_a, office):
    results = make_results(enterprise_user_a, plan, 4, publish=True, office=office)
    names = [("KN95 防护口罩", "Acme", "K-9"), ("智能马桶盖", "洁净", "MT-1"), ("医用外科口罩", "", "YY-2"),
             ("电动牙刷", "Brush", "kn95x")]
    for result, (product_name, brand, model) in zip(results, names, strict=True):
        result.product_name, result.brand, result.model = product_name, brand, model
        result.save(update_fields=["product_name", "brand", "model"])
    return {name[0]: result for name, result in zip(names, results, strict=True)}


def found(client, **params) -> set[str]:
    response = client.get("/api/v1/results/", params)
    assert response.status_code == 200
    return {row["product_name"] for row in response.json()["results"]}


def test_pairs_of_characters():
    def code(pair: str) -> int:
        return (ord(pair[0]) * 1_114_112 + ord(pair[1])) % (2**31 - 1)

    assert pair_codes("KN95 口罩") == sorted(code(pair) for pair in ("kn", "n9", "95", "口罩"))
    assert pair_codes("口罩") == [(ord("口") * 1_114_112 + ord("罩")) % (2**31 - 1)] and pair_codes("口") == []
    assert pair_codes("Ab ab") == pair_codes("ab")  # lower-cased, each pair once, none across a space
    # A pair past the Basic Multilingual Plane still fits PostgreSQL's integer.
    assert 0 <= pair_codes("\U0010ffff\U0010ffff")[0] < 2**31 - 1


# What product names, brands and models are written in: Chinese, Latin letters in both widths,
# digits, punctuation, the white space of both, and a control character that is not white space.
PRODUCT_CHARACTERS = list("口罩马桶盖防护电动牙刷型号ＡＢＫＮａｂｋｎ０９５（）－éÉüÜ\u3000 \t\n\r\v\f\x1f"
                          + string.ascii_letters + string.digits + string.punctuation)


@on_postgresql
@settings(max_examples=80, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(PRODUCT_CHARACTERS), max_size=20))
def test_the_database_codes_pairs_as_python_does(text):
    # The index holds the codes the database makes; a query asks with codes made in Python: the two
    # must agree. The database may list a code twice, which the GIN index keeps once.
    with connection.cursor() as cursor:
        cursor.execute("SELECT campaign_pair_codes(%s)", [text])
        stored = cursor.fetchone()[0]
    assert sorted(set(stored)) == pair_codes(text)


def test_two_chinese_characters_find_what_holds_them(client, published):
    assert found(client, q="口罩") == {"KN95 防护口罩", "医用外科口罩"}
    assert found(client, q="马桶") == {"智能马桶盖"}
    assert found(client, q="罩口") == set()  # both characters, not in that order: not found


def test_english_and_codes_are_found_whatever_their_case(client, published):
    assert found(client, q="kn95") == {"KN95 防护口罩", "电动牙刷"}  # the product, and a model
    assert found(client, q="ACME") == {"KN95 防护口罩"}
    assert found(client, q="口") == {"KN95 防护口罩", "医用外科口罩"}  # one character: still found


def test_an_enterprise_is_found_by_a_part_of_its_name_or_code(client, published, enterprise_user_a):
    enterprise = enterprise_user_a.enterprise
    assert len(found(client, enterprise=enterprise.uscc[:8])) == 4
    assert len(found(client, enterprise=enterprise.name[2:4])) == 4
    assert found(client, enterprise="不存在的企业") == set()


def test_the_public_list_and_the_admin_search_the_same_way(client, office_client, published):
    page = client.get("/results/", {"q": "马桶"}).content.decode()
    assert "智能马桶盖" in page and "医用外科口罩" not in page
    admin = office_client.get("/admin/results/benchmarkresult/", {"q": "口罩"}).content.decode()
    assert "医用外科口罩" in admin and "智能马桶盖" not in admin


def test_an_admin_search_shows_no_date_hierarchy_unless_drilled_into(office_client, published):
    # The hierarchy reads the years of all the matches (the latest date per status and year),
    # a drilled-into one the months of a year.
    def hierarchy_queries(query: dict) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            page = office_client.get("/admin/results/benchmarkresult/", query).content.decode()
        assert "口罩" in page
        return [q["sql"] for q in queries if any(
            part in q["sql"].upper() for part in ("DATE_TRUNC", "MIN(", "MAX(", "DJANGO_DATETIME_TRUNC"))]

    year = str(BenchmarkResult.objects.exclude(published_at=None).first().published_at.year)
    assert hierarchy_queries({})  # browsing: the hierarchy is there
    assert not hierarchy_queries({"q": "口罩"})
    assert hierarchy_queries({"q": "口罩", "published_at__year": year})  # drilled into: kept


def test_digits_are_a_codes_first_digits_or_an_id(client, published, enterprise_user_a):
    enterprise = enterprise_user_a.enterprise
    assert len(found(client, enterprise=enterprise.uscc[:6])) == 4
    assert found(client, enterprise=enterprise.uscc[2:8]) == set()  # digits inside a code are not its start
    assert len(found(client, enterprise=str(enterprise.pk))) == 4
    assert found(client, enterprise="²³") == set()  # digits to str.isdigit(), not to int(): no error


def test_an_enterprise_condition_is_written_out_when_few_enterprises_match(published, enterprise_user_a):
    enterprise = enterprise_user_a.enterprise
    few = of_enterprises_matching(enterprise.name[2:4])
    many = of_enterprises_matching(enterprise.name[2:4], at_most=0)
    ((_, ids),), ((_, subquery),) = few.children, many.children
    assert enterprise.pk in ids and isinstance(subquery, QuerySet)  # ids written out; a subquery
    assert set(BenchmarkResult.objects.filter(few)) == set(BenchmarkResult.objects.filter(many)) \
        == set(published.values())


def test_a_renamed_product_is_found_by_its_new_name(client, published):
    BenchmarkResult.objects.filter(pk=published["电动牙刷"].pk).update(product_name="声波电动牙刷")
    assert found(client, q="声波") == {"声波电动牙刷"}


def test_a_search_costs_a_page_and_two_lookups(client, published, django_assert_num_queries):
    # A page: its rows, then their enterprises, categories, cities, provinces and plans by key.
    with django_assert_num_queries(6):
        assert client.get("/api/v1/results/").status_code == 200
    # A search adds the categories its text names and, on PostgreSQL, the matching rows' keys.
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 7):
        assert client.get("/api/v1/results/", {"q": "口罩"}).status_code == 200


@on_postgresql
def test_few_matches_are_fetched_by_key_first_and_many_keep_the_condition(published):
    matching = text_search("口罩", RESULT_TEXT)
    newest_first = BenchmarkResult.objects.order_by("-published_at", "-id")
    expected = list(newest_first.filter(matching))
    assert len(expected) == 2
    with CaptureQueriesContext(connection) as few:
        assert list(found_first(newest_first, matching, at_most=2, grouped_by="category_id")) == expected
    with CaptureQueriesContext(connection) as many:
        assert list(found_first(newest_first, matching, at_most=1, grouped_by="category_id")) == expected
    # Two matches of at most two: the page is read by key. Of at most one: by the text, as before.
    assert "= ANY(" in few.captured_queries[-1]["sql"] and "@>" not in few.captured_queries[-1]["sql"]
    assert "@>" in many.captured_queries[-1]["sql"]


@on_postgresql
def test_a_text_whose_categories_hold_many_results_skips_the_key_fetch(client, published, monkeypatch):
    category = published["智能马桶盖"].category
    category.name_zh = "马桶"
    category.save(update_fields=["name_zh"])
    StatCount.objects.update_or_create(dimension="category", scope="", key=str(category.pk), level="",
                                       defaults={"count": 3})
    monkeypatch.setattr(api, "FEW_MATCHES", 2)  # the statistics say 3: more than few
    with CaptureQueriesContext(connection) as dense:
        assert found(client, q="马桶") == set(published)  # every result of the category is found
    assert not any("@>" in q["sql"] and "LIMIT 3" in q["sql"] for q in dense.captured_queries)
    monkeypatch.setattr(api, "FEW_MATCHES", 10)
    cache.clear()  # the first answer is cached for visitors
    with CaptureQueriesContext(connection) as sparse:
        assert found(client, q="马桶") == set(published)
    assert any("@>" in q["sql"] and "LIMIT 11" in q["sql"] for q in sparse.captured_queries)


def test_a_category_name_filter_keeps_every_category_it_names(client, published, monkeypatch):
    first = published["智能马桶盖"].category
    second = ProductCategory.objects.create(code="PC-TEST-2", name_zh="马桶水箱", industry_id=first.industry_id)
    first.name_zh = "智能马桶"
    first.save(update_fields=["name_zh"])
    BenchmarkResult.objects.filter(pk=published["电动牙刷"].pk).update(category=second)
    # A search names at most CATEGORY_MATCHES categories besides its text; the filter names all.
    monkeypatch.setattr(benchmarking_selectors, "CATEGORY_MATCHES", 1)
    assert found(client, category_name="马桶") == set(published)


def plan_of(query: QuerySet) -> str:
    with connection.cursor() as cursor:
        # A tiny table: the planner would read it whole. With neither a sequential nor an ordered
        # index scan allowed, what serves the condition is the only way left.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        return query.explain()


@on_postgresql
def test_the_index_of_the_results_text_serves_the_search_and_is_not_computed_again_row_by_row(published):
    assert "result_search_pairs" in plan_of(BenchmarkResult.objects.filter(
        text_search("口罩", RESULT_TEXT)))
    # With another condition ORed in: the rows come from a bitmap OR of the two indexes, and the
    # filter after it tests the text alone, never the codes (which would compute them per row).
    # Among a few thousand other results, as the planner then prefers the indexes to reading all.
    scene.results(published["智能马桶盖"].plan_version, [published["智能马桶盖"].enterprise], 3000,
                  name=lambda n: f"其他产品 {n}")
    with connection.cursor() as cursor:
        # Rows written and rolled back by earlier tests stay in the index's pending list until it is
        # cleaned (autovacuum does it in production); the planner charges a search for reading that
        # list, so an earlier test's leftovers would decide this plan. Clean it, as autovacuum would.
        cursor.execute("SELECT gin_clean_pending_list('result_search_pairs'::regclass)")
        cursor.execute("ANALYZE results_benchmarkresult")
    categories = [published["智能马桶盖"].category_id + 1000]  # a category no result is in
    plan = BenchmarkResult.objects.filter(
        text_search("口罩", RESULT_TEXT, also=Q(category_id__in=categories)),
        status="published").order_by().explain()
    assert "BitmapOr" in plan and "result_search_pairs" in plan
    assert [line for line in plan.splitlines() if "Filter:" in line and "~~" in line]
    assert not [line for line in plan.splitlines() if "Filter:" in line and "campaign_pair_codes" in line]


@on_postgresql
def test_categories_are_found_by_their_own_index(client, published):
    category = published["智能马桶盖"].category
    category.name_zh, category.name_en = "智能坐便器", "Smart toilets"
    category.save(update_fields=["name_zh", "name_en"])
    assert found(client, q="坐便") == set(published)  # the category's results, by its Chinese name
    assert found(client, q="TOILET") == set(published)  # and by its English one, whatever the case
    named = ProductCategory.objects.filter(text_search("坐便", ("name_zh", "name_en")))
    assert "category_search_pairs" in plan_of(named)


TEXT = st.text(alphabet=st.sampled_from(list("口罩马桶盖防护abAB95- ")), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(TEXT, min_size=1, max_size=6), term=TEXT.filter(lambda t: len(t.strip()) >= 2))
def test_the_index_finds_exactly_what_icontains_finds(published, names, term):
    results = list(published.values())
    for n, result in enumerate(results):
        BenchmarkResult.objects.filter(pk=result.pk).update(product_name=names[n % len(names)] + f"#{n}")
    rows = BenchmarkResult.objects.filter(pk__in=[r.pk for r in results])
    plain = Q(product_name__icontains=term) | Q(brand__icontains=term) | Q(model__icontains=term)
    assert set(rows.filter(text_search(term, RESULT_TEXT))) == set(rows.filter(plain))
    # And with another condition ORed in, as the API's categories and the admin's enterprises are.
    also = Q(pk=results[0].pk)
    assert set(rows.filter(text_search(term, RESULT_TEXT, also=also))) == set(
        rows.filter(plain | also))


@on_postgresql
def test_plans_are_found_by_their_own_index(client, plan):
    technical_plan = plan.plan
    technical_plan.title_zh = "智能坐便器对标技术方案"
    technical_plan.save(update_fields=["title_zh"])
    page = client.get("/technical-plans/", {"q": "坐便"}).content.decode()
    assert f'data-plan="{technical_plan.pk}"' in page
    named = TechnicalPlan.objects.filter(text_search("坐便", ("code", "title_zh", "title_en")))
    assert "plan_search_pairs" in plan_of(named)


@on_postgresql
def test_enterprises_are_found_by_their_own_index(enterprise_a):
    named = Enterprise.objects.filter(text_search(enterprise_a.name[2:4], ENTERPRISE_TEXT))
    assert list(named) == [enterprise_a]
    assert "enterprise_search_pairs" in plan_of(named)
