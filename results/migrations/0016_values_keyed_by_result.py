"""Indicator values are keyed by result, plan indicator and test condition, with no id of their own.

Django does not migrate a table to a composite primary key: the state changes here, and the
table is converted by hand. PostgreSQL drops the id and its index and makes the natural key the
primary key; SQLite (which cannot change a primary key in place) rebuilds the table."""

from django.db import migrations, models


def key_values_by_result(apps, schema_editor):
    value = apps.get_model("results", "IndicatorValue")
    table = schema_editor.quote_name(value._meta.db_table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT indicator_value_unique")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN id")
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT results_indicatorvalue_pkey "
                              f"PRIMARY KEY (result_id, plan_indicator_id, condition)")
    else:
        # Rebuilt from the model as it now is: the columns both tables have are copied.
        schema_editor._remake_table(value)


class Migration(migrations.Migration):

    dependencies = [
        ("results", "0015_report_covers_all_tested"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveConstraint(
                model_name="indicatorvalue",
                name="indicator_value_unique",
            ),
            migrations.RemoveField(
                model_name="indicatorvalue",
                name="id",
            ),
            migrations.AddField(
                model_name="indicatorvalue",
                name="pk",
                field=models.CompositePrimaryKey("result", "plan_indicator", "condition", blank=True, editable=False,
                                                 primary_key=True, serialize=False),
            ),
        ]),
        migrations.RunPython(key_values_by_result, migrations.RunPython.noop),
    ]
