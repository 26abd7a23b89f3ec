from django.db import migrations


class Migration(migrations.Migration):
    """Once the search function as a loop; the search column is now installed whole, as its pairs'
    codes, by 0021_search_pair_codes (core.search)."""

    dependencies = [
        ("results", "0011_search"),
        ("companies", "0003_search"),
    ]

    operations = []
