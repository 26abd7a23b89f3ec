"""The history is written once: event rows (transitions and audit rows) are refused any change or
deletion by the model, by its querysets and, on PostgreSQL, by a trigger on the table whatever the
client; the objects and accounts they name cannot be deleted from under them."""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from core.append_only import AppendOnlyError, AppendOnlyModel, purging_events
from core.models import AuditEvent
from standards import services as standards
from standards.models import ComparisonEvent
from tests import factories

pytestmark = pytest.mark.django_db

EVENT_MODELS = sorted((m for m in apps.get_models() if issubclass(m, AppendOnlyModel)), key=lambda m: m._meta.label)


def test_every_event_table_is_append_only():
    labels = {m._meta.label for m in EVENT_MODELS}
    assert labels == {
        "companies.EnterpriseEvent", "core.AuditEvent", "core.ImportJobEvent", "plans.PlanEvent",
        "results.ResultEvent", "standards.ComparisonEvent", "standards.StandardEvent", "standards.TranslationEvent",
        "thirdparty.InstitutionEvent",
    }
    for model in EVENT_MODELS:
        for field in model._meta.concrete_fields:
            if field.is_relation:
                assert field.remote_field.on_delete.__name__ == "PROTECT", f"{model._meta.label}.{field.name}"


@pytest.fixture
def recorded(office, regions):
    comparison = factories.ComparisonFactory(standard_a=factories.gb2626(), standard_b=factories.en149())
    standards.comparison_publish(actor=office, comparison=comparison)
    return comparison


def test_the_model_refuses_to_change_or_delete_a_recorded_event(recorded):
    event = recorded.events.order_by("id").last()
    event.reason = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ComparisonEvent.objects.filter(pk=event.pk).update(reason="改写历史")
    with pytest.raises(AppendOnlyError):
        ComparisonEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.refresh_from_db()
    assert event.reason == ""


def test_what_an_event_names_cannot_be_deleted_from_under_it(recorded, office):
    with pytest.raises(ProtectedError):
        recorded.delete()
    with pytest.raises(ProtectedError):
        office.delete()  # an account that decided something is deactivated, not deleted
    assert recorded.events.count() == 2


@pytest.mark.postgres
@pytest.mark.parametrize("model", EVENT_MODELS, ids=lambda m: m._meta.label)
def test_each_event_table_has_the_refusing_trigger_on_postgres(model):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgtype FROM pg_trigger WHERE tgrelid = %s::regclass "
                       "AND tgfoid = 'refuse_event_change'::regproc", [model._meta.db_table])
        # ROW (1) | BEFORE (2) | DELETE (8) | UPDATE (16); and a statement's BEFORE (2) | TRUNCATE (32)
        assert sorted(row[0] for row in cursor.fetchall()) == [1 | 2 | 8 | 16, 2 | 32]


@pytest.mark.postgres
def test_postgres_refuses_a_raw_update_or_delete_whatever_the_client(recorded, office):
    AuditEvent.objects.create(actor=office, actor_name=office.username, action="update",
                              target_type="standards.comparison", target_id=str(recorded.pk))
    for table in ("standards_comparisonevent", "core_auditevent"):
        for statement in (f"UPDATE {table} SET actor_name = 'someone else'", f"DELETE FROM {table}"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                    connection.cursor() as cursor:
                cursor.execute(statement)
    assert ComparisonEvent.objects.filter(comparison=recorded, actor_name=office.username).count() == 1
    assert AuditEvent.objects.filter(actor_name=office.username).count() == 1


@pytest.mark.postgres
@pytest.mark.parametrize("model", EVENT_MODELS, ids=lambda m: m._meta.label)
def test_postgres_refuses_to_truncate_an_event_table_whatever_the_client(recorded, model):
    before = model._base_manager.count()
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's rows: their key checks done first
        cursor.execute(f"TRUNCATE {model._meta.db_table} CASCADE")
    assert model._base_manager.count() == before


@pytest.mark.postgres
def test_the_demo_wipe_may_truncate_event_rows(recorded):
    with transaction.atomic():
        with purging_events(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE standards_comparisonevent")
            assert not ComparisonEvent._base_manager.exists()
        transaction.set_rollback(True)  # the test's rows come back
    assert ComparisonEvent._base_manager.filter(comparison=recorded).count() == 2


@pytest.mark.postgres
def test_only_the_demo_wipe_may_delete_event_rows(recorded):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM standards_comparisonevent")
    with transaction.atomic(), purging_events(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM standards_comparisonevent")
        assert cursor.rowcount == 2
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        # The permission ended with the transaction that asked for it.
        cursor.execute("INSERT INTO standards_comparisonevent (comparison_id, from_status, to_status, reason, "
                       "actor_name, created_at) VALUES (%s, '', 'draft', '', '', now())", [recorded.pk])
        cursor.execute("DELETE FROM standards_comparisonevent")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_event_tables_and_leaves_them_guarded(office, regions):
    from django.core.management import call_command

    comparison = factories.ComparisonFactory(standard_a=factories.gb2626(), standard_b=factories.en149())
    standards.comparison_publish(actor=office, comparison=comparison)
    call_command("flush", interactive=False, verbosity=0)
    assert not ComparisonEvent._base_manager.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('campaign.purge_events', true)")
        assert cursor.fetchone() == ("off",)
    AuditEvent.objects.create(actor_name="", action="update", target_type="standards.comparison", target_id="1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_auditevent")
