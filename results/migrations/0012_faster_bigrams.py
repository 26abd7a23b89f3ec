from django.db import migrations

from core.search import BIGRAMS_FUNCTION


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BIGRAMS_FUNCTION)


class Migration(migrations.Migration):
    """The search column's function as a loop (same lexemes, half the time per written row)."""

    dependencies = [
        ("results", "0011_search"),
        ("companies", "0003_search"),
    ]

    operations = [migrations.RunPython(replace_function, migrations.RunPython.noop)]
