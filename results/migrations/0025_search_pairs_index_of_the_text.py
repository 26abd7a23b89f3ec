"""The results' pairs index holds the codes of an expression of their text (``core.search.PairCodesOf``)
instead of a stored column that a trigger kept: the column was 108 B a result at scale 30, and
a query that names the same expression finds the same rows through the same kind of index.

Dropping a column frees its space as rows are written again; ``VACUUM FULL results_benchmarkresult``
frees it at once (bench/README.md "storage")."""

from django.db import migrations

from core.search import install_pair_codes, pair_codes_index_sql, uninstall_pair_codes

TABLE, INDEX = "results_benchmarkresult", "result_search_pairs"
TEXT = ("product_name", "brand", "model")


def without_the_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        uninstall_pair_codes(schema_editor, TABLE)


def with_the_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        install_pair_codes(schema_editor, TABLE, TEXT)


def index_of_the_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pair_codes_index_sql(TABLE, INDEX, TEXT))
        # Its true cost (~14 µs a text) made the planner take a parallel plan for a search's few
        # thousand rows, 5 ms slower than the plan of the stored column; declared lower, the plan
        # is the stored column's. A condition never computes it row by row where the index answers
        # (``core.search.text_search``), and a cheaper one is tested before it.
        schema_editor.execute("ALTER FUNCTION campaign_pair_codes(text) COST 10")
        schema_editor.execute(f"ANALYZE {TABLE}")


def no_index_of_the_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute("ALTER FUNCTION campaign_pair_codes(text) COST 100")


class Migration(migrations.Migration):
    dependencies = [("results", "0024_reports_named_by_their_institution")]

    operations = [
        migrations.RunPython(without_the_trigger, with_the_trigger),
        migrations.RemoveField(model_name="benchmarkresult", name="search"),
        migrations.RunPython(index_of_the_text, no_index_of_the_text),
    ]
