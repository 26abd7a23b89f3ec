"""Comparisons get a status (draft, published, withdrawn) in place of the "published" box, and
comparisons and translations get their event rows (COMPARISON_WORKFLOW, TRANSLATION_WORKFLOW).

A published comparison has a publication date (a check constraint): one published without a
date is dated the day of the migration, the day the platform records it as public. Going back,
a withdrawn comparison becomes an unpublished one, as the box could say no more.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def status_from_box(apps, schema_editor):
    published = apps.get_model("standards", "Comparison").objects.filter(is_published=True)
    # Each row is written once (the dated ones first: a row dated here would match them again):
    # PostgreSQL refuses the ALTER TABLE below in a transaction holding deferred foreign-key
    # checks, which a second update of a row this transaction wrote would queue.
    published.filter(published_on__isnull=False).update(status="published")
    published.filter(published_on__isnull=True).update(status="published", published_on=timezone.localdate())


def box_from_status(apps, schema_editor):
    apps.get_model("standards", "Comparison").objects.filter(status="published").update(is_published=True)


def transition_event(model_name: str, target: str, verbose_name: str, verbose_name_plural: str, target_name: str):
    return migrations.CreateModel(
        name=model_name,
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("actor_name", models.CharField(blank=True, max_length=150, verbose_name="操作人名称")),
            ("from_status", models.CharField(blank=True, max_length=20, verbose_name="原状态")),
            ("to_status", models.CharField(max_length=20, verbose_name="新状态")),
            ("reason", models.TextField(blank=True, verbose_name="理由")),
            ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")),
            ("actor", models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                to=settings.AUTH_USER_MODEL, verbose_name="操作人",
            )),
            (target, models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="events", to=f"standards.{target}",
                verbose_name=target_name,
            )),
        ],
        options={
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
            "ordering": ["created_at", "id"],
            "abstract": False,
        },
    )


class Migration(migrations.Migration):

    dependencies = [
        ("standards", "0003_relation_equal"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="comparison",
            name="status",
            field=models.CharField(
                choices=[("draft", "草稿"), ("published", "已公开"), ("withdrawn", "已撤回")], db_index=True,
                default="draft", max_length=12, verbose_name="状态",
            ),
        ),
        migrations.RunPython(status_from_box, box_from_status),
        migrations.RemoveField(model_name="comparison", name="is_published"),
        migrations.AddConstraint(
            model_name="comparison",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "published"), _negated=True), ("published_on__isnull", False), _connector="OR"
                ),
                name="comparison_published_has_date",
            ),
        ),
        transition_event("ComparisonEvent", "comparison", "比对流转记录", "比对流转记录", "标准比对"),
        transition_event("TranslationEvent", "translation", "外文版流转记录", "外文版流转记录", "外文版"),
    ]
