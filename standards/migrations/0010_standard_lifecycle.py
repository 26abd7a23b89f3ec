"""A standard's life: status changes are events (append-only), and a standard in force may carry
its withdrawal date ahead of time (the daily run withdraws it on that date)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import trigger_operations


class Migration(migrations.Migration):

    dependencies = [
        ('standards', '0009_condition_in_english'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StandardEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='操作人名称')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='原状态')),
                ('to_status', models.CharField(max_length=20, verbose_name='新状态')),
                ('reason', models.TextField(blank=True, verbose_name='理由')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
            ],
            options={
                'verbose_name': '标准状态记录',
                'verbose_name_plural': '标准状态记录',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.RemoveConstraint(
            model_name='standard',
            name='standard_in_force_not_withdrawn',
        ),
        migrations.AddField(
            model_name='standardevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AddField(
            model_name='standardevent',
            name='standard',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='standards.standard', verbose_name='标准'),
        ),
        migrations.RunPython(*trigger_operations('standards_standardevent')),
    ]
