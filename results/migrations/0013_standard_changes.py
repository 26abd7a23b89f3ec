"""Results follow the standards they compare with: a flag per plan version and published result
compared with a changed standard, a notice per party, the re-benchmark link between results."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('benchmarking', '0009_province_administered_counties_are_cities'),
        ('companies', '0003_search'),
        ('plans', '0004_condition_in_english'),
        ('results', '0012_faster_bigrams'),
        ('standards', '0010_standard_lifecycle'),
        ('thirdparty', '0002_events_append_only'),
    ]

    operations = [
        migrations.CreateModel(
            name='StandardChangeFlag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('in_force', '现行'), ('to_be_replaced', '即将被代替'), ('replaced', '已被代替'), ('to_be_withdrawn', '即将废止'), ('withdrawn', '已废止')], max_length=16, verbose_name='标准状态')),
                ('flagged_at', models.DateTimeField(verbose_name='标记时间')),
                ('stage_changed_at', models.DateTimeField(verbose_name='状态变化时间')),
            ],
            options={
                'verbose_name': '标准变更标记',
                'verbose_name_plural': '标准变更标记',
            },
        ),
        migrations.CreateModel(
            name='StandardChangeNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(choices=[('in_force', '现行'), ('to_be_replaced', '即将被代替'), ('replaced', '已被代替'), ('to_be_withdrawn', '即将废止'), ('withdrawn', '已废止')], max_length=16, verbose_name='标准状态')),
                ('created_at', models.DateTimeField(verbose_name='通知时间')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='阅读时间')),
            ],
            options={
                'verbose_name': '标准变更通知',
                'verbose_name_plural': '标准变更通知',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='StandardChangeImpact',
            fields=[
            ],
            options={
                'verbose_name': '标准变更影响',
                'verbose_name_plural': '标准变更影响',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('standards.standard',),
        ),
        migrations.AddField(
            model_name='benchmarkresult',
            name='predecessor',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='successors', to='results.benchmarkresult', verbose_name='前一次对标结果'),
        ),
        migrations.AddIndex(
            model_name='benchmarkresult',
            index=models.Index(condition=models.Q(('predecessor__isnull', False)), fields=['predecessor'], name='result_predecessor'),
        ),
        migrations.AddField(
            model_name='standardchangeflag',
            name='plan_version',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='plans.planversion', verbose_name='方案版本'),
        ),
        migrations.AddField(
            model_name='standardchangeflag',
            name='result',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='standard_flags', to='results.benchmarkresult', verbose_name='对标结果'),
        ),
        migrations.AddField(
            model_name='standardchangeflag',
            name='standard',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='standards.standard', verbose_name='标准'),
        ),
        migrations.AddField(
            model_name='standardchangenotice',
            name='enterprise',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='companies.enterprise', verbose_name='企业'),
        ),
        migrations.AddField(
            model_name='standardchangenotice',
            name='institution',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='thirdparty.institution', verbose_name='机构'),
        ),
        migrations.AddField(
            model_name='standardchangenotice',
            name='standard',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='standards.standard', verbose_name='标准'),
        ),
        migrations.AddIndex(
            model_name='standardchangeflag',
            index=models.Index(fields=['plan_version'], name='standard_flag_plan_version'),
        ),
        migrations.AddIndex(
            model_name='standardchangeflag',
            index=models.Index(condition=models.Q(('result__isnull', False)), fields=['result'], name='standard_flag_result'),
        ),
        migrations.AddConstraint(
            model_name='standardchangeflag',
            constraint=models.UniqueConstraint(condition=models.Q(('result__isnull', True)), fields=('standard', 'plan_version'), name='standard_flag_one_per_plan_version'),
        ),
        migrations.AddConstraint(
            model_name='standardchangeflag',
            constraint=models.UniqueConstraint(condition=models.Q(('result__isnull', False)), fields=('standard', 'result'), name='standard_flag_one_per_result'),
        ),
        migrations.AddConstraint(
            model_name='standardchangenotice',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('enterprise__isnull', True), ('institution__isnull', False)), models.Q(('enterprise__isnull', False), ('institution__isnull', True)), _connector='OR'), name='standard_notice_one_party'),
        ),
        migrations.AddConstraint(
            model_name='standardchangenotice',
            constraint=models.UniqueConstraint(condition=models.Q(('enterprise__isnull', False)), fields=('enterprise', 'standard', 'stage'), name='standard_notice_one_per_enterprise'),
        ),
        migrations.AddConstraint(
            model_name='standardchangenotice',
            constraint=models.UniqueConstraint(condition=models.Q(('institution__isnull', False)), fields=('institution', 'standard', 'stage'), name='standard_notice_one_per_institution'),
        ),
    ]
