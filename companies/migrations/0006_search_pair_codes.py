from django.db import migrations

from core.search import pair_codes_migration


class Migration(migrations.Migration):
    """The search column as its pairs' codes (core.search): 108 B a result instead of 180 B."""

    dependencies = [
        ("companies", "0005_event_actors_unindexed"),
    ]

    operations = [
        pair_codes_migration("enterprise", "companies_enterprise", ("name", "uscc")),
    ]
