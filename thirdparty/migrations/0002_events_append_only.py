"""Event rows are append-only: their foreign keys protect what they record, and on PostgreSQL a
trigger refuses every UPDATE and DELETE of the table (core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import trigger_operations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_events_append_only'),
        ('thirdparty', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='institutionevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='institutionevent',
            name='institution',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='thirdparty.institution', verbose_name='机构'),
        ),
        migrations.RunPython(*trigger_operations('thirdparty_institutionevent')),
    ]
