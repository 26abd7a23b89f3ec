"""An import job names its owner as the uploader's party ("city:330200", "enterprise:17"), not
by foreign keys to a city and an enterprise: the job machinery moves to the platform's core,
which knows no campaign nouns."""

from django.db import migrations, models


def fill_owner(apps, schema_editor):
    ImportJob = apps.get_model("benchmarking", "ImportJob")
    for job in ImportJob.objects.exclude(city_id=None, enterprise_id=None).only("pk", "city_id", "enterprise_id"):
        owner = f"enterprise:{job.enterprise_id}" if job.enterprise_id else f"city:{job.city_id}"
        ImportJob.objects.filter(pk=job.pk).update(owner=owner)


def fill_city_and_enterprise(apps, schema_editor):
    ImportJob = apps.get_model("benchmarking", "ImportJob")
    for job in ImportJob.objects.exclude(owner="").only("pk", "owner"):
        party, _, key = job.owner.partition(":")
        if party == "city":
            ImportJob.objects.filter(pk=job.pk).update(city_id=key)
        elif party == "enterprise":
            ImportJob.objects.filter(pk=job.pk).update(enterprise_id=int(key))


class Migration(migrations.Migration):
    dependencies = [("benchmarking", "0005_importjob")]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="owner",
            field=models.CharField(blank=True, db_index=True, max_length=40, verbose_name="所属"),
        ),
        migrations.RunPython(fill_owner, fill_city_and_enterprise),
        migrations.RemoveField(model_name="importjob", name="city"),
        migrations.RemoveField(model_name="importjob", name="enterprise"),
    ]
