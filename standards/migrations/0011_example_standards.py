"""A standard the demo made up is marked as an example (示例): its code is no real standard's."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('standards', '0010_standard_lifecycle'),
    ]

    operations = [
        migrations.AddField(
            model_name='standard',
            name='is_example',
            field=models.BooleanField(db_default=False, default=False, help_text='演示数据合成的标准，标准号并非真实标准', verbose_name='示例'),
        ),
    ]
