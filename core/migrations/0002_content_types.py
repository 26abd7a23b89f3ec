"""The content types of import jobs and heartbeats follow their models to core, so that the
admin's history of each job stays attached to it."""

from django.db import migrations

CORE_MODELS = ("importjob", "importjobevent", "heartbeat")


def move_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    """Rename the content types, so that the admin's history of each job stays attached to it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("admin", "LogEntry")
    for model in CORE_MODELS:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
        else:  # created already (a database migrated halfway): keep one, with the whole history
            LogEntry.objects.filter(content_type=old).update(content_type=new)
            old.delete()


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="benchmarking", target="core")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, source="core", target="benchmarking")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
