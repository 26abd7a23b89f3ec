"""The pairs index of the searched text holds the codes of an expression of the columns
(``core.search.PairCodesOf``) instead of a stored column that a trigger kept, as the results' do
(results 0025): one way to search, nothing stored in the row."""

from django.db import migrations

from core.search import pair_codes_index_migration


class Migration(migrations.Migration):
    dependencies = [("benchmarking", "0011_search_pair_codes")]

    operations = pair_codes_index_migration("productcategory", "benchmarking_productcategory", "category_search_pairs", ("name_zh", "name_en"))
