"""Event rows are append-only: their foreign keys protect what they record, and on PostgreSQL a
trigger refuses every UPDATE and DELETE of the table (core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.append_only import install_function, trigger_operations, uninstall_function


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_event'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='importjobevent',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人'),
        ),
        migrations.AlterField(
            model_name='importjobevent',
            name='job',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='core.importjob', verbose_name='导入任务'),
        ),
        migrations.RunPython(install_function, uninstall_function),
        migrations.RunPython(*trigger_operations('core_importjobevent', 'core_auditevent')),
    ]
