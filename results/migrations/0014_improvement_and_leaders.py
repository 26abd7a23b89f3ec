"""A result short of the benchmark may carry improvement measures and a target date; 领跑者 ranks
of each published result among its plan version's, per core indicator and overall."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_core_indicators'),
        ('results', '0013_standard_changes'),
    ]

    operations = [
        migrations.AddField(
            model_name='benchmarkresult',
            name='improvement_due',
            field=models.DateField(blank=True, null=True, verbose_name='提升目标日期'),
        ),
        migrations.AddField(
            model_name='benchmarkresult',
            name='improvement_measures',
            field=models.TextField(blank=True, db_default='', default='', verbose_name='提升措施'),
        ),
        migrations.CreateModel(
            name='LeaderRank',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('condition', models.CharField(blank=True, max_length=120, verbose_name='测试条件')),
                ('value', models.FloatField(verbose_name='数值')),
                ('rank', models.PositiveIntegerField(verbose_name='名次')),
                ('ranked', models.PositiveIntegerField(verbose_name='参评数')),
                ('plan_indicator', models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.planindicator', verbose_name='核心指标')),
                ('plan_version', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.planversion', verbose_name='方案版本')),
                ('result', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ranks', to='results.benchmarkresult', verbose_name='对标结果')),
            ],
            options={
                'verbose_name': '领跑者排名',
                'verbose_name_plural': '领跑者排名',
                'indexes': [models.Index(fields=['plan_version', 'plan_indicator', 'condition', 'rank'], name='leader_rank_column'), models.Index(fields=['result'], name='leader_rank_result')],
            },
        ),
    ]
