"""A result's values live on its row as canonical text: equal values are equal text whatever their
order, nothing is lost on the way to the database and back, a value no measurement can be is
refused, a result has one value per indicator and condition, a value in its plan indicator's own
unit is stored without it, and the migrations that moved them there from their table and left the
plan's units blank kept every one."""

import datetime as dt
import math
from dataclasses import replace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from core.models import ReviewStatus
from results import services
from results.evaluation import verdict_of
from results.indicator_values import IndicatorValue, decode_values, encode_values, in_plan_units
from results.models import BenchmarkResult, TestReport
from results.selectors import indicator_value_count
from tests import public_scene as scene
from tests.helpers import respirator_values

numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False, width=64)
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
values = st.lists(
    st.builds(IndicatorValue, st.integers(1, 2**40), numbers, numbers, st.none() | st.booleans(), texts, texts),
    max_size=12, unique_by=lambda value: value.key,
)


@given(values)
def test_values_come_back_as_they_were_stored_in_a_canonical_order(given_values):
    text = encode_values(given_values)
    back = decode_values(text)
    assert sorted(back, key=lambda v: (v.plan_indicator_id, v.condition)) == list(back)
    assert set(back) == set(given_values)
    assert encode_values(back) == text
    assert encode_values(reversed(given_values)) == text  # the order they came in does not matter


@given(st.lists(values, max_size=6))
def test_rows_remembered_across_results_encode_as_they_would_alone(results_values):
    remembered: dict = {}
    for given_values in results_values:
        assert encode_values(given_values, remembered=remembered) == encode_values(given_values)
        assert encode_values([v.as_row() for v in given_values], remembered=remembered) == encode_values(given_values)
    assert len(remembered) == len({v.as_row() for vs in results_values for v in vs})


def test_equal_rows_of_other_types_share_their_text():
    remembered: dict = {}
    first = encode_values([(3, 1.0, -0.0, True, "", "")], remembered=remembered)
    assert encode_values([(3, 1, 0.0, 1, "", "")], remembered=remembered) == first == encode_values(
        [(3, 1, 0.0, 1, "", "")]) == "[[3,1,0,true]]"


def test_the_text_is_compact():
    assert encode_values([IndicatorValue(7, 95.0, 96.5, None, "%", "85 L/min"), IndicatorValue(3, None, None, False),
                          IndicatorValue(5, 2.0)]) == '[[3,null,null,false],[5,2],[7,95,96.5,null,"%","85 L/min"]]'
    # As SQLite hands a boolean back (0 or 1), and as the import's rows give the same values.
    assert encode_values([(3, None, None, 0, "", "")]) == encode_values([IndicatorValue(3, passed=False)])


def test_a_value_no_measurement_can_be_is_refused():
    with pytest.raises(ValueError):
        encode_values([IndicatorValue(1, tested_value=math.nan)])
    with pytest.raises(ValueError):
        encode_values([IndicatorValue(1, declared_value=math.inf)])


@pytest.mark.django_db
def test_a_result_has_one_value_per_indicator_and_condition(enterprise_user_a, respirator_plan):
    draft = services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                   plan_version=respirator_plan, product_name="KN95 口罩", brand="甲", model="1")
    twice = respirator_values(respirator_plan)
    twice.append(IndicatorValue(twice[0].plan_indicator_id, tested_value=99.0, unit="%", condition=" 85 L/min "))
    with pytest.raises(ValidationError) as refused:
        services.result_save_values(actor=enterprise_user_a, result=draft, values=twice)
    assert refused.value.code == "duplicate_value"
    assert BenchmarkResult.objects.get(pk=draft.pk).values == () and indicator_value_count() == 0
    services.result_save_values(actor=enterprise_user_a, result=draft, values=twice[:-1])
    # In the plan's units (% and Pa), so stored without them.
    assert set(BenchmarkResult.objects.get(pk=draft.pk).values) == {replace(v, unit="") for v in twice[:-1]}
    assert indicator_value_count() == 4


def test_a_value_in_its_plan_indicators_unit_is_stored_without_it():
    plan_units = {1: "%", 2: "Pa"}
    given = [IndicatorValue(1, 95.0, 96.0, None, "%", "85 L/min"), IndicatorValue(2, None, 2.2, None, "mbar"),
             IndicatorValue(2, None, 200.0, None, "Pa", "95 L/min"), IndicatorValue(3, passed=True)]
    assert encode_values(in_plan_units(given, plan_units)) == (
        '[[1,95,96,null,"","85 L/min"],[2,null,2.2,null,"mbar"],[2,null,200,null,"","95 L/min"],[3,null,null,true]]')


@pytest.mark.django_db
def test_the_portal_stores_the_plans_unit_blank_and_judges_the_same(enterprise_user_a, respirator_plan):
    draft = services.result_create(actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise,
                                   plan_version=respirator_plan, product_name="KN95 口罩", brand="甲", model="1")
    given = respirator_values(respirator_plan)
    given[3] = replace(given[3], tested_value=2.2, unit="mbar")  # 220 Pa in another unit: kept as given
    spelt_out = verdict_of(scene.result(respirator_plan, enterprise_user_a.enterprise, name="口罩二", values=given))
    verdict = services.result_save_values(actor=enterprise_user_a, result=draft, values=given)
    stored = BenchmarkResult.objects.get(pk=draft.pk).values
    assert sorted(v.unit for v in stored) == ["", "", "", "mbar"]
    assert (verdict.level, verdict.gaps) == (spelt_out.level, spelt_out.gaps)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moved_every_value_onto_its_result_and_back(respirator_plan, enterprise_a, enterprise_b):
    stored = {
        scene.result(respirator_plan, enterprise_a, name="口罩一", values=respirator_values(respirator_plan)).pk:
            respirator_values(respirator_plan),
        scene.result(respirator_plan, enterprise_b, name="口罩二", status=ReviewStatus.DRAFT,
                     values=respirator_values(respirator_plan, filtration=94.25)).pk:
            respirator_values(respirator_plan, filtration=94.25),
        scene.result(respirator_plan, enterprise_b, name="口罩三", status=ReviewStatus.DRAFT).pk: [],
    }
    executor = MigrationExecutor(connection)
    executor.migrate([("results", "0017_events_decided_index")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT result_id, plan_indicator_id, declared_value, tested_value, passed, unit, condition "
                       "FROM results_indicatorvalue")
        rows = cursor.fetchall()
    assert sorted(rows) == sorted((pk, *value.as_row()) for pk, values in stored.items() for value in values)
    with connection.cursor() as cursor:  # changed while the values were rows: the migration must carry it
        cursor.execute("UPDATE results_indicatorvalue SET tested_value = 95.125 WHERE tested_value = 94.25")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = dict(BenchmarkResult.objects.values_list("pk", "values"))
    for pk, values in stored.items():
        # Their units (% and Pa) are the plan's: left blank by the later migration (below).
        moved = {(v.plan_indicator_id, v.condition, 95.125 if v.tested_value == 94.25 else v.tested_value, "")
                 for v in values}
        assert {(v.plan_indicator_id, v.condition, v.tested_value, v.unit) for v in after[pk]} == moved


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_the_plans_own_units_blank_and_names_reports_by_their_institution(
        respirator_plan, enterprise_a):
    accredited_lab = scene.institution("国家劳动防护用品质量检验检测中心")
    given = respirator_values(respirator_plan)
    given[3] = replace(given[3], tested_value=2.2, unit="mbar")
    # Written as before: every unit spelt out, the institution's name beside it.
    spelt_out = scene.result(respirator_plan, enterprise_a, name="口罩一", values=given)
    unnamed = scene.result(respirator_plan, enterprise_a, name="口罩二", values=given[:1])
    TestReport.objects.create(result=spelt_out, report_number="R-1", institution=accredited_lab,
                              issuer_name=accredited_lab.name, issued_on=dt.date(2024, 1, 5))
    TestReport.objects.create(result=spelt_out, report_number="R-2", issuer_name="某检测站",
                              issued_on=dt.date(2024, 1, 5))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE results_benchmarkresult SET indicator_values = %s WHERE id = %s",
                       [f"[[{given[0].plan_indicator_id},null,96]]", unnamed.pk])
    executor = MigrationExecutor(connection)
    executor.migrate([("results", "0022_product_key_in_sixteen_bytes")])
    assert set(TestReport.objects.values_list("report_number", "issuer_name")) == {
        ("R-1", accredited_lab.name), ("R-2", "某检测站")}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = BenchmarkResult.objects.get(pk=spelt_out.pk).values
    assert {(v.plan_indicator_id, v.condition, v.tested_value, v.unit) for v in after} == {
        (v.plan_indicator_id, v.condition, v.tested_value, "" if v.unit != "mbar" else "mbar") for v in given}
    assert BenchmarkResult.objects.get(pk=unnamed.pk).values == (
        IndicatorValue(given[0].plan_indicator_id, tested_value=96.0),)
    assert set(TestReport.objects.values_list("report_number", "institution", "issuer_name")) == {
        ("R-1", accredited_lab.pk, ""), ("R-2", None, "某检测站")}
