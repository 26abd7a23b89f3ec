from django.db import migrations

from core.search import pair_codes_migration


class Migration(migrations.Migration):
    """The search column as its pairs' codes (core.search): 108 B a result instead of 180 B."""

    dependencies = [
        ("benchmarking", "0010_category_search"),
    ]

    operations = [
        pair_codes_migration("productcategory", "benchmarking_productcategory", ("name_zh", "name_en")),
    ]
