"""The rows of an export, read at the database's pace and written as CSV or XLSX (core.exports
answers with them, core.export_jobs writes them to a job's file)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from openpyxl import Workbook
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import ISO_8601, api_settings

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_TRIGGER_SET = frozenset(FORMULA_TRIGGERS)
CHUNK = 5000
CSV_BLOCK_ROWS = 1000  # rows per piece of a streamed answer


def safe_cell(value):
    """The value as a spreadsheet cell that can never be evaluated as a formula."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# Fields whose stored value is already what the API shows; the others format it.
_AS_STORED = (serializers.CharField, serializers.IntegerField, serializers.BooleanField,
              serializers.ChoiceField, serializers.RelatedField)


def _columns(serializer_class) -> list[tuple[str, str, Callable[[Any], Any] | None]] | None:
    """(column, database lookup, formatter or None) per field of the serializer, or None when a
    field is computed (a method, a nested serializer): those lists go through the serializer."""
    columns = []
    for name, field in serializer_class().fields.items():
        if (isinstance(field, serializers.SerializerMethodField | serializers.BaseSerializer
                       | serializers.ManyRelatedField) or field.source == "*"):
            return None
        formatter = None if isinstance(field, _AS_STORED) else _fast_formatter(field) or field.to_representation
        columns.append((name, "__".join(field.source_attrs), formatter))
    return columns


def _fast_formatter(field) -> Callable[[Any], Any] | None:
    """DRF's ISO date-time, without its per-value look-ups of the time zone (measured: a third
    of a streamed export's time): the zone is the same for every row of one export."""
    if not isinstance(field, serializers.DateTimeField) or api_settings.DATETIME_FORMAT != ISO_8601 \
            or getattr(field, "format", empty) not in (empty, ISO_8601):
        return None
    zone = getattr(field, "timezone", None) or field.default_timezone()
    if zone is None:
        return None

    def iso(value):
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return iso


def _safe_cells(row) -> list:
    """A row's cells as ``safe_cell`` makes them, fast for the usual plain values."""
    return [("'" + value) if value.__class__ is str and value[:1] in _TRIGGER_SET
            else safe_cell(value) if value.__class__ in (list, dict) else value
            for value in row]


def export_rows(serializer_class, queryset: QuerySet, context: dict) -> tuple[list[str], Iterator[tuple]]:
    """The header and the rows of the whole list, in its order."""
    columns = _columns(serializer_class)
    if columns is None:
        header = list(serializer_class().fields)
        rows = (tuple(serializer_class(instance, context=context).data.values())
                for instance in queryset.iterator(chunk_size=CHUNK))
        return header, rows
    header = [name for name, _lookup, _formatter in columns]
    formatters = [(i, formatter) for i, (_name, _lookup, formatter) in enumerate(columns) if formatter]
    # One query with its joins: a list's prefetches (its page's rows by key) have no rows to go on.
    values = queryset.prefetch_related(None).values_list(*(lookup for _name, lookup, _formatter in columns))

    def formatted() -> Iterator[tuple]:
        with _whole_result_plans(queryset.db):
            for row in values.iterator(chunk_size=CHUNK):
                if formatters:
                    row = list(row)
                    for i, formatter in formatters:
                        if row[i] is not None:
                            row[i] = formatter(row[i])
                yield row

    return header, formatted()


@contextmanager
def _whole_result_plans(alias: str):
    """PostgreSQL plans a cursor's query for its first rows (cursor_tuple_fraction 0.1): nested
    index look-ups that page 1 wants and an export of 60,000 rows does not (measured: 4.8 s
    waiting on the database for one province's export). An export reads everything."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")


def csv_pieces(header: list[str], rows: Iterable[tuple], *, progress: Callable[[int], None] | None = None
               ) -> Iterator[str]:
    """The CSV text in pieces of CSV_BLOCK_ROWS rows, a BOM first (Excel opens UTF-8 Chinese)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(_safe_cells(row))  # None is written as an empty cell
        count += 1
        if count % CSV_BLOCK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if progress is not None:
                progress(count)
    yield buffer.getvalue()
    if progress is not None:
        progress(count)


def write_xlsx(target, sheet_name: str, header: list[str], rows: Iterable[tuple], *,
               progress: Callable[[int], None]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append(_safe_cells(row))
        count += 1
        if count % CHUNK == 0:
            progress(count)
    workbook.save(target)
    progress(count)
