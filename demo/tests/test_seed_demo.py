"""seed_demo writes the campaign's figures, scaled, with data the rest of the platform can trust.

One seed (scale 0.01) is written for the whole module inside a transaction that is rolled back
at the end; every test runs in a savepoint inside it.
"""

import datetime as dt
import hashlib
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F

from accounts.models import Role, User
from benchmarking.models import Activity, ProductCategory, Region
from companies.models import Enterprise
from core.identifiers import check_uscc
from demo.builders import results as result_builders
from demo.catalog_data import DIVISIONS, PRODUCT_EN, QUALIFIER_EN
from plans.models import PlanEvent, PlanIndicator, PlanRequirement, PlanStandard, PlanVersion, TechnicalPlan
from plans.specs import indicator_keys_for_version, spec_for_version
from results.evaluation import evaluate_values
from results.models import BenchmarkResult, LeaderRank, ResultEvent, TestReport
from results.services.ranking import plan_versions_rank_all
from standards import seed_data
from standards.models import InternationalProposal, Requirement, Standard, Translation
from tests.helpers import demo_seeded
from thirdparty.models import Certificate, Institution, InstitutionEvent
from verdict import Measurement, evaluate

SCALE, SEED, PASSWORD = 0.01, 7, "demo-test-password-1"
# Chinese characters and full-width punctuation: none belongs in an English name.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def scaled(n: int) -> int:
    return max(1, round(n * SCALE))


def usccs_and_names_digest() -> str:
    rows = Enterprise.objects.order_by("uscc").values_list("uscc", "name")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


# The tables whose secondary indexes and foreign keys the seed adds back after loading them.
LOADED_TABLES = (Enterprise, TechnicalPlan, PlanVersion, PlanStandard, PlanIndicator, PlanRequirement, PlanEvent,
                 BenchmarkResult, ResultEvent, TestReport)


def index_definitions() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexname",
                       [[model._meta.db_table for model in LOADED_TABLES]])
        return cursor.fetchall()


def foreign_keys() -> list[tuple[str, str, str, bool]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
                       "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
                       [[model._meta.db_table for model in LOADED_TABLES]])
        return cursor.fetchall()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        indexes = index_definitions() if connection.vendor == "postgresql" else []
        keys = foreign_keys() if connection.vendor == "postgresql" else []
    with demo_seeded(django_db_blocker, scale=SCALE, seed=SEED, password=PASSWORD):
        yield {"digest": usccs_and_names_digest(), "indexes": indexes, "foreign_keys": keys}


pytestmark = pytest.mark.django_db


def test_fixed_figures_whatever_the_scale(demo):
    taking_part = Region.objects.exclude(taking_part_since=None)
    cities = taking_part.filter(city_id=F("code"))
    assert taking_part.filter(level="province").count() == 30
    assert not taking_part.filter(level="province", code__in=["710000", "810000", "820000"]).exists()
    assert cities.count() == 188
    assert cities.exclude(pilot_since=None).count() == 115
    dates = taking_part.values_list("taking_part_since", flat=True)
    assert all(dt.date(2021, 1, 1) <= d <= dt.date(2023, 12, 31) for d in dates)


def test_scaled_figures_follow_the_formula(demo):
    published_plans = TechnicalPlan.objects.filter(versions__status="published")
    assert Enterprise.objects.count() == scaled(16_092)
    assert published_plans.count() == scaled(2_798)
    assert PlanVersion.objects.filter(status="published").count() == scaled(2_798)  # one published version each
    assert BenchmarkResult.objects.filter(status="published").count() == scaled(32_094)
    assert ProductCategory.objects.count() == scaled(812)
    assert Institution.objects.filter(status="accredited").count() == scaled(225)
    assert Activity.objects.filter(kind="meeting").count() == scaled(25)
    assert Activity.objects.filter(kind="article").count() == scaled(70)
    trainings = Activity.objects.filter(kind="training")
    assert trainings.count() == scaled(16)
    assert sum(trainings.values_list("attendances", flat=True)) == scaled(512)
    cited = {s.code for s in seed_data.ALL_STANDARDS}
    epidemic = Standard.objects.filter(tags__group="epidemic").distinct()
    assert epidemic.exclude(code__in=cited).count() == scaled(712)
    assert Translation.objects.count() == scaled(40)
    assert Translation.objects.filter(status="published").count() == min(scaled(40), scaled(37))
    assert InternationalProposal.objects.count() == scaled(40)


def test_categories_cover_all_three_sectors_and_plans_are_of_both_kinds(demo):
    sectors = set(ProductCategory.objects.values_list("industry__sector", flat=True))
    assert sectors == {1, 2, 3}
    assert not ProductCategory.objects.exclude(industry__level="division").exists()
    kinds = set(TechnicalPlan.objects.filter(versions__status="published").values_list("author_kind", flat=True))
    assert kinds == {"industry", "enterprise"}
    enterprise_plans = TechnicalPlan.objects.filter(author_kind="enterprise")
    assert not enterprise_plans.exclude(city_id=F("enterprise__city_id")).exists()


def test_non_published_states_exist_and_every_transition_is_recorded(demo):
    for status in ("draft", "submitted", "returned"):
        assert BenchmarkResult.objects.filter(status=status).exists(), status
        assert PlanVersion.objects.filter(status=status).exists(), status
    assert Institution.objects.filter(status="applied").exists()
    assert Institution.objects.filter(status="rejected").exists()
    assert not BenchmarkResult.objects.exclude(status="draft").filter(events=None).exists()
    assert not BenchmarkResult.objects.filter(status="draft").exclude(events=None).exists()
    assert not PlanVersion.objects.exclude(status="draft").filter(events=None).exists()
    for result in BenchmarkResult.objects.filter(status="published").prefetch_related("events")[:200]:
        assert [e.to_status for e in result.events.all()][-1] == "published"
    returns = ResultEvent.objects.filter(to_status="returned")
    assert returns.exists() and not returns.filter(reason="").exists()
    rejections = InstitutionEvent.objects.filter(to_status="rejected")
    assert rejections.exists() and not rejections.filter(reason="").exists()
    assert not ResultEvent.objects.filter(actor_name="").exists()


def test_all_three_levels_occur_in_sensible_proportions(demo):
    published = BenchmarkResult.objects.filter(status="published")
    counts = {level: published.filter(level=level).count() for level in ("leading", "attained", "not_attained")}
    total = sum(counts.values())
    assert total == published.count()
    assert 0.05 < counts["leading"] / total < 0.3
    assert 0.4 < counts["attained"] / total < 0.8
    assert 0.1 < counts["not_attained"] / total < 0.4


def test_every_standard_the_demo_made_up_is_marked_as_an_example(demo):
    cited = [s.code for s in seed_data.ALL_STANDARDS]
    assert not Standard.objects.filter(code__in=cited, is_example=True).exists()
    made_up = Standard.objects.exclude(code__in=cited)
    assert made_up.exists() and not made_up.filter(is_example=False).exists()


def test_every_product_and_qualifier_of_the_catalogue_has_its_english():
    for division, catalogue in DIVISIONS.items():
        assert "疫苗" not in catalogue.products, division  # made by a handful of enterprises only
        for words, english in ((catalogue.products, PRODUCT_EN), (catalogue.qualifiers, QUALIFIER_EN)):
            for word in words:
                assert english.get(word, "").strip() and not CJK.search(english[word]), (division, word)
        for qualifier, products in catalogue.only:
            assert qualifier in catalogue.qualifiers and set(products) <= set(catalogue.products), division
        # No name says its qualifier twice (智能智能电能表).
        assert not [(q, p) for q, p in catalogue.pairs() if q and q in p], division


def test_the_made_up_catalogue_and_the_plans_read_in_english(demo):
    for name_zh, name_en in ProductCategory.objects.values_list("name_zh", "name_en"):
        assert name_en.strip() and not CJK.search(name_en), name_zh
        assert "疫苗" not in name_zh
    made_up = Standard.objects.filter(is_example=True)
    assert made_up.exists()
    for code, title_en in made_up.values_list("code", "title_en"):
        assert title_en.strip() and not CJK.search(title_en), code
    for code, title_en in TechnicalPlan.objects.values_list("code", "title_en"):
        assert title_en.strip() and not CJK.search(title_en), code
    # A test condition shows on English pages too (经向 "warp direction").
    conditions = [*Requirement.objects.filter(standard__is_example=True).values_list("condition", "condition_en"),
                  *PlanRequirement.objects.values_list("condition", "condition_en")]
    for condition, condition_en in conditions:
        assert not CJK.search(condition) or (condition_en and not CJK.search(condition_en)), condition


def test_plans_mark_core_indicators_that_rank_their_leaders(demo):
    core = PlanIndicator.objects.filter(is_core=True)
    assert core.exists() and not core.exclude(direction__in=("higher_better", "lower_better")).exists()
    assert plan_versions_rank_all() > 0  # what the worker does once the demo is committed
    assert LeaderRank.objects.filter(plan_indicator__isnull=True).exists()


def test_every_published_level_is_what_the_verdict_engine_says(demo):
    """Re-evaluated through the platform's own path (results.evaluation: tested value, else the
    declared one) — and, since declared values sit in the same band, through the declared ones."""
    published = BenchmarkResult.objects.filter(status="published").select_related("plan_version")
    for result in published:
        assert result.values
        assert str(evaluate_values(result.plan_version, result.values).level) == result.level, result.pk
        keys = indicator_keys_for_version(result.plan_version)
        declared = defaultdict(list)
        for v in result.values:
            value = v.passed if v.passed is not None else v.declared_value
            declared[keys[v.plan_indicator_id]].append(Measurement(value, v.unit, v.condition))
        assert str(evaluate(spec_for_version(result.plan_version), declared).level) == result.level, result.pk


def test_results_have_a_value_for_every_indicator_and_condition_and_denormalised_fields(demo):
    expected = defaultdict(set)
    for r in PlanRequirement.objects.values("version_id", "plan_indicator_id", "condition"):
        expected[r["version_id"]].add((r["plan_indicator_id"], r["condition"]))
    results = BenchmarkResult.objects.select_related("enterprise", "plan_version__plan__category")
    for result in results:
        assert {v.key for v in result.values} == expected[result.plan_version_id]
        plan = result.plan_version.plan
        # A first version superseded by the plan's second keeps the results published before.
        assert result.plan_version.status in ("published", "superseded")
        assert (result.category_id, result.industry_id) == (plan.category_id, plan.category.industry_id)
        assert (result.city_id, result.province_id) == (result.enterprise.city_id, result.enterprise.province_id)
        if result.status == "published":
            assert dt.date(2021, 6, 1) <= result.published_at.date() <= dt.date(2023, 12, 31)
            assert result.published_at >= result.plan_version.published_at


def test_usccs_are_valid_or_flagged_and_carry_the_county(demo):
    enterprises = list(Enterprise.objects.values_list("uscc", "uscc_legacy_checksum", "region_id", "city_id"))
    assert any(legacy for _, legacy, _, _ in enterprises)
    for code, legacy, region, _city in enterprises:
        assert check_uscc(code).legacy_checksum == legacy, code
        assert code[2:8] == region
    taking_part = set(Region.objects.exclude(taking_part_since=None).values_list("code", flat=True))
    assert {city for *_, city in enterprises} <= taking_part
    assert Certificate.objects.filter(kind="cnas").exists() and Certificate.objects.filter(kind="cma").exists()


def test_demo_logins_are_bound_and_the_password_works(demo):
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "office", "city", "enterprise",
                                                                       "institution"])}
    assert set(users) == {"admin", "office", "city", "enterprise", "institution"}
    assert all(u.check_password(PASSWORD) for u in users.values())
    assert users["admin"].is_superuser
    office = users["office"]
    assert office.role == Role.OFFICE and office.is_staff and not office.is_superuser
    assert office.has_perm("results.change_benchmarkresult") and office.has_perm("thirdparty.change_institution")
    city = users["city"]
    assert city.role == Role.CITY and city.is_staff and city.region.pilot_since is not None
    assert city.has_perm("results.change_benchmarkresult") and not city.has_perm("thirdparty.change_institution")
    enterprise = users["enterprise"].enterprise
    assert enterprise.city_id == city.region_id
    assert set(enterprise.results.values_list("status", flat=True)) >= {"draft", "submitted", "returned", "published"}
    assert users["institution"].institution.status == "accredited"


def test_the_city_login_has_submissions_waiting(demo):
    city = User.objects.get(username="city").region
    assert BenchmarkResult.objects.filter(city=city, status="submitted").exists()
    assert PlanVersion.objects.filter(plan__city=city, plan__author_kind="enterprise", status="submitted").exists()


def test_refuses_a_database_with_enterprises_unless_flushed(demo):
    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_demo", scale=SCALE, seed=SEED, verbosity=0)


def results_digest() -> str:
    """The results with their events and reports, ids counted from the first result's (a seed
    after a flush takes fresh ones)."""
    first = BenchmarkResult.objects.order_by("id").values_list("id", flat=True).first()
    events, reports = defaultdict(list), defaultdict(list)
    for result_id, to_status, created_at in ResultEvent.objects.values_list("result_id", "to_status", "created_at"):
        events[result_id].append((to_status, created_at))
    for result_id, issued_on, institution in TestReport.objects.values_list("result_id", "issued_on",
                                                                            "institution__name"):
        reports[result_id].append((issued_on, institution))
    rows = [
        (r.id - first, r.enterprise.uscc, r.product_name, r.brand, r.model, r.enterprise_standard, r.status, r.level,
         r.created_at, r.published_at, r.predecessor_id and r.predecessor_id - first,
         sorted(events[r.id]), sorted(reports[r.id]))
        for r in BenchmarkResult.objects.select_related("enterprise").order_by("id")
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_the_same_seed_gives_the_same_data(demo):
    results = results_digest()
    call_command("seed_demo", scale=SCALE, seed=SEED, password=PASSWORD, flush=True, verbosity=0)
    assert usccs_and_names_digest() == demo["digest"]
    assert results_digest() == results
    # New rows after a seed get fresh primary keys (PostgreSQL sequences moved past the seed's).
    region = Region.objects.filter(level="county").exclude(city=None).first()
    Enterprise.objects.create(uscc="91110000600037341L", name="新注册企业有限公司", region=region, city=region.city,
                              province=region.province, industry_id="17")


def test_the_results_are_the_same_however_many_processes_generate_them(demo, monkeypatch):
    results = results_digest()
    assert BenchmarkResult.objects.count() > 100
    monkeypatch.setattr(result_builders, "CHUNK", 40)  # many tasks, dealt out among the processes…
    monkeypatch.setattr(result_builders, "TASKS_PER_WORKER", 3)  # …each worker replaced after three
    for processes in (1, 3):
        call_command("seed_demo", scale=SCALE, seed=SEED, password=PASSWORD, flush=True, processes=processes,
                     verbosity=0)
        assert results_digest() == results, processes


def test_the_number_of_processes_is_checked(demo):
    with pytest.raises(CommandError, match="--processes"):
        call_command("seed_demo", scale=SCALE, seed=SEED, password=PASSWORD, flush=True, processes=0,
                     verbosity=0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are built after the load on PostgreSQL")
def test_the_loaded_tables_have_every_index_they_had_before_the_seed_and_each_is_valid(demo):
    # The seed drops the secondary B-tree indexes while it loads enterprises, plans and results, and
    # builds them afterwards.
    assert len(demo["indexes"]) >= 60
    assert index_definitions() == demo["indexes"]
    # And drops their foreign keys while it loads them: they are back, checked.
    assert len(demo["foreign_keys"]) >= 20 and all(validated for *_, validated in demo["foreign_keys"])
    assert foreign_keys() == demo["foreign_keys"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_index WHERE indrelid = ANY(%s::regclass[]) AND NOT indisvalid",
                       [[model._meta.db_table for model in LOADED_TABLES]])
        assert cursor.fetchone() == (0,)
