"""Technical plans now belong to the plans app (plans/0001 took their rows over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("benchmarking", "0007_import_jobs_to_core"),
        ("plans", "0001_initial"),
        ("results", "0004_plans_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PlanEvent"),
                migrations.DeleteModel(name="PlanRequirement"),
                migrations.DeleteModel(name="PlanIndicator"),
                migrations.DeleteModel(name="PlanStandard"),
                migrations.DeleteModel(name="PlanVersion"),
                migrations.DeleteModel(name="TechnicalPlan"),
            ],
        ),
    ]
