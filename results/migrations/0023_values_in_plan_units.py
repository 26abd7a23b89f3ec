"""A stored value in its plan indicator's own unit loses the unit ('' means the plan's unit):
every write path stores it so from now on (``results.indicator_values.in_plan_units``), and the
text of the results stored before is rewritten the same way, so that an import comparing a
stored result with its file still finds equal text for equal values.

Only results whose text names a unit are read (a unit is the only string a value may hold
besides its condition), in batches by id; only those whose text changes are written. Going back
needs nothing: both spellings read as the same values."""

from django.db import migrations

from results.indicator_values import decode_values, encode_values, in_plan_units

BATCH = 5_000


def units_left_blank(apps, schema_editor):
    quote = schema_editor.quote_name
    results = quote(apps.get_model("results", "BenchmarkResult")._meta.db_table)
    plan_units = dict(apps.get_model("plans", "PlanIndicator").objects.exclude(unit="").values_list("pk", "unit"))
    if not plan_units:
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id), max(id) FROM {results}")
        low, high = cursor.fetchone()
        if low is None:
            return
        for first in range(low, high + 1, BATCH):
            cursor.execute(
                f"SELECT id, indicator_values FROM {results} WHERE id >= %s AND id < %s "
                f"AND indicator_values LIKE %s",
                [first, first + BATCH, '%"%'],
            )
            changed = [
                (text, result_id) for result_id, stored in cursor.fetchall()
                for text in [encode_values(in_plan_units(decode_values(stored), plan_units))] if text != stored
            ]
            if changed:
                cursor.executemany(f"UPDATE {results} SET indicator_values = %s WHERE id = %s", changed)


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0022_product_key_in_sixteen_bytes"),
        ("plans", "0009_search_pair_codes"),
    ]

    operations = [
        migrations.RunPython(units_left_blank, migrations.RunPython.noop, elidable=True),
    ]
