"""Append-only tables: the audit trail of decisions and edits is written once and never changed.

Three guards, each of which alone refuses a change of a recorded row:

- the model: ``AppendOnlyModel.save`` refuses to save a row that exists, ``delete`` refuses, and
  its manager's querysets refuse ``update`` and ``delete``;
- the database: on PostgreSQL a row trigger refuses every ``UPDATE`` and ``DELETE`` of the table
  and a statement trigger every ``TRUNCATE`` (which fires no row trigger), whatever the client
  (``trigger_operations`` and ``truncate_trigger_operations``, run by each app's migrations for
  its event tables);
- the rows they point at: the foreign keys of event rows are ``PROTECT``, so an object with a
  history, or an account that decided something, cannot be deleted (deactivate the account).

A demo database may be wiped whole: ``purging_events`` lets the statements of one transaction
delete event rows (``demo`` uses it before it seeds afresh); nothing else does.
"""

from __future__ import annotations

import contextlib

from django.db import connections, models

PURGE_SETTING = "campaign.purge_events"


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete a recorded event row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only: update refused")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.label} rows are append-only: delete refused")

    # bulk_update goes through update(); bulk_create only adds rows.


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.label} rows are append-only: save of a recorded row refused")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.label} rows are append-only: delete refused")


# --- the database's guard (PostgreSQL) ------------------------------------------------------------

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION refuse_event_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
        RETURN OLD;  -- NULL for TRUNCATE, a statement trigger's return value is not used
    END IF;
    RAISE EXCEPTION 'rows of % are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table: str) -> str:
    return f"{table}_append_only"


def install_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        # Straight to the cursor: the function's RAISE format uses % which execute() with
        # parameters would read as placeholders.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION_SQL)


def uninstall_function(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS refuse_event_change()")


def trigger_operations(*tables: str):
    """``(forwards, backwards)`` for a ``RunPython`` that guards these tables on PostgreSQL."""
    return _guard_operations(tables, suffix="", when="BEFORE UPDATE OR DELETE", each="ROW")


def truncate_trigger_operations(*tables: str):
    """``(forwards, backwards)`` for a ``RunPython`` that refuses ``TRUNCATE`` of these tables on
    PostgreSQL (the row triggers of ``trigger_operations`` never fire for it)."""
    return _guard_operations(tables, suffix="_truncate", when="BEFORE TRUNCATE", each="STATEMENT",
                             function_sql=FUNCTION_SQL)


def _guard_operations(tables, *, suffix: str, when: str, each: str, function_sql: str = ""):
    def forwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        if function_sql:  # the function as it is now (TRUNCATE only while purging)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(function_sql)
        for table in tables:
            schema_editor.execute(
                f'CREATE TRIGGER "{_trigger_name(table)}{suffix}" {when} ON "{table}" '
                f"FOR EACH {each} EXECUTE FUNCTION refuse_event_change()"
            )

    def backwards(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in tables:
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{_trigger_name(table)}{suffix}" ON "{table}"')

    return forwards, backwards


@contextlib.contextmanager
def purging_events(*, using: str = "default", session: bool = False):
    """Let this transaction's statements delete event rows (a demo database wiped whole); with
    ``session``, every statement of the connection until the block ends (``manage.py flush``,
    whose own transaction starts inside the block)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', %s)", [PURGE_SETTING, not session])
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', %s)", [PURGE_SETTING, not session])
