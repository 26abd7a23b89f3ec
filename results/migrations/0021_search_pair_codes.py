from django.db import migrations

from core.search import pair_codes_migration


def drop_the_lexemes_function(apps, schema_editor):
    # No table searches through lexemes any more (a migration back installs it again).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS campaign_bigrams(text)")


class Migration(migrations.Migration):
    """The search column as its pairs' codes (core.search): 108 B a result instead of 180 B."""

    dependencies = [
        ("results", "0020_review_queue_index"),
        ("plans", "0009_search_pair_codes"),
        ("companies", "0006_search_pair_codes"),
        ("benchmarking", "0011_search_pair_codes"),
    ]

    operations = [
        pair_codes_migration("benchmarkresult", "results_benchmarkresult", ("product_name", "brand", "model")),
        migrations.RunPython(drop_the_lexemes_function, migrations.RunPython.noop),
    ]
