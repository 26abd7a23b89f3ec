"""Technical plans move from the campaign app to their own app, which sits above enterprises and
institutions (their authors), so that no app imports one that imports it back.

The rows stay where they are: the models are taken over in the migration state (their tables
named as before), their content types and admin history follow them, then the tables are renamed.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PLAN_MODELS = ("technicalplan", "planversion", "planstandard", "planindicator", "planrequirement", "planevent")


def move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    """Rename the content types, so that the admin's history of each plan stays attached to it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    for model in PLAN_MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
        else:  # created already (a database migrated halfway): keep one, with the whole history
            LogEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="benchmarking", target="plans")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="plans", target="benchmarking")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('benchmarking', '0007_import_jobs_to_core'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('admin', '0003_logentry_add_action_flag_choices'),
        ('companies', '0001_initial'),
        ('standards', '0003_relation_equal'),
        ('thirdparty', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PlanIndicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('unit', models.CharField(blank=True, max_length=30, verbose_name='单位')),
                        ('direction', models.CharField(choices=[('higher_better', '越高越好'), ('lower_better', '越低越好'), ('range', '区间'), ('pass_fail', '合格/不合格')], max_length=15, verbose_name='方向')),
                        ('is_difference', models.BooleanField(default=False, verbose_name='差值（如温升）')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='顺序')),
                        ('indicator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='standards.indicator', verbose_name='指标')),
                    ],
                    options={
                        'db_table': 'benchmarking_planindicator',
                        'verbose_name': '方案指标',
                        'verbose_name_plural': '方案指标',
                        'ordering': ['version', 'position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='版本')),
                        ('status', models.CharField(choices=[('draft', '草稿'), ('submitted', '已提交'), ('returned', '已退回'), ('published', '已发布'), ('withdrawn', '已撤回'), ('superseded', '已被新版本取代')], db_index=True, default='draft', max_length=12, verbose_name='状态')),
                        ('improvement_measures', models.TextField(blank=True, verbose_name='提升措施')),
                        ('notes', models.TextField(blank=True, verbose_name='说明')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='提交时间')),
                        ('published_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='发布时间')),
                        ('based_on', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='derived_versions', to='plans.planversion', verbose_name='来源版本')),
                    ],
                    options={
                        'db_table': 'benchmarking_planversion',
                        'verbose_name': '方案版本',
                        'verbose_name_plural': '方案版本',
                        'ordering': ['plan', '-number'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanStandard',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('grade', models.CharField(blank=True, max_length=30, verbose_name='对标等级')),
                        ('is_benchmark', models.BooleanField(default=False, verbose_name='对标标准')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='顺序')),
                        ('standard', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='standards.standard', verbose_name='标准')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='standards', to='plans.planversion', verbose_name='方案版本')),
                    ],
                    options={
                        'db_table': 'benchmarking_planstandard',
                        'verbose_name': '比对标准',
                        'verbose_name_plural': '比对标准',
                        'ordering': ['version', 'position', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='PlanRequirement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('minimum', models.FloatField(blank=True, null=True, verbose_name='下限')),
                        ('maximum', models.FloatField(blank=True, null=True, verbose_name='上限')),
                        ('unit', models.CharField(blank=True, max_length=30, verbose_name='单位')),
                        ('condition', models.CharField(blank=True, max_length=120, verbose_name='测试条件')),
                        ('plan_indicator', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='plans.planindicator', verbose_name='指标')),
                        ('plan_standard', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='plans.planstandard', verbose_name='标准')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='plans.planversion', verbose_name='方案版本')),
                    ],
                    options={
                        'db_table': 'benchmarking_planrequirement',
                        'verbose_name': '方案指标要求',
                        'verbose_name_plural': '方案指标要求',
                        'ordering': ['version', 'plan_indicator__position', 'plan_standard__position'],
                    },
                ),
                migrations.AddField(
                    model_name='planindicator',
                    name='version',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='plans.planversion', verbose_name='方案版本'),
                ),
                migrations.CreateModel(
                    name='PlanEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='操作人名称')),
                        ('from_status', models.CharField(blank=True, max_length=20, verbose_name='原状态')),
                        ('to_status', models.CharField(max_length=20, verbose_name='新状态')),
                        ('reason', models.TextField(blank=True, verbose_name='理由')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='plans.planversion', verbose_name='方案版本')),
                    ],
                    options={
                        'db_table': 'benchmarking_planevent',
                        'verbose_name': '方案流转记录',
                        'verbose_name_plural': '方案流转记录',
                        'ordering': ['created_at', 'id'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='TechnicalPlan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=30, unique=True, verbose_name='方案编号')),
                        ('title_zh', models.CharField(max_length=200, verbose_name='方案名称')),
                        ('title_en', models.CharField(blank=True, max_length=200, verbose_name='英文名称')),
                        ('author_kind', models.CharField(choices=[('enterprise', '企业对标方案'), ('industry', '行业对标技术方案')], max_length=12, verbose_name='方案类型')),
                        ('drafting_body', models.CharField(max_length=200, verbose_name='起草单位')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='benchmarking.productcategory', verbose_name='产品类别')),
                        ('city', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='benchmarking.region', verbose_name='审核城市')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='创建人')),
                        ('enterprise', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='companies.enterprise', verbose_name='企业')),
                        ('institution', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='thirdparty.institution', verbose_name='起草机构')),
                    ],
                    options={
                        'db_table': 'benchmarking_technicalplan',
                        'verbose_name': '对标技术方案',
                        'verbose_name_plural': '对标技术方案',
                        'ordering': ['code'],
                    },
                ),
                migrations.AddField(
                    model_name='planversion',
                    name='plan',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='versions', to='plans.technicalplan', verbose_name='方案'),
                ),
                migrations.AddConstraint(
                    model_name='planstandard',
                    constraint=models.UniqueConstraint(fields=('version', 'standard'), name='plan_standard_unique'),
                ),
                migrations.AddConstraint(
                    model_name='planrequirement',
                    constraint=models.UniqueConstraint(fields=('plan_standard', 'plan_indicator', 'condition'), name='plan_requirement_unique'),
                ),
                migrations.AddConstraint(
                    model_name='planrequirement',
                    constraint=models.CheckConstraint(condition=models.Q(('minimum__isnull', True), ('maximum__isnull', True), ('minimum__lte', models.F('maximum')), _connector='OR'), name='plan_requirement_min_le_max'),
                ),
                migrations.AddConstraint(
                    model_name='planindicator',
                    constraint=models.UniqueConstraint(fields=('version', 'indicator'), name='plan_indicator_unique'),
                ),
                migrations.AddConstraint(
                    model_name='technicalplan',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('author_kind', 'enterprise'), ('city__isnull', False), ('enterprise__isnull', False)), models.Q(('author_kind', 'industry'), ('enterprise__isnull', True)), _connector='OR'), name='plan_enterprise_author_consistent'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(fields=('plan', 'number'), name='plan_version_unique'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.UniqueConstraint(condition=models.Q(('status', 'published')), fields=('plan',), name='plan_one_published_version'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='plan_version_positive'),
                ),
                migrations.AddConstraint(
                    model_name='planversion',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'published'), _negated=True), ('published_at__isnull', False), _connector='OR'), name='plan_version_published_has_date'),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterModelTable(name="technicalplan", table=None),
        migrations.AlterModelTable(name="planversion", table=None),
        migrations.AlterModelTable(name="planstandard", table=None),
        migrations.AlterModelTable(name="planindicator", table=None),
        migrations.AlterModelTable(name="planrequirement", table=None),
        migrations.AlterModelTable(name="planevent", table=None),
    ]
