"""Set-based writes of many rows: one statement, no model instances, the same on both backends.

``insert_rows`` appends rows to a model's table — a ``COPY`` on PostgreSQL (psycopg 3), one
``executemany`` on SQLite — for the writes whose row count grows with the campaign (the event
rows of a bulk transition, an import's new rows). ``column_types``, ``converters`` and
``prepare_rows`` shape plain tuples for the driver as the model's fields would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connection as default_connection
from django.db import models

_PLAIN_TYPES = {
    "AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "PositiveBigIntegerField", "SmallIntegerField", "CharField", "TextField",
    "FloatField", "BooleanField", "ForeignKey", "SlugField", "EmailField", "URLField", "OneToOneField",
}


def column_types(model: type[models.Model], fields: Sequence[str], connection=None) -> list[tuple[str, str]]:
    """(column, SQL type) of ``fields`` (attnames), for a staging table shaped like the model."""
    connection = connection or default_connection
    meta = model._meta
    result = []
    for name in fields:
        field = meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name)
        result.append((field.column, field.rel_db_type(connection) if field.is_relation else field.db_type(connection)))
    return result


def converters(model: type[models.Model], fields: Sequence[str], connection=None,
               raw: Sequence[str] = ()) -> list[Callable | None]:
    """Per field, None when its value goes to the driver as it is, else the field's own preparation
    (datetimes to the backend's form, dicts to JSON…). ``raw`` fields are passed as they are."""
    connection = connection or default_connection
    meta = model._meta
    result: list[Callable | None] = []
    for name in fields:
        field = meta.get_field(name.removesuffix("_id")) if name.endswith("_id") else meta.get_field(name)
        if name in raw or field.get_internal_type() in _PLAIN_TYPES:
            result.append(None)
        else:
            result.append(lambda value, field=field: field.get_db_prep_save(value, connection))
    return result


def prepare_rows(rows: Iterable[Sequence], convert: Sequence[Callable | None]) -> Iterable[tuple]:
    if not any(convert):
        yield from (tuple(row) for row in rows)
        return
    for row in rows:
        yield tuple(value if fn is None else fn(value) for fn, value in zip(convert, row, strict=True))


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *,
                connection=None) -> int:
    """Append ``rows`` (values in ``fields`` order; attnames, ``actor_id`` for a foreign key) to
    ``model``'s table; returns how many. Defaults and ``auto_now_add`` are not applied: give every
    column a value. Runs in the caller's transaction."""
    connection = connection or default_connection
    meta = model._meta
    columns = [meta.get_field(f.removesuffix("_id") if f.endswith("_id") else f).column for f in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    prepared = prepare_rows(rows, converters(model, fields, connection))
    table = quote(meta.db_table)
    if connection.vendor == "postgresql":
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in prepared:
                copy.write_row(row)
                count += 1
        return count
    batch = list(prepared)
    if batch:
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)
    return len(batch)
