"""A result's values live on its row as canonical text: equal values are equal text whatever their
order, nothing is lost on the way to the database and back, a value no measurement can be is
refused, a result has one value per indicator and condition, and the migration that moved them
there from their table kept every one."""

import math

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from core.models import ReviewStatus
from results import services
from results.indicator_values import IndicatorValue, decode_values, encode_values
from results.models import BenchmarkResult
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
    assert set(BenchmarkResult.objects.get(pk=draft.pk).values) == set(twice[:-1]) and indicator_value_count() == 4


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
        moved = {(v.plan_indicator_id, v.condition, 95.125 if v.tested_value == 94.25 else v.tested_value, v.unit)
                 for v in values}
        assert {(v.plan_indicator_id, v.condition, v.tested_value, v.unit) for v in after[pk]} == moved
