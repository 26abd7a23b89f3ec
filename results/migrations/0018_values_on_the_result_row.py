"""A result's indicator values move onto its row, as canonical JSON text
(``results.indicator_values``), and their table goes.

The values are copied by result id in batches, encoded by the same function as every later
write, so that an import comparing a stored result with its file finds equal text for equal values."""

from django.db import migrations, models

from results.indicator_values import IndicatorValuesField, encode_values

BATCH = 5_000


def _result_ids(cursor, table: str):
    cursor.execute(f"SELECT min(id), max(id) FROM {table}")
    low, high = cursor.fetchone()
    if low is None:
        return
    for first in range(low, high + 1, BATCH):
        yield first, first + BATCH


def values_onto_results(apps, schema_editor):
    quote = schema_editor.quote_name
    results = quote(apps.get_model("results", "BenchmarkResult")._meta.db_table)
    values = quote(apps.get_model("results", "IndicatorValue")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for first, past in list(_result_ids(cursor, results)):
            cursor.execute(
                f"SELECT result_id, plan_indicator_id, declared_value, tested_value, passed, unit, {quote('condition')} "
                f"FROM {values} WHERE result_id >= %s AND result_id < %s ORDER BY result_id",
                [first, past],
            )
            rows: dict[int, list] = {}
            for result_id, *value in cursor.fetchall():
                rows.setdefault(result_id, []).append(value)
            cursor.executemany(
                f"UPDATE {results} SET indicator_values = %s WHERE id = %s",
                [(encode_values(tuple(row) for row in value_rows), result_id) for result_id, value_rows in rows.items()],
            )


def values_back_into_rows(apps, schema_editor):
    result_model = apps.get_model("results", "BenchmarkResult")
    quote = schema_editor.quote_name
    values = quote(apps.get_model("results", "IndicatorValue")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for first, past in list(_result_ids(cursor, quote(result_model._meta.db_table))):
            rows = [
                (result_id, *value.as_row())
                for result_id, stored in result_model.objects.filter(pk__gte=first, pk__lt=past)
                .values_list("pk", "values")
                for value in stored
            ]
            cursor.executemany(
                f"INSERT INTO {values} (result_id, plan_indicator_id, declared_value, tested_value, passed, unit, "
                f"{quote('condition')}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0007_events_decided_index"),
        ("results", "0017_events_decided_index"),
    ]

    operations = [
        # The table's reverse accessor gives way to the column of the same name.
        migrations.AlterField(
            model_name="indicatorvalue",
            name="result",
            field=models.ForeignKey(db_index=False, on_delete=models.deletion.CASCADE, related_name="+",
                                    to="results.benchmarkresult", verbose_name="对标结果"),
        ),
        migrations.AddField(
            model_name="benchmarkresult",
            name="values",
            field=IndicatorValuesField(
                blank=True, db_column="indicator_values", db_default="[]", default=tuple, verbose_name="指标值"),
        ),
        migrations.RunPython(values_onto_results, values_back_into_rows),
        migrations.DeleteModel(name="IndicatorValue"),
    ]
