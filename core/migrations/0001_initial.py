"""Import jobs and worker heartbeats move from the campaign app to the platform's core.

The rows stay where they are: the models are taken over in the migration state (their tables
named as before), then the tables are renamed to core's names.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("benchmarking", "0006_importjob_owner"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Heartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=40, verbose_name='来源')),
                        ('token', models.CharField(max_length=64, unique=True, verbose_name='令牌')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                    ],
                    options={
                        'db_table': 'benchmarking_heartbeat',
                        'verbose_name': '工作进程心跳',
                        'verbose_name_plural': '工作进程心跳',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(db_index=True, max_length=40, verbose_name='导入类型')),
                        ('status', models.CharField(choices=[('queued', '排队中'), ('running', '处理中'), ('succeeded', '导入成功'), ('partial', '部分导入'), ('rejected', '未导入（数据有误）'), ('failed', '失败')], db_index=True, default='queued', max_length=12, verbose_name='状态')),
                        ('mode', models.CharField(choices=[('all_or_nothing', '全部正确才导入（有错误行则不导入任何数据）'), ('valid_rows', '导入正确的行，错误行列入错误报告')], default='all_or_nothing', max_length=16, verbose_name='导入方式')),
                        ('options', models.JSONField(blank=True, default=dict, verbose_name='导入选项')),
                        ('file', models.FileField(blank=True, max_length=255, upload_to='imports/%Y/%m/', verbose_name='文件')),
                        ('original_name', models.CharField(max_length=255, verbose_name='文件名')),
                        ('file_size', models.BigIntegerField(default=0, verbose_name='文件大小')),
                        ('file_format', models.CharField(blank=True, max_length=8, verbose_name='文件格式')),
                        ('language', models.CharField(default='zh-hans', max_length=10, verbose_name='语言')),
                        ('created_by_name', models.CharField(blank=True, max_length=150, verbose_name='导入人名称')),
                        ('owner', models.CharField(blank=True, db_index=True, max_length=40, verbose_name='所属')),
                        ('phase', models.CharField(blank=True, choices=[('', '等待处理'), ('checking', '检查文件'), ('reading', '读取并校验'), ('writing', '写入数据库'), ('done', '已结束')], max_length=10, verbose_name='阶段')),
                        ('rows_total', models.PositiveIntegerField(default=0, verbose_name='数据行数')),
                        ('rows_read', models.PositiveIntegerField(default=0, verbose_name='已读取')),
                        ('rows_invalid', models.PositiveIntegerField(default=0, verbose_name='错误行')),
                        ('rows_written', models.PositiveIntegerField(default=0, verbose_name='已写入')),
                        ('rows_created', models.PositiveIntegerField(default=0, verbose_name='新增')),
                        ('rows_updated', models.PositiveIntegerField(default=0, verbose_name='更新')),
                        ('rows_unchanged', models.PositiveIntegerField(default=0, verbose_name='无变化')),
                        ('error_code', models.CharField(blank=True, max_length=40, verbose_name='错误代码')),
                        ('message', models.TextField(blank=True, verbose_name='说明')),
                        ('notes', models.JSONField(blank=True, default=list, verbose_name='提示')),
                        ('error_report', models.FileField(blank=True, max_length=255, upload_to='imports/reports/%Y/%m/', verbose_name='错误报告')),
                        ('attempt', models.PositiveSmallIntegerField(default=0, verbose_name='运行次数')),
                        ('claim_token', models.CharField(blank=True, max_length=32, verbose_name='运行令牌')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='心跳时间')),
                        ('queued_at', models.DateTimeField(blank=True, null=True, verbose_name='入队时间')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='创建时间')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='开始时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='结束时间')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='导入人')),
                    ],
                    options={
                        'db_table': 'benchmarking_importjob',
                        'verbose_name': '导入任务',
                        'verbose_name_plural': '导入任务',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='ImportJobEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='操作人名称')),
                        ('from_status', models.CharField(blank=True, max_length=20, verbose_name='原状态')),
                        ('to_status', models.CharField(max_length=20, verbose_name='新状态')),
                        ('reason', models.TextField(blank=True, verbose_name='理由')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='core.importjob', verbose_name='导入任务')),
                    ],
                    options={
                        'db_table': 'benchmarking_importjobevent',
                        'verbose_name': '导入任务流转记录',
                        'verbose_name_plural': '导入任务流转记录',
                        'ordering': ['created_at', 'id'],
                        'abstract': False,
                    },
                ),
                migrations.AddIndex(
                    model_name='importjob',
                    index=models.Index(fields=['status', 'heartbeat_at'], name='import_job_status_heartbeat'),
                ),
                migrations.AddConstraint(
                    model_name='importjob',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running']), ('finished_at__isnull', False), _connector='OR'), name='import_job_finished_has_time'),
                ),
            ],
        ),
        migrations.AlterModelTable(name="heartbeat", table=None),
        migrations.AlterModelTable(name="importjob", table=None),
        migrations.AlterModelTable(name="importjobevent", table=None),
    ]
