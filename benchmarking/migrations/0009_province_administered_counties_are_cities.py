"""County-level units a province administers directly (仙桃 429004, 济源 419001, 石河子 659001,
琼海 469002, …) have no prefecture above them: they become campaign cities of their own, as
``benchmarking.places.city_of`` now derives (a later ``load_reference`` writes the same)."""

from django.db import migrations

MUNICIPALITIES = ("110000", "120000", "310000", "500000")


def make_them_cities(apps, schema_editor):
    Region = apps.get_model("benchmarking", "Region")
    direct = Region.objects.filter(level="county", parent__level="province", city__isnull=True).exclude(
        parent_id__in=MUNICIPALITIES)
    for region in direct:
        Region.objects.filter(code=region.code).update(city_id=region.code)


class Migration(migrations.Migration):
    dependencies = [("benchmarking", "0008_plans_to_their_app")]

    operations = [
        # Going back keeps them cities: enterprises may already be registered in them.
        migrations.RunPython(make_them_cities, migrations.RunPython.noop),
    ]
