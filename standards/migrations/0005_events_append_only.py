"""Event rows are append-only: their foreign keys protect what they record, and on PostgreSQL a
trigger refuses every UPDATE and DELETE of the table (core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import trigger_operations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_events_append_only'),
        ('standards', '0004_comparison_status'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Translations are cancelled, no longer deleted.
        migrations.AlterField(
            model_name='translation',
            name='status',
            field=models.CharField(choices=[('planned', '已立项'), ('in_progress', '翻译中'), ('published', '已发布'), ('cancelled', '已撤销')], db_index=True, default='planned', max_length=12, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='comparisonevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='comparisonevent',
            name='comparison',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='standards.comparison', verbose_name='标准比对'),
        ),
        migrations.AlterField(
            model_name='translationevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='translationevent',
            name='translation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='standards.translation', verbose_name='外文版'),
        ),
        migrations.RunPython(*trigger_operations('standards_comparisonevent', 'standards_translationevent')),
    ]
