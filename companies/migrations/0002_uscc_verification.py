"""An enterprise's USCC is verified: a code whose check character fails GB 32100 is held 待核验
until the city office confirms it against the business licence (the codes taken until now with
the enterprise's own tick are held so too), and each step is an append-only event row."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import trigger_operations


def hold_unchecked_codes(apps, schema_editor):
    Enterprise = apps.get_model("companies", "Enterprise")
    Enterprise.objects.filter(uscc_legacy_checksum=True).update(uscc_status="pending")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0004_events_append_only'),
        ('companies', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EnterpriseEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='操作人名称')),
                ('from_status', models.CharField(blank=True, max_length=20, verbose_name='原状态')),
                ('to_status', models.CharField(max_length=20, verbose_name='新状态')),
                ('reason', models.TextField(blank=True, verbose_name='理由')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
            ],
            options={
                'verbose_name': '企业代码核验记录',
                'verbose_name_plural': '企业代码核验记录',
                'ordering': ['created_at', 'id'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='enterprise',
            name='uscc_status',
            field=models.CharField(choices=[('valid', '校验通过'), ('pending', '待核验'), ('confirmed', '已核验')], db_index=True, default='valid', max_length=12, verbose_name='代码核验'),
        ),
        migrations.AlterField(
            model_name='enterprise',
            name='uscc_legacy_checksum',
            field=models.BooleanField(default=False, verbose_name='校验位不符（GB 32100）'),
        ),
        migrations.RunPython(hold_unchecked_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='enterprise',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('uscc_legacy_checksum', False), ('uscc_status__in', ['valid', 'confirmed'])), models.Q(('uscc_legacy_checksum', True), ('uscc_status__in', ['pending', 'confirmed'])), _connector='OR'), name='enterprise_uscc_status_follows_check'),
        ),
        migrations.AddField(
            model_name='enterpriseevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AddField(
            model_name='enterpriseevent',
            name='enterprise',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='companies.enterprise', verbose_name='企业'),
        ),
        migrations.RunPython(*trigger_operations('companies_enterpriseevent')),
    ]
