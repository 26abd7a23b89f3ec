"""A standard's issuing body in English, for the English pages and the API."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('standards', '0011_example_standards'),
    ]

    operations = [
        migrations.AddField(
            model_name='standard',
            name='issuing_body_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='发布机构（英文）'),
        ),
    ]
