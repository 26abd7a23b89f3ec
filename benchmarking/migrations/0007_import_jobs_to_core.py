"""Import jobs and heartbeats now belong to ``core`` (core/0001 took their rows over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarking", "0006_importjob_owner"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ImportJobEvent"),
                migrations.DeleteModel(name="ImportJob"),
                migrations.DeleteModel(name="Heartbeat"),
            ],
        ),
    ]
