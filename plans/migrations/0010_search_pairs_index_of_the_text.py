"""The pairs index of the searched text holds the codes of an expression of the columns
(``core.search.PairCodesOf``) instead of a stored column that a trigger kept, as the results' do
(results 0025): one way to search, nothing stored in the row."""

from django.db import migrations

from core.search import pair_codes_index_migration


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_search_pair_codes")]

    operations = pair_codes_index_migration(
        "technicalplan", "plans_technicalplan", "plan_search_pairs", ("code", "title_zh", "title_en"))
