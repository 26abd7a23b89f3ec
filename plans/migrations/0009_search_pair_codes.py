from django.db import migrations

from core.search import pair_codes_migration


class Migration(migrations.Migration):
    """The search column as its pairs' codes (core.search): 108 B a result instead of 180 B."""

    dependencies = [
        ("plans", "0008_event_actors_unindexed"),
    ]

    operations = [
        pair_codes_migration("technicalplan", "plans_technicalplan", ("code", "title_zh", "title_en")),
    ]
