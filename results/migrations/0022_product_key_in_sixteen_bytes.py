from django.db import migrations, models

import results.models


class Migration(migrations.Migration):

    """A result's product in its unique key as 16 bytes (results.models.product_key_sql)."""

    dependencies = [
        ('results', '0021_search_pair_codes'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='benchmarkresult',
            name='result_one_per_product_and_plan_version',
        ),
        migrations.AddConstraint(
            model_name='benchmarkresult',
            constraint=models.UniqueConstraint(models.F('enterprise'), models.F('plan_version'), results.models.ProductKey(), name='result_one_per_product_and_plan_version'),
        ),
    ]
