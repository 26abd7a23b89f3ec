"""国家军用标准 (GJB) become a kind of their own, and the standards the code parser used to take
for foreign national ones get the kind their prefix names (standards.codes.guess_kind as of this
change, written out so that the migration does not move with the parser)."""

from django.db import migrations, models

RECLASSIFIED = {
    "GBZ": "gb_mandatory", "GBZ/T": "gb_recommended",  # 国家职业卫生标准
    "GJB": "military", "GJB/Z": "military",  # 国家军用标准
    "JGJ": "industry", "JGJ/T": "industry", "CJJ": "industry", "CJJ/T": "industry",
    "JTG": "industry", "JTG/T": "industry", "JTJ": "industry", "JTS": "industry",
    "CECS": "group",  # 中国工程建设标准化协会
}


def reclassify(apps, schema_editor):
    Standard = apps.get_model("standards", "Standard")
    for prefix, kind in RECLASSIFIED.items():
        Standard.objects.filter(prefix=prefix, kind="foreign_national").update(kind=kind)
    # City-level local standards (DB4403/T …) were read as foreign too.
    Standard.objects.filter(prefix__regex=r"^DB[0-9]{4}(/T)?$", kind="foreign_national").update(kind="local")


class Migration(migrations.Migration):

    dependencies = [
        ('standards', '0005_events_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='standard',
            name='kind',
            field=models.CharField(choices=[('gb_mandatory', '国家标准（强制性）'), ('gb_recommended', '国家标准（推荐性）'), ('industry', '行业标准'), ('local', '地方标准'), ('group', '团体标准'), ('enterprise', '企业标准'), ('military', '国家军用标准'), ('international', '国际标准'), ('regional', '区域标准'), ('foreign_national', '国外先进标准')], db_index=True, max_length=20, verbose_name='类别'),
        ),
        migrations.RunPython(reclassify, migrations.RunPython.noop),
    ]
