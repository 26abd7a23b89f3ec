"""The results' pairs index holds the codes of an expression of their text (``core.search.PairCodesOf``)
instead of a stored column that a trigger kept: the column was 108 B a result at scale 30, and
a query that names the same expression finds the same rows through the same kind of index.

Dropping a column frees its space as rows are written again; ``VACUUM FULL results_benchmarkresult``
frees it at once (bench/README.md "storage")."""

from django.db import migrations

from core.search import pair_codes_index_migration


class Migration(migrations.Migration):
    dependencies = [("results", "0024_reports_named_by_their_institution")]

    operations = pair_codes_index_migration(
        "benchmarkresult", "results_benchmarkresult", "result_search_pairs", ("product_name", "brand", "model"))
