"""Event rows are append-only: their foreign keys protect what they record, and on PostgreSQL a
trigger refuses every UPDATE and DELETE of the table (core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import trigger_operations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_events_append_only'),
        ('results', '0004_plans_app'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='resultevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='resultevent',
            name='result',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='results.benchmarkresult', verbose_name='对标结果'),
        ),
        migrations.RunPython(*trigger_operations('results_resultevent')),
    ]
