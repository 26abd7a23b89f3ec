"""A test report issued by a registered institution is named by the institution's row alone:
the issuer's name is kept only for an issuer that is not registered (``TestReport.issuer_name``).
Going back writes each linked report's institution's name beside it again."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0023_values_in_plan_units"),
        ("thirdparty", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE results_testreport SET issuer_name = '' WHERE institution_id IS NOT NULL AND issuer_name <> ''",
            "UPDATE results_testreport SET issuer_name = i.name FROM thirdparty_institution i "
            "WHERE i.id = results_testreport.institution_id",
            elidable=True,
        ),
    ]
