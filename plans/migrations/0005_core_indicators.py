"""A plan marks its core indicators (核心指标), by which its published results are ranked."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_condition_in_english'),
    ]

    operations = [
        migrations.AddField(
            model_name='planindicator',
            name='is_core',
            field=models.BooleanField(db_default=False, default=False, verbose_name='核心指标'),
        ),
    ]
