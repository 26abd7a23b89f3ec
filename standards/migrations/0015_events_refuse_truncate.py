"""Event rows refuse TRUNCATE too: it fires no row trigger, so the append-only guard of their
table (``core.append_only``) is a statement trigger as well."""

from django.db import migrations

from core.append_only import truncate_trigger_operations


class Migration(migrations.Migration):
    dependencies = [("standards", "0014_event_actors_unindexed"), ("core", "0009_events_refuse_truncate")]

    operations = [
        migrations.RunPython(*truncate_trigger_operations("standards_comparisonevent", "standards_translationevent", "standards_standardevent")),
    ]
