"""Event rows refuse TRUNCATE too: it fires no row trigger, so the append-only guard of their
table (``core.append_only``) is a statement trigger as well."""

from django.db import migrations

from core.append_only import truncate_trigger_operations


class Migration(migrations.Migration):
    dependencies = [("companies", "0007_search_pairs_index_of_the_text"), ("core", "0009_events_refuse_truncate")]

    operations = [
        migrations.RunPython(*truncate_trigger_operations("companies_enterpriseevent")),
    ]
