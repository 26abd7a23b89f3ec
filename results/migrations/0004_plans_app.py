"""Results point at the plans of the plans app (the same rows: only the migration state changes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0001_initial'),
        ('results', '0003_stat_count_ranked'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='benchmarkresult',
                    name='plan_version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='results', to='plans.planversion', verbose_name='方案版本'),
                ),
                migrations.AlterField(
                    model_name='indicatorvalue',
                    name='plan_indicator',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.planindicator', verbose_name='指标'),
                ),
            ],
        ),
    ]
