"""Comparison items share the verdict's relation vocabulary: "equivalent" is now "equal" (相当)."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    apps.get_model("standards", "ComparisonItem").objects.filter(relation="equivalent").update(relation="equal")


def backwards(apps, schema_editor):
    apps.get_model("standards", "ComparisonItem").objects.filter(relation="equal").update(relation="equivalent")


class Migration(migrations.Migration):
    dependencies = [("standards", "0002_indicator_is_difference")]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="comparisonitem",
            name="relation",
            field=models.CharField(
                choices=[("stricter", "严于"), ("equal", "相当"), ("looser", "宽于"), ("no_counterpart", "无对应")],
                max_length=15, verbose_name="A 相对 B",
            ),
        ),
    ]
