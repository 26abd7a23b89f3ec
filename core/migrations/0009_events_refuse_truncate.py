"""Event rows refuse TRUNCATE too: it fires no row trigger, so the append-only guard of their
table (``core.append_only``) is a statement trigger as well."""

from django.db import migrations

from core.append_only import truncate_trigger_operations


class Migration(migrations.Migration):
    dependencies = [("core", "0008_event_actors_unindexed")]

    operations = [
        migrations.RunPython(*truncate_trigger_operations("core_importjobevent", "core_auditevent")),
    ]
